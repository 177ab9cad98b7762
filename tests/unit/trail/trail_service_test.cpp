// TrailService (cloudtrail.md §6-§8, §10-§11) on a FakeClock over a real state store, local buckets
// and LogDelivery: trail CRUD with AWS's rules, shadow trails, logging state and status times,
// selectors deciding what reaches the log files, delivery status and SNS hooks, tags, config
// declarations, persistence across a restart.
#include "trail/trail_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "log_delivery_fixture.h"
#include "trail/trail_names.h"

namespace tripline::trail::test {
namespace {

using nlohmann::json;
using std::chrono::seconds;

constexpr const char* kRegion = "us-east-1";
constexpr const char* kOtherRegion = "eu-west-1";
constexpr const char* kTopicArn = "arn:aws:sns:us-east-1:111122223333:trail-topic";

class TrailServiceTest : public LogDeliveryTest {
protected:
    void SetUp() override {
        LogDeliveryTest::SetUp();
        make_service();
    }

    void make_service() {
        service_.reset();
        TrailHooks hooks;
        hooks.resolve_topic = [](std::string_view account,
                                 std::string_view region,
                                 std::string_view topic) -> std::optional<std::string> {
            const std::string arn =
                "arn:aws:sns:" + std::string(region) + ":" + std::string(account) + ":trail-topic";
            if (topic == "trail-topic" || topic == arn) {
                return arn;
            }
            return std::nullopt;
        };
        hooks.file_delivered = [this](const Trail& trail, const DeliveredFile& file) {
            notified_.emplace_back(trail.arn, file.key);
        };
        service_ = std::make_unique<TrailService>(
            *resources_, *buckets_, *delivery_, clock_, std::move(hooks));
    }

    static TrailScope scope(const char* region = kRegion) { return {kAccount, region}; }

    static TrailSettings settings(const std::string& name) {
        TrailSettings s;
        s.name = name;
        s.s3_bucket = kBucket;
        return s;
    }

    Trail create(const std::string& name, const TrailScope& where = scope()) {
        auto trail = service_->create_trail(where, settings(name));
        EXPECT_TRUE(trail.has_value()) << (trail ? "" : trail.error().message);
        return trail ? *trail : Trail{};
    }

    Trail create_logging(TrailSettings s, const TrailScope& where = scope()) {
        auto trail = service_->create_trail(where, s);
        EXPECT_TRUE(trail.has_value()) << (trail ? "" : trail.error().message);
        EXPECT_TRUE(service_->start_logging(where, s.name).has_value());
        return trail ? *trail : Trail{};
    }

    // Log files written so far for the account/region.
    std::size_t log_files(const char* region = kRegion) {
        return keys_under("AWSLogs/" + std::string(kAccount) + "/CloudTrail/" + region + "/")
            .size();
    }

    std::unique_ptr<TrailService> service_;
    std::vector<std::pair<std::string, std::string>> notified_;
};

TEST_F(TrailServiceTest, CreateTrailAppliesAwsDefaults) {
    Trail t = create("lab-trail");
    EXPECT_EQ(t.arn, "arn:aws:cloudtrail:us-east-1:111122223333:trail/lab-trail");
    EXPECT_EQ(t.home_region, kRegion);
    EXPECT_EQ(t.s3_bucket, kBucket);
    EXPECT_TRUE(t.include_global_service_events);
    EXPECT_FALSE(t.is_multi_region);
    EXPECT_FALSE(t.log_file_validation);
    EXPECT_FALSE(t.is_logging);  // a new trail does not log until StartLogging
    EXPECT_FALSE(t.selectors.has_custom_selectors());
    EXPECT_FALSE(t.has_insight_selectors());
    EXPECT_EQ(service_->logging_trail_count(), 0u);
}

TEST_F(TrailServiceTest, CreateTrailRefusesWhatAwsRefuses) {
    auto bad_name = service_->create_trail(scope(), settings("my--trail"));
    ASSERT_FALSE(bad_name);
    EXPECT_EQ(bad_name.error().code, TrailErrc::kInvalidTrailName);

    TrailSettings no_bucket = settings("trail1");
    no_bucket.s3_bucket = "no-such-bucket";
    auto missing = service_->create_trail(scope(), no_bucket);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, TrailErrc::kBucketNotFound);
    EXPECT_EQ(missing.error().message, "S3 bucket does not exist: no-such-bucket");

