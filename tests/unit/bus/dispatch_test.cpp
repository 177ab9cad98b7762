#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "bus/read_only_events.h"
#include "bus_test_util.h"

namespace tripline::bus {
namespace {

using test_util::BusTest;

constexpr const char* kTopic = "arn:aws:sns:us-east-1:123456789012:APICallAlert1";

// The event CloudTrail puts on the default bus for `aws sts get-caller-identity` (cloudtrail.md
// §5).
std::string cloudtrail_event(const std::string& event_name, bool read_only) {
    return R"({"version":"0","id":"11111111-2222-4333-8444-555555555555",)"
           R"("detail-type":"AWS API Call via CloudTrail","source":"aws.sts",)"
           R"("account":"123456789012","time":"2026-11-22T08:00:00Z","region":"us-east-1",)"
           R"("resources":[],"detail":{"eventVersion":"1.11","eventSource":"sts.amazonaws.com",)"
           R"("eventName":")" +
           event_name + R"(","readOnly":)" + (read_only ? "true" : "false") +
           R"(,"eventType":"AwsApiCall","managementEvent":true,"eventCategory":"Management"}})";
}

std::string target_json(const std::string& id, const std::string& arn = kTopic) {
    return R"({"Id":")" + id + R"(","Arn":")" + arn + R"("})";
}

TEST_F(BusTest, MissionRuleEnqueuesTheWholeEventForItsTarget) {
    put_rule("APICallRule",
             R"({"source": ["aws.sts"], "detail": {"eventName": ["GetCallerIdentity"]}})",
             "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    put_target("APICallRule", target_json("1"));
    const std::string event = cloudtrail_event("GetCallerIdentity", true);
    auto id = service_->put_event("123456789012", "us-east-1", "default", event);
    ASSERT_TRUE(id.has_value()) << id.error().message;
    EXPECT_EQ(*id, "11111111-2222-4333-8444-555555555555");

    storage::OutboxStore outbox(*db_);
    auto messages = outbox.list(storage::OutboxStatus::kPending, 10);
    ASSERT_EQ(messages->size(), 1u);
    EXPECT_EQ((*messages)[0].kind, "events.target");
    EXPECT_EQ((*messages)[0].destination, kTopic);
    auto inv = parse_target_invocation((*messages)[0].payload);
    ASSERT_TRUE(inv.has_value());
    EXPECT_EQ(inv->input, event);  // already compact
    EXPECT_EQ(inv->event, event);
    EXPECT_EQ(inv->rule_arn, "arn:aws:events:us-east-1:123456789012:rule/APICallRule");
    EXPECT_EQ(inv->rule_name, "APICallRule");
    EXPECT_EQ(inv->event_id, *id);
    EXPECT_EQ(inv->account, "123456789012");
    EXPECT_EQ(inv->bus_name, "default");
    EXPECT_EQ(inv->event_time, "2026-11-22T08:00:00Z");
    EXPECT_EQ(inv->ingestion_time, format_iso8601(clock_.now()));
    EXPECT_EQ(nlohmann::json::parse(inv->target_json)["Id"], "1");
    EXPECT_EQ(wakeups_, 1);
}

TEST_F(BusTest, ReadOnlyManagementEventsReachOnlyTheAllManagementEventsState) {
    const std::string pattern = R"({"source":["aws.sts"]})";
    for (std::string state :
         {"ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}) {
        put_rule(state, pattern, state);
        put_target(state, target_json("t"));
    }
    ASSERT_TRUE(service_->put_event(
        "123456789012", "us-east-1", "", cloudtrail_event("GetCallerIdentity", true)));
    auto read_only = pending_invocations();
    ASSERT_EQ(read_only.size(), 1u);
    EXPECT_EQ(read_only[0].rule_name, "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");

    ASSERT_TRUE(service_->put_event(
        "123456789012", "us-east-1", "", cloudtrail_event("AssumeRole", false)));
    auto all = pending_invocations();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[1].rule_name, "ENABLED");
    EXPECT_EQ(all[2].rule_name, "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
}

TEST_F(BusTest, GuardDutyTemplateIsRenderedAtDispatch) {
    put_rule("GDRule",
             R"({"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],)"
             R"("detail":{"severity":[4,4.1,5,6,7,8,8.9]}})");
    put_target(
        "GDRule",
        R"({"Id":"1","Arn":"arn:aws:sns:us-east-1:123456789012:GDTopic","InputTransformer":{)"
        R"("InputPathsMap":{"severity":"$.detail.severity","Account_ID":"$.detail.accountId",)"
        R"("Finding_ID":"$.detail.id","Finding_Type":"$.detail.type","region":"$.region",)"
        R"("Finding_description":"$.detail.description"},)"
        R"("InputTemplate":"\"AWS <Account_ID> has a severity <severity> GuardDuty finding type <Finding_Type> in the <region> region.\"\n\"Finding Description:\"\n\"<Finding_description>. \"\n\"For more details open the GuardDuty console at https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id=<Finding_ID>\""}})");
    const std::string finding =
        R"({"version":"0","id":"e1","detail-type":"GuardDuty Finding","source":"aws.guardduty",)"
        R"("account":"123456789012","time":"2026-11-22T08:00:00Z","region":"us-east-1",)"
        R"("resources":[],"detail":{"severity":8,"accountId":"123456789012","id":"abc123",)"
        R"("type":"Backdoor:EC2/C&CActivity.B!DNS","description":"EC2 instance i-99999999 is )"
        R"(querying a domain name associated with a known Command & Control server."}})";
    ASSERT_TRUE(service_->put_event("123456789012", "us-east-1", "default", finding));
    auto invocations = pending_invocations();
    ASSERT_EQ(invocations.size(), 1u);
    EXPECT_EQ(invocations[0].input,
              "\"AWS 123456789012 has a severity 8 GuardDuty finding type "
              "Backdoor:EC2/C&CActivity.B!DNS in the us-east-1 region.\"\n"
              "\"Finding Description:\"\n"
              "\"EC2 instance i-99999999 is querying a domain name associated with a known "
              "Command & Control server.. \"\n"
              "\"For more details open the GuardDuty console at "
              "https://console.aws.amazon.com/guardduty/home?region=us-east-1#/"
              "findings?search=id=abc123\"");
    EXPECT_EQ(invocations[0].event, finding);
}

