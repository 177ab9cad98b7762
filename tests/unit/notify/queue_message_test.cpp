#include "notify/queue_message.h"

#include <gtest/gtest.h>

#include "base/uuid.h"
#include "notify/queue_attributes.h"
#include "notify/queue_receipt.h"

namespace tripline::notify {
namespace {

bool refused(std::vector<QueueMessageAttribute> attributes) {
    auto status = validate_message_attributes(attributes);
    return !status.has_value() && status.error().code == Errc::kInvalidArgument;
}

TEST(QueueMessage, BodyCharactersFollowSqsRules) {
    EXPECT_FALSE(find_invalid_message_character("plain\ttext\r\n{\"json\":1}").has_value());
    EXPECT_FALSE(find_invalid_message_character("caf\xC3\xA9 \xF0\x9F\x98\x80").has_value());
    EXPECT_EQ(find_invalid_message_character(std::string("ab\x01", 3)), 2u);
    EXPECT_EQ(find_invalid_message_character("ok\xFF"), 2u);         // not UTF-8
    EXPECT_EQ(find_invalid_message_character("\xC0\xAF"), 0u);       // overlong
    EXPECT_EQ(find_invalid_message_character("x\xED\xA0\x80"), 1u);  // surrogate
    EXPECT_EQ(find_invalid_message_character("\xEF\xBF\xBE"), 0u);   // U+FFFE
}

TEST(QueueMessage, AttributeValidation) {
    EXPECT_TRUE(validate_message_attributes({{"a.b-c_1", "Number.float", "-1.5e3"}}));
    EXPECT_TRUE(validate_message_attributes({{"bin", "Binary", "AAH/"}}));
    EXPECT_TRUE(refused({{"AWS.thing", "String", "x"}}));
    EXPECT_TRUE(refused({{"amazon.thing", "String", "x"}}));
    EXPECT_TRUE(refused({{".a", "String", "x"}}));
    EXPECT_TRUE(refused({{"a..b", "String", "x"}}));
    EXPECT_TRUE(refused({{"sp ace", "String", "x"}}));
    EXPECT_TRUE(refused({{"a", "Text", "x"}}));
    EXPECT_TRUE(refused({{"a", "String", ""}}));
    EXPECT_TRUE(refused({{"a", "Number", "12abc"}}));
    EXPECT_TRUE(refused({{"a", "Binary", "###"}}));
    EXPECT_TRUE(refused({{"a", "String", "x"}, {"a", "String", "y"}}));
    std::vector<QueueMessageAttribute> eleven;
    for (int i = 0; i < 11; ++i) {
        eleven.push_back({"a" + std::to_string(i), "String", "x"});
    }
    auto status = validate_message_attributes(eleven);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().message,
              "Number of message attributes [11] exceeds the allowed maximum [10].");
}

TEST(QueueMessage, SizeCountsBodyAndAttributes) {
    EXPECT_EQ(message_size("12345", {}), 5u);
    // "n" + "String" + "vv", and "b" + "Binary" + 3 decoded bytes.
    EXPECT_EQ(message_size("", {{"n", "String", "vv"}, {"b", "Binary", "AAH/"}}), 9u + 10u);
}

TEST(QueueMessage, AttributesRoundTripThroughJson) {
    std::vector<QueueMessageAttribute> attributes = {{"a", "String", "x\"y"},
                                                     {"b", "Binary", "AAH/"}};
    auto back = message_attributes_from_json(message_attributes_to_json(attributes));
    ASSERT_TRUE(back.has_value());
    ASSERT_EQ(back->size(), 2u);
    EXPECT_EQ((*back)[0].value, "x\"y");
    EXPECT_EQ((*back)[1].data_type, "Binary");
    EXPECT_FALSE(message_attributes_from_json("{}").has_value());
}

TEST(QueueMessage, AttributeSelectors) {
    EXPECT_TRUE(message_attribute_selected("x", {"All"}));
    EXPECT_TRUE(message_attribute_selected("x", {".*"}));
    EXPECT_TRUE(message_attribute_selected("bar.baz", {"bar.*"}));
    EXPECT_FALSE(message_attribute_selected("barbaz", {"bar.*"}));
    EXPECT_TRUE(message_attribute_selected("exact", {"other", "exact"}));
    EXPECT_FALSE(message_attribute_selected("x", {}));
}

TEST(QueueAttributes, RangesAndNames) {
    EXPECT_TRUE(validate_queue_attribute("VisibilityTimeout", "43200"));
    EXPECT_FALSE(validate_queue_attribute("VisibilityTimeout", "43201"));
    EXPECT_FALSE(validate_queue_attribute("DelaySeconds", "-1"));
    EXPECT_FALSE(validate_queue_attribute("MessageRetentionPeriod", "59"));
    EXPECT_FALSE(validate_queue_attribute("ReceiveMessageWaitTimeSeconds", "2x"));
    EXPECT_TRUE(validate_queue_attribute("MaximumMessageSize", "1024"));
    EXPECT_TRUE(validate_queue_attribute("Policy", ""));
    EXPECT_FALSE(validate_queue_attribute("Policy", "not json"));
    EXPECT_EQ(validate_queue_attribute("VisibilityTimeout", "x").error().message,
              "Invalid value for the parameter VisibilityTimeout.");
    EXPECT_TRUE(is_queue_attribute_name("ApproximateNumberOfMessages"));
    EXPECT_FALSE(is_settable_queue_attribute("ApproximateNumberOfMessages"));
    EXPECT_TRUE(is_fifo_queue_attribute("FifoQueue"));
    EXPECT_FALSE(is_queue_attribute_name("Colour"));
    EXPECT_EQ(default_queue_attributes().at("VisibilityTimeout"), "30");
}

TEST(QueueAttributes, RedrivePolicy) {
    auto policy = parse_redrive_policy(
        R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":"3"})");
    ASSERT_TRUE(policy.has_value()) << policy.error().message;
    EXPECT_EQ(policy->dead_letter_target_arn, "arn:aws:sqs:us-east-1:123456789012:dlq");
    EXPECT_EQ(policy->max_receive_count, 3);
    EXPECT_TRUE(parse_redrive_policy(
        R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":5})"));
    EXPECT_FALSE(parse_redrive_policy(
        R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":0})"));
    EXPECT_FALSE(parse_redrive_policy(R"({"maxReceiveCount":5})"));
    EXPECT_FALSE(parse_redrive_policy(
        R"({"deadLetterTargetArn":"arn:aws:sns:us-east-1:123456789012:t","maxReceiveCount":5})"));
}

TEST(QueueReceipt, RoundTripsAndRefusesForeignHandles) {
    const std::string id = make_uuid();
    const std::string token = make_uuid();
    auto receipt = decode_receipt_handle(encode_receipt_handle(id, token));
    ASSERT_TRUE(receipt.has_value());
    EXPECT_EQ(receipt->message_id, id);
    EXPECT_EQ(receipt->token, token);
    EXPECT_FALSE(decode_receipt_handle("not-a-handle").has_value());
    EXPECT_FALSE(decode_receipt_handle("").has_value());
    EXPECT_FALSE(decode_receipt_handle(encode_receipt_handle("x", token)).has_value());
}

}  // namespace
}  // namespace tripline::notify
