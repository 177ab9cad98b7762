#include <gtest/gtest.h>

#include "bus/bus_names.h"
#include "bus_test_util.h"

namespace tripline::bus {
namespace {

using test_util::BusTest;

constexpr const char* kStsPattern =
    R"({"source": ["aws.sts"], "detail": {"eventName": ["GetCallerIdentity"]}})";

TEST_F(BusTest, PutRuleCreatesAndDescribeReturnsThePatternAsGiven) {
    RuleSpec spec;
    spec.name = "APICallRule";
    spec.event_pattern = kStsPattern;
    spec.description = "lab1";
    auto result = service_->put_rule(scope_, spec);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->rule.arn, "arn:aws:events:us-east-1:123456789012:rule/APICallRule");

    auto rule = service_->describe_rule(scope_, "", "APICallRule");
    ASSERT_TRUE(rule.has_value());
    EXPECT_EQ(*rule->event_pattern, kStsPattern);  // byte for byte, spaces included
    EXPECT_EQ(rule->state, RuleState::kEnabled);
    EXPECT_EQ(*rule->description, "lab1");
    EXPECT_EQ(rule->bus_name, "default");
    EXPECT_EQ(rule->created_by, "123456789012");
}

TEST_F(BusTest, PutRuleReplacesButKeepsTargetsAndDropsOmittedMembers) {
    RuleSpec spec;
    spec.name = "r";
    spec.event_pattern = R"({"source":["a"]})";
    spec.description = "first";
    ASSERT_TRUE(service_->put_rule(scope_, spec).has_value());
    put_target("r", R"({"Id":"1","Arn":"arn:aws:sns:us-east-1:123456789012:t"})");

    RuleSpec again;
    again.name = "r";
    again.event_pattern = R"({"source":["b"]})";
    again.state = "DISABLED";
    ASSERT_TRUE(service_->put_rule(scope_, again).has_value());
    auto rule = service_->describe_rule(scope_, "default", "r");
    ASSERT_TRUE(rule.has_value());
    EXPECT_EQ(*rule->event_pattern, R"({"source":["b"]})");
    EXPECT_EQ(rule->state, RuleState::kDisabled);
    EXPECT_FALSE(rule->description.has_value());
    ASSERT_EQ(rule->targets.size(), 1u);
}

TEST_F(BusTest, AllThreeStatesAreAcceptedAndOthersRefused) {
    for (std::string state :
         {"ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}) {
        auto result = put_rule("r-" + std::to_string(state.size()), kStsPattern, state);
        EXPECT_EQ(rule_state_name(result.rule.state), state);
    }
    RuleSpec spec;
    spec.name = "bad";
    spec.event_pattern = kStsPattern;
    spec.state = "enabled";
    auto result = service_->put_rule(scope_, spec);
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message.find("Member must satisfy enum value set"), std::string::npos);
}

TEST_F(BusTest, InvalidPatternIsReportedWithTheParsersReason) {
    RuleSpec spec;
    spec.name = "r";
    spec.event_pattern = R"({"source": "aws.sts"})";
    auto result = service_->put_rule(scope_, spec);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
    EXPECT_TRUE(result.error().message.starts_with("Event pattern is not valid. Reason: "))
        << result.error().message;
}

TEST_F(BusTest, RuleNamesAndRequiredMembersAreValidated) {
    RuleSpec spec;
    spec.name = "has space";
    spec.event_pattern = kStsPattern;
    auto result = service_->put_rule(scope_, spec);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message,
              "1 validation error detected: Value 'has space' at 'name' failed to satisfy "
              "constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");

    spec.name = "nothing";
    spec.event_pattern.reset();
    result = service_->put_rule(scope_, spec);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message,
              "Parameter(s) EventPattern or ScheduleExpression must be specified.");

    spec.schedule_expression = "rate(5 minutes)";
    EXPECT_TRUE(service_->put_rule(scope_, spec).has_value());
    spec.schedule_expression = "every 5 minutes";
    result = service_->put_rule(scope_, spec);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "Parameter ScheduleExpression is not valid.");
}

TEST_F(BusTest, UnknownRuleAndBusAreNotFoundWithAwsMessages) {
    auto rule = service_->describe_rule(scope_, "", "nope");
    ASSERT_FALSE(rule.has_value());
    EXPECT_EQ(rule.error().code, Errc::kNotFound);
    EXPECT_EQ(rule.error().message, "Rule nope does not exist on EventBus default.");
    auto other = service_->describe_rule(scope_, "missing-bus", "nope");
    ASSERT_FALSE(other.has_value());
    EXPECT_EQ(other.error().message, "Event bus missing-bus does not exist.");
}

