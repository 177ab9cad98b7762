// Subscribe, confirmation (tokens, expiry, links), unsubscribe/restore, listings and subscription
// attributes of the SNS topic service.
#include <nlohmann/json.hpp>

#include "notify/email_message.h"
#include "topic_test_fixture.h"

namespace tripline::notify::test {
namespace {

using namespace std::chrono_literals;

bool is_lower_hex(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
}

TEST_F(TopicServiceTest, EmailSubscriptionIsPendingAndEnqueuesItsConfirmation) {
    std::string topic = create("APICallAlert1");
    clock_.set(TimePoint{std::chrono::milliseconds{1'795'000'000'123}});
    SubscribeResult r = subscribe(topic, "email", "sec+ops@example.com");
    EXPECT_TRUE(r.pending);
    EXPECT_TRUE(r.subscription_arn.starts_with(topic + ":"));
    EXPECT_EQ(wakes_, 1);

    auto rows = outbox();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].kind, "sns.email");
    EXPECT_EQ(rows[0].destination, "sec+ops@example.com");
    const SnsDelivery& d = rows[0].delivery;
    EXPECT_EQ(d.type, "SubscriptionConfirmation");
    EXPECT_EQ(d.topic_arn, topic);
    EXPECT_EQ(d.subscription_arn, r.subscription_arn);
    EXPECT_EQ(d.protocol, "email");
    EXPECT_EQ(d.region, "us-east-1");
    EXPECT_EQ(d.timestamp, "2026-11-18T11:06:40.123Z");
    EXPECT_EQ(d.token.size(), 256u);
    EXPECT_TRUE(is_lower_hex(d.token));
    EXPECT_EQ(d.subscribe_url,
              std::string(kPublicUrl) + "/?Action=ConfirmSubscription&TopicArn=" + topic +
                  "&Token=" + d.token);
    EXPECT_EQ(d.confirmation_url,
              std::string(kPublicUrl) + "/confirmation.html?TopicArn=" + topic +
                  "&Token=" + d.token + "&Endpoint=sec%2Bops@example.com");
    EXPECT_EQ(d.message,
              "You have chosen to subscribe to the topic " + topic +
                  ".\nTo confirm the subscription, visit the SubscribeURL included in this "
                  "message.");
    EXPECT_FALSE(d.message_id.empty());

    auto attrs = service_->get_subscription_attributes(caller(), r.subscription_arn);
    ASSERT_TRUE(attrs.has_value());
    EXPECT_EQ(attrs->at("PendingConfirmation"), "true");
    EXPECT_EQ(attrs->at("ConfirmationWasAuthenticated"), "false");
    EXPECT_EQ(attrs->at("RawMessageDelivery"), "false");
    EXPECT_EQ(attrs->at("Owner"), kAccount);
}

TEST_F(TopicServiceTest, SameAccountSqsIsConfirmedAtOnceOtherAccountsQueueIsPending) {
    std::string topic = create("T");
    SubscribeResult own = subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:123456789012:q");
    EXPECT_FALSE(own.pending);
    EXPECT_TRUE(outbox().empty());
    SubscribeResult foreign = subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:210987654321:q");
    EXPECT_TRUE(foreign.pending);
    auto rows = outbox();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].kind, "sns.sqs");
    EXPECT_EQ(rows[0].delivery.type, "SubscriptionConfirmation");
}

TEST_F(TopicServiceTest, EndpointsAreCheckedPerProtocol) {
    std::string topic = create("T");
    struct Case {
        std::string protocol, endpoint, message;
    };
    for (const Case& c : std::vector<Case>{
             {"email", "not-an-address", "Invalid parameter: Email address"},
             {"email", "a@example.com\r\nBcc: b@example.com", "Invalid parameter: Email address"},
             {"email-json", "a b@example.com", "Invalid parameter: Email address"},
             {"email", "", "Invalid parameter: Email address"},
             {"https",
              "http://example.com/hook",
              "Invalid parameter: Endpoint must match the specified protocol"},
             {"http", "http://", "Invalid parameter: Endpoint"},
             {"sqs", "arn:aws:sns:us-east-1:123456789012:q", "Invalid parameter: SQS endpoint ARN"},
             {"carrier-pigeon",
              "x",
              "Invalid parameter: Amazon SNS does not support this protocol string: "
              "carrier-pigeon"},
         }) {
        auto r = service_->subscribe(caller(), {topic, c.protocol, c.endpoint, {}});
        ASSERT_FALSE(r.has_value()) << c.protocol << " " << c.endpoint;
        EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
        EXPECT_EQ(r.error().message, c.message);
    }
    auto lambda = service_->subscribe(caller(), {topic, "lambda", "arn:aws:lambda:x", {}});
    ASSERT_FALSE(lambda.has_value());
    EXPECT_NE(lambda.error().message.find("Tripline does not deliver"), std::string::npos);
    auto missing = service_->subscribe(
        caller(), {"arn:aws:sns:us-east-1:123456789012:none", "email", "a@example.com", {}});
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
    EXPECT_TRUE(outbox().empty());
}

