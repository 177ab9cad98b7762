#include "discover/macie_service.h"

#include <gtest/gtest.h>

#include "storage/bucket_store.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::discover {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const MacieScope kScope{"111122223333", "us-east-1"};

class MacieServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        buckets_ = std::make_unique<storage::BucketStore>(*db_, dir_.path() / "buckets");
        ASSERT_TRUE(
            buckets_->ensure_bucket(kScope.account_id, kScope.region, "hr-data", clock_.now()));
        put("a/ids.txt", "employee EMP-123456\nand EMP-000000\n");
        put("b/clean.txt", "nothing here\n");
        put("c/more.csv", "name,emp\nAna,EMP-222222\n");
        put("d/photo.jpg", "\xff\xd8\xff binary");
        service_ = make_service();
        ASSERT_TRUE(service_->enable(kScope, json::object()));
    }

    std::unique_ptr<MacieService> make_service() {
        auto service = std::make_unique<MacieService>(*db_, *buckets_, clock_);
        service->set_publisher([this](const std::vector<MacieFindingEvent>& events) -> Status {
            if (publisher_down_) {
                return make_error(Errc::kUnavailable, "bus down");
            }
            published_.insert(published_.end(), events.begin(), events.end());
            return ok_status();
        });
        return service;
    }

    void put(const std::string& key, const std::string& text) {
        ASSERT_TRUE(buckets_->put_object("hr-data", key, text, storage::NewObject{}, clock_.now()));
    }

    std::string custom_identifier() {
        auto id = service_->create_custom_identifier(
            kScope, json{{"name", "EmployeeId"}, {"regex", "EMP-[0-9]{6}"}});
        EXPECT_TRUE(id) << id.error().to_string();
        return id ? *id : "";
    }

    json job_input(const std::string& cdi) {
        return json{{"jobType", "ONE_TIME"},
                    {"name", "hr"},
                    {"managedDataIdentifierSelector", "NONE"},
                    {"customDataIdentifierIds", json::array({cdi})},
                    {"s3JobDefinition",
                     json{{"bucketDefinitions",
                           json::array({json{{"accountId", kScope.account_id},
                                             {"buckets", json::array({"hr-data"})}}})}}}};
    }

    std::string status_of(const std::string& job) {
        auto described = service_->describe_job(kScope, job);
        EXPECT_TRUE(described);
        return described ? (*described)["jobStatus"].get<std::string>() : "";
    }

    testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<storage::BucketStore> buckets_;
    std::unique_ptr<MacieService> service_;
    std::vector<MacieFindingEvent> published_;
    bool publisher_down_ = false;
};

TEST_F(MacieServiceTest, CallsNeedMacieEnabled) {
    const MacieScope other{"999999999999", "us-east-1"};
    auto session = service_->get_session(other);
    ASSERT_FALSE(session);
    EXPECT_EQ(session.error().code, Errc::kPermissionDenied);
    EXPECT_EQ(session.error().message, "Macie is not enabled.");
    EXPECT_EQ(service_->enable(kScope, json::object()).error().code, Errc::kFailedPrecondition);
}

TEST_F(MacieServiceTest, OneTimeJobFindsEachObjectOnceAndPublishes) {
    auto created = service_->create_job(kScope, job_input(custom_identifier()));
    ASSERT_TRUE(created) << created.error().to_string();
    const std::string job = (*created)["jobId"];
    EXPECT_EQ(status_of(job), "RUNNING");
    ASSERT_TRUE(service_->run_due());
    EXPECT_EQ(status_of(job), "COMPLETE");
    auto findings = service_->findings(kScope);
    ASSERT_TRUE(findings);
    ASSERT_EQ(findings->size(), 2u);
    std::map<std::string, json> by_key;
    for (const json& f : *findings) {
        by_key[f["resourcesAffected"]["s3Object"]["key"]] = f;
    }
    const json& ids = by_key["a/ids.txt"];
    EXPECT_EQ(ids["type"], "SensitiveData:S3Object/CustomIdentifier");
    EXPECT_EQ(ids["classificationDetails"]["result"]["customDataIdentifiers"]["totalCount"], 2);
    EXPECT_EQ(ids["classificationDetails"]["jobId"], job);
    EXPECT_EQ(ids["severity"]["description"], "Medium");
    EXPECT_EQ(by_key["c/more.csv"]["classificationDetails"]["result"]["mimeType"], "text/csv");
    ASSERT_EQ(published_.size(), 2u);
    EXPECT_NE(published_[0].event_json.find("\"detail-type\":\"Macie Finding\""),
              std::string::npos);
    EXPECT_NE(published_[0].event_json.find("\"source\":\"aws.macie\""), std::string::npos);
    // Nothing is published twice.
    ASSERT_TRUE(service_->run_due());
    EXPECT_EQ(published_.size(), 2u);
    auto described = service_->describe_job(kScope, job);
    EXPECT_EQ((*described)["statistics"]["numberOfRuns"], 1);
    EXPECT_FALSE(described->contains("_run"));
}

TEST_F(MacieServiceTest, AllowListsDropOccurrences) {
    auto list = service_->create_allow_list(
        kScope, json{{"name", "test"}, {"criteria", json{{"regex", "EMP-0+"}}}});
    ASSERT_TRUE(list) << list.error().to_string();
    json input = job_input(custom_identifier());
    input["allowListIds"] = json::array({(*list)["id"]});
    ASSERT_TRUE(service_->create_job(kScope, input));
    ASSERT_TRUE(service_->run_due());
    auto findings = service_->findings(kScope);
    for (const json& f : *findings) {
        if (f["resourcesAffected"]["s3Object"]["key"] == "a/ids.txt") {
            EXPECT_EQ(f["classificationDetails"]["result"]["customDataIdentifiers"]["totalCount"],
                      1);
        }
    }
}