    TrailSettings bad_topic = settings("trail1");
    bad_topic.sns_topic = "other-topic";
    auto topic = service_->create_trail(scope(), bad_topic);
    ASSERT_FALSE(topic);
    EXPECT_EQ(topic.error().code, TrailErrc::kTopicNotFound);

    TrailSettings no_global = settings("trail1");
    no_global.is_multi_region = true;
    no_global.include_global_service_events = false;
    auto combination = service_->create_trail(scope(), no_global);
    ASSERT_FALSE(combination);
    EXPECT_EQ(combination.error().code, TrailErrc::kInvalidParameterCombination);

    create("trail1");
    auto again = service_->create_trail(scope(), settings("trail1"));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, TrailErrc::kTrailAlreadyExists);
    EXPECT_EQ(again.error().message, "Trail trail1 already exists for customer: 111122223333");

    for (int i = 2; i <= 5; ++i) {
        create("trail" + std::to_string(i));
    }
    auto sixth = service_->create_trail(scope(), settings("trail6"));
    ASSERT_FALSE(sixth);
    EXPECT_EQ(sixth.error().code, TrailErrc::kMaximumTrailsExceeded);
}

TEST_F(TrailServiceTest, SnsTopicByNameOrArnIsResolved) {
    TrailSettings s = settings("with-topic");
    s.sns_topic = "trail-topic";
    auto t = service_->create_trail(scope(), s);
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->sns_topic_name, "trail-topic");
    EXPECT_EQ(t->sns_topic_arn, kTopicArn);

    TrailSettings clear;
    clear.name = "with-topic";
    clear.sns_topic = "";
    auto updated = service_->update_trail(scope(), clear);
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_FALSE(updated->sns_topic_arn);
    EXPECT_FALSE(updated->sns_topic_name);
}

TEST_F(TrailServiceTest, GetTrailByNameOrArnAndShadowTrails) {
    Trail single = create("single");
    TrailSettings multi = settings("everywhere");
    multi.is_multi_region = true;
    ASSERT_TRUE(service_->create_trail(scope(), multi));

    EXPECT_TRUE(service_->get_trail(scope(), "single"));
    EXPECT_TRUE(service_->get_trail(scope(), single.arn));

    // From another region: the multi-region trail is a shadow trail; the single one is unknown.
    auto shadow = service_->get_trail(scope(kOtherRegion), "everywhere");
    ASSERT_TRUE(shadow) << shadow.error().message;
    EXPECT_EQ(shadow->home_region, kRegion);
    auto unknown = service_->get_trail(scope(kOtherRegion), "single");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, TrailErrc::kTrailNotFound);
    EXPECT_EQ(unknown.error().message,
              "Unknown trail: arn:aws:cloudtrail:eu-west-1:111122223333:trail/single for the "
              "user: 111122223333");

    auto bad_arn = service_->get_trail(scope(), "arn:aws:cloudtrail:us-east-1:1:trail/x");
    ASSERT_FALSE(bad_arn);
    EXPECT_EQ(bad_arn.error().code, TrailErrc::kInvalidTrailArn);

    auto with_shadow = service_->describe_trails(scope(kOtherRegion), {}, true);
    ASSERT_TRUE(with_shadow);
    ASSERT_EQ(with_shadow->size(), 1u);
    EXPECT_EQ(with_shadow->front().name, "everywhere");
    auto without = service_->describe_trails(scope(kOtherRegion), {}, false);
    ASSERT_TRUE(without);
    EXPECT_TRUE(without->empty());
    // By ARN any region's trail is described; unknown names are skipped.
    auto named = service_->describe_trails(scope(kOtherRegion), {single.arn, "nope"}, true);
    ASSERT_TRUE(named);
    ASSERT_EQ(named->size(), 1u);
    EXPECT_EQ(named->front().arn, single.arn);

    EXPECT_EQ(service_->list_trails(scope(kOtherRegion)).size(), 2u);

    // Changes only from the home region.
    auto stop = service_->start_logging(scope(kOtherRegion), "everywhere");
    ASSERT_FALSE(stop);
    EXPECT_EQ(stop.error().code, TrailErrc::kInvalidHomeRegion);
    // A name used by a multi-region trail is taken in every region.
    auto clash = service_->create_trail(scope(kOtherRegion), settings("everywhere"));
    ASSERT_FALSE(clash);
    EXPECT_EQ(clash.error().code, TrailErrc::kTrailAlreadyExists);
}