TEST_F(TopicServiceTest, ResubscribingReturnsTheExistingSubscription) {
    std::string topic = create("T");
    SubscribeResult first = subscribe(topic, "email", "a@example.com");
    std::string token = outbox().back().delivery.token;
    SubscribeResult again = subscribe(topic, "email", "a@example.com");
    EXPECT_EQ(again.subscription_arn, first.subscription_arn);
    EXPECT_TRUE(again.pending);
    auto rows = outbox();
    ASSERT_EQ(rows.size(), 2u);  // the confirmation is sent again, with the same token
    EXPECT_EQ(rows[1].delivery.token, token);
    EXPECT_EQ(service_->list_subscriptions_by_topic(caller(), topic, "")->items.size(), 1u);

    auto different = service_->subscribe(
        caller(), {topic, "email", "a@example.com", {{"FilterPolicy", R"({"a":["b"]})"}}});
    ASSERT_FALSE(different.has_value());
    EXPECT_EQ(different.error().message,
              "Invalid parameter: Attributes Reason: Subscription already exists with different "
              "attributes");
}

TEST_F(TopicServiceTest, ConfirmationChecksTokenExpiryAndEndpoint) {
    std::string topic = create("T");
    SubscribeResult r = subscribe(topic, "email", "a@example.com");
    std::string token = outbox().back().delivery.token;

    auto wrong =
        service_->confirm_subscription(link_visitor(), {topic, std::string(256, 'a'), false, ""});
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().message, "Invalid parameter: Token");
    auto endpoint =
        service_->confirm_subscription(link_visitor(), {topic, token, false, "b@example.com"});
    ASSERT_FALSE(endpoint.has_value());
    EXPECT_EQ(endpoint.error().message, "Invalid parameter: Endpoint");
    auto needs_signature = service_->confirm_subscription(link_visitor(), {topic, token, true, ""});
    ASSERT_FALSE(needs_signature.has_value());
    EXPECT_EQ(needs_signature.error().code, Errc::kPermissionDenied);

    clock_.advance(47h);
    auto ok =
        service_->confirm_subscription(link_visitor(), {topic, token, false, "a@example.com"});
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    EXPECT_EQ(*ok, r.subscription_arn);
    EXPECT_EQ(service_->get_subscription_attributes(caller(), *ok)->at("PendingConfirmation"),
              "false");
    // Confirming again with the same token is harmless.
    EXPECT_EQ(service_->confirm_subscription(caller(), {topic, token, false, ""}).value(), *ok);

    SubscribeResult late = subscribe(topic, "email-json", "late@example.com");
    std::string late_token = outbox().back().delivery.token;
    clock_.advance(48h + 1s);
    auto expired = service_->confirm_subscription(link_visitor(), {topic, late_token, false, ""});
    ASSERT_FALSE(expired.has_value());
    EXPECT_EQ(expired.error().code, Errc::kInvalidArgument);
    // Subscribing again issues a fresh token that works.
    EXPECT_EQ(subscribe(topic, "email-json", "late@example.com").subscription_arn,
              late.subscription_arn);
    std::string fresh = outbox().back().delivery.token;
    EXPECT_NE(fresh, late_token);
    EXPECT_TRUE(
        service_->confirm_subscription(link_visitor(), {topic, fresh, false, ""}).has_value());
}

