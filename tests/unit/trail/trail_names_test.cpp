// Trail names and ARNs (more cases in tests/conformance/trail/trail_names.case).
#include "trail/trail_names.h"

#include <gtest/gtest.h>

#include <string>

namespace tripline::trail {
namespace {

std::string name_error(std::string_view name) {
    auto status = validate_trail_name(name);
    return status ? "ok" : status.error().message;
}

TEST(TrailNames, AcceptsAwsExamples) {
    EXPECT_TRUE(validate_trail_name("MyTrail"));
    EXPECT_TRUE(validate_trail_name("my.trail_name-1"));
    EXPECT_TRUE(validate_trail_name("abc"));
    EXPECT_TRUE(validate_trail_name(std::string(128, 'a')));
}

TEST(TrailNames, Length) {
    EXPECT_EQ(name_error(""), "Trail name cannot be blank!");
    EXPECT_EQ(name_error("ab"),
              "Trail name too short. Minimum allowed length: 3 characters. Specified name length: "
              "2 characters.");
    EXPECT_EQ(name_error(std::string(129, 'a')),
              "Trail name too long. Maximum allowed length: 128 characters. Specified name "
              "length: 129 characters.");
    EXPECT_EQ(validate_trail_name("ab").error().code, Errc::kInvalidArgument);
}

TEST(TrailNames, FirstAndLastCharacters) {
    EXPECT_EQ(name_error("_trail"), "Trail name must starts with a letter or number.");
    EXPECT_EQ(name_error("trail."), "Trail name must ends with a letter or number.");
}

TEST(TrailNames, CharactersAndAdjacentSeparators) {
    EXPECT_NE(name_error("my trail").find("can only contain"), std::string::npos);
    EXPECT_NE(name_error("tráil").find("can only contain"), std::string::npos);
    EXPECT_NE(name_error("my--namespace").find("adjacent"), std::string::npos);
    EXPECT_NE(name_error("my-_namespace").find("adjacent"), std::string::npos);
    EXPECT_NE(name_error("my._namespace").find("adjacent"), std::string::npos);
    EXPECT_EQ(name_error("my-name_space.x"), "ok");
}

TEST(TrailNames, IpAddressFormat) {
    EXPECT_EQ(name_error("192.168.5.4"), "Trail name cannot be formatted as an IP address.");
    EXPECT_EQ(name_error("10.0.0.1"), "Trail name cannot be formatted as an IP address.");
    EXPECT_EQ(name_error("10.0.0"), "ok");
    EXPECT_EQ(name_error("10.0.0.1.5"), "ok");
    EXPECT_EQ(name_error("1000.0.0.1"), "ok");
    EXPECT_EQ(name_error("v10.0.0.1"), "ok");
}

TEST(TrailArns, BuildAndParse) {
    std::string arn = trail_arn("123456789012", "us-east-2", "MyTrail");
    EXPECT_EQ(arn, "arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail");
    EXPECT_TRUE(looks_like_trail_arn(arn));
    EXPECT_FALSE(looks_like_trail_arn("MyTrail"));
    auto parsed = parse_trail_arn(arn);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, (ParsedTrailArn{"123456789012", "us-east-2", "MyTrail"}));
}

TEST(TrailArns, RejectsMalformedArns) {
    for (std::string_view bad : {"arn:aws:cloudtrail:us-east-2:123456789012:trail/",
                                 "arn:aws:cloudtrail:us-east-2:123456789012",
                                 "arn:aws:cloudtrail::123456789012:trail/MyTrail",
                                 "arn:aws:cloudtrail:us-east-2:12345678901x:trail/MyTrail",
                                 "arn:aws:iam::123456789012:trail/MyTrail",
                                 "arn::cloudtrail:us-east-2:123456789012:trail/MyTrail",
                                 "arn:aws:cloudtrail:us-east-2:123456789012:eventdatastore/x"}) {
        auto parsed = parse_trail_arn(bad);
        EXPECT_FALSE(parsed) << bad;
        if (!parsed) {
            EXPECT_EQ(parsed.error().code, Errc::kInvalidArgument);
        }
    }
    auto bad_name = parse_trail_arn("arn:aws:cloudtrail:us-east-2:123456789012:trail/a");
    ASSERT_FALSE(bad_name);
    EXPECT_NE(bad_name.error().message.find("too short"), std::string::npos);
}

}  // namespace
}  // namespace tripline::trail
