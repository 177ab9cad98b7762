#include "notify/sns_delivery.h"

#include <gtest/gtest.h>

namespace tripline::notify {
namespace {

TEST(SnsDelivery, RoundTripsThroughItsOutboxPayload) {
    SnsDelivery d;
    d.message_id = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
    d.topic_arn = "arn:aws:sns:us-east-1:123456789012:APICallAlert1";
    d.subscription_arn = d.topic_arn + ":01f9d2e9-fed3-4d5f-8c4e-e3a70bda4b19";
    d.protocol = "email";
    d.endpoint = "secops@example.com";
    d.message = "line 1\n\"line 2\"";
    d.message_attributes.push_back({"sev", "Number", "5"});
    d.raw_message_delivery = true;
    auto parsed = parse_sns_delivery(to_json(d));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->message, d.message);
    EXPECT_EQ(parsed->endpoint, d.endpoint);
    EXPECT_TRUE(parsed->raw_message_delivery);
    ASSERT_EQ(parsed->message_attributes.size(), 1u);
    EXPECT_EQ(parsed->message_attributes[0].type, "Number");
}

TEST(SnsDelivery, NamesTheMissingMember) {
    auto parsed = parse_sns_delivery(R"({"type":"Notification","message_id":"x"})");
    ASSERT_FALSE(parsed.has_value());
    EXPECT_NE(parsed.error().message.find("topic_arn"), std::string::npos);
}

}  // namespace
}  // namespace tripline::notify