TEST_F(TopicServiceTest, ListingsShowPendingSubscriptions) {
    std::string topic = create("T");
    std::string other = create("Other");
    subscribe(topic, "email", "a@example.com");
    std::string sqs = subscribe_confirmed(topic, "sqs", "arn:aws:sqs:us-east-1:123456789012:q");
    subscribe_confirmed(other, "sqs", "arn:aws:sqs:us-east-1:123456789012:q");
    auto by_topic = service_->list_subscriptions_by_topic(caller(), topic, "");
    ASSERT_TRUE(by_topic.has_value());
    ASSERT_EQ(by_topic->items.size(), 2u);
    int pending = 0;
    for (const SubscriptionSummary& s : by_topic->items) {
        EXPECT_EQ(s.topic_arn, topic);
        EXPECT_EQ(s.owner, kAccount);
        pending += s.pending ? 1 : 0;
        if (!s.pending) {
            EXPECT_EQ(s.subscription_arn, sqs);
            EXPECT_EQ(s.protocol, "sqs");
        }
    }
    EXPECT_EQ(pending, 1);
    EXPECT_EQ(service_->list_subscriptions(caller(), "")->items.size(), 3u);
    auto missing = service_->list_subscriptions_by_topic(
        caller(), "arn:aws:sns:us-east-1:123456789012:none", "");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().message, "Topic does not exist");
}

TEST_F(TopicServiceTest, UnsubscribingAnHttpSubscriberSendsARestorableConfirmation) {
    std::string topic = create("T");
    std::string arn = subscribe_confirmed(topic, "http", "http://127.0.0.1:9/hook");
    auto result = service_->unsubscribe(caller(), arn);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->endpoint, "http://127.0.0.1:9/hook");
    auto rows = outbox();
    ASSERT_EQ(rows.size(), 1u);
    const SnsDelivery& d = rows[0].delivery;
    EXPECT_EQ(d.type, "UnsubscribeConfirmation");
    EXPECT_EQ(d.token, result->restore_token);
    EXPECT_EQ(d.subscribe_url,
              std::string(kPublicUrl) + "/?Action=ConfirmSubscription&TopicArn=" + topic +
                  "&Token=" + d.token);
    EXPECT_EQ(d.message,
              "You have chosen to deactivate subscription " + arn +
                  ".\nTo cancel this operation and restore the subscription, visit "
                  "the SubscribeURL included in this message.");
    EXPECT_TRUE(service_->list_subscriptions_by_topic(caller(), topic, "")->items.empty());
    EXPECT_EQ(service_->get_topic_attributes(caller(), topic)->at("SubscriptionsDeleted"), "1");
    auto gone = service_->get_subscription_attributes(caller(), arn);
    ASSERT_FALSE(gone.has_value());
    EXPECT_EQ(gone.error().message, "Subscription does not exist");
    auto twice = service_->unsubscribe(caller(), arn);
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, Errc::kNotFound);

    // The SubscribeURL restores it.
    auto restored = service_->confirm_subscription(link_visitor(), {topic, d.token, false, ""});
    ASSERT_TRUE(restored.has_value()) << restored.error().message;
    EXPECT_EQ(*restored, arn);
    EXPECT_EQ(service_->list_subscriptions_by_topic(caller(), topic, "")->items.size(), 1u);
}

TEST_F(TopicServiceTest, PendingSubscriptionsAreDeletedOutrightAndEmailGetsNoMessage) {
    std::string topic = create("T");
    SubscribeResult pending = subscribe(topic, "email", "a@example.com");
    clear_outbox();
    auto result = service_->unsubscribe(caller(), pending.subscription_arn);
    ASSERT_TRUE(result.has_value());
    EXPECT_TRUE(result->restore_token.empty());
    std::string email = subscribe_confirmed(topic, "email", "b@example.com");
    ASSERT_TRUE(service_->unsubscribe(link_visitor(), email, "b@example.com").has_value());
    EXPECT_TRUE(outbox().empty());
    auto bad = service_->unsubscribe(caller(), "pending confirmation");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().message, "Invalid parameter: SubscriptionArn");
}

TEST_F(TopicServiceTest, AuthenticateOnUnsubscribeRefusesUnsignedUnsubscribes) {
    std::string topic = create("T");
    subscribe(topic, "email", "a@example.com");
    std::string token = outbox().back().delivery.token;
    auto arn = service_->confirm_subscription(caller(), {topic, token, true, ""});
    ASSERT_TRUE(arn.has_value());
    EXPECT_EQ(
        service_->get_subscription_attributes(caller(), *arn)->at("ConfirmationWasAuthenticated"),
        "true");
    auto unsigned_try = service_->unsubscribe(link_visitor(), *arn);
    ASSERT_FALSE(unsigned_try.has_value());
    EXPECT_EQ(unsigned_try.error().code, Errc::kPermissionDenied);
    auto foreign = service_->unsubscribe(caller("210987654321"), *arn);
    ASSERT_FALSE(foreign.has_value());
    EXPECT_EQ(foreign.error().code, Errc::kPermissionDenied);
    EXPECT_TRUE(service_->unsubscribe(caller(), *arn).has_value());
}

