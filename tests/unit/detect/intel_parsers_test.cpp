// The intel file formats: GuardDuty TXT lists, GeoIP CSV, AWS ip-ranges.json.
#include <gtest/gtest.h>

#include <string>

#include "detect/intel/aws_ip_ranges.h"
#include "detect/intel/geoip_table.h"
#include "detect/intel/ip_list_parser.h"

namespace tripline::detect {
namespace {

// --- TXT lists -----------------------------------------------------------------------------

TEST(IpListParserTest, ParsesAddressesCidrsCommentsAndBlankLines) {
    auto set = parse_ip_list(
        "# Tor exits\n"
        "\n"
        "192.0.2.1\r\n"
        "   198.51.100.0/24\t\n"
        "  # indented comment\n"
        "2001:db8::/32\n"
        "203.0.113.9",  // no final newline
        "tor.txt",
        100);
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_EQ(set->size(), 4u);
    EXPECT_TRUE(set->contains("192.0.2.1"));
    EXPECT_TRUE(set->contains("198.51.100.77"));
    EXPECT_TRUE(set->contains("2001:db8:abcd::1"));
    EXPECT_TRUE(set->contains("203.0.113.9"));
    EXPECT_FALSE(set->contains("192.0.2.2"));
}

TEST(IpListParserTest, EmptyAndCommentOnlyListsAreEmpty) {
    for (std::string_view text : {"", "\n\n", "# nothing\n#here\n", "\xEF\xBB\xBF"}) {
        auto set = parse_ip_list(text, "empty.txt", 10);
        ASSERT_TRUE(set);
        EXPECT_TRUE(set->empty());
    }
}

TEST(IpListParserTest, ByteOrderMarkIsSkipped) {
    auto set = parse_ip_list(
        "\xEF\xBB\xBF"
        "192.0.2.1\n",
        "bom.txt",
        10);
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_TRUE(set->contains("192.0.2.1"));
}

TEST(IpListParserTest, InvalidLineNamesSourceLineAndText) {
    auto set = parse_ip_list("192.0.2.1\n\n# c\nbad.example.com\n", "threat_lab.txt", 10);
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(set.error().message,
              "threat_lab.txt:4: invalid IP address or CIDR 'bad.example.com'");
}

TEST(IpListParserTest, TrailingTextAfterAnEntryIsAnError) {
    auto set = parse_ip_list("192.0.2.1 # exit\n", "x.txt", 10);
    ASSERT_FALSE(set);
    EXPECT_NE(set.error().message.find("x.txt:1: "), std::string::npos);
}

TEST(IpListParserTest, BadPrefixLengthNamesTheLine) {
    auto set = parse_ip_list("192.0.2.0/24\n192.0.2.0/40\n", "list.txt", 10);
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(set.error().message.rfind("list.txt:2: ", 0), 0u) << set.error().message;
    EXPECT_NE(set.error().message.find("'192.0.2.0/40'"), std::string::npos);
}

TEST(IpListParserTest, MoreEntriesThanTheLimitIsLimitExceeded) {
    std::string text = "# three\n192.0.2.1\n192.0.2.2\n\n192.0.2.3\n";
    ASSERT_TRUE(parse_ip_list(text, "ok.txt", 3));
    auto set = parse_ip_list(text + "192.0.2.4\n", "big.txt", 3);
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, Errc::kLimitExceeded);
    EXPECT_NE(set.error().message.find("big.txt:6: more than 3 entries"), std::string::npos)
        << set.error().message;
}

TEST(IpListParserTest, OverlongLineIsLimitExceeded) {
    std::string text = "192.0.2.1\n" + std::string(kMaxIpListLineLength + 1, ' ') + "\n";
    auto set = parse_ip_list(text, "long.txt", 10);
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, Errc::kLimitExceeded);
    EXPECT_EQ(set.error().message.rfind("long.txt:2: line longer than 256 bytes", 0), 0u);
    // Exactly the limit is fine.
    std::string padded = std::string(kMaxIpListLineLength - 9, ' ') + "192.0.2.1";
    EXPECT_TRUE(parse_ip_list(padded, "ok.txt", 10));
}

// --- GeoIP CSV ---------------------------------------------------------------------------

constexpr std::string_view kGeoCsv =
    "network,country_code,country,city,lat,lon,asn,as_org\n"
    "192.0.2.0/24,NL,Netherlands,Amsterdam,52.37,4.89,64496,\"Example Transit, B.V.\"\n"
    "192.0.2.128/25,DE,Germany,Berlin,52.52,13.40,AS64497,Example GmbH\n"
    "192.0.2.200,FR,France,,,,,\n"
    "2001:db8::/32,JP,Japan,Tokyo,35.68,139.69,64498,\"Say \"\"hi\"\" KK\"\n";