TEST_F(BusTest, SnapshotFollowsRuleChanges) {
    const std::string event = cloudtrail_event("StopLogging", false);
    put_rule("r", R"({"detail":{"eventName":["StopLogging"]}})");
    ASSERT_TRUE(service_->put_event("123456789012", "us-east-1", "", event));
    EXPECT_EQ(pending_invocations().size(), 0u);  // no target yet
    put_target("r", target_json("1"));
    ASSERT_TRUE(service_->put_event("123456789012", "us-east-1", "", event));
    EXPECT_EQ(pending_invocations().size(), 1u);
    ASSERT_TRUE(service_->set_rule_state(scope_, "", "r", RuleState::kDisabled));
    ASSERT_TRUE(service_->put_event("123456789012", "us-east-1", "", event));
    EXPECT_EQ(pending_invocations().size(), 1u);
    ASSERT_TRUE(service_->set_rule_state(scope_, "", "r", RuleState::kEnabled));
    reopen();  // compiled again from the store
    ASSERT_TRUE(service_->put_event("123456789012", "us-east-1", "", event));
    EXPECT_EQ(pending_invocations().size(), 2u);
    // Other accounts and regions have their own default bus.
    ASSERT_TRUE(service_->put_event("123456789012", "eu-north-1", "", event));
    EXPECT_EQ(pending_invocations().size(), 2u);
    EXPECT_EQ(service_->put_event("123456789012", "us-east-1", "nope", event).error().code,
              Errc::kNotFound);
}

