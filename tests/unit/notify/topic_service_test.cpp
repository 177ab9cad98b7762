// Topic CRUD, attributes, tags, paging, access checks and persistence of the SNS topic service.
#include <nlohmann/json.hpp>

#include "notify/topic_attributes.h"
#include "topic_test_fixture.h"

namespace tripline::notify::test {
namespace {

TEST_F(TopicServiceTest, CreateTopicReturnsItsArnAndIsIdempotent) {
    std::string arn = create("APICallAlert1");
    EXPECT_EQ(arn, "arn:aws:sns:us-east-1:123456789012:APICallAlert1");
    EXPECT_EQ(create("APICallAlert1"), arn);
    auto page = service_->list_topics(caller(), "");
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->items, std::vector<std::string>{arn});
}

TEST_F(TopicServiceTest, CreateTopicRefusesBadNames) {
    for (const std::string& name :
         std::vector<std::string>{"", "has space", "dot.fifo", std::string(257, 'a'), "\xc3\xbc"}) {
        CreateTopicRequest request;
        request.name = name;
        auto arn = service_->create_topic(caller(), request);
        ASSERT_FALSE(arn.has_value()) << name;
        EXPECT_EQ(arn.error().code, Errc::kInvalidArgument);
        EXPECT_EQ(arn.error().message, "Invalid parameter: Topic Name");
    }
    CreateTopicRequest ok;
    ok.name = std::string(256, 'a');
    EXPECT_TRUE(service_->create_topic(caller(), ok).has_value());
}

TEST_F(TopicServiceTest, CreateTopicWithOtherAttributesThanTheExistingOneFails) {
    CreateTopicRequest request;
    request.name = "T";
    request.attributes["DisplayName"] = "first";
    ASSERT_TRUE(service_->create_topic(caller(), request).has_value());
    EXPECT_TRUE(service_->create_topic(caller(), request).has_value());
    request.attributes["DisplayName"] = "second";
    auto again = service_->create_topic(caller(), request);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().message,
              "Invalid parameter: Attributes Reason: Topic already exists with different "
              "attributes");
    request.attributes.clear();
    request.tags = {{"team", "secops"}};
    auto tagged = service_->create_topic(caller(), request);
    ASSERT_FALSE(tagged.has_value());
    EXPECT_EQ(tagged.error().message,
              "Invalid parameter: Tags Reason: Topic already exists with different tags");
}

TEST_F(TopicServiceTest, GetTopicAttributesRendersAwsDefaults) {
    std::string arn = create("T");
    auto attrs = service_->get_topic_attributes(caller(), arn);
    ASSERT_TRUE(attrs.has_value()) << attrs.error().message;
    EXPECT_EQ(attrs->at("TopicArn"), arn);
    EXPECT_EQ(attrs->at("Owner"), kAccount);
    EXPECT_EQ(attrs->at("DisplayName"), "");
    EXPECT_EQ(attrs->at("SubscriptionsConfirmed"), "0");
    EXPECT_EQ(attrs->at("SubscriptionsPending"), "0");
    EXPECT_EQ(attrs->at("SubscriptionsDeleted"), "0");
    EXPECT_EQ(attrs->at("Policy"), default_topic_policy(arn, kAccount));
    auto policy = nlohmann::json::parse(attrs->at("Policy"));
    EXPECT_EQ(policy["Id"], "__default_policy_ID");
    EXPECT_EQ(policy["Statement"][0]["Resource"], arn);
    EXPECT_EQ(policy["Statement"][0]["Condition"]["StringEquals"]["AWS:SourceOwner"], kAccount);
    EXPECT_EQ(attrs->at("EffectiveDeliveryPolicy"),
              R"({"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,)"
              R"("numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,)"
              R"("numMinDelayRetries":0,"backoffFunction":"linear"},)"
              R"("disableSubscriptionOverrides":false,)"
              R"("defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}})");
}

