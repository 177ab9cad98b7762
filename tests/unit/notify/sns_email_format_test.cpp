#include "notify/sns_email_format.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace tripline::notify {
namespace {

std::string data_file(const std::string& name) {
    return tripline::testing::read_file(tripline::testing::source_dir() / "tests/unit/notify/data" /
                                        name);
}

SnsDelivery mission_delivery(std::string message) {
    SnsDelivery d;
    d.message_id = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
    d.topic_arn = "arn:aws:sns:us-east-1:123456789012:APICallAlert1";
    d.subscription_arn = d.topic_arn + ":01f9d2e9-fed3-4d5f-8c4e-e3a70bda4b19";
    d.protocol = "email";
    d.endpoint = "secops@example.com";
    d.region = "us-east-1";
    d.message = std::move(message);
    d.timestamp = "2026-11-27T13:00:00.000Z";
    d.unsubscribe_url = "https://sns.us-east-1.amazonaws.com/unsubscribe.html?SubscriptionArn=" +
                        d.subscription_arn + "&Endpoint=secops@example.com";
    return d;
}

// Mission mail 1: an EventBridge rule with no Input* sends the CloudTrail event as compact JSON.
TEST(SnsEmailFormat, CloudTrailEventMailMatchesGolden) {
    SnsDelivery d = mission_delivery(data_file("cloudtrail_event_message.json"));
    auto content = format_sns_email(d);
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->subject, "AWS Notification Message");
    EXPECT_EQ(content->content_type, EmailContentType::kPlainText);
    EXPECT_EQ(content->body, data_file("sns_email_cloudtrail_body.txt"));
}

// Mission mail 2: the GuardDuty tutorial's string InputTemplate, rendered (sns.md §4 Example).
TEST(SnsEmailFormat, GuardDutyTransformedMailMatchesGolden) {
    SnsDelivery d = mission_delivery(data_file("guardduty_transformed_message.txt"));
    auto content = format_sns_email(d);
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->subject, "AWS Notification Message");
    EXPECT_EQ(content->body, data_file("sns_email_guardduty_body.txt"));
}

TEST(SnsEmailFormat, MessageIsKeptExactlyAndSubjectIsThePublishSubject) {
    SnsDelivery d = mission_delivery("  line one\r\n\"two\"\n\n");
    d.subject = "Root login";
    auto content = format_sns_email(d);
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->subject, "Root login");
    EXPECT_TRUE(content->body.starts_with("  line one\r\n\"two\"\n\n\n\n--\nIf you wish"));
}

TEST(SnsEmailFormat, ConfirmationMailIsSnsHtmlWithEscapedLink) {
    SnsDelivery d = mission_delivery("");
    d.type = std::string(kSnsSubscriptionConfirmation);
    d.token =
        "2336412f37fb687f5d51e6e2425dacbba7c1e1f4b2f6d1e8a3c5b7d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8"
        "091a2b";
    d.confirmation_url =
        "https://sns.us-east-1.amazonaws.com/confirmation.html?TopicArn=" + d.topic_arn +
        "&Token=" + d.token + "&Endpoint=secops@example.com";
    auto content = format_sns_email(d);
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->subject, "AWS Notification - Subscription Confirmation");
    EXPECT_EQ(content->content_type, EmailContentType::kHtml);
    EXPECT_EQ(content->body, data_file("sns_email_confirmation.html"));
    // Clients take the token between "&Token=" and "&Endpoint=" of the (unescaped) link.
    EXPECT_NE(content->body.find("&amp;Token=" + d.token + "&amp;Endpoint="), std::string::npos);
}

TEST(SnsEmailFormat, EmailJsonCarriesTheDocumentUnderTheSameSubjects) {
    SnsDelivery d = mission_delivery("hello");
    d.protocol = "email-json";
    auto content = format_sns_email_json(d, "{\n  \"Type\" : \"Notification\"\n}");
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->subject, "AWS Notification Message");
    EXPECT_EQ(content->content_type, EmailContentType::kPlainText);
    EXPECT_EQ(content->body, "{\n  \"Type\" : \"Notification\"\n}");
    d.type = std::string(kSnsSubscriptionConfirmation);
    EXPECT_EQ(format_sns_email_json(d, "{}")->subject,
              "AWS Notification - Subscription Confirmation");
}

TEST(SnsEmailFormat, NoUnsubscribeConfirmationByMail) {
    SnsDelivery d = mission_delivery("");
    d.type = std::string(kSnsUnsubscribeConfirmation);
    EXPECT_FALSE(format_sns_email(d).has_value());
    EXPECT_FALSE(format_sns_email_json(d, "{}").has_value());
}

}  // namespace
}  // namespace tripline::notify