TEST_F(TrailServiceTest, StartAndStopLoggingRecordTheirTimes) {
    create("lab-trail");
    const TimePoint started = clock_.now();
    ASSERT_TRUE(service_->start_logging(scope(), "lab-trail"));
    EXPECT_EQ(service_->logging_trail_count(), 1u);
    clock_.advance(seconds{30});
    const TimePoint stopped = clock_.now();
    ASSERT_TRUE(service_->stop_logging(scope(), "lab-trail"));
    EXPECT_EQ(service_->logging_trail_count(), 0u);
    auto status = service_->get_trail_status(scope(), "lab-trail");
    ASSERT_TRUE(status);
    EXPECT_FALSE(status->is_logging);
    EXPECT_EQ(status->status.start_logging_time, started);
    EXPECT_EQ(status->status.stop_logging_time, stopped);
}

TEST_F(TrailServiceTest, RecordsReachTheLogFilesOfLoggingTrailsThatSelectThem) {
    TrailSettings s = settings("lab-trail");
    s.sns_topic = "trail-topic";
    Trail trail = create_logging(s);
    create("idle");  // not logging: gets nothing

    service_->on_record(make_record(1));
    service_->on_record(make_record(2, kOtherRegion));  // another region
    service_->on_record(make_record(3, kRegion, "2026-01-02T03:04:05Z", "999988887777"));
    service_->deliver_due(true);

    auto keys = keys_under("AWSLogs/");
    ASSERT_EQ(keys.size(), 1u);
    json file = json::parse(object_text(keys[0]));
    ASSERT_EQ(file["Records"].size(), 1u);
    EXPECT_EQ(file["Records"][0]["eventID"], *make_record(1).event_id);

    // The delivery status is kept, persisted, and the topic is told.
    auto status = service_->get_trail_status(scope(), "lab-trail");
    ASSERT_TRUE(status);
    EXPECT_EQ(status->status.latest_delivery_time, clock_.now());
    EXPECT_FALSE(status->status.latest_delivery_error);
    EXPECT_EQ(status->status.latest_notification_time, clock_.now());
    ASSERT_EQ(notified_.size(), 1u);
    EXPECT_EQ(notified_[0].first, trail.arn);
    EXPECT_EQ(notified_[0].second, keys[0]);

    make_service();  // restart
    auto reloaded = service_->get_trail_status(scope(), "lab-trail");
    ASSERT_TRUE(reloaded);
    EXPECT_TRUE(reloaded->is_logging);
    EXPECT_EQ(reloaded->status, status->status);
    EXPECT_EQ(service_->logging_trail_count(), 1u);
}

TEST_F(TrailServiceTest, MultiRegionTrailsLogEveryRegion) {
    TrailSettings s = settings("everywhere");
    s.is_multi_region = true;
    create_logging(s);
    service_->on_record(make_record(1));
    service_->on_record(make_record(2, kOtherRegion));
    service_->deliver_due(true);
    EXPECT_EQ(log_files(kRegion), 1u);
    EXPECT_EQ(log_files(kOtherRegion), 1u);
}

TEST_F(TrailServiceTest, GlobalServiceEventsCanBeLeftOut) {
    TrailSettings s = settings("no-global");
    s.include_global_service_events = false;
    create_logging(s);
    service_->on_record(make_record(1));  // sts.amazonaws.com in us-east-1: a global event
    event::CloudTrailRecord regional = make_record(2);
    regional.event_source = "ec2.amazonaws.com";
    regional.event_name = "DescribeInstances";
    service_->on_record(regional);
    service_->deliver_due(true);
    auto keys = keys_under("AWSLogs/");
    ASSERT_EQ(keys.size(), 1u);
    json file = json::parse(object_text(keys[0]));
    ASSERT_EQ(file["Records"].size(), 1u);
    EXPECT_EQ(file["Records"][0]["eventSource"], "ec2.amazonaws.com");
}

