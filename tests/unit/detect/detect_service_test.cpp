// DetectService over a real (temporary) state store: detectors, aggregation, publication,
// suppression by trusted IPs, the findings API and reloading.
#include "detect/detect_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "detect/finding_types.h"
#include "detect_test_util.h"
#include "storage/finding_store.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::detect {
namespace {

using namespace test_util;
using namespace std::chrono_literals;

constexpr const char* kAccount = "111122223333";
constexpr const char* kRegion = "us-east-1";

class DetectServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        service_ = make_service();
    }

    std::unique_ptr<DetectService> make_service(DetectOptions options = {}) {
        auto service = std::make_unique<DetectService>(*db_, clock_, options);
        service->set_publisher([this](const std::vector<FindingEvent>& events) -> Status {
            if (publisher_down_) {
                return make_error(Errc::kUnavailable, "event bus unavailable");
            }
            published_.insert(published_.end(), events.begin(), events.end());
            return ok_status();
        });
        return service;
    }

    void observe(std::initializer_list<event::CloudTrailRecord> records) {
        std::vector<event::CloudTrailRecord> batch(records);
        auto status = service_->observe(batch);
        ASSERT_TRUE(status) << status.error().to_string();
    }

    static event::CloudTrailRecord root_call(std::string_view ip = "203.0.113.10") {
        nlohmann::json record = record_json(kRoot, R"({"eventName":"ListUsers"})");
        record["sourceIPAddress"] = ip;
        return parse_record(record);
    }

    Detector only_detector() {
        auto detectors = service_->list_detectors(kAccount, kRegion);
        EXPECT_TRUE(detectors);
        EXPECT_EQ(detectors->size(), 1u);
        return detectors->empty() ? Detector{} : detectors->front();
    }

    std::vector<nlohmann::json> findings() {
        auto all = service_->all_findings(100);
        EXPECT_TRUE(all) << all.error().to_string();
        return all ? *all : std::vector<nlohmann::json>{};
    }

    static nlohmann::json event_of(const FindingEvent& e) {
        return nlohmann::json::parse(e.event_json);
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<DetectService> service_;
    std::vector<FindingEvent> published_;
    bool publisher_down_ = false;
};

TEST_F(DetectServiceTest, RootRecordCreatesAnImplicitDetectorAndAFinding) {
    observe({root_call()});
    const Detector d = only_detector();
    EXPECT_EQ(d.id.size(), 32u);
    EXPECT_TRUE(d.implicit);
    EXPECT_TRUE(d.enabled);
    EXPECT_EQ(d.finding_publishing_frequency, "SIX_HOURS");

    auto all = findings();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0]["type"], "Policy:IAMUser/RootCredentialUsage");
    EXPECT_EQ(all[0]["service"]["count"], 1);
    EXPECT_EQ(all[0]["service"]["detectorId"], d.id);

    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(published_[0].account_id, kAccount);
    EXPECT_EQ(published_[0].region, kRegion);
    const nlohmann::json event = event_of(published_[0]);
    EXPECT_EQ(event["source"], "aws.guardduty");
    EXPECT_EQ(event["detail-type"], "GuardDuty Finding");
    EXPECT_EQ(event["account"], kAccount);
    EXPECT_EQ(event["region"], kRegion);
    EXPECT_EQ(event["detail"]["id"], all[0]["id"]);
    EXPECT_EQ(event["detail"]["severity"], 2);
}

TEST_F(DetectServiceTest, UpdatesArePublishedOncePerFrequency) {
    observe({root_call()});
    ASSERT_EQ(published_.size(), 1u);
    const std::string id = findings().at(0)["id"];

    clock_.advance(1min);
    observe({root_call()});
    auto all = findings();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0]["id"], id);
    EXPECT_EQ(all[0]["service"]["count"], 2);
    EXPECT_EQ(published_.size(), 1u);  // the update waits for the publishing interval

    clock_.advance(6h - 2min);
    EXPECT_EQ(service_->publish_due().value_or(99), 0u);
    EXPECT_EQ(published_.size(), 1u);

    clock_.advance(1min + 1s);  // 6 h + 1 s after the first publication
    EXPECT_EQ(service_->publish_due().value_or(99), 1u);
    ASSERT_EQ(published_.size(), 2u);
    const nlohmann::json update = event_of(published_[1]);
    EXPECT_EQ(update["detail"]["id"], id);
    EXPECT_EQ(update["detail"]["service"]["count"], 2);
    EXPECT_EQ(service_->publish_due().value_or(99), 0u);  // nothing owed any more
}

