// IpRangeSet: IPv4 and IPv6 addresses and CIDRs, mapped addresses, interval merging.
#include <gtest/gtest.h>

#include <string>

#include "detect/intel/ip_range_set.h"

namespace tripline::detect {
namespace {

IpRangeSet set_of(std::initializer_list<std::string_view> entries) {
    IpRangeSet set;
    for (auto entry : entries) {
        EXPECT_TRUE(set.add(entry)) << entry;
    }
    set.finalize();
    return set;
}

TEST(IpRangeSetTest, SingleIpv4AddressMatchesOnlyItself) {
    auto set = set_of({"192.0.2.10"});
    EXPECT_TRUE(set.contains("192.0.2.10"));
    EXPECT_FALSE(set.contains("192.0.2.9"));
    EXPECT_FALSE(set.contains("192.0.2.11"));
    EXPECT_EQ(set.size(), 1u);
}

TEST(IpRangeSetTest, Ipv4CidrCoversItsRangeInclusive) {
    auto set = set_of({"198.51.100.0/24"});
    EXPECT_TRUE(set.contains("198.51.100.0"));
    EXPECT_TRUE(set.contains("198.51.100.255"));
    EXPECT_FALSE(set.contains("198.51.101.0"));
    EXPECT_FALSE(set.contains("198.51.99.255"));
}

TEST(IpRangeSetTest, Slash32AndSlash128AreSingleAddresses) {
    auto set = set_of({"203.0.113.7/32", "2001:db8::7/128"});
    EXPECT_TRUE(set.contains("203.0.113.7"));
    EXPECT_FALSE(set.contains("203.0.113.8"));
    EXPECT_TRUE(set.contains("2001:db8::7"));
    EXPECT_FALSE(set.contains("2001:db8::8"));
}

TEST(IpRangeSetTest, Ipv4SlashZeroCoversEveryIpv4AddressButNotIpv6) {
    auto set = set_of({"0.0.0.0/0"});
    EXPECT_TRUE(set.contains("0.0.0.0"));
    EXPECT_TRUE(set.contains("255.255.255.255"));
    EXPECT_TRUE(set.contains("::ffff:10.0.0.1"));
    EXPECT_FALSE(set.contains("2001:db8::1"));
}

TEST(IpRangeSetTest, Ipv6SlashZeroCoversEverything) {
    auto set = set_of({"::/0"});
    EXPECT_TRUE(set.contains("::"));
    EXPECT_TRUE(set.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    EXPECT_TRUE(set.contains("192.0.2.1"));
}

TEST(IpRangeSetTest, HostBitsInCidrMeanItsNetwork) {
    auto set = set_of({"10.1.2.3/8", "2001:db8:1:2::5/32"});
    EXPECT_TRUE(set.contains("10.0.0.0"));
    EXPECT_TRUE(set.contains("10.255.255.255"));
    EXPECT_FALSE(set.contains("11.0.0.0"));
    EXPECT_TRUE(set.contains("2001:db8::"));
    EXPECT_TRUE(set.contains("2001:db8:ffff::1"));
    EXPECT_FALSE(set.contains("2001:db9::"));
}

TEST(IpRangeSetTest, Ipv6Cidr) {
    auto set = set_of({"2600:1f00::/24"});
    EXPECT_TRUE(set.contains("2600:1f00::1"));
    EXPECT_TRUE(set.contains("2600:1fff:ffff::"));
    EXPECT_FALSE(set.contains("2600:2000::"));
    EXPECT_TRUE(set.contains("2600:1F00::ABCD"));  // case-insensitive hex
}

TEST(IpRangeSetTest, MappedAddressesMatchIpv4EntriesBothWays) {
    auto v4 = set_of({"192.0.2.0/24"});
    EXPECT_TRUE(v4.contains("::ffff:192.0.2.55"));
    EXPECT_TRUE(v4.contains("::ffff:c000:0237"));
    EXPECT_FALSE(v4.contains("::192.0.2.55"));  // IPv4-compatible, not mapped
    auto mapped = set_of({"::ffff:198.51.100.0/120"});
    EXPECT_TRUE(mapped.contains("198.51.100.200"));
    EXPECT_FALSE(mapped.contains("198.51.101.1"));
}

TEST(IpRangeSetTest, UnparsableTextIsNeverContained) {
    auto set = set_of({"0.0.0.0/0", "::/0"});
    for (std::string_view text : {"cloudtrail.amazonaws.com",
                                  "AWS Internal",
                                  "",
                                  " 192.0.2.1",
                                  "192.0.2.1 ",
                                  "192.0.2.0/24",
                                  "192.0.2",
                                  "256.0.0.1",
                                  "fe80::1%eth0",
                                  "[2001:db8::1]",
                                  "2001:db8:::1"}) {
        EXPECT_FALSE(set.contains(text)) << text;
    }
}

TEST(IpRangeSetTest, AddRejectsInvalidTextNamingIt) {
    IpRangeSet set;
    for (std::string_view text : {"example.com",
                                  "192.0.2.1/33",
                                  "2001:db8::/129",
                                  "192.0.2.1/",
                                  "192.0.2.1/-1",
                                  "192.0.2.1/+8",
                                  "192.0.2.1/8/8",
                                  "192.0.2.1/0008",
                                  "/24",
                                  "192.0.2.1 /24"}) {
        auto status = set.add(text);
        ASSERT_FALSE(status) << text;
        EXPECT_EQ(status.error().code, Errc::kInvalidArgument);
        std::string quoted = "'";
        quoted.append(text).push_back('\'');
        EXPECT_NE(status.error().message.find(quoted), std::string::npos) << status.error().message;
    }
    EXPECT_EQ(set.size(), 0u);
    EXPECT_TRUE(set.empty());
}

TEST(IpRangeSetTest, ErrorMessagesStayPrintable) {
    IpRangeSet set;
    auto status = set.add(std::string("1.2.3.\x01\xff") + std::string(100, 'x'));
    ASSERT_FALSE(status);
    const std::string& message = status.error().message;
    EXPECT_NE(message.find("'1.2.3.??xxx"), std::string::npos) << message;
    EXPECT_NE(message.find("...'"), std::string::npos) << message;
    for (char c : message) {
        EXPECT_GE(static_cast<unsigned char>(c), 0x20);
        EXPECT_LT(static_cast<unsigned char>(c), 0x7f);
    }
}

TEST(IpRangeSetTest, OverlappingAndAdjacentEntriesMerge) {
    IpRangeSet set;
    ASSERT_TRUE(set.add("192.0.2.0/25"));
    ASSERT_TRUE(set.add("192.0.2.128/25"));  // adjacent
    ASSERT_TRUE(set.add("192.0.2.7"));       // inside
    ASSERT_TRUE(set.add("198.51.100.0/24"));
    set.finalize();
    EXPECT_EQ(set.size(), 4u);
    EXPECT_EQ(set.interval_count(), 2u);
    EXPECT_TRUE(set.contains("192.0.2.200"));
    EXPECT_FALSE(set.contains("192.0.3.0"));
}

TEST(IpRangeSetTest, OutOfOrderAddsAreCorrectBeforeAndAfterFinalize) {
    IpRangeSet set;
    for (auto entry : {"203.0.113.0/24", "2001:db8::/32", "192.0.2.0/24", "198.51.100.9"}) {
        ASSERT_TRUE(set.add(entry));
    }
    auto check = [&] {
        EXPECT_TRUE(set.contains("192.0.2.1"));
        EXPECT_TRUE(set.contains("198.51.100.9"));
        EXPECT_FALSE(set.contains("198.51.100.10"));
        EXPECT_TRUE(set.contains("203.0.113.255"));
        EXPECT_TRUE(set.contains("2001:db8:1::1"));
        EXPECT_FALSE(set.contains("10.0.0.1"));
    };
    check();
    set.finalize();
    check();
    EXPECT_EQ(set.interval_count(), 4u);
}

TEST(IpRangeSetTest, TopOfTheAddressSpaceDoesNotOverflow) {
    auto set = set_of({"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00/120",
                       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fe00/120"});
    EXPECT_TRUE(set.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    EXPECT_TRUE(set.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fe00"));
    EXPECT_FALSE(set.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fdff"));
    EXPECT_EQ(set.interval_count(), 1u);
}

TEST(IpRangeSetTest, ParseIpNetworkReportsPrefixInTheMappedSpace) {
    auto v4 = parse_ip_network("192.0.2.77/24");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->prefix_length, 120);
    EXPECT_EQ(v4->first, *parse_ip_address("192.0.2.0"));
    EXPECT_EQ(v4->last(), *parse_ip_address("192.0.2.255"));
    auto v6 = parse_ip_network("2001:db8::1");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->prefix_length, 128);
}

TEST(IpRangeSetTest, EmptySetContainsNothing) {
    IpRangeSet set;
    EXPECT_FALSE(set.contains("192.0.2.1"));
    EXPECT_FALSE(set.contains("::"));
}

}  // namespace
}  // namespace tripline::detect