TEST_F(TopicServiceTest, SetTopicAttributesValidatesStoresAndClears) {
    std::string arn = create("T");
    ASSERT_TRUE(service_->set_topic_attribute(caller(), arn, "DisplayName", "SecOps").has_value());
    ASSERT_TRUE(service_->set_topic_attribute(caller(), arn, "SignatureVersion", "2").has_value());
    auto attrs = service_->get_topic_attributes(caller(), arn);
    EXPECT_EQ(attrs->at("DisplayName"), "SecOps");
    EXPECT_EQ(attrs->at("SignatureVersion"), "2");

    auto bad = service_->set_topic_attribute(caller(), arn, "SignatureVersion", "3");
    ASSERT_FALSE(bad.has_value());
    EXPECT_TRUE(bad.error().message.starts_with("Invalid parameter:"));
    auto unknown = service_->set_topic_attribute(caller(), arn, "Colour", "red");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().message, "Invalid parameter: AttributeName");
    auto policy = service_->set_topic_attribute(caller(), arn, "Policy", "not json");
    ASSERT_FALSE(policy.has_value());
    auto delivery = service_->set_topic_attribute(
        caller(),
        arn,
        "DeliveryPolicy",
        R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":101}}})");
    ASSERT_FALSE(delivery.has_value());
    EXPECT_TRUE(delivery.error().message.starts_with("Invalid parameter: DeliveryPolicy:"));

    ASSERT_TRUE(
        service_
            ->set_topic_attribute(caller(),
                                  arn,
                                  "DeliveryPolicy",
                                  R"({"http":{"defaultHealthyRetryPolicy":)"
                                  R"({"numRetries":5,"minDelayTarget":1,"maxDelayTarget":30}}})")
            .has_value());
    attrs = service_->get_topic_attributes(caller(), arn);
    auto effective = nlohmann::json::parse(attrs->at("EffectiveDeliveryPolicy"));
    EXPECT_EQ(effective["http"]["defaultHealthyRetryPolicy"]["numRetries"], 5);
    EXPECT_EQ(effective["http"]["defaultHealthyRetryPolicy"]["backoffFunction"], "linear");

    ASSERT_TRUE(service_->set_topic_attribute(caller(), arn, "DisplayName", "").has_value());
    attrs = service_->get_topic_attributes(caller(), arn);
    EXPECT_EQ(attrs->at("DisplayName"), "");
}

TEST_F(TopicServiceTest, ListTopicsPagesByHundred) {
    for (int i = 0; i < 250; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "t%03d", i);
        create(name);
    }
    std::vector<std::string> all;
    std::string token;
    int pages = 0;
    do {
        auto page = service_->list_topics(caller(), token);
        ASSERT_TRUE(page.has_value());
        ++pages;
        all.insert(all.end(), page->items.begin(), page->items.end());
        token = page->next_token;
    } while (!token.empty());
    EXPECT_EQ(pages, 3);
    ASSERT_EQ(all.size(), 250u);
    EXPECT_EQ(all.front(), "arn:aws:sns:us-east-1:123456789012:t000");
    EXPECT_EQ(all.back(), "arn:aws:sns:us-east-1:123456789012:t249");
    // Other accounts and regions have their own lists.
    EXPECT_TRUE(service_->list_topics(caller("210987654321"), "")->items.empty());
    EXPECT_TRUE(service_->list_topics(caller(kAccount, "eu-west-1"), "")->items.empty());
    EXPECT_FALSE(service_->list_topics(caller(), "a b").has_value());
}

TEST_F(TopicServiceTest, DeleteTopicRemovesItsSubscriptionsAndIsIdempotent) {
    std::string arn = create("T");
    std::string other = create("Other");
    subscribe(arn, "email", "a@example.com");
    subscribe_confirmed(arn, "sqs", "arn:aws:sqs:us-east-1:123456789012:q");
    subscribe_confirmed(other, "sqs", "arn:aws:sqs:us-east-1:123456789012:q");
    ASSERT_TRUE(service_->delete_topic(caller(), arn).has_value());
    auto subs = service_->list_subscriptions(caller(), "");
    ASSERT_TRUE(subs.has_value());
    ASSERT_EQ(subs->items.size(), 1u);
    EXPECT_EQ(subs->items[0].topic_arn, other);
    EXPECT_TRUE(service_->delete_topic(caller(), arn).has_value());
    auto attrs = service_->get_topic_attributes(caller(), arn);
    ASSERT_FALSE(attrs.has_value());
    EXPECT_EQ(attrs.error().code, Errc::kNotFound);
    EXPECT_EQ(attrs.error().message, "Topic does not exist");
}