TEST_F(DetectServiceTest, DetectorFrequencyGovernsUpdates) {
    DetectorSettings settings;
    settings.finding_publishing_frequency = "FIFTEEN_MINUTES";
    ASSERT_TRUE(service_->create_detector(kAccount, kRegion, settings));
    observe({root_call()});
    clock_.advance(1min);
    observe({root_call()});
    EXPECT_EQ(published_.size(), 1u);
    clock_.advance(14min + 1s);
    EXPECT_EQ(service_->publish_due().value_or(99), 1u);
    EXPECT_EQ(published_.size(), 2u);
}

TEST_F(DetectServiceTest, OccurrencesInOneBatchMakeOneEvent) {
    observe({root_call(), root_call(), root_call()});
    auto all = findings();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0]["service"]["count"], 3);
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(event_of(published_[0])["detail"]["service"]["count"], 3);
}

TEST_F(DetectServiceTest, CreateDetectorAdoptsTheImplicitOne) {
    observe({root_call()});
    const Detector implicit = only_detector();
    auto created = service_->create_detector(kAccount, kRegion, {});
    ASSERT_TRUE(created) << created.error().to_string();
    EXPECT_EQ(created->id, implicit.id);
    EXPECT_FALSE(created->implicit);

    auto again = service_->create_detector(kAccount, kRegion, {});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::kAlreadyExists);

    auto elsewhere = service_->create_detector(kAccount, "eu-west-1", {});
    ASSERT_TRUE(elsewhere);
    EXPECT_NE(elsewhere->id, implicit.id);
    EXPECT_EQ(findings().size(), 1u);  // the implicit detector's findings are kept
}

TEST_F(DetectServiceTest, DetectorValidationAndLookups) {
    DetectorSettings bad;
    bad.finding_publishing_frequency = "HOURLY";
    auto created = service_->create_detector(kAccount, kRegion, bad);
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, Errc::kInvalidArgument);

    auto d = service_->create_detector(kAccount, kRegion, {});
    ASSERT_TRUE(d);
    EXPECT_TRUE(service_->get_detector(kAccount, kRegion, d->id));
    EXPECT_EQ(service_->get_detector(kAccount, kRegion, "0123").error().code, Errc::kNotFound);
    EXPECT_EQ(service_->get_detector("444455556666", kRegion, d->id).error().code, Errc::kNotFound);
    EXPECT_EQ(service_->update_detector(kAccount, kRegion, d->id, bad).error().code,
              Errc::kInvalidArgument);
    EXPECT_EQ(service_->delete_detector(kAccount, kRegion, "0123").error().code, Errc::kNotFound);
}

TEST_F(DetectServiceTest, DisabledDetectorProducesNoFindings) {
    auto d = service_->create_detector(kAccount, kRegion, {});
    ASSERT_TRUE(d);
    DetectorSettings off;
    off.enable = false;
    auto updated = service_->update_detector(kAccount, kRegion, d->id, off);
    ASSERT_TRUE(updated);
    EXPECT_FALSE(updated->enabled);
    observe({root_call()});
    EXPECT_TRUE(findings().empty());
    EXPECT_TRUE(published_.empty());

    DetectorSettings on;
    on.enable = true;
    ASSERT_TRUE(service_->update_detector(kAccount, kRegion, d->id, on));
    observe({root_call()});
    EXPECT_EQ(findings().size(), 1u);
}

TEST_F(DetectServiceTest, NoImplicitDetectorsWhenTurnedOff) {
    DetectOptions options;
    options.implicit_detectors = false;
    service_ = make_service(options);
    observe({root_call()});
    EXPECT_TRUE(findings().empty());
    EXPECT_TRUE(service_->list_detectors(kAccount, kRegion)->empty());
}