TEST(GeoIpTableTest, LongestPrefixWins) {
    auto table = parse_geoip_csv(kGeoCsv, "geoip.csv");
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(table->size(), 4u);
    auto nl = table->lookup("192.0.2.5");
    ASSERT_TRUE(nl);
    EXPECT_EQ(nl->country_code, "NL");
    EXPECT_EQ(nl->city, "Amsterdam");
    EXPECT_EQ(nl->as_org, "Example Transit, B.V.");
    EXPECT_EQ(nl->asn, "64496");
    ASSERT_TRUE(nl->lat && nl->lon);
    EXPECT_DOUBLE_EQ(*nl->lat, 52.37);
    EXPECT_DOUBLE_EQ(*nl->lon, 4.89);
    auto de = table->lookup("192.0.2.129");
    ASSERT_TRUE(de);
    EXPECT_EQ(de->country, "Germany");
    EXPECT_EQ(de->asn, "64497");  // "AS" prefix dropped
    auto fr = table->lookup("192.0.2.200");
    ASSERT_TRUE(fr);
    EXPECT_EQ(fr->country, "France");
    EXPECT_EQ(fr->city, "");
    EXPECT_FALSE(fr->lat);
    EXPECT_FALSE(fr->lon);
    EXPECT_EQ(fr->asn, "");
    auto mapped = table->lookup("::ffff:192.0.2.201");
    ASSERT_TRUE(mapped);
    EXPECT_EQ(mapped->country_code, "DE");
    auto jp = table->lookup("2001:db8:1::1");
    ASSERT_TRUE(jp);
    EXPECT_EQ(jp->as_org, "Say \"hi\" KK");
    EXPECT_FALSE(table->lookup("198.51.100.1"));
    EXPECT_FALSE(table->lookup("not-an-ip"));
}

TEST(GeoIpTableTest, OutOfOrderRowsAndDuplicatesFirstRowWins) {
    auto table = parse_geoip_csv(
        "network,country\n"
        "203.0.113.0/24,B\n"
        "192.0.2.0/24,A\n"
        "203.0.113.0/24,second\n"
        "192.0.2.0/24,second\n",
        "g.csv");
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(table->lookup("192.0.2.1")->country, "A");
    EXPECT_EQ(table->lookup("203.0.113.1")->country, "B");
}

TEST(GeoIpTableTest, ColumnsFoundByNameInAnyOrderExtraIgnoredMissingEmpty) {
    auto table = parse_geoip_csv(
        "# exported 2024-01-01\n"
        "City , extra, NETWORK,country_code\r\n"
        "\r\n"
        " Lyon , x, 198.51.100.0/24 ,FR\r\n",
        "g.csv");
    ASSERT_TRUE(table) << table.error().message;
    auto info = table->lookup("198.51.100.10");
    ASSERT_TRUE(info);
    GeoInfo expected{"FR", "", "Lyon", std::nullopt, std::nullopt, "", ""};
    EXPECT_EQ(*info, expected);
}

TEST(GeoIpTableTest, EmptyDocumentIsAnEmptyTable) {
    auto table = parse_geoip_csv("", "g.csv");
    ASSERT_TRUE(table);
    EXPECT_TRUE(table->empty());
}

struct CsvErrorCase {
    std::string text;
    Errc code;
    std::string message_start;
};

TEST(GeoIpTableTest, ErrorsNameSourceLineAndColumn) {
    const std::string header = "network,country,lat,lon,asn,as_org\n";
    const CsvErrorCase cases[] = {
        {header + "192.0.2.0/24,X,1,2,3,o\nexample.com,X,1,2,3,o\n",
         Errc::kInvalidArgument,
         "g.csv:3:network: invalid IP address or CIDR 'example.com'"},
        {header + "192.0.2.0/24,X,91,2,3,o\n",
         Errc::kInvalidArgument,
         "g.csv:2:lat: latitude is not a number of degrees in range '91'"},
        {header + "192.0.2.0/24,X,1,east,3,o\n", Errc::kInvalidArgument, "g.csv:2:lon: "},
        {header + "192.0.2.0/24,X,1,nan,3,o\n", Errc::kInvalidArgument, "g.csv:2:lon: "},
        {header + "192.0.2.0/24,X,1,,3,o\n",
         Errc::kInvalidArgument,
         "g.csv:2:lon: lat and lon must be given together"},
        {header + "192.0.2.0/24,X,1,2,ASX,o\n", Errc::kInvalidArgument, "g.csv:2:asn: "},
        {header + "192.0.2.0/24,X,1,2,3,\"unterminated\n",
         Errc::kInvalidArgument,
         "g.csv:2:as_org: unterminated quoted field"},
        {header + "192.0.2.0/24,\"X\"y,1,2,3,o\n",
         Errc::kInvalidArgument,
         "g.csv:2:country: text after a quoted field"},
        {header + "192.0.2.0/24,X\"y,1,2,3,o\n",
         Errc::kInvalidArgument,
         "g.csv:2:country: a quote inside an unquoted field"},
        {header + "192.0.2.0/24,X,1,2,3\n",
         Errc::kInvalidArgument,
         "g.csv:2: expected 6 fields as in the header, found 5"},
        {header + "192.0.2.0/24,X,1,2,3,o,extra\n",
         Errc::kInvalidArgument,
         "g.csv:2: expected 6 fields"},
        {"country,city\nX,Y\n", Errc::kInvalidArgument, "g.csv:1: the header has no 'network'"},
        {"network,asn,ASN\n", Errc::kInvalidArgument, "g.csv:1:asn: duplicate column"},
        {header + std::string(5000, 'x') + "\n",
         Errc::kLimitExceeded,
         "g.csv:2: line longer than 4096 bytes"},
    };
    for (const auto& c : cases) {
        auto table = parse_geoip_csv(c.text, "g.csv");
        ASSERT_FALSE(table) << c.message_start;
        EXPECT_EQ(table.error().code, c.code) << table.error().message;
        EXPECT_EQ(table.error().message.rfind(c.message_start, 0), 0u)
            << "got: " << table.error().message << "\nwanted: " << c.message_start;
    }
}