TEST_F(BusTest, ListRulesFiltersByPrefixAndPaginates) {
    for (const char* name : {"APICallRule", "APIOther", "GDRule", "AAA"}) {
        put_rule(name, kStsPattern);
    }
    auto page = service_->list_rules(scope_, "", "API", 0, "");
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].name, "APICallRule");
    EXPECT_TRUE(page->next_token.empty());

    auto first = service_->list_rules(scope_, "", "", 3, "");
    ASSERT_TRUE(first.has_value());
    ASSERT_EQ(first->items.size(), 3u);
    ASSERT_FALSE(first->next_token.empty());
    auto second = service_->list_rules(scope_, "", "", 3, first->next_token);
    ASSERT_TRUE(second.has_value());
    ASSERT_EQ(second->items.size(), 1u);
    EXPECT_EQ(second->items[0].name, "GDRule");
}

TEST_F(BusTest, DeleteRuleRefusesWhileTargetsExistUnlessForced) {
    put_rule("r", kStsPattern);
    put_target("r", R"({"Id":"1","Arn":"arn:aws:sns:us-east-1:123456789012:t"})");
    auto status = service_->delete_rule(scope_, "", "r", false);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().message, "Rule can't be deleted since it has targets.");
    EXPECT_TRUE(service_->delete_rule(scope_, "", "r", true).has_value());
    EXPECT_FALSE(service_->describe_rule(scope_, "", "r").has_value());
    // Deleting again succeeds, as AWS documents.
    EXPECT_TRUE(service_->delete_rule(scope_, "", "r", false).has_value());
}

TEST_F(BusTest, EnableAndDisableSetTheState) {
    put_rule("r", kStsPattern, "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    ASSERT_TRUE(service_->set_rule_state(scope_, "", "r", RuleState::kDisabled).has_value());
    EXPECT_EQ(service_->describe_rule(scope_, "", "r")->state, RuleState::kDisabled);
    ASSERT_TRUE(service_->set_rule_state(scope_, "", "r", RuleState::kEnabled).has_value());
    EXPECT_EQ(service_->describe_rule(scope_, "", "r")->state, RuleState::kEnabled);
}

TEST_F(BusTest, RulesBusesAndTargetsSurviveReopen) {
    ASSERT_TRUE(service_->create_event_bus(scope_, "security", std::nullopt, {}).has_value());
    put_rule("r1", kStsPattern, "DISABLED", "security");
    put_target("r1", R"({"Id":"t","Arn":"arn:aws:sqs:us-east-1:123456789012:q"})", "security");
    put_rule("r2", kStsPattern);
    reopen();
    auto rule = service_->describe_rule(scope_, "security", "r1");
    ASSERT_TRUE(rule.has_value()) << rule.error().message;
    EXPECT_EQ(rule->arn, "arn:aws:events:us-east-1:123456789012:rule/security/r1");
    EXPECT_EQ(rule->state, RuleState::kDisabled);
    ASSERT_EQ(rule->targets.size(), 1u);
    EXPECT_EQ(rule->targets[0].arn, "arn:aws:sqs:us-east-1:123456789012:q");
    EXPECT_TRUE(service_->describe_rule(scope_, "", "r2").has_value());
    // The same rule name on two buses are two rules.
    EXPECT_FALSE(service_->describe_rule(scope_, "", "r1").has_value());
}

TEST_F(BusTest, EventBusesAreCreatedListedAndDeletedWithTheirRules) {
    auto bus = service_->create_event_bus(scope_, "tripline-bus", std::string("mine"), {});
    ASSERT_TRUE(bus.has_value());
    EXPECT_EQ(bus->arn, "arn:aws:events:us-east-1:123456789012:event-bus/tripline-bus");
    auto again = service_->create_event_bus(scope_, "tripline-bus", std::nullopt, {});
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, Errc::kAlreadyExists);
    EXPECT_EQ(service_->create_event_bus(scope_, "default", std::nullopt, {}).error().code,
              Errc::kAlreadyExists);
    EXPECT_EQ(service_->create_event_bus(scope_, "aws.partner", std::nullopt, {}).error().code,
              Errc::kInvalidArgument);

    auto list = service_->list_event_buses(scope_, "", 0, "");
    ASSERT_TRUE(list.has_value());
    ASSERT_EQ(list->items.size(), 2u);
    EXPECT_EQ(list->items[0].name, "default");
    EXPECT_EQ(list->items[1].name, "tripline-bus");

    auto by_arn = service_->describe_event_bus(scope_, bus->arn);
    ASSERT_TRUE(by_arn.has_value());
    EXPECT_EQ(*by_arn->description, "mine");

    put_rule("r", kStsPattern, "ENABLED", "tripline-bus");
    ASSERT_TRUE(service_->delete_event_bus(scope_, "tripline-bus").has_value());
    EXPECT_EQ(service_->describe_event_bus(scope_, "tripline-bus").error().code, Errc::kNotFound);
    ASSERT_TRUE(service_->create_event_bus(scope_, "tripline-bus", std::nullopt, {}).has_value());
    EXPECT_FALSE(service_->describe_rule(scope_, "tripline-bus", "r").has_value());
    EXPECT_EQ(service_->delete_event_bus(scope_, "default").error().message,
              "Cannot delete event bus default.");
    EXPECT_TRUE(service_->delete_event_bus(scope_, "never-existed").has_value());
}

