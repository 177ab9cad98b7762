#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bus/target_spec.h"
#include "bus_test_util.h"

namespace tripline::bus {
namespace {

using test_util::BusTest;

constexpr const char* kTopic = "arn:aws:sns:us-east-1:123456789012:GDTopic";

// The GuardDuty tutorial's target as the CLI sends it (eventbridge-targets.md §6), pretty-printed
// with the member order a user writes.
const std::string kGuardDutyTarget = R"({
  "Id": "1",
  "Arn": "arn:aws:sns:us-east-1:123456789012:GDTopic",
  "InputTransformer": {
    "InputPathsMap": {"severity": "$.detail.severity", "Account_ID": "$.detail.accountId",
                      "Finding_ID": "$.detail.id", "Finding_Type": "$.detail.type",
                      "region": "$.region", "Finding_description": "$.detail.description"},
    "InputTemplate": "\"AWS <Account_ID> has a severity <severity> GuardDuty finding type <Finding_Type> in the <region> region.\"\n\"Finding Description:\"\n\"<Finding_description>. \"\n\"For more details open the GuardDuty console at https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id=<Finding_ID>\""
  }
})";

std::string sns_target(const std::string& id) {
    return R"({"Id":")" + id + R"(","Arn":"arn:aws:sns:us-east-1:123456789012:t"})";
}

class TargetsTest : public BusTest {
protected:
    void SetUp() override {
        BusTest::SetUp();
        put_rule("GDRule", R"({"source":["aws.guardduty"]})");
    }
};

TEST_F(TargetsTest, InputTransformerRoundTripsByteForByte) {
    put_target("GDRule", kGuardDutyTarget);
    auto page = service_->list_targets_by_rule(scope_, "", "GDRule", 0, "");
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 1u);
    // The stored JSON is the given one, minified: same members in the same order, same strings.
    const auto given = nlohmann::ordered_json::parse(kGuardDutyTarget);
    EXPECT_EQ(page->items[0].json, given.dump());
    const auto stored = nlohmann::ordered_json::parse(page->items[0].json);
    EXPECT_EQ(stored["InputTransformer"]["InputTemplate"].get<std::string>(),
              given["InputTransformer"]["InputTemplate"].get<std::string>());
    std::vector<std::string> keys;
    for (const auto& [key, value] : stored["InputTransformer"]["InputPathsMap"].items()) {
        keys.push_back(key);
    }
    EXPECT_EQ(keys,
              (std::vector<std::string>{"severity",
                                        "Account_ID",
                                        "Finding_ID",
                                        "Finding_Type",
                                        "region",
                                        "Finding_description"}));
    // ... and across a restart.
    reopen();
    EXPECT_EQ(service_->list_targets_by_rule(scope_, "", "GDRule", 0, "")->items[0].json,
              given.dump());
}

TEST_F(TargetsTest, AtMostFivePerRuleAndTenPerCall) {
    std::vector<std::string> five;
    for (int i = 1; i <= 5; ++i) {
        five.push_back(sns_target(std::to_string(i)));
    }
    ASSERT_TRUE(service_->put_targets(scope_, "", "GDRule", five).has_value());
    // Replacing an existing Id is fine.
    ASSERT_TRUE(service_->put_targets(scope_, "", "GDRule", {sns_target("3")}).has_value());
    auto sixth = service_->put_targets(scope_, "", "GDRule", {sns_target("6")});
    ASSERT_FALSE(sixth.has_value());
    EXPECT_EQ(sixth.error().code, Errc::kLimitExceeded);
    EXPECT_EQ(sixth.error().message, "The requested resource exceeds the maximum number allowed.");
    EXPECT_EQ(service_->list_targets_by_rule(scope_, "", "GDRule", 0, "")->items.size(), 5u);

    std::vector<std::string> eleven(11, sns_target("x"));
    put_rule("other", R"({"source":["x"]})");
    EXPECT_EQ(service_->put_targets(scope_, "", "other", eleven).error().code,
              Errc::kLimitExceeded);
}