// --- AWS ip-ranges.json ------------------------------------------------------------------

constexpr std::string_view kAwsJson = R"({
  "syncToken": "1700000000",
  "createDate": "2023-11-14-22-13-20",
  "prefixes": [
    {"ip_prefix": "3.5.140.0/22", "region": "ap-northeast-2", "service": "AMAZON",
     "network_border_group": "ap-northeast-2"},
    {"ip_prefix": "52.94.76.0/22", "region": "us-west-2", "service": "AMAZON",
     "network_border_group": "us-west-2"}
  ],
  "ipv6_prefixes": [
    {"ipv6_prefix": "2600:1f00::/24", "region": "us-east-1", "service": "AMAZON",
     "network_border_group": "us-east-1"}
  ]
})";

TEST(AwsIpRangesTest, ParsesIpv4AndIpv6Prefixes) {
    auto set = parse_aws_ip_ranges(kAwsJson, "aws_ip_ranges.json");
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_EQ(set->size(), 3u);
    EXPECT_TRUE(set->contains("3.5.140.1"));
    EXPECT_TRUE(set->contains("3.5.143.255"));
    EXPECT_FALSE(set->contains("3.5.144.0"));
    EXPECT_TRUE(set->contains("52.94.77.10"));
    EXPECT_TRUE(set->contains("2600:1f18::1"));
    EXPECT_FALSE(set->contains("198.51.100.1"));
    EXPECT_FALSE(set->contains("AWS Internal"));
}

TEST(AwsIpRangesTest, OnlyOneArrayIsEnough) {
    auto set = parse_aws_ip_ranges(R"({"prefixes":[{"ip_prefix":"3.5.140.0/22"}]})", "a.json");
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_TRUE(set->contains("3.5.140.9"));
}

TEST(AwsIpRangesTest, ErrorsNameSourceAndElement) {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"{", "a.json: invalid JSON"},
        {"[]", "a.json: the document is not a JSON object"},
        {R"({"syncToken":"1"})", "a.json: neither \"prefixes\" nor \"ipv6_prefixes\""},
        {R"({"prefixes":{}})", "a.json: prefixes is not an array"},
        {R"({"prefixes":[{"ip_prefix":"3.5.140.0/22"},{"region":"x"}]})",
         "a.json: prefixes[1]: no string member \"ip_prefix\""},
        {R"({"prefixes":[{"ip_prefix":"3.5.140.0/99"}]})",
         "a.json: prefixes[0].ip_prefix: prefix length above /32 in '3.5.140.0/99'"},
        {R"({"prefixes":[{"ip_prefix":"2600:1f00::/24"}]})",
         "a.json: prefixes[0].ip_prefix: not an IPv4 prefix '2600:1f00::/24'"},
        {R"({"ipv6_prefixes":[{"ipv6_prefix":"3.5.140.0/22"}]})",
         "a.json: ipv6_prefixes[0].ipv6_prefix: not an IPv6 prefix"},
        {R"({"prefixes":[7]})", "a.json: prefixes[0]: no string member"},
    };
    for (const auto& [json, message] : cases) {
        auto set = parse_aws_ip_ranges(json, "a.json");
        ASSERT_FALSE(set) << json;
        EXPECT_EQ(set.error().code, Errc::kInvalidArgument);
        EXPECT_EQ(set.error().message.rfind(message, 0), 0u)
            << "got: " << set.error().message << "\nwanted: " << message;
    }
}

TEST(AwsIpRangesTest, DeepNestingIsLimitExceeded) {
    std::string json =
        R"({"prefixes":[],"x":)" + std::string(100, '[') + std::string(100, ']') + "}";
    auto set = parse_aws_ip_ranges(json, "a.json");
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, Errc::kLimitExceeded);
}

}  // namespace
}  // namespace tripline::detect