TEST_F(DetectServiceTest, TrustedAddressesNeverAlert) {
    service_->set_intel(std::make_shared<const ThreatIntel>(lab_intel()));
    observe({root_call(kTrustedIp)});
    EXPECT_TRUE(findings().empty());
    EXPECT_TRUE(published_.empty());
    observe({root_call("203.0.113.10")});
    EXPECT_EQ(findings().size(), 1u);
}

TEST_F(DetectServiceTest, ThreatListCallersAreSeparateFindingsPerAddress) {
    service_->set_intel(std::make_shared<const ThreatIntel>(lab_intel()));
    observe({make_record(kAlice, R"({"sourceIPAddress":"203.0.113.200"})"),
             make_record(kAlice, R"({"sourceIPAddress":"203.0.113.201"})"),
             make_record(kAlice, R"({"sourceIPAddress":"203.0.113.200"})")});
    auto all = findings();
    ASSERT_EQ(all.size(), 2u);
    int total = 0;
    for (const auto& f : all) {
        EXPECT_EQ(f["type"], "Recon:IAMUser/MaliciousIPCaller.Custom");
        EXPECT_EQ(f["service"]["evidence"]["threatIntelligenceDetails"][0]["threatListName"],
                  "lab-blocklist");
        total += f["service"]["count"].get<int>();
    }
    EXPECT_EQ(total, 3);
}

TEST_F(DetectServiceTest, FailedPublicationIsRetried) {
    publisher_down_ = true;
    observe({root_call()});  // stored even though the bus is down
    EXPECT_EQ(findings().size(), 1u);
    EXPECT_TRUE(published_.empty());
    EXPECT_FALSE(service_->publish_due());

    publisher_down_ = false;
    EXPECT_EQ(service_->publish_due().value_or(99), 1u);
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(event_of(published_[0])["detail"]["id"], findings().at(0)["id"]);
    EXPECT_EQ(service_->publish_due().value_or(99), 0u);
}

// Regression test: publish_due() used to read the pending findings, call the publisher and then
// mark them published; an occurrence stored in between (publish =
// 'pending', count 2) is flipped to 'published' although its event was never sent, so the update
// was lost. mark_published() now skips a finding whose document changed.
TEST_F(DetectServiceTest, OccurrenceDuringPublicationIsNotLost) {
    publisher_down_ = true;
    observe({root_call()});  // pending, count 1
    std::thread late;
    bool raced = false;
    service_->set_publisher([&](const std::vector<FindingEvent>& events) -> Status {
        published_.insert(published_.end(), events.begin(), events.end());
        if (raced) {
            return ok_status();
        }
        raced = true;
        // Another thread observes an occurrence while this event is on its way.
        late = std::thread([&] { EXPECT_TRUE(service_->observe(std::vector{root_call()})); });
        storage::FindingStore store(*db_);
        for (int i = 0; i < 500; ++i) {
            auto rows = store.list_all(10);
            if (rows && rows->size() == 1 &&
                (*rows)[0].document.find(R"("count":2)") != std::string::npos) {
                break;
            }
            std::this_thread::sleep_for(10ms);
        }
        return ok_status();
    });
    EXPECT_EQ(service_->publish_due().value_or(99), 1u);
    late.join();
    ASSERT_EQ(findings().at(0)["service"]["count"], 2);
    clock_.advance(6h + 1s);
    (void)service_->publish_due();
    ASSERT_GE(published_.size(), 2u) << "the count-2 update was never published";
    EXPECT_EQ(event_of(published_.back())["detail"]["service"]["count"], 2);
}

