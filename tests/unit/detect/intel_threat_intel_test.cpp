// ThreatIntel: loading an intel directory, its queries and the list mutators.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "detect/intel/threat_intel.h"
#include "test_support.h"

namespace tripline::detect {
namespace {

namespace fs = std::filesystem;

class ThreatIntelTest : public ::testing::Test {
protected:
    void write(const std::string& name, std::string_view content) {
        std::ofstream out(dir_.path() / name, std::ios::binary);
        out << content;
        ASSERT_TRUE(out.good());
    }
    Result<ThreatIntel> load() { return ThreatIntel::load_directory(dir_.path()); }

    testing::TempDir dir_;
};

TEST_F(ThreatIntelTest, EmptyDirectoryLoadsEmptyLists) {
    auto intel = load();
    ASSERT_TRUE(intel) << intel.error().message;
    EXPECT_FALSE(intel->is_tor_exit("192.0.2.1"));
    EXPECT_EQ(intel->threat_list_for("192.0.2.1"), nullptr);
    EXPECT_FALSE(intel->is_trusted("192.0.2.1"));
    EXPECT_FALSE(intel->is_aws_ip("3.5.140.1"));
    EXPECT_FALSE(intel->has_aws_ranges());
    EXPECT_FALSE(intel->geo("192.0.2.1"));
}

TEST_F(ThreatIntelTest, MissingDirectoryIsNotFound) {
    auto intel = ThreatIntel::load_directory(dir_.path() / "absent");
    ASSERT_FALSE(intel);
    EXPECT_EQ(intel.error().code, Errc::kNotFound);
    EXPECT_NE(intel.error().message.find("absent"), std::string::npos);
}

TEST_F(ThreatIntelTest, AFileInsteadOfADirectoryIsAnError) {
    write("plain", "x");
    auto intel = ThreatIntel::load_directory(dir_.path() / "plain");
    ASSERT_FALSE(intel);
    EXPECT_EQ(intel.error().code, Errc::kInvalidArgument);
}

TEST_F(ThreatIntelTest, LoadsEveryKindOfFile) {
    write("tor_exit_nodes.txt", "# exits\n192.0.2.10\n2001:db8::10\n");
    write("threat_botnet.txt", "198.51.100.0/24\n");
    write("threat_abuse.txt", "198.51.100.7\n203.0.113.0/25\n");
    write("trusted_office.txt", "203.0.113.200\n");
    write("trusted_vpn.txt", "2001:db8:ffff::/48\n");
    write("aws_ip_ranges.json",
          R"({"prefixes":[{"ip_prefix":"3.5.140.0/22"}],)"
          R"("ipv6_prefixes":[{"ipv6_prefix":"2600:1f00::/24"}]})");
    write("geoip.csv",
          "network,country_code,country,city,lat,lon,asn,as_org\n"
          "198.51.100.0/24,NL,Netherlands,Amsterdam,52.37,4.89,64496,\"Lab, Inc.\"\n");
    write("README.md", "not a list");
    write("threat_notes.md", "ignored: not .txt");
    auto intel = load();
    ASSERT_TRUE(intel) << intel.error().message;

    EXPECT_TRUE(intel->is_tor_exit("192.0.2.10"));
    EXPECT_TRUE(intel->is_tor_exit("::ffff:192.0.2.10"));
    EXPECT_TRUE(intel->is_tor_exit("2001:db8::10"));
    EXPECT_FALSE(intel->is_tor_exit("192.0.2.11"));

    // Lists are consulted in name order: "abuse" before "botnet".
    const std::string* list = intel->threat_list_for("198.51.100.7");
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(*list, "abuse");
    list = intel->threat_list_for("198.51.100.8");
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(*list, "botnet");
    EXPECT_EQ(intel->threat_list_for("203.0.113.200"), nullptr);
    EXPECT_EQ(intel->threat_list_for("cloudtrail.amazonaws.com"), nullptr);
    ASSERT_EQ(intel->threat_lists().size(), 2u);

    EXPECT_TRUE(intel->is_trusted("203.0.113.200"));
    EXPECT_TRUE(intel->is_trusted("2001:db8:ffff:1::1"));
    EXPECT_FALSE(intel->is_trusted("203.0.113.201"));
    EXPECT_FALSE(intel->is_trusted("AWS Internal"));
    EXPECT_EQ(intel->trusted_lists().size(), 2u);

    EXPECT_TRUE(intel->has_aws_ranges());
    EXPECT_TRUE(intel->is_aws_ip("3.5.141.1"));
    EXPECT_TRUE(intel->is_aws_ip("2600:1f00::1"));
    EXPECT_FALSE(intel->is_aws_ip("198.51.100.1"));

    auto geo = intel->geo("198.51.100.99");
    ASSERT_TRUE(geo);
    EXPECT_EQ(geo->city, "Amsterdam");
    EXPECT_EQ(geo->as_org, "Lab, Inc.");
    EXPECT_FALSE(intel->geo("192.0.2.10"));
}

TEST_F(ThreatIntelTest, BadLineFailsTheLoadNamingFileAndLine) {
    write("threat_x.txt", "192.0.2.1\nnot-an-ip\n");
    auto intel = load();
    ASSERT_FALSE(intel);
    EXPECT_EQ(intel.error().code, Errc::kInvalidArgument);
    const std::string expected = (dir_.path() / "threat_x.txt").string() + ":2: ";
    EXPECT_EQ(intel.error().message.rfind(expected, 0), 0u) << intel.error().message;
}

TEST_F(ThreatIntelTest, TrustedListLimitIs2000Entries) {
    std::string text;
    for (int i = 0; i < 2000; ++i) {
        text += "2001:db8::" + std::to_string(i) + "\n";
    }
    write("trusted_big.txt", text);
    ASSERT_TRUE(load());
    write("trusted_big.txt", text + "192.0.2.1\n");
    auto intel = load();
    ASSERT_FALSE(intel);
    EXPECT_EQ(intel.error().code, Errc::kLimitExceeded);
    EXPECT_NE(intel.error().message.find("2000"), std::string::npos);
}

TEST_F(ThreatIntelTest, ThreatListLimitIs250000Entries) {
    std::string text;
    text.reserve(250'001 * 14);
    for (int i = 0; i <= 250'000; ++i) {  // one over
        text += "10." + std::to_string(i >> 16) + "." + std::to_string((i >> 8) & 255) + "." +
                std::to_string(i & 255) + "\n";
    }
    ThreatIntel intel;
    auto status = intel.add_threat_list("huge", text);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, Errc::kLimitExceeded);
    EXPECT_NE(status.error().message.find("huge:250001: more than 250000 entries"),
              std::string::npos)
        << status.error().message;
    text.resize(text.rfind('\n', text.size() - 2) + 1);  // drop the last line
    ASSERT_TRUE(intel.add_threat_list("huge", text));
    EXPECT_TRUE(intel.threat_list_for("10.3.208.143"));  // entry 249999
    EXPECT_EQ(intel.threat_lists()[0].ranges.interval_count(), 1u);
}

TEST_F(ThreatIntelTest, FileOverTheSizeLimitIsRejected) {
    write("geoip.csv", "network\n");
    fs::resize_file(dir_.path() / "geoip.csv", (std::uintmax_t{64} << 20) + 1);  // sparse
    auto intel = load();
    ASSERT_FALSE(intel);
    EXPECT_EQ(intel.error().code, Errc::kLimitExceeded);
    EXPECT_NE(intel.error().message.find("64 MiB"), std::string::npos);
}

TEST_F(ThreatIntelTest, UnnamedListFileIsAnError) {
    write("threat_.txt", "192.0.2.1\n");
    auto intel = load();
    ASSERT_FALSE(intel);
    EXPECT_EQ(intel.error().code, Errc::kInvalidArgument);
}

TEST_F(ThreatIntelTest, AddReplaceAndRemoveLists) {
    ThreatIntel intel;
    ASSERT_TRUE(intel.add_threat_list("lab", "192.0.2.0/24\n"));
    ASSERT_TRUE(intel.add_trusted_list("office", "198.51.100.1\n"));
    ASSERT_NE(intel.threat_list_for("192.0.2.1"), nullptr);
    EXPECT_TRUE(intel.is_trusted("198.51.100.1"));

    ASSERT_TRUE(intel.add_threat_list("lab", "203.0.113.0/24\n"));  // replaces
    EXPECT_EQ(intel.threat_list_for("192.0.2.1"), nullptr);
    ASSERT_NE(intel.threat_list_for("203.0.113.1"), nullptr);
    EXPECT_EQ(intel.threat_lists().size(), 1u);

    auto bad = intel.add_threat_list("lab", "203.0.113.0/24\nnope\n");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message.rfind("lab:2: ", 0), 0u) << bad.error().message;
    ASSERT_NE(intel.threat_list_for("203.0.113.1"), nullptr);  // a failed replace keeps the old

