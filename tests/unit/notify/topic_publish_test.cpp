// Publish and PublishBatch: validation, per-protocol messages, filter policies in both scopes,
// and the outbox rows (one per matching confirmed subscription) with their SnsDelivery contents.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "topic_test_fixture.h"

namespace tripline::notify::test {
namespace {

class TopicPublishTest : public TopicServiceTest {
protected:
    Result<std::string> publish(const std::string& topic,
                                const std::string& message,
                                std::vector<SnsMessageAttribute> attributes = {},
                                const std::string& subject = "",
                                const std::string& structure = "") {
        PublishRequest request;
        request.caller = caller();
        request.topic_arn = topic;
        request.message = message;
        request.subject = subject;
        request.message_structure = structure;
        request.message_attributes = std::move(attributes);
        return service_->publish(request);
    }

    // The endpoints that got the last publish, sorted.
    std::vector<std::string> destinations() {
        std::vector<std::string> out;
        for (const OutboxRow& row : outbox()) {
            out.push_back(row.destination);
        }
        clear_outbox();
        std::sort(out.begin(), out.end());
        return out;
    }
};

TEST_F(TopicPublishTest, OneOutboxRowPerConfirmedSubscriptionWithTheFullDelivery) {
    CreateTopicRequest create_request;
    create_request.name = "Alerts";
    create_request.attributes = {{"DisplayName", "SecOps"}, {"SignatureVersion", "2"}};
    std::string topic = service_->create_topic(caller(), create_request).value();
    std::string email = subscribe_confirmed(topic, "email", "secops@example.com");
    std::string http = subscribe_confirmed(
        topic, "http", "http://127.0.0.1:9/hook", {{"RawMessageDelivery", "true"}});
    std::string sqs = subscribe_confirmed(
        topic,
        "sqs",
        "arn:aws:sqs:us-east-1:123456789012:q",
        {{"RedrivePolicy", R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq"})"}});
    subscribe(topic, "email-json", "pending@example.com");  // never confirmed
    clear_outbox();
    const int wakes_before = wakes_;
    clock_.set(TimePoint{std::chrono::milliseconds{1'795'000'000'007}});

    auto id = publish(topic, "Hello world!", {{"sev", "Number", "5"}}, "My First Message");
    ASSERT_TRUE(id.has_value()) << id.error().message;
    EXPECT_EQ(wakes_, wakes_before + 1);
    auto rows = outbox();
    ASSERT_EQ(rows.size(), 3u);
    std::map<std::string, OutboxRow> by_kind;
    for (const OutboxRow& row : rows) {
        by_kind[row.kind] = row;
        const SnsDelivery& d = row.delivery;
        EXPECT_EQ(d.type, "Notification");
        EXPECT_EQ(d.message_id, *id);
        EXPECT_EQ(d.topic_arn, topic);
        EXPECT_EQ(d.region, "us-east-1");
        EXPECT_EQ(d.subject, "My First Message");
        EXPECT_EQ(d.message, "Hello world!");
        EXPECT_EQ(d.timestamp, "2026-11-18T11:06:40.007Z");
        EXPECT_EQ(d.signature_version, "2");
        EXPECT_EQ(d.display_name, "SecOps");
        ASSERT_EQ(d.message_attributes.size(), 1u);
        EXPECT_EQ(d.message_attributes[0].type, "Number");
        EXPECT_TRUE(d.token.empty());
    }
    ASSERT_EQ(by_kind.size(), 3u);
    const SnsDelivery& e = by_kind["sns.email"].delivery;
    EXPECT_EQ(by_kind["sns.email"].destination, "secops@example.com");
    EXPECT_EQ(e.subscription_arn, email);
    EXPECT_EQ(e.unsubscribe_url,
              std::string(kPublicUrl) + "/unsubscribe.html?SubscriptionArn=" + email +
                  "&Endpoint=secops@example.com");
    EXPECT_TRUE(e.delivery_policy.empty());
    const SnsDelivery& h = by_kind["sns.http"].delivery;
    EXPECT_EQ(by_kind["sns.http"].destination, "http://127.0.0.1:9/hook");
    EXPECT_EQ(h.subscription_arn, http);
    EXPECT_TRUE(h.raw_message_delivery);
    EXPECT_EQ(h.unsubscribe_url,
              std::string(kPublicUrl) + "/?Action=Unsubscribe&SubscriptionArn=" + http);
    auto policy = nlohmann::json::parse(h.delivery_policy);
    EXPECT_EQ(policy["healthyRetryPolicy"]["numRetries"], 3);
    EXPECT_EQ(policy["requestPolicy"]["headerContentType"], "text/plain; charset=UTF-8");
    const SnsDelivery& q = by_kind["sns.sqs"].delivery;
    EXPECT_EQ(q.subscription_arn, sqs);
    EXPECT_FALSE(q.raw_message_delivery);
    EXPECT_EQ(q.redrive_policy,
              R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq"})");

    // A second publish gets another MessageId.
    clear_outbox();
    auto second = publish(topic, "again");
    ASSERT_TRUE(second.has_value());
    EXPECT_NE(*second, *id);
}

TEST_F(TopicPublishTest, AttributeScopeFilterPolicy) {
    std::string topic = create("T");
    subscribe_confirmed(topic, "sqs", "arn:aws:sqs:us-east-1:123456789012:all");
    subscribe_confirmed(topic,
                        "sqs",
                        "arn:aws:sqs:us-east-1:123456789012:severe",
                        {{"FilterPolicy", R"({"sev":[{"numeric":[">=",4]}]})"}});
    subscribe_confirmed(topic,
                        "sqs",
                        "arn:aws:sqs:us-east-1:123456789012:red",
                        {{"FilterPolicy", R"({"colour":["red"]})"}});
    const std::string all = "arn:aws:sqs:us-east-1:123456789012:all";
    const std::string severe = "arn:aws:sqs:us-east-1:123456789012:severe";
    const std::string red = "arn:aws:sqs:us-east-1:123456789012:red";

    ASSERT_TRUE(publish(topic, "m", {{"sev", "Number", "5"}}).has_value());
    EXPECT_EQ(destinations(), (std::vector<std::string>{all, severe}));
    ASSERT_TRUE(publish(topic, "m", {{"sev", "Number", "2"}}).has_value());
    EXPECT_EQ(destinations(), (std::vector<std::string>{all}));
    ASSERT_TRUE(publish(topic, "m").has_value());
    EXPECT_EQ(destinations(), (std::vector<std::string>{all}));
    ASSERT_TRUE(publish(topic, "m", {{"colour", "String.Array", R"(["blue","red"])"}}).has_value());
    EXPECT_EQ(destinations(), (std::vector<std::string>{all, red}));
    // Binary attributes are never compared.
    ASSERT_TRUE(publish(topic, "m", {{"colour", "Binary", "cmVk"}}).has_value());
    EXPECT_EQ(destinations(), (std::vector<std::string>{all}));
}

TEST_F(TopicPublishTest, BodyScopeFilterPolicy) {
    std::string topic = create("T");
    const std::string q = "arn:aws:sqs:us-east-1:123456789012:body";
    subscribe_confirmed(topic,
                        "sqs",
                        q,
                        {{"FilterPolicyScope", "MessageBody"},
                         {"FilterPolicy", R"({"detail":{"severity":[{"numeric":[">=",7]}]}})"}});
    ASSERT_TRUE(publish(topic, R"({"detail":{"severity":8}})").has_value());
    EXPECT_EQ(destinations(), std::vector<std::string>{q});
    ASSERT_TRUE(publish(topic, R"({"detail":{"severity":3}})").has_value());
    EXPECT_TRUE(destinations().empty());
    ASSERT_TRUE(publish(topic, "not json").has_value());
    EXPECT_TRUE(destinations().empty());
    // Attributes do not matter in body scope.
    ASSERT_TRUE(publish(topic, R"({"x":1})", {{"detail", "String", "y"}}).has_value());
    EXPECT_TRUE(destinations().empty());
}

TEST_F(TopicPublishTest, MessageStructureJsonGivesEachProtocolItsMessage) {
    std::string topic = create("T");
    subscribe_confirmed(topic, "email", "a@example.com");
    subscribe_confirmed(topic, "sqs", "arn:aws:sqs:us-east-1:123456789012:q");
    auto id = publish(
        topic, R"({"default":"plain","email":"for mail","http":"for http"})", {}, "", "json");
    ASSERT_TRUE(id.has_value()) << id.error().message;
    std::map<std::string, std::string> by_kind;
    for (const OutboxRow& row : outbox()) {
        by_kind[row.kind] = row.delivery.message;
    }
    EXPECT_EQ(by_kind["sns.email"], "for mail");
    EXPECT_EQ(by_kind["sns.sqs"], "plain");

    auto no_default = publish(topic, R"({"email":"x"})", {}, "", "json");
    ASSERT_FALSE(no_default.has_value());
    EXPECT_EQ(no_default.error().message,
              "Invalid parameter: Message Structure - No default entry in JSON message body");
    auto not_json = publish(topic, "plain", {}, "", "json");
    ASSERT_FALSE(not_json.has_value());
    EXPECT_EQ(not_json.error().message,
              "Invalid parameter: Message Structure - JSON message body failed to parse");
    auto other = publish(topic, "plain", {}, "", "xml");
    ASSERT_FALSE(other.has_value());
    EXPECT_EQ(other.error().message, "Invalid parameter: MessageStructure");
}

TEST_F(TopicPublishTest, PublishInputIsValidated) {
    std::string topic = create("T");
    auto expect_error = [&](Result<std::string> r, const std::string& message) {
        ASSERT_FALSE(r.has_value()) << message;
        EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
        EXPECT_EQ(r.error().message, message);
    };
    expect_error(publish(topic, ""), "Invalid parameter: Empty message");
    expect_error(publish(topic, std::string(256 * 1024 + 1, 'x')),
                 "Invalid parameter: Message too long");
    EXPECT_TRUE(publish(topic, std::string(256 * 1024, 'x')).has_value());
    expect_error(publish(topic, std::string(256 * 1024 - 3, 'x'), {{"a", "String", "bcd"}}),
                 "Invalid parameter: Message too long");
    expect_error(publish(topic, "m", {}, "line\nbreak"), "Invalid parameter: Subject");
    expect_error(publish(topic, "m", {}, std::string(100, 's')), "Invalid parameter: Subject");
    EXPECT_TRUE(publish(topic, "m", {}, std::string(99, 's')).has_value());
    expect_error(publish(topic, "m", {{"sev", "Number", "five"}}),
                 "Could not cast message attribute 'sev' value to number.");
    expect_error(publish(topic, "m", {{"sev", "Float", "5"}}),
                 "The message attribute 'sev' has an invalid message attribute type, the set of "
                 "supported type prefixes is Binary, Number, and String.");
    std::vector<SnsMessageAttribute> eleven;
    for (int i = 0; i < 11; ++i) {
        eleven.push_back({"a" + std::to_string(i), "String", "v"});
    }
    expect_error(publish(topic, "m", eleven),
                 "Number of message attributes [11] exceeds the allowed maximum [10].");
    eleven.pop_back();
    EXPECT_TRUE(publish(topic, "m", eleven).has_value());
    expect_error(publish(topic, "bad \xff utf-8"),
                 "Invalid parameter: Message Reason: the message is not valid UTF-8");

    auto missing = publish("arn:aws:sns:us-east-1:123456789012:none", "m");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
    EXPECT_EQ(missing.error().message, "Topic does not exist");
}

TEST_F(TopicPublishTest, AwsServicesPublishAcrossAccountsAndRegions) {
    std::string topic = create("T");
    subscribe_confirmed(topic, "sqs", "arn:aws:sqs:us-east-1:123456789012:q");
    PublishRequest request;
    request.caller.account_id = "210987654321";
    request.caller.region = "eu-west-1";
    request.caller.aws_service = true;
    request.topic_arn = topic;
    request.message = R"({"s3Bucket":"b","s3ObjectKey":["AWSLogs/x.json.gz"]})";
    EXPECT_TRUE(service_->publish(request).has_value());
    EXPECT_EQ(outbox().size(), 1u);
    request.caller.aws_service = false;
    request.caller.region = "us-east-1";
    auto denied = service_->publish(request);
    ASSERT_FALSE(denied.has_value());
    EXPECT_EQ(denied.error().code, Errc::kPermissionDenied);
}

TEST_F(TopicPublishTest, PublishBatchReportsEachEntry) {
    std::string topic = create("T");
    subscribe_confirmed(topic, "sqs", "arn:aws:sqs:us-east-1:123456789012:q");
    std::vector<PublishBatchEntry> entries = {
        {"one", "first", "", "", {}},
        {"two", "", "", "", {}},
        {"three", "third", "Subject", "", {{"sev", "Number", "1"}}},
    };
    auto outcomes = service_->publish_batch(caller(), topic, entries);
    ASSERT_TRUE(outcomes.has_value());
    ASSERT_EQ(outcomes->size(), 3u);
    EXPECT_EQ((*outcomes)[0].id, "one");
    EXPECT_FALSE((*outcomes)[0].error.has_value());
    EXPECT_FALSE((*outcomes)[0].message_id.empty());
    ASSERT_TRUE((*outcomes)[1].error.has_value());
    EXPECT_EQ((*outcomes)[1].error->message, "Invalid parameter: Empty message");
    EXPECT_FALSE((*outcomes)[2].error.has_value());
    EXPECT_NE((*outcomes)[0].message_id, (*outcomes)[2].message_id);
    auto rows = outbox();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].delivery.message, "first");
    EXPECT_EQ(rows[1].delivery.subject, "Subject");
    auto missing =
        service_->publish_batch(caller(), "arn:aws:sns:us-east-1:123456789012:none", entries);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

}  // namespace
}  // namespace tripline::notify::test