TEST_F(DetectServiceTest, SampleFindings) {
    auto d = service_->create_detector(kAccount, kRegion, {});
    ASSERT_TRUE(d);
    const std::vector<std::string> unknown = {"Recon:EC2/Portscan", "Nope:IAMUser/Nothing"};
    auto status = service_->create_sample_findings(*d, unknown);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, Errc::kInvalidArgument);
    EXPECT_NE(status.error().message.find("Nope:IAMUser/Nothing"), std::string::npos);
    EXPECT_TRUE(findings().empty());

    const std::vector<std::string> one = {"Recon:EC2/Portscan"};
    ASSERT_TRUE(service_->create_sample_findings(*d, one));
    auto all = findings();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0]["type"], "Recon:EC2/Portscan");
    EXPECT_NE(all[0]["service"]["additionalInfo"].value("value", "").find(R"("sample":true)"),
              std::string::npos);
    ASSERT_EQ(published_.size(), 1u);  // samples are published like real findings

    ASSERT_TRUE(service_->create_sample_findings(*d, {}));
    EXPECT_EQ(findings().size(), 1 + finding_types().size());
}

class DetectServiceFindingsTest : public DetectServiceTest {
protected:
    void SetUp() override {
        DetectServiceTest::SetUp();
        observe({root_call()});  // 2
        clock_.advance(1s);
        observe({make_record(kAlice, R"({"eventName":"DeleteAccountPasswordPolicy"})")});  // 5
        clock_.advance(1s);
        observe({make_record(kAlice, R"({"eventSource":"s3.amazonaws.com",
            "eventName":"PutBucketAcl","requestParameters":{"bucketName":"public-site",
            "x-amz-acl":["public-read"]}})")});  // 8
        clock_.advance(1s);
        observe({make_record(kAlice, R"({"eventSource":"cloudtrail.amazonaws.com",
            "eventName":"StopLogging","requestParameters":{"name":"main"}})")});  // 2
        detector_ = only_detector();
    }

    FindingCriteria criteria(std::string_view json) {
        auto parsed = FindingCriteria::parse(nlohmann::json::parse(json));
        EXPECT_TRUE(parsed) << parsed.error().to_string();
        return parsed ? *parsed : FindingCriteria{};
    }

    std::string type_of(const std::string& id) {
        const std::vector<std::string> ids = {id};
        auto docs = service_->get_findings(detector_, ids);
        EXPECT_TRUE(docs && docs->size() == 1u);
        return docs && docs->size() == 1u ? (*docs)[0]["type"].get<std::string>() : "";
    }

    Detector detector_;
};

TEST_F(DetectServiceFindingsTest, ListWithCriteriaSortingAndPages) {
    const FindingCriteria medium_up = criteria(R"({"criterion":{"severity":{"gte":5}}})");
    auto first = service_->list_findings(detector_, medium_up, "severity", true, 1, "");
    ASSERT_TRUE(first) << first.error().to_string();
    ASSERT_EQ(first->ids.size(), 1u);
    EXPECT_EQ(type_of(first->ids[0]), "Policy:S3/BucketAnonymousAccessGranted");
    ASSERT_FALSE(first->next_token.empty());

    auto second =
        service_->list_findings(detector_, medium_up, "severity", true, 1, first->next_token);
    ASSERT_TRUE(second);
    ASSERT_EQ(second->ids.size(), 1u);
    EXPECT_EQ(type_of(second->ids[0]), "Stealth:IAMUser/PasswordPolicyChange");
    EXPECT_TRUE(second->next_token.empty());

    auto everything =
        service_->list_findings(detector_, FindingCriteria{}, "severity", false, 50, "");
    ASSERT_TRUE(everything);
    ASSERT_EQ(everything->ids.size(), 4u);
    EXPECT_EQ(type_of(everything->ids.back()), "Policy:S3/BucketAnonymousAccessGranted");

    auto bad = service_->list_findings(detector_, medium_up, "", false, 1, "banana");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
}

TEST_F(DetectServiceFindingsTest, GetFindingsKeepsTheOrderAndSkipsUnknownIds) {
    auto page = service_->list_findings(detector_, FindingCriteria{}, "", false, 50, "");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->ids.size(), 4u);
    const std::vector<std::string> ids = {
        page->ids[2], "ffffffffffffffffffffffffffffffff", page->ids[0]};
    auto docs = service_->get_findings(detector_, ids);
    ASSERT_TRUE(docs);
    ASSERT_EQ(docs->size(), 2u);
    EXPECT_EQ((*docs)[0]["id"], page->ids[2]);
    EXPECT_EQ((*docs)[1]["id"], page->ids[0]);
}

TEST_F(DetectServiceFindingsTest, ArchiveAndUnarchive) {
    auto page = service_->list_findings(detector_, FindingCriteria{}, "severity", true, 1, "");
    ASSERT_TRUE(page);
    ASSERT_TRUE(service_->set_archived(detector_, page->ids, true));
    const FindingCriteria archived =
        criteria(R"({"criterion":{"service.archived":{"eq":["true"]}}})");
    auto listed = service_->list_findings(detector_, archived, "", false, 50, "");
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->ids, page->ids);