TEST_F(MacieServiceTest, ARestartResumesAfterTheLastObjectAndPublishesWhatWasOwed) {
    auto created = service_->create_job(kScope, job_input(custom_identifier()));
    const std::string job = (*created)["jobId"];
    publisher_down_ = true;
    ASSERT_TRUE(service_->run_due(1));  // a/ids.txt only; its event cannot go out
    EXPECT_EQ(status_of(job), "RUNNING");
    EXPECT_EQ(service_->findings(kScope)->size(), 1u);
    service_.reset();  // "crash"
    publisher_down_ = false;
    service_ = make_service();
    ASSERT_TRUE(service_->run_due());
    EXPECT_EQ(status_of(job), "COMPLETE");
    EXPECT_EQ(service_->findings(kScope)->size(), 2u);  // a/ids.txt was not scanned again
    EXPECT_EQ(published_.size(), 2u);
}

TEST_F(MacieServiceTest, PauseResumeCancelFollowMaciesTransitions) {
    auto created = service_->create_job(kScope, job_input(custom_identifier()));
    const std::string job = (*created)["jobId"];
    EXPECT_EQ(service_->update_job(kScope, job, "RUNNING").error().code, Errc::kInvalidArgument);
    ASSERT_TRUE(service_->update_job(kScope, job, "USER_PAUSED"));
    ASSERT_TRUE(service_->run_due());
    EXPECT_EQ(status_of(job), "USER_PAUSED");
    EXPECT_TRUE(service_->findings(kScope)->empty());
    ASSERT_TRUE(service_->update_job(kScope, job, "RUNNING"));
    ASSERT_TRUE(service_->run_due());
    EXPECT_EQ(status_of(job), "COMPLETE");
    EXPECT_EQ(service_->update_job(kScope, job, "CANCELLED").error().code, Errc::kInvalidArgument);
}

TEST_F(MacieServiceTest, ScheduledJobRunsOnItsDayAndOnlyOnNewObjects) {
    json input = job_input(custom_identifier());
    input["jobType"] = "SCHEDULED";
    input["scheduleFrequency"] = json{{"dailySchedule", json::object()}};
    input["initialRun"] = true;
    auto created = service_->create_job(kScope, input);
    ASSERT_TRUE(created) << created.error().to_string();
    const std::string job = (*created)["jobId"];
    ASSERT_TRUE(service_->run_due());
    EXPECT_EQ(status_of(job), "IDLE");
    EXPECT_EQ(service_->findings(kScope)->size(), 2u);
    clock_.advance(1h);
    put("e/new.txt", "EMP-999999");
    ASSERT_TRUE(service_->run_due());
    EXPECT_EQ(service_->findings(kScope)->size(), 2u);  // not yet the next day
    clock_.advance(24h);
    ASSERT_TRUE(service_->run_due());
    EXPECT_EQ(status_of(job), "IDLE");
    auto findings = service_->findings(kScope);
    ASSERT_EQ(findings->size(), 3u);
    EXPECT_EQ(findings->front()["resourcesAffected"]["s3Object"]["key"], "e/new.txt");
    EXPECT_EQ((*service_->describe_job(kScope, job))["statistics"]["numberOfRuns"], 2);
}

TEST_F(MacieServiceTest, ListFindingsCriteriaAndStatistics) {
    ASSERT_TRUE(service_->create_job(kScope, job_input(custom_identifier())));
    ASSERT_TRUE(service_->run_due());
    auto ids = service_->list_findings(
        kScope,
        json{{"findingCriteria",
              json{{"criterion",
                    json{{"resourcesAffected.s3Object.key", json{{"eq", {"c/more.csv"}}}}}}}}});
    ASSERT_TRUE(ids);
    ASSERT_EQ(ids->size(), 1u);
    auto got = service_->get_findings(kScope, *ids);
    EXPECT_EQ((*got)[0]["resourcesAffected"]["s3Object"]["key"], "c/more.csv");
    auto stats = service_->finding_statistics(kScope, json{{"groupBy", "severity.description"}});
    ASSERT_TRUE(stats);
    EXPECT_EQ(*stats, json::parse(R"([{"groupKey":"Medium","count":2}])"));
    EXPECT_FALSE(service_->finding_statistics(kScope, json{{"groupBy", "colour"}}));
}

TEST_F(MacieServiceTest, CustomIdentifiersAreValidatedAndSoftDeleted) {
    auto bad = service_->create_custom_identifier(kScope, json{{"name", "x"}, {"regex", "(a)"}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
    const std::string id = custom_identifier();
    ASSERT_TRUE(service_->delete_custom_identifier(kScope, id));
    auto got = service_->get_custom_identifier(kScope, id);
    ASSERT_TRUE(got);
    EXPECT_EQ((*got)["deleted"], true);
    EXPECT_TRUE(service_->list_custom_identifiers(kScope)->empty());
    EXPECT_FALSE(service_->create_job(kScope, job_input(id)));
}

TEST_F(MacieServiceTest, DisableDeletesEverything) {
    custom_identifier();
    ASSERT_TRUE(service_->disable(kScope));
    EXPECT_FALSE(service_->get_session(kScope));
    ASSERT_TRUE(service_->enable(kScope, json::object()));
    EXPECT_TRUE(service_->list_custom_identifiers(kScope)->empty());
}

}  // namespace
}  // namespace tripline::discover
