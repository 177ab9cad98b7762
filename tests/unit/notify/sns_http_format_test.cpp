#include "notify/sns_http_format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace tripline::notify {
namespace {

// The message of sns.md §6's example.
SnsDelivery spec_example() {
    SnsDelivery d;
    d.message_id = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
    d.topic_arn = "arn:aws:sns:us-west-2:123456789012:MyTopic";
    d.subscription_arn = d.topic_arn + ":c9135db0-26c4-47ec-8998-413945fb5a96";
    d.protocol = "https";
    d.endpoint = "https://example.com/hook";
    d.region = "us-west-2";
    d.subject = "My First Message";
    d.message = "Hello world!";
    d.timestamp = "2012-05-02T00:54:06.655Z";
    d.unsubscribe_url = "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" +
                        d.subscription_arn;
    d.message_attributes.push_back({"sev", "Number", "5"});
    return d;
}

constexpr const char* kSpecCertUrl =
    "https://sns.us-west-2.amazonaws.com/"
    "SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem";

TEST(SnsHttpFormat, NotificationDocumentIsByteExactAsTheSpecExample) {
    std::string expected = tripline::testing::read_file(tripline::testing::source_dir() /
                                                        "tests/unit/notify/data/"
                                                        "sns_http_notification.json");
    EXPECT_EQ(sns_json_document(spec_example(), "EXAMPLEw6JRN\xE2\x80\xA6", kSpecCertUrl),
              expected);
}

TEST(SnsHttpFormat, SubjectAndAttributesOnlyWhenPresent) {
    SnsDelivery d = spec_example();
    d.subject.clear();
    d.message_attributes.clear();
    std::string doc = sns_json_document(d, "sig", "cert");
    EXPECT_EQ(doc.find("Subject"), std::string::npos);
    EXPECT_EQ(doc.find("MessageAttributes"), std::string::npos);
    EXPECT_TRUE(doc.ends_with("\"UnsubscribeURL\" : \"" + d.unsubscribe_url + "\"\n}"));
}

TEST(SnsHttpFormat, SeveralAttributesShareOneLine) {
    SnsDelivery d = spec_example();
    d.message_attributes.push_back({"tags", "String.Array", "[\"a\",\"b\"]"});
    std::string doc = sns_json_document(d, "sig", "cert");
    EXPECT_NE(doc.find("  \"MessageAttributes\" : {\"sev\" : {\"Type\" : \"Number\", \"Value\" : "
                       "\"5\"}, \"tags\" : {\"Type\" : \"String.Array\", \"Value\" : "
                       "\"[\\\"a\\\",\\\"b\\\"]\"}}\n}"),
              std::string::npos)
        << doc;
}

TEST(SnsHttpFormat, MessagesAreEscapedAndParseBack) {
    SnsDelivery d = spec_example();
    d.message = "{\"a\":\"b/c\"}\nline2\t\"q\" \xC3\xA9 \x01";
    std::string doc = sns_json_document(d, "sig", "cert");
    auto parsed = nlohmann::json::parse(doc);
    EXPECT_EQ(parsed["Message"], d.message);
    EXPECT_NE(doc.find("b/c"), std::string::npos);  // '/' is not escaped, as in real SNS messages
}

TEST(SnsHttpFormat, StringToSignOfANotificationWithSubject) {
    EXPECT_EQ(sns_string_to_sign(spec_example()),
              "Message\nHello world!\n"
              "MessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
              "Subject\nMy First Message\n"
              "Timestamp\n2012-05-02T00:54:06.655Z\n"
              "TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n"
              "Type\nNotification\n");
}

TEST(SnsHttpFormat, StringToSignOfANotificationWithoutSubject) {
    SnsDelivery d = spec_example();
    d.subject.clear();
    d.message = "line 1\nline 2";
    EXPECT_EQ(sns_string_to_sign(d),
              "Message\nline 1\nline 2\n"
              "MessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
              "Timestamp\n2012-05-02T00:54:06.655Z\n"
              "TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n"
              "Type\nNotification\n");
}

SnsDelivery confirmation() {
    SnsDelivery d = spec_example();
    d.type = std::string(kSnsSubscriptionConfirmation);
    d.subject.clear();
    d.message.clear();
    d.message_attributes.clear();
    d.message_id = "165545c9-2a5c-472c-8df2-7ff2be2b3b1b";
    d.token = "2336412f37fb687f5d51e6e2425a4f2b";
    d.subscribe_url =
        "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + d.topic_arn +
        "&Token=" + d.token;
    return d;
}

TEST(SnsHttpFormat, StringToSignOfASubscriptionConfirmation) {
    EXPECT_EQ(sns_string_to_sign(confirmation()),
              "Message\nYou have chosen to subscribe to the topic "
              "arn:aws:sns:us-west-2:123456789012:MyTopic.\nTo confirm the subscription, visit the "
              "SubscribeURL included in this message.\n"
              "MessageId\n165545c9-2a5c-472c-8df2-7ff2be2b3b1b\n"
              "SubscribeURL\nhttps://sns.us-west-2.amazonaws.com/"
              "?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&"
              "Token=2336412f37fb687f5d51e6e2425a4f2b\n"
              "Timestamp\n2012-05-02T00:54:06.655Z\n"
              "Token\n2336412f37fb687f5d51e6e2425a4f2b\n"
              "TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n"
              "Type\nSubscriptionConfirmation\n");
}

TEST(SnsHttpFormat, SubscriptionConfirmationDocument) {
    EXPECT_EQ(
        sns_json_document(confirmation(), "SIG", "CERT"),
        "{\n"
        "  \"Type\" : \"SubscriptionConfirmation\",\n"
        "  \"MessageId\" : \"165545c9-2a5c-472c-8df2-7ff2be2b3b1b\",\n"
        "  \"Token\" : \"2336412f37fb687f5d51e6e2425a4f2b\",\n"
        "  \"TopicArn\" : \"arn:aws:sns:us-west-2:123456789012:MyTopic\",\n"
        "  \"Message\" : \"You have chosen to subscribe to the topic "
        "arn:aws:sns:us-west-2:123456789012:MyTopic.\\nTo confirm the subscription, visit the "
        "SubscribeURL included in this message.\",\n"
        "  \"SubscribeURL\" : \"https://sns.us-west-2.amazonaws.com/"
        "?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&"
        "Token=2336412f37fb687f5d51e6e2425a4f2b\",\n"
        "  \"Timestamp\" : \"2012-05-02T00:54:06.655Z\",\n"
        "  \"SignatureVersion\" : \"1\",\n"
        "  \"Signature\" : \"SIG\",\n"
        "  \"SigningCertURL\" : \"CERT\"\n"
        "}");
}

TEST(SnsHttpFormat, UnsubscribeConfirmationMessage) {
    SnsDelivery d = confirmation();
    d.type = std::string(kSnsUnsubscribeConfirmation);
    EXPECT_EQ(sns_effective_message(d),
              "You have chosen to deactivate subscription " + d.subscription_arn +
                  ".\nTo cancel this operation and restore the subscription, visit the "
                  "SubscribeURL included in this message.");
    EXPECT_TRUE(sns_string_to_sign(d).ends_with("Type\nUnsubscribeConfirmation\n"));
}

std::string header(const std::vector<HttpHeader>& headers, const std::string& name) {
    for (const HttpHeader& h : headers) {
        if (h.name == name) {
            return h.value;
        }
    }
    return "<absent>";
}

TEST(SnsHttpFormat, NotificationHeaders) {
    auto headers = sns_http_headers(spec_example());
    EXPECT_EQ(header(headers, "x-amz-sns-message-type"), "Notification");
    EXPECT_EQ(header(headers, "x-amz-sns-message-id"), "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
    EXPECT_EQ(header(headers, "x-amz-sns-topic-arn"), "arn:aws:sns:us-west-2:123456789012:MyTopic");
    EXPECT_EQ(header(headers, "x-amz-sns-subscription-arn"),
              "arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96");
    EXPECT_EQ(header(headers, "Content-Type"), "text/plain; charset=UTF-8");
    EXPECT_EQ(header(headers, "User-Agent"), "Amazon Simple Notification Service Agent");
    EXPECT_EQ(header(headers, "x-amz-sns-rawdelivery"), "<absent>");
}

TEST(SnsHttpFormat, ConfirmationHeadersHaveNoSubscriptionArn) {
    auto headers = sns_http_headers(confirmation());
    EXPECT_EQ(header(headers, "x-amz-sns-message-type"), "SubscriptionConfirmation");
    EXPECT_EQ(header(headers, "x-amz-sns-subscription-arn"), "<absent>");
}

TEST(SnsHttpFormat, RawDeliveryOnlyForNotifications) {
    SnsDelivery d = spec_example();
    d.raw_message_delivery = true;
    EXPECT_TRUE(sns_is_raw_delivery(d));
    EXPECT_EQ(header(sns_http_headers(d), "x-amz-sns-rawdelivery"), "true");
    SnsDelivery c = confirmation();
    c.raw_message_delivery = true;
    EXPECT_FALSE(sns_is_raw_delivery(c));
}

TEST(SnsHttpFormat, ContentTypeFromTheDeliveryPolicy) {
    EXPECT_EQ(sns_http_content_type("", "https"), "text/plain; charset=UTF-8");
    EXPECT_EQ(sns_http_content_type(
                  R"({"requestPolicy":{"headerContentType":"application/json; charset=UTF-8"}})",
                  "https"),
              "application/json; charset=UTF-8");
    EXPECT_EQ(sns_http_content_type(
                  R"({"http":{"defaultRequestPolicy":{"headerContentType":"application/json"}}})",
                  "https"),
              "application/json");
    EXPECT_EQ(sns_http_content_type("not json", "http"), "text/plain; charset=UTF-8");
}

}  // namespace
}  // namespace tripline::notify