TEST_F(TrailServiceTest, EventSelectorsDecideWhatIsLogged) {
    create_logging(settings("writes-only"));
    auto put = service_->put_event_selectors(
        scope(),
        "writes-only",
        json::parse(R"([{"ReadWriteType":"WriteOnly","IncludeManagementEvents":true}])"),
        std::nullopt);
    ASSERT_TRUE(put) << put.error().message;
    EXPECT_TRUE(put->selectors.has_custom_selectors());
    auto got = service_->get_event_selectors(scope(), "writes-only");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->selectors.to_api_json()["EventSelectors"][0]["ReadWriteType"], "WriteOnly");

    service_->on_record(make_record(1));  // GetCallerIdentity: read-only
    event::CloudTrailRecord write = make_record(2);
    write.event_name = "CreateUser";
    write.event_source = "iam.amazonaws.com";
    write.read_only = false;
    service_->on_record(write);
    service_->deliver_due(true);
    auto keys = keys_under("AWSLogs/");
    ASSERT_EQ(keys.size(), 1u);
    json file = json::parse(object_text(keys[0]));
    ASSERT_EQ(file["Records"].size(), 1u);
    EXPECT_EQ(file["Records"][0]["eventName"], "CreateUser");

    auto both = service_->put_event_selectors(scope(), "writes-only", json::array(), json::array());
    ASSERT_FALSE(both);
    EXPECT_EQ(both.error().code, TrailErrc::kInvalidEventSelectors);
    auto invalid = service_->put_event_selectors(
        scope(), "writes-only", json::parse(R"([{"ReadWriteType":"Sometimes"}])"), std::nullopt);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, TrailErrc::kInvalidEventSelectors);

    // Advanced selectors survive a restart.
    auto advanced = service_->put_event_selectors(
        scope(),
        "writes-only",
        std::nullopt,
        json::parse(R"([{"Name":"mgmt","FieldSelectors":[{"Field":"eventCategory",
                        "Equals":["Management"]}]}])"));
    ASSERT_TRUE(advanced) << advanced.error().message;
    make_service();
    auto reloaded = service_->get_event_selectors(scope(), "writes-only");
    ASSERT_TRUE(reloaded);
    EXPECT_TRUE(reloaded->selectors.is_advanced());
    EXPECT_EQ(reloaded->selectors.to_api_json(), advanced->selectors.to_api_json());
}

TEST_F(TrailServiceTest, InsightSelectorsAreStored) {
    create("lab-trail");
    auto none = service_->get_insight_selectors(scope(), "lab-trail");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, TrailErrc::kInsightNotEnabled);
    auto bad = service_->put_insight_selectors(
        scope(), "lab-trail", json::parse(R"([{"InsightType":"ApiCallVolume"}])"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, TrailErrc::kInvalidInsightSelectors);
    auto put = service_->put_insight_selectors(
        scope(),
        "lab-trail",
        json::parse(R"([{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight",
                        "EventCategories":["Management"]}])"));
    ASSERT_TRUE(put) << put.error().message;
    auto got = service_->get_insight_selectors(scope(), "lab-trail");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->insight_selectors.size(), 2u);
    ASSERT_TRUE(service_->put_insight_selectors(scope(), "lab-trail", json::array()));
    EXPECT_FALSE(service_->get_insight_selectors(scope(), "lab-trail"));
}

TEST_F(TrailServiceTest, LoggingTrailsWithInsightSelectorsReceiveInsightsEvents) {
    create_logging(settings("lab-trail"));
    EXPECT_FALSE(service_->insight_types(kAccount, kRegion).any());
    ASSERT_TRUE(service_->put_insight_selectors(
        scope(), "lab-trail", json::parse(R"([{"InsightType":"ApiErrorRateInsight"}])")));
    InsightTypes types = service_->insight_types(kAccount, kRegion);
    EXPECT_FALSE(types.api_call_rate);
    EXPECT_TRUE(types.api_error_rate);
    EXPECT_FALSE(service_->insight_types(kAccount, "eu-west-1").any());  // not logged there
    EXPECT_FALSE(service_->insight_types("999999999999", kRegion).any());

    event::CloudTrailRecord insight;
    insight.event_time = "2026-01-02T03:04:00Z";
    insight.aws_region = kRegion;
    insight.event_type = "AwsCloudTrailInsight";
    insight.recipient_account_id = kAccount;
    insight.event_category = "Insight";
    const std::string text = event::to_json(insight);
    service_->on_insight(insight, text, InsightType::kApiCallRate);  // a type it did not select
    service_->on_insight(insight, text, InsightType::kApiErrorRate);
    service_->deliver_due(true);
    const auto files =
        keys_under("AWSLogs/" + std::string(kAccount) + "/CloudTrail-Insight/" + kRegion + "/");
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(object_text(files[0]), "{\"Records\":[" + text + "]}");
    EXPECT_EQ(log_files(), 0u);
}