TEST_F(BusTest, EveryTargetOfEveryMatchingRuleGetsOneMessage) {
    put_rule("a", R"({"source":["custom.app"]})");
    put_rule("b", R"({"detail":{"level":[{"numeric":[">",3]}]}})");
    put_rule("c", R"({"source":["other"]})");
    put_target("a", target_json("1"));
    put_target("a",
               R"({"Id":"2","Arn":"arn:aws:sqs:us-east-1:123456789012:q","InputPath":"$.detail"})");
    put_target(
        "b", R"({"Id":"x","Arn":"arn:tripline:file:::/tmp/e.jsonl","Input":"{\"const\": true}"})");
    put_target("c", target_json("1"));
    std::vector<BusEvent> events;
    for (int i = 0; i < 10; ++i) {
        events.push_back({"123456789012",
                          "us-east-1",
                          "default",
                          R"({"id":"e)" + std::to_string(i) +
                              R"(","source":"custom.app","detail":{"level":)" + std::to_string(i) +
                              "}}"});
    }
    auto stats = service_->dispatch(events);
    ASSERT_TRUE(stats.has_value()) << stats.error().message;
    EXPECT_EQ(stats->events, 10u);
    EXPECT_EQ(stats->enqueued, 10u * 2 + 6);
    EXPECT_EQ(wakeups_, 1);  // one transaction, one wake-up
    auto invocations = pending_invocations();
    ASSERT_EQ(invocations.size(), 26u);
    EXPECT_EQ(invocations[1].input, R"({"level":0})");
    bool saw_constant = false;
    for (const auto& inv : invocations) {
        if (inv.rule_name == "b") {
            EXPECT_EQ(inv.input, R"({"const":true})");
            saw_constant = true;
        }
    }
    EXPECT_TRUE(saw_constant);
}

TEST_F(BusTest, AnUnreadableEventDoesNotHoldUpTheBatch) {
    put_rule("a", R"({"source":["custom.app"]})");
    put_target("a", target_json("1"));
    std::vector<BusEvent> events = {
        {"123456789012", "us-east-1", "default", "[not an object]"},
        {"123456789012", "us-east-1", "default", R"({"source":"custom.app"})"},  // no id
        {"123456789012", "us-east-1", "default", R"({"id":"ok","source":"custom.app"})"}};
    auto stats = service_->dispatch(events);
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(stats->enqueued, 1u);
    EXPECT_EQ(pending_invocations()[0].event_id, "ok");
    EXPECT_FALSE(service_->put_event("123456789012", "us-east-1", "", "{}").has_value());
}

TEST_F(BusTest, PutEventsChecksEachEntry) {
    put_rule("custom", R"({"source":["custom.app"]})");
    put_target("custom", target_json("1"));
    std::vector<PutEventsEntry> entries(7);
    for (auto& e : entries) {
        e.source = "custom.app";
        e.detail_type = "Test";
        e.detail = R"({"k": "v", "n": 1.50})";
    }
    entries[1].source.reset();
    entries[2].source = "aws.sts";
    entries[3].detail = "[1,2]";
    entries[4].detail = "{not json";
    entries[5].event_bus_name = "missing";
    entries[6].detail = R"({"big": 9223372036854775808})";
    auto result = service_->put_events(scope_, entries);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->failed_count, 6);
    ASSERT_FALSE(result->entries[0].error);
    EXPECT_TRUE(is_uuid(result->entries[0].event_id));
    EXPECT_EQ(result->entries[1].error->kind, EntryErrorKind::kInvalidArgument);
    EXPECT_EQ(result->entries[1].error->message,
              "Parameter Source is not valid. Reason: Source is a required argument.");
    EXPECT_EQ(result->entries[2].error->kind, EntryErrorKind::kNotAuthorizedForSource);
    EXPECT_EQ(result->entries[3].error->kind, EntryErrorKind::kMalformedDetail);
    EXPECT_EQ(result->entries[4].error->kind, EntryErrorKind::kMalformedDetail);
    EXPECT_EQ(result->entries[5].error->kind, EntryErrorKind::kBusNotFound);
    EXPECT_EQ(result->entries[5].error->message, "Event bus missing does not exist.");
    EXPECT_EQ(result->entries[6].error->kind, EntryErrorKind::kMalformedDetail);

    auto invocations = pending_invocations();
    ASSERT_EQ(invocations.size(), 1u);
    auto event = nlohmann::json::parse(invocations[0].input);
    EXPECT_EQ(event["id"], result->entries[0].event_id);
    EXPECT_EQ(event["version"], "0");
    EXPECT_EQ(event["detail-type"], "Test");
    EXPECT_EQ(event["account"], "123456789012");
    EXPECT_EQ(event["region"], "us-east-1");
    EXPECT_EQ(event["time"], format_iso8601(clock_.now()));
    EXPECT_EQ(event["resources"], nlohmann::json::array());
    // Detail minified with its numbers as written.
    EXPECT_NE(invocations[0].input.find(R"("detail":{"k":"v","n":1.50})"), std::string::npos);
}

