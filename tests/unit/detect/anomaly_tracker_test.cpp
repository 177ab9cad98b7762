// AnomalyTracker: AnomalousBehavior types from per-principal baselines, after a learning period
// in event time; baselines survive take_changed()/restore().
#include "detect/anomaly_tracker.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "event/cloudtrail_record.h"

namespace tripline::detect {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart{std::chrono::seconds(1'790'000'000)};

event::CloudTrailRecord call(std::string_view api,
                             std::string_view ip,
                             std::string_view agent = "aws-cli/2.15",
                             std::string_view user = "alice",
                             nlohmann::json params = nullptr,
                             bool read_only = false) {
    nlohmann::json r = {{"eventVersion", "1.08"},
                        {"eventSource", "iam.amazonaws.com"},
                        {"eventName", std::string(api)},
                        {"awsRegion", "us-east-1"},
                        {"sourceIPAddress", std::string(ip)},
                        {"userAgent", std::string(agent)},
                        {"readOnly", read_only},
                        {"recipientAccountId", "111122223333"},
                        {"userIdentity",
                         {{"type", "IAMUser"},
                          {"arn", "arn:aws:iam::111122223333:user/" + std::string(user)},
                          {"accountId", "111122223333"},
                          {"userName", std::string(user)}}}};
    if (!params.is_null()) {
        r["requestParameters"] = params;
    }
    auto parsed = event::parse_cloudtrail_record(r.dump());
    EXPECT_TRUE(parsed.has_value());
    return *parsed;
}

std::vector<std::string> types_of(AnomalyTracker& tracker,
                                  const event::CloudTrailRecord& record,
                                  TimePoint at) {
    std::vector<Detection> out;
    RecordFacts facts(record);
    tracker.observe(facts, at, out);
    std::vector<std::string> types;
    for (const auto& d : out) {
        types.emplace_back(d.type->name);
    }
    return types;
}

TEST(AnomalyTracker, NothingWhileTheAccountLearns) {
    AnomalyTracker tracker(72h);
    EXPECT_TRUE(types_of(tracker, call("ListUsers", "203.0.113.10"), kStart).empty());
    EXPECT_TRUE(types_of(tracker, call("CreateAccessKey", "198.51.100.9"), kStart + 1h).empty());
}

TEST(AnomalyTracker, FirstTacticCallFromANewAddressAfterLearning) {
    AnomalyTracker tracker(72h);
    types_of(tracker, call("ListUsers", "203.0.113.10"), kStart);
    // Same address and agent as learned: a new API alone is not enough.
    EXPECT_TRUE(types_of(tracker, call("CreateUser", "203.0.113.10"), kStart + 80h).empty());
    EXPECT_EQ(types_of(tracker, call("CreateAccessKey", "198.51.100.9"), kStart + 81h),
              std::vector<std::string>{"Persistence:IAMUser/AnomalousBehavior"});
    // Known by now.
    EXPECT_TRUE(types_of(tracker, call("CreateAccessKey", "198.51.100.10"), kStart + 82h).empty());
    EXPECT_EQ(types_of(tracker, call("StopLogging", "203.0.113.10", "Boto3/1.34"), kStart + 83h),
              std::vector<std::string>{"DefenseEvasion:IAMUser/AnomalousBehavior"});
}

TEST(AnomalyTracker, APrincipalFirstSeenAfterLearningIsNew) {
    AnomalyTracker tracker(1h);
    types_of(tracker, call("ListUsers", "203.0.113.10"), kStart);
    types_of(tracker, call("ListUsers", "203.0.113.10", "aws-cli/2.15", "mallory"), kStart + 2h);
    EXPECT_EQ(types_of(tracker,
                       call("AttachUserPolicy", "203.0.113.10", "aws-cli/2.15", "mallory"),
                       kStart + 2h + 1min),
              std::vector<std::string>{"PrivilegeEscalation:IAMUser/AnomalousBehavior"});
}

TEST(AnomalyTracker, DiscoveryBurstFromANewAddress) {
    AnomalyTracker tracker(1h);
    types_of(tracker, call("ListUsers", "203.0.113.10"), kStart);
    std::vector<std::string> last;
    for (int i = 0; i < 25; ++i) {
        last = types_of(
            tracker,
            call(
                "List" + std::to_string(i), "198.51.100.9", "aws-cli/2.15", "alice", nullptr, true),
            kStart + 2h + std::chrono::seconds(i));
        if (i < 24) {
            EXPECT_TRUE(last.empty()) << i;
        }
    }
    EXPECT_EQ(last, std::vector<std::string>{"Discovery:IAMUser/AnomalousBehavior"});
}

TEST(AnomalyTracker, SecretSpree) {
    AnomalyTracker tracker(1h);
    types_of(tracker,
             call("GetSecretValue", "203.0.113.10", "aws-cli/2.15", "alice", {{"secretId", "s0"}}),
             kStart);
    std::vector<std::string> last;
    for (int i = 1; i <= 5; ++i) {
        last = types_of(tracker,
                        call("GetSecretValue",
                             "203.0.113.10",
                             "aws-cli/2.15",
                             "alice",
                             {{"secretId", "s" + std::to_string(i)}}),
                        kStart + 2h + std::chrono::minutes(i));
        if (i < 5) {
            EXPECT_TRUE(last.empty()) << i;
        }
    }
    EXPECT_EQ(last, std::vector<std::string>{"CredentialAccess:IAMUser/AnomalousBehavior"});
}

TEST(AnomalyTracker, BaselinesSurviveARestart) {
    AnomalyTracker first(72h);
    types_of(first, call("ListUsers", "203.0.113.10"), kStart);
    types_of(first, call("CreateAccessKey", "203.0.113.10"), kStart + 1h);
    auto changed = first.take_changed();
    EXPECT_EQ(changed.size(), 2u);  // the account's start and alice
    EXPECT_TRUE(first.take_changed().empty());

    AnomalyTracker second(72h);
    for (const auto& [key, document] : changed) {
        second.restore(key, document);
    }
    // Learned before the restart: still known, and the account is past learning.
    EXPECT_TRUE(types_of(second, call("CreateAccessKey", "198.51.100.9"), kStart + 80h).empty());
    EXPECT_EQ(types_of(second, call("CreateUser", "198.51.100.20"), kStart + 81h),
              std::vector<std::string>{"Persistence:IAMUser/AnomalousBehavior"});
}

TEST(AnomalyTracker, LearningPeriodSyntax) {
    EXPECT_EQ(parse_learning_period("72h").value_or(0s), 72h);
    EXPECT_EQ(parse_learning_period("3d").value_or(0s), 72h);
    EXPECT_EQ(parse_learning_period("90m").value_or(0s), 90min);
    EXPECT_EQ(parse_learning_period("0").value_or(1s), 0s);
    EXPECT_FALSE(parse_learning_period("3w").has_value());
    EXPECT_FALSE(parse_learning_period("h").has_value());
    EXPECT_FALSE(parse_learning_period("12").has_value());
    EXPECT_FALSE(parse_learning_period("-1h").has_value());
}

}  // namespace
}  // namespace tripline::detect
