#include "base/arn.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

TEST(Arn, ParsesRegionalResource) {
    auto arn = parse_arn("arn:aws:sns:eu-north-1:123456789012:APICallAlert1");
    ASSERT_TRUE(arn) << arn.error().message;
    EXPECT_EQ(arn->service, "sns");
    EXPECT_EQ(arn->region, "eu-north-1");
    EXPECT_EQ(arn->account_id, "123456789012");
    EXPECT_EQ(arn->resource, "APICallAlert1");
    EXPECT_EQ(arn->resource_type(), "");
    EXPECT_EQ(arn->resource_id(), "APICallAlert1");
}

TEST(Arn, KeepsColonsAndSlashesInResource) {
    auto arn = parse_arn("arn:aws:events:us-east-1:123456789012:rule/my-bus/my-rule");
    ASSERT_TRUE(arn);
    EXPECT_EQ(arn->resource_type(), "rule");
    EXPECT_EQ(arn->resource_id(), "my-bus/my-rule");
    auto s3 = parse_arn("arn:aws:s3:::bucket/a:b");
    ASSERT_TRUE(s3);
    EXPECT_EQ(s3->region, "");
    EXPECT_EQ(s3->resource, "bucket/a:b");
}

TEST(Arn, RoundTrips) {
    const char* text = "arn:aws:iam::123456789012:user/alice";
    auto arn = parse_arn(text);
    ASSERT_TRUE(arn);
    EXPECT_EQ(arn->to_string(), text);
}

TEST(Arn, RejectsMalformed) {
    EXPECT_FALSE(parse_arn("not-an-arn"));
    EXPECT_FALSE(parse_arn("arn:aws:sns:us-east-1:123456789012:"));
    EXPECT_FALSE(parse_arn("urn:aws:sns:us-east-1:123456789012:x"));
    auto err = parse_arn("arn::sns:r:a:x");
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().code, Errc::kInvalidArgument);
    EXPECT_NE(err.error().message.find("partition"), std::string::npos);
}

TEST(Arn, AccountIds) {
    EXPECT_TRUE(is_valid_account_id("123456789012"));
    EXPECT_FALSE(is_valid_account_id("12345678901"));
    EXPECT_FALSE(is_valid_account_id("12345678901a"));
}

}  // namespace
}  // namespace tripline