TEST_F(BusTest, PutEventsRequestLevelFailures) {
    std::vector<PutEventsEntry> incomplete(2);
    incomplete[0].source = "a";
    incomplete[1].detail = "{}";
    auto none = service_->put_events(scope_, incomplete);
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().code, Errc::kInvalidArgument);

    std::vector<PutEventsEntry> eleven(11);
    EXPECT_FALSE(service_->put_events(scope_, eleven).has_value());
    EXPECT_FALSE(service_->put_events(scope_, {}).has_value());

    std::vector<PutEventsEntry> big(2);
    for (auto& e : big) {
        e.source = "custom.app";
        e.detail_type = "Big";
        e.detail = R"({"pad":")" + std::string(130 * 1024, 'x') + R"("})";
    }
    auto too_big = service_->put_events(scope_, big);
    ASSERT_FALSE(too_big.has_value());
    EXPECT_EQ(too_big.error().message,
              "Total size of the entries in the request is over the limit.");
}

TEST_F(BusTest, PutEventsHonoursTimeAndBusArn) {
    ASSERT_TRUE(service_->create_event_bus(scope_, "apps", std::nullopt, {}));
    put_rule("r", R"({"source":["custom.app"]})", "ENABLED", "apps");
    put_target("r", target_json("1"), "apps");
    PutEventsEntry entry;
    entry.source = "custom.app";
    entry.detail_type = "T";
    entry.detail = "{}";
    entry.resources = {"arn:aws:s3:::b"};
    entry.event_bus_name = "arn:aws:events:us-east-1:123456789012:event-bus/apps";
    entry.time = TimePoint{std::chrono::seconds{1'704'067'200}};
    auto result = service_->put_events(scope_, {entry});
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(result->failed_count, 0);
    auto invocations = pending_invocations();
    ASSERT_EQ(invocations.size(), 1u);
    auto event = nlohmann::json::parse(invocations[0].input);
    EXPECT_EQ(event["time"], "2024-01-01T00:00:00Z");
    EXPECT_EQ(event["resources"][0], "arn:aws:s3:::b");
    EXPECT_EQ(invocations[0].bus_name, "apps");
    EXPECT_EQ(invocations[0].rule_arn, "arn:aws:events:us-east-1:123456789012:rule/apps/r");
}

TEST(ReadOnlyEvents, CriterionOfCloudTrailSection5) {
    simdjson::dom::parser parser;
    auto check = [&](const std::string& json) {
        return is_read_only_management_event(parser.parse(json).value());
    };
    EXPECT_TRUE(check(cloudtrail_event("GetCallerIdentity", true)));
    EXPECT_TRUE(check(cloudtrail_event("ListBuckets", true)));
    EXPECT_FALSE(check(cloudtrail_event("StopLogging", false)));
    // Read-only but not named Describe/Get/List: delivered under ENABLED.
    EXPECT_FALSE(check(cloudtrail_event("TestEventPattern", true)));
    EXPECT_FALSE(check(R"({"source":"custom","detail-type":"AWS API Call via CloudTrail",)"
                       R"("detail":{"readOnly":true,"eventName":"GetX"}})"));
    EXPECT_FALSE(check(R"({"source":"aws.s3","detail-type":"AWS API Call via CloudTrail",)"
                       R"("detail":{"readOnly":true,"eventName":"GetObject",)"
                       R"("managementEvent":false,"eventCategory":"Data"}})"));
    EXPECT_TRUE(state_receives(RuleState::kEnabledWithAllCloudTrailManagementEvents, true));
    EXPECT_FALSE(state_receives(RuleState::kEnabled, true));
    EXPECT_TRUE(state_receives(RuleState::kEnabled, false));
    EXPECT_FALSE(state_receives(RuleState::kDisabled, false));
}

}  // namespace
}  // namespace tripline::bus