    ASSERT_TRUE(service_->set_archived(detector_, page->ids, false));
    listed = service_->list_findings(detector_, archived, "", false, 50, "");
    ASSERT_TRUE(listed);
    EXPECT_TRUE(listed->ids.empty());
}

TEST_F(DetectServiceFindingsTest, StatisticsCountBySeverity) {
    auto stats = service_->statistics(detector_, FindingCriteria{});
    ASSERT_TRUE(stats) << stats.error().to_string();
    EXPECT_EQ((*stats)["countBySeverity"], (nlohmann::json{{"2.0", 2}, {"5.0", 1}, {"8.0", 1}}));
    auto high = service_->statistics(detector_, criteria(R"({"criterion":{"severity":{"gt":6}}})"));
    ASSERT_TRUE(high);
    EXPECT_EQ((*high)["countBySeverity"], (nlohmann::json{{"8.0", 1}}));
}

TEST_F(DetectServiceFindingsTest, DeleteDetectorRemovesItsFindings) {
    ASSERT_EQ(findings().size(), 4u);
    ASSERT_TRUE(service_->delete_detector(kAccount, kRegion, detector_.id));
    EXPECT_TRUE(findings().empty());
    EXPECT_TRUE(service_->list_detectors(kAccount, kRegion)->empty());
    EXPECT_EQ(service_->get_detector(kAccount, kRegion, detector_.id).error().code,
              Errc::kNotFound);
}

TEST_F(DetectServiceFindingsTest, LoadFindsDetectorsAndFindingsAgain) {
    DetectorSettings settings;
    settings.finding_publishing_frequency = "ONE_HOUR";
    settings.tags = nlohmann::json{{"team", "security"}};
    ASSERT_TRUE(service_->update_detector(kAccount, kRegion, detector_.id, settings));
    auto other = service_->create_detector(kAccount, "eu-west-1", {});
    ASSERT_TRUE(other);

    service_ = make_service();
    EXPECT_TRUE(service_->list_detectors(kAccount, kRegion)->empty());  // before load()
    ASSERT_TRUE(service_->load());
    const Detector reloaded = only_detector();
    EXPECT_EQ(reloaded.id, detector_.id);
    EXPECT_EQ(reloaded.finding_publishing_frequency, "ONE_HOUR");
    EXPECT_EQ(reloaded.tags, (nlohmann::json{{"team", "security"}}));
    auto eu = service_->list_detectors(kAccount, "eu-west-1");
    ASSERT_TRUE(eu);
    ASSERT_EQ(eu->size(), 1u);
    EXPECT_EQ(eu->front().id, other->id);

    // A later occurrence folds into the finding stored by the previous service.
    observe({root_call()});
    EXPECT_EQ(findings().size(), 4u);
    auto root = service_->list_findings(
        detector_,
        criteria(R"({"criterion":{"type":{"eq":["Policy:IAMUser/RootCredentialUsage"]}}})"),
        "",
        false,
        50,
        "");
    ASSERT_TRUE(root);
    ASSERT_EQ(root->ids.size(), 1u);
    auto docs = service_->get_findings(detector_, root->ids);
    ASSERT_TRUE(docs);
    EXPECT_EQ((*docs)[0]["service"]["count"], 2);
}

}  // namespace
}  // namespace tripline::detect