    EXPECT_FALSE(intel.add_trusted_list("", "192.0.2.1\n"));
    EXPECT_FALSE(intel.add_threat_list(std::string(301, 'n'), "192.0.2.1\n"));

    intel.remove_list("lab");
    EXPECT_EQ(intel.threat_list_for("203.0.113.1"), nullptr);
    EXPECT_TRUE(intel.is_trusted("198.51.100.1"));
    intel.remove_list("office");
    EXPECT_FALSE(intel.is_trusted("198.51.100.1"));
    intel.remove_list("absent");  // no-op
}

TEST_F(ThreatIntelTest, SettersAndMoves) {
    ThreatIntel intel;
    IpRangeSet exits;
    ASSERT_TRUE(exits.add("203.0.113.9"));
    ASSERT_TRUE(exits.add("192.0.2.9"));  // out of order: set_tor_exits finalizes
    intel.set_tor_exits(std::move(exits));
    IpRangeSet aws;
    ASSERT_TRUE(aws.add("3.5.140.0/22"));
    intel.set_aws_ranges(std::move(aws));
    ThreatIntel moved = std::move(intel);
    EXPECT_TRUE(moved.is_tor_exit("192.0.2.9"));
    EXPECT_EQ(moved.tor_exits().interval_count(), 2u);
    EXPECT_TRUE(moved.has_aws_ranges());
    EXPECT_TRUE(moved.is_aws_ip("3.5.140.200"));
}

TEST(ThreatIntelExamplesTest, ShippedExampleDirectoryLoads) {
    auto intel = ThreatIntel::load_directory(testing::source_dir() / "examples" / "intel");
    ASSERT_TRUE(intel) << intel.error().message;
    EXPECT_FALSE(intel->tor_exits().empty());
    EXPECT_FALSE(intel->threat_lists().empty());
    EXPECT_FALSE(intel->trusted_lists().empty());
    EXPECT_TRUE(intel->has_aws_ranges());
    EXPECT_TRUE(intel->is_aws_ip("3.5.140.1"));
    EXPECT_FALSE(intel->geoip().empty());
}

}  // namespace
}  // namespace tripline::detect