TEST_F(TrailServiceTest, TagsAreAddedReplacedRemovedAndLimited) {
    TrailSettings s = settings("tagged");
    s.tags = {{"team", "blue"}};
    Trail t = *service_->create_trail(scope(), s);
    ASSERT_TRUE(service_->add_tags(scope(), t.arn, {{"team", "red"}, {"env", "lab"}}));
    auto listed = service_->list_tags(scope(), {t.arn});
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().second, (std::vector<TrailTag>{{"team", "red"}, {"env", "lab"}}));
    ASSERT_TRUE(service_->remove_tags(scope(), t.arn, {{"team", ""}}));
    EXPECT_EQ(service_->list_tags(scope(), {t.arn})->front().second,
              (std::vector<TrailTag>{{"env", "lab"}}));

    auto reserved = service_->add_tags(scope(), t.arn, {{"aws:x", "y"}});
    ASSERT_FALSE(reserved);
    EXPECT_EQ(reserved.error().code, TrailErrc::kInvalidTagParameter);
    std::vector<TrailTag> many;
    for (int i = 0; i < 50; ++i) {
        many.push_back({"k" + std::to_string(i), "v"});
    }
    auto too_many = service_->add_tags(scope(), t.arn, many);
    ASSERT_FALSE(too_many);
    EXPECT_EQ(too_many.error().code, TrailErrc::kTagsLimitExceeded);
    auto unknown = service_->list_tags(scope(), {trail_arn(kAccount, kRegion, "nope")});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, TrailErrc::kResourceNotFound);
}

TEST_F(TrailServiceTest, DeleteTrailStopsItsLogging) {
    create_logging(settings("lab-trail"));
    service_->on_record(make_record(1));
    ASSERT_TRUE(service_->delete_trail(scope(), "lab-trail"));
    EXPECT_EQ(service_->logging_trail_count(), 0u);
    EXPECT_FALSE(service_->get_trail(scope(), "lab-trail"));
    service_->deliver_due(true);  // the buffered record is still written; no status to keep
    service_->on_record(make_record(2));
    service_->deliver_due(true);
    make_service();
    EXPECT_TRUE(service_->list_trails(scope()).empty());
    auto again = service_->delete_trail(scope(), "lab-trail");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, TrailErrc::kTrailNotFound);
}

TEST_F(TrailServiceTest, DeclaredTrailsAreUpserted) {
    DeclaredTrail declared;
    declared.account_id = kAccount;
    declared.region = kRegion;
    declared.trail = json::parse(
        R"({"Name":"declared","S3BucketName":"declared-bucket","EnableLogFileValidation":true,
            "TagsList":[{"Key":"owner","Value":"config"}]})");
    declared.event_selectors = json::parse(R"([{"ReadWriteType":"All"}])");
    ASSERT_TRUE(service_->apply_declared_trail(declared));
    EXPECT_TRUE(buckets_->find_bucket("declared-bucket"));  // created for it
    auto t = service_->get_trail(scope(), "declared");
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->is_logging);
    EXPECT_TRUE(t->log_file_validation);
    EXPECT_TRUE(t->selectors.has_custom_selectors());
    EXPECT_EQ(t->tags, (std::vector<TrailTag>{{"owner", "config"}}));

    declared.trail["EnableLogFileValidation"] = false;
    declared.start_logging = false;
    ASSERT_TRUE(service_->apply_declared_trail(declared));
    t = service_->get_trail(scope(), "declared");
    ASSERT_TRUE(t);
    EXPECT_FALSE(t->is_logging);
    EXPECT_FALSE(t->log_file_validation);

    DeclaredTrail invalid = declared;
    invalid.trail["Name"] = "-bad";
    Status status = service_->apply_declared_trail(invalid);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, Errc::kInvalidArgument);
    EXPECT_NE(status.error().message.find("trail -bad"), std::string::npos);
}

TEST_F(TrailServiceTest, LogFileValidationTrailsGetDigests) {
    TrailSettings s = settings("validated");
    s.log_file_validation = true;
    create_logging(s);
    service_->on_record(make_record(1));
    service_->deliver_due(true);
    clock_.advance(std::chrono::hours{1});
    service_->deliver_due(false);
    auto status = service_->get_trail_status(scope(), "validated");
    ASSERT_TRUE(status);
    EXPECT_TRUE(status->status.latest_digest_delivery_time.has_value());
    EXPECT_FALSE(
        keys_under("AWSLogs/" + std::string(kAccount) + "/CloudTrail-Digest/us-east-1/").empty());
}

}  // namespace
}  // namespace tripline::trail::test