TEST_F(TopicServiceTest, SubscriptionAttributesAreValidated) {
    std::string topic = create("T");
    std::string http = subscribe_confirmed(topic, "http", "http://127.0.0.1:9/hook");
    std::string email = subscribe_confirmed(topic, "email", "a@example.com");

    auto set = [&](const std::string& arn, const char* name, const char* value) {
        return service_->set_subscription_attribute(caller(), arn, name, value);
    };
    auto bad_policy = set(http, "FilterPolicy", R"({"sev":[{"numeric":[">",]}]})");
    ASSERT_FALSE(bad_policy.has_value());
    EXPECT_TRUE(bad_policy.error().message.starts_with("Invalid parameter: FilterPolicy: "))
        << bad_policy.error().message;
    auto nested = set(http, "FilterPolicy", R"({"a":{"b":["c"]}})");
    ASSERT_FALSE(nested.has_value());
    EXPECT_EQ(nested.error().message,
              "Invalid parameter: Filter policy scope MessageAttributes does not support nested "
              "filter policy");
    ASSERT_TRUE(set(http, "FilterPolicyScope", "MessageBody").has_value());
    ASSERT_TRUE(set(http, "FilterPolicy", R"({"a":{"b":["c"]}})").has_value());
    auto back = set(http, "FilterPolicyScope", "MessageAttributes");
    ASSERT_FALSE(back.has_value());  // the nested policy is not valid in the attribute scope
    auto scope = set(http, "FilterPolicyScope", "Everything");
    ASSERT_FALSE(scope.has_value());
    EXPECT_TRUE(scope.error().message.starts_with("Invalid parameter: FilterPolicyScope"));

    auto raw = set(email, "RawMessageDelivery", "true");
    ASSERT_FALSE(raw.has_value());
    EXPECT_EQ(raw.error().message,
              "Invalid parameter: Delivery protocol [email] does not support raw message "
              "delivery attribute");
    ASSERT_TRUE(set(http, "RawMessageDelivery", "True").has_value());
    auto unknown = set(http, "Colour", "red");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().message, "Invalid parameter: AttributeName");
    auto redrive = set(http, "RedrivePolicy", R"({"deadLetterTargetArn":"nope"})");
    ASSERT_FALSE(redrive.has_value());
    ASSERT_TRUE(set(http,
                    "RedrivePolicy",
                    R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq"})")
                    .has_value());
    ASSERT_TRUE(
        set(http, "DeliveryPolicy", R"({"healthyRetryPolicy":{"numRetries":5}})").has_value());

    auto attrs = service_->get_subscription_attributes(caller(), http);
    ASSERT_TRUE(attrs.has_value());
    EXPECT_EQ(attrs->at("RawMessageDelivery"), "true");
    EXPECT_EQ(attrs->at("FilterPolicyScope"), "MessageBody");
    auto effective = nlohmann::json::parse(attrs->at("EffectiveDeliveryPolicy"));
    EXPECT_EQ(effective["healthyRetryPolicy"]["numRetries"], 5);
    EXPECT_EQ(effective["healthyRetryPolicy"]["minDelayTarget"], 20);

    // "{}" removes the filter policy.
    ASSERT_TRUE(set(http, "FilterPolicy", "{}").has_value());
    EXPECT_FALSE(service_->get_subscription_attributes(caller(), http)->contains("FilterPolicy"));
}

TEST(SubscriptionRules, EmailAddresses) {
    EXPECT_TRUE(is_valid_email_address("secops@example.com"));
    EXPECT_TRUE(is_valid_email_address("first.last+tag@mail.example.co.uk"));
    EXPECT_FALSE(is_valid_email_address("@example.com"));
    EXPECT_FALSE(is_valid_email_address("a@"));
    EXPECT_FALSE(is_valid_email_address("a@example..com"));
    EXPECT_FALSE(is_valid_email_address("a@-example.com"));
    EXPECT_FALSE(is_valid_email_address("a\n@example.com"));
    EXPECT_FALSE(is_valid_email_address("a@example.com\r"));
    EXPECT_FALSE(is_valid_email_address("a<b>@example.com"));
}

}  // namespace
}  // namespace tripline::notify::test