TEST_F(BusTest, TagsOnRulesAndBuses) {
    auto rule = put_rule("r", kStsPattern);
    ASSERT_TRUE(service_->tag_resource(scope_, rule.rule.arn, {{"team", "sec"}, {"env", "lab"}})
                    .has_value());
    ASSERT_TRUE(service_->untag_resource(scope_, rule.rule.arn, {"env"}).has_value());
    auto tags = service_->list_tags_for_resource(scope_, rule.rule.arn);
    ASSERT_TRUE(tags.has_value());
    EXPECT_EQ(*tags, (std::vector<Tag>{{"team", "sec"}}));

    const std::string default_arn = "arn:aws:events:us-east-1:123456789012:event-bus/default";
    ASSERT_TRUE(service_->tag_resource(scope_, default_arn, {{"k", "v"}}).has_value());
    EXPECT_EQ(*service_->list_tags_for_resource(scope_, default_arn),
              (std::vector<Tag>{{"k", "v"}}));
    EXPECT_EQ(service_->list_event_buses(scope_, "", 0, "")->items.size(), 1u);

    auto dup = service_->tag_resource(scope_, rule.rule.arn, {{"a", "1"}, {"a", "2"}});
    ASSERT_FALSE(dup.has_value());
    auto missing =
        service_->list_tags_for_resource(scope_, "arn:aws:events:us-east-1:123456789012:rule/nope");
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

TEST_F(BusTest, ReadOnlyOnlyPatternUnderEnabledGetsAWarning) {
    auto enabled =
        put_rule("lab1",
                 R"({"source":["aws.sts"],"detail-type":["AWS API Call via CloudTrail"],)"
                 R"("detail":{"eventSource":["sts.amazonaws.com"],)"
                 R"("eventName":["GetCallerIdentity"]}})");
    ASSERT_TRUE(enabled.warning.has_value());
    EXPECT_NE(enabled.warning->find("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"),
              std::string::npos);
    auto all = put_rule("lab1b",
                        R"({"detail":{"eventName":["GetCallerIdentity"]}})",
                        "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    EXPECT_FALSE(all.warning.has_value());
    auto writes =
        put_rule("writes", R"({"detail":{"eventName":["GetCallerIdentity","StopLogging"]}})");
    EXPECT_FALSE(writes.warning.has_value());
}

TEST(BusNames, ResolveBusNameAcceptsNamesAndOwnArns) {
    EXPECT_EQ(*resolve_bus_name("", "123456789012", "us-east-1"), "default");
    EXPECT_EQ(*resolve_bus_name(
                  "arn:aws:events:us-east-1:123456789012:event-bus/b", "123456789012", "us-east-1"),
              "b");
    EXPECT_EQ(resolve_bus_name(
                  "arn:aws:events:us-east-1:999999999999:event-bus/b", "123456789012", "us-east-1")
                  .error()
                  .code,
              Errc::kNotFound);
    EXPECT_EQ(resolve_bus_name("bad name", "123456789012", "us-east-1").error().code,
              Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tripline::bus