TEST_F(TopicServiceTest, AnotherAccountsTopicIsNotAuthorizedAndAnotherRegionIsInvalid) {
    std::string arn = create("T");
    auto foreign = service_->get_topic_attributes(caller("210987654321"), arn);
    ASSERT_FALSE(foreign.has_value());
    EXPECT_EQ(foreign.error().code, Errc::kPermissionDenied);
    EXPECT_EQ(foreign.error().message,
              "User: arn:aws:iam::210987654321:user/admin is not authorized to perform: "
              "SNS:GetTopicAttributes on resource: " +
                  arn);
    auto region = service_->get_topic_attributes(caller(kAccount, "eu-west-1"), arn);
    ASSERT_FALSE(region.has_value());
    EXPECT_EQ(region.error().message, "Invalid parameter: TopicArn");
    auto malformed = service_->get_topic_attributes(caller(), "arn:aws:sqs:us-east-1:1:T");
    ASSERT_FALSE(malformed.has_value());
    EXPECT_EQ(malformed.error().message, "Invalid parameter: TopicArn");
}

TEST_F(TopicServiceTest, TagsAreAddedReplacedListedAndRemoved) {
    CreateTopicRequest request;
    request.name = "T";
    request.tags = {{"team", "secops"}};
    std::string arn = service_->create_topic(caller(), request).value();
    ASSERT_TRUE(service_->tag_topic(caller(), arn, {{"team", "blue"}, {"env", "lab"}}).has_value());
    auto tags = service_->list_tags(caller(), arn);
    ASSERT_TRUE(tags.has_value());
    EXPECT_EQ(*tags, (std::vector<SnsTag>{{"team", "blue"}, {"env", "lab"}}));
    ASSERT_TRUE(service_->untag_topic(caller(), arn, {"team"}).has_value());
    EXPECT_EQ(service_->list_tags(caller(), arn).value(), (std::vector<SnsTag>{{"env", "lab"}}));
    std::vector<SnsTag> many;
    for (int i = 0; i < 50; ++i) {
        many.push_back({"k" + std::to_string(i), "v"});
    }
    auto over = service_->tag_topic(caller(), arn, many);
    ASSERT_FALSE(over.has_value());
    EXPECT_EQ(over.error().code, Errc::kLimitExceeded);
    auto missing = service_->list_tags(caller(), "arn:aws:sns:us-east-1:123456789012:none");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

TEST_F(TopicServiceTest, TopicsAndSubscriptionsSurviveAReopen) {
    CreateTopicRequest request;
    request.name = "Durable";
    request.attributes["DisplayName"] = "Alerts";
    request.tags = {{"team", "secops"}};
    std::string arn = service_->create_topic(caller(), request).value();
    std::string confirmed = subscribe_confirmed(
        arn, "http", "http://127.0.0.1:9/hook", {{"FilterPolicy", R"({"a":["b"]})"}});
    SubscribeResult pending = subscribe(arn, "email", "secops@example.com");
    std::string token = outbox().back().delivery.token;

    reopen();
    auto attrs = service_->get_topic_attributes(caller(), arn);
    ASSERT_TRUE(attrs.has_value());
    EXPECT_EQ(attrs->at("DisplayName"), "Alerts");
    EXPECT_EQ(attrs->at("SubscriptionsConfirmed"), "1");
    EXPECT_EQ(attrs->at("SubscriptionsPending"), "1");
    EXPECT_EQ(service_->list_tags(caller(), arn).value(), request.tags);
    auto sub = service_->get_subscription_attributes(caller(), confirmed);
    ASSERT_TRUE(sub.has_value());
    EXPECT_EQ(sub->at("FilterPolicy"), R"({"a":["b"]})");
    // The pending subscription's token still confirms it after the restart.
    auto arn2 = service_->confirm_subscription(link_visitor(), {arn, token, false, ""});
    ASSERT_TRUE(arn2.has_value()) << arn2.error().message;
    EXPECT_EQ(*arn2, pending.subscription_arn);
}

}  // namespace
}  // namespace tripline::notify::test