TEST_F(TargetsTest, ModelConstraintsFailTheWholeRequest) {
    auto bad_id = service_->put_targets(
        scope_, "", "GDRule", {sns_target("ok"), R"({"Id":"a b","Arn":"arn:aws:sns:r:1:t"})"});
    ASSERT_FALSE(bad_id.has_value());
    EXPECT_EQ(bad_id.error().message,
              "1 validation error detected: Value 'a b' at 'targets.2.member.id' failed to "
              "satisfy constraint: Member must satisfy regular expression pattern: "
              "[\\.\\-_A-Za-z0-9]+");
    EXPECT_TRUE(service_->list_targets_by_rule(scope_, "", "GDRule", 0, "")->items.empty());

    auto retry = service_->put_targets(
        scope_,
        "",
        "GDRule",
        {R"({"Id":"1","Arn":"arn:aws:sns:us-east-1:123456789012:t","RetryPolicy":{"MaximumRetryAttempts":186}})"});
    ASSERT_FALSE(retry.has_value());
    EXPECT_EQ(retry.error().message,
              "1 validation error detected: Value '186' at "
              "'targets.1.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: "
              "Member must have value less than or equal to 185");
    auto age = service_->put_targets(
        scope_,
        "",
        "GDRule",
        {R"({"Id":"1","Arn":"arn:aws:sns:us-east-1:123456789012:t","RetryPolicy":{"MaximumEventAgeInSeconds":59}})"});
    ASSERT_FALSE(age.has_value());
    EXPECT_NE(age.error().message.find("greater than or equal to 60"), std::string::npos);

    auto two_inputs = service_->put_targets(
        scope_,
        "",
        "GDRule",
        {R"({"Id":"7","Arn":"arn:aws:sns:us-east-1:123456789012:t","Input":"{}","InputPath":"$.detail"})"});
    ASSERT_FALSE(two_inputs.has_value());
    EXPECT_EQ(two_inputs.error().message,
              "Only one of Input, InputPath, or InputTransformer must be provided for target 7.");
    auto not_json = service_->put_targets(
        scope_,
        "",
        "GDRule",
        {R"({"Id":"8","Arn":"arn:aws:sns:us-east-1:123456789012:t","Input":"{oops"})"});
    ASSERT_FALSE(not_json.has_value());
    EXPECT_EQ(not_json.error().message, "Input for target 8 is not a valid JSON text.");
}

TEST_F(TargetsTest, UndeliverableTargetsFailOnlyTheirEntry) {
    auto result = service_->put_targets(
        scope_,
        "",
        "GDRule",
        {sns_target("good"),
         R"({"Id":"logs","Arn":"arn:aws:logs:us-east-1:123456789012:destination:d"})",
         R"({"Id":"api","Arn":"arn:aws:events:us-east-1:123456789012:api-destination/d/1"})",
         R"({"Id":"lambda","Arn":"arn:aws:lambda:us-east-1:123456789012:function:f"})",
         R"({"Id":"junk","Arn":"not-an-arn"})",
         R"({"Id":"relfile","Arn":"arn:tripline:file:::relative.jsonl"})",
         R"({"Id":"dlq","Arn":"arn:aws:sqs:us-east-1:123456789012:q","DeadLetterConfig":{"Arn":"arn:aws:sns:us-east-1:123456789012:t"}})",
         R"({"Id":"fifo","Arn":"arn:aws:sqs:us-east-1:123456789012:q.fifo"})",
         R"({"Id":"file","Arn":"arn:tripline:file:::/tmp/events.jsonl"})",
         R"({"Id":"group","Arn":"arn:aws:logs:us-east-1:123456789012:log-group:g"})"});
    ASSERT_TRUE(result.has_value()) << result.error().message;
    std::vector<std::string> failed;
    for (const auto& f : *result) {
        failed.push_back(f.target_id);
        EXPECT_EQ(f.error.code, Errc::kInvalidArgument);
    }
    EXPECT_EQ(failed,
              (std::vector<std::string>{"logs", "lambda", "junk", "relfile", "dlq", "fifo"}));
    EXPECT_EQ((*result)[0].error.message,
              "Parameter arn:aws:logs:us-east-1:123456789012:destination:d is not valid. Reason: "
              "Provided Arn is not in correct format.");
    EXPECT_EQ((*result)[2].error.message,
              "Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.");
    EXPECT_EQ((*result)[5].error.message,
              "Parameter(s) SqsParameters must be specified for target: fifo.");
    auto targets = service_->list_targets_by_rule(scope_, "", "GDRule", 0, "");
    ASSERT_EQ(targets->items.size(), 4u);    // good, api, file, group
    EXPECT_EQ(targets->items[1].id, "api");  // API destinations are targets
    EXPECT_EQ(targets->items[2].id, "file");
    EXPECT_EQ(targets->items[3].id, "group");  // CloudWatch Logs log groups are targets
}

TEST_F(TargetsTest, RemoveTargetsReportsUnknownIds) {
    put_target("GDRule", sns_target("1"));
    auto result = service_->remove_targets(scope_, "", "GDRule", {"1", "2"}, false);
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(result->size(), 1u);
    EXPECT_EQ((*result)[0].target_id, "2");
    EXPECT_EQ((*result)[0].error.code, Errc::kNotFound);
    EXPECT_EQ((*result)[0].error.message, "Rule 'GDRule' does not have a target with the Id '2'.");
    EXPECT_TRUE(service_->list_targets_by_rule(scope_, "", "GDRule", 0, "")->items.empty());
    EXPECT_EQ(service_->remove_targets(scope_, "", "nope", {"1"}, false).error().code,
              Errc::kNotFound);
}

TEST_F(TargetsTest, ListRuleNamesByTarget) {
    put_target("GDRule", sns_target("1"));
    put_rule("Other", R"({"source":["x"]})");
    put_target("Other", sns_target("a"));
    put_rule("Unrelated", R"({"source":["x"]})");
    auto names = service_->list_rule_names_by_target(
        scope_, "", "arn:aws:sns:us-east-1:123456789012:t", 0, "");
    ASSERT_TRUE(names.has_value());
    EXPECT_EQ(names->items, (std::vector<std::string>{"GDRule", "Other"}));
}

TEST_F(TargetsTest, PaginatesTargets) {
    for (int i = 1; i <= 3; ++i) {
        put_target("GDRule", sns_target(std::to_string(i)));
    }
    auto first = service_->list_targets_by_rule(scope_, "", "GDRule", 2, "");
    ASSERT_EQ(first->items.size(), 2u);
    ASSERT_EQ(first->next_token, "2");
    auto second = service_->list_targets_by_rule(scope_, "", "GDRule", 2, first->next_token);
    ASSERT_EQ(second->items.size(), 1u);
    EXPECT_EQ(second->items[0].id, "3");
}

TEST(TargetSpec, ClassifiesArns) {
    EXPECT_EQ(classify_target_arn(kTopic), TargetKind::kSnsTopic);
    EXPECT_EQ(classify_target_arn("arn:aws:sqs:eu-west-1:123456789012:q"), TargetKind::kSqsQueue);
    EXPECT_EQ(classify_target_arn("arn:aws:events:eu-west-1:123456789012:event-bus/b"),
              TargetKind::kEventBus);
    EXPECT_EQ(classify_target_arn("arn:tripline:file:::/var/x.jsonl"), TargetKind::kFile);
    EXPECT_EQ(file_target_path("arn:tripline:file:::/var/x.jsonl"), "/var/x.jsonl");
    EXPECT_EQ(classify_target_arn("arn:aws:sns:us-east-1:12:t"), TargetKind::kMalformed);
}

}  // namespace
}  // namespace tripline::bus
