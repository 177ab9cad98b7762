// DetectService's filters (suppression rules) and its IPSets / ThreatIntelSets read from S3
// objects: validation, effect on findings and publication, persistence across a reload.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "detect/detect_service.h"
#include "detect/intel/threat_intel.h"
#include "detect_test_util.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::detect {
namespace {

using namespace test_util;

constexpr const char* kAccount = "111122223333";
constexpr const char* kRegion = "us-east-1";

class DetectFiltersTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        service_ = make_service();
        auto d = service_->create_detector(kAccount, kRegion, {});
        ASSERT_TRUE(d) << d.error().to_string();
        detector_ = *d;
    }

    std::unique_ptr<DetectService> make_service() {
        auto service = std::make_unique<DetectService>(*db_, clock_);
        service->set_publisher([this](const std::vector<FindingEvent>& events) -> Status {
            published_.insert(published_.end(), events.begin(), events.end());
            return ok_status();
        });
        service->set_list_reader(
            [this](std::string_view bucket, std::string_view key) -> Result<ListObject> {
                auto it = objects_.find(std::string(bucket) + "/" + std::string(key));
                if (it == objects_.end()) {
                    return make_error(Errc::kNotFound, "The specified key does not exist.");
                }
                return ListObject{bucket == "other-owner" ? "999988887777" : kAccount, it->second};
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

    std::vector<nlohmann::json> findings() {
        auto all = service_->all_findings(100);
        EXPECT_TRUE(all) << all.error().to_string();
        return all ? *all : std::vector<nlohmann::json>{};
    }

    static FindingFilter filter(std::string name, std::string action, std::string_view criteria) {
        FindingFilter f;
        f.name = std::move(name);
        f.action = std::move(action);
        f.criteria = nlohmann::json::parse(criteria);
        return f;
    }

    static IntelSet set(IntelSetKind kind, std::string name, std::string location) {
        IntelSet s;
        s.kind = kind;
        s.name = std::move(name);
        s.location = std::move(location);
        return s;
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<DetectService> service_;
    Detector detector_;
    std::vector<FindingEvent> published_;
    std::map<std::string, std::string> objects_;
};

constexpr std::string_view kRootCriteria =
    R"({"criterion":{"type":{"eq":["Policy:IAMUser/RootCredentialUsage"]}}})";

TEST_F(DetectFiltersTest, FilterCrudAndValidation) {
    auto created =
        service_->create_filter(detector_, filter("root-noise", "ARCHIVE", kRootCriteria));
    ASSERT_TRUE(created) << created.error().to_string();
    EXPECT_EQ(service_->create_filter(detector_, filter("root-noise", "NOOP", kRootCriteria))
                  .error()
                  .code,
              Errc::kAlreadyExists);
    EXPECT_EQ(service_->create_filter(detector_, filter("ab", "NOOP", kRootCriteria)).error().code,
              Errc::kInvalidArgument);
    EXPECT_EQ(
        service_->create_filter(detector_, filter("has space", "NOOP", kRootCriteria)).error().code,
        Errc::kInvalidArgument);
    EXPECT_EQ(service_->create_filter(detector_, filter("good-name", "DELETE", kRootCriteria))
                  .error()
                  .code,
              Errc::kInvalidArgument);
    auto bad_criteria = service_->create_filter(
        detector_, filter("good-name", "NOOP", R"({"criterion":{"severity":{"gt":"high"}}})"));
    ASSERT_FALSE(bad_criteria);
    EXPECT_NE(bad_criteria.error().message.find("severity"), std::string::npos);

    FindingFilter second = filter("high-only", "NOOP", R"({"criterion":{"severity":{"gte":7}}})");
    second.rank = 2;
    ASSERT_TRUE(service_->create_filter(detector_, second));
    FilterSettings settings;
    settings.rank = 5;
    settings.description = "noisy root calls from the lab";
    auto updated = service_->update_filter(detector_, "root-noise", settings);
    ASSERT_TRUE(updated) << updated.error().to_string();
    EXPECT_EQ(updated->rank, 5);
    auto listed = service_->list_filters(detector_);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].name, "high-only");  // rank order
    EXPECT_EQ((*listed)[1].description, "noisy root calls from the lab");

    ASSERT_TRUE(service_->delete_filter(detector_, "high-only"));
    EXPECT_EQ(service_->get_filter(detector_, "high-only").error().code, Errc::kNotFound);
    EXPECT_EQ(service_->delete_filter(detector_, "high-only").error().code, Errc::kNotFound);
}

TEST_F(DetectFiltersTest, ArchiveFilterSuppressesMatchingFindings) {
    ASSERT_TRUE(service_->create_filter(detector_, filter("root-noise", "ARCHIVE", kRootCriteria)));
    ASSERT_TRUE(service_->create_filter(
        detector_, filter("a-view", "NOOP", R"({"criterion":{"severity":{"gte":0}}})")));
    observe({root_call()});
    observe({make_record(
        kAlice, R"({"eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com"})")});
    auto all = findings();
    ASSERT_EQ(all.size(), 2u);
    for (const auto& f : all) {
        const bool root = f["type"] == "Policy:IAMUser/RootCredentialUsage";
        EXPECT_EQ(f["service"]["archived"], root) << f["type"];
    }
    ASSERT_EQ(published_.size(), 1u);  // only the unsuppressed one
    EXPECT_EQ(nlohmann::json::parse(published_[0].event_json)["detail"]["type"],
              "Stealth:IAMUser/CloudTrailLoggingDisabled");

    // Sample findings go through the same rules.
    std::vector<std::string> types{"Policy:IAMUser/RootCredentialUsage"};
    ASSERT_TRUE(service_->create_sample_findings(detector_, types));
    EXPECT_EQ(published_.size(), 1u);

    // Without the rule, a new occurrence is published again (archived stays as it was).
    ASSERT_TRUE(service_->delete_filter(detector_, "root-noise"));
    observe({root_call()});
    EXPECT_EQ(published_.size(), 2u);
}

TEST_F(DetectFiltersTest, FiltersSurviveAReload) {
    ASSERT_TRUE(service_->create_filter(detector_, filter("root-noise", "ARCHIVE", kRootCriteria)));
    service_ = make_service();
    ASSERT_TRUE(service_->load());
    auto f = service_->get_filter(detector_, "root-noise");
    ASSERT_TRUE(f) << f.error().to_string();
    EXPECT_EQ(f->action, "ARCHIVE");
    EXPECT_EQ(f->criteria, nlohmann::json::parse(kRootCriteria));
    observe({root_call()});
    EXPECT_TRUE(published_.empty());
}

TEST_F(DetectFiltersTest, ThreatIntelSetFromAnS3Object) {
    objects_["lab-intel/lists/bad.txt"] = "# attackers\n198.51.100.0/24\n";
    auto created = service_->create_intel_set(
        detector_, set(IntelSetKind::kThreat, "attackers", "s3://lab-intel/lists/bad.txt"), true);
    ASSERT_TRUE(created) << created.error().to_string();
    EXPECT_EQ(created->status, "ACTIVE");
    EXPECT_EQ(created->id.size(), 32u);

    observe({make_record(kAlice, R"({"sourceIPAddress":"198.51.100.7"})")});
    auto all = findings();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0]["type"], "Recon:IAMUser/MaliciousIPCaller.Custom");
    EXPECT_EQ(all[0]["service"]["evidence"]["threatIntelligenceDetails"][0]["threatListName"],
              "attackers");

    // Deactivated: no more findings for new callers of the list.
    IntelSetSettings off;
    off.activate = false;
    auto inactive = service_->update_intel_set(detector_, IntelSetKind::kThreat, created->id, off);
    ASSERT_TRUE(inactive);
    EXPECT_EQ(inactive->status, "INACTIVE");
    observe({make_record(kAlice, R"({"sourceIPAddress":"198.51.100.8"})")});
    EXPECT_EQ(findings().size(), 1u);
}

TEST_F(DetectFiltersTest, TrustedIpSetSilencesItsAddressesAfterReload) {
    objects_["lab-intel/trusted.txt"] = "203.0.113.0/24\n";
    auto created = service_->create_intel_set(
        detector_,
        set(IntelSetKind::kTrusted, "office", "https://lab-intel.s3.amazonaws.com/trusted.txt"),
        true);
    ASSERT_TRUE(created) << created.error().to_string();
    service_ = make_service();
    ASSERT_TRUE(service_->load());
    observe({root_call("203.0.113.10")});
    EXPECT_TRUE(findings().empty());
    auto listed = service_->list_intel_sets(detector_, IntelSetKind::kTrusted);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_TRUE(service_->list_intel_sets(detector_, IntelSetKind::kThreat)->empty());

    // A second active trusted list passes GuardDuty's quota of one.
    objects_["lab-intel/more.txt"] = "192.0.2.1\n";
    auto second = service_->create_intel_set(
        detector_, set(IntelSetKind::kTrusted, "more", "s3://lab-intel/more.txt"), true);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, Errc::kLimitExceeded);

    ASSERT_TRUE(service_->delete_intel_set(detector_, IntelSetKind::kTrusted, created->id));
    observe({root_call("203.0.113.10")});
    EXPECT_EQ(findings().size(), 1u);
}

TEST_F(DetectFiltersTest, IntelSetErrorsNameTheProblem) {
    objects_["lab-intel/bad.txt"] = "198.51.100.1\nnot-an-address\n";
    auto bad = service_->create_intel_set(
        detector_, set(IntelSetKind::kThreat, "bad", "s3://lab-intel/bad.txt"), true);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find(":2:"), std::string::npos) << bad.error().message;

    auto missing = service_->create_intel_set(
        detector_, set(IntelSetKind::kThreat, "missing", "s3://lab-intel/none.txt"), true);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("cannot be read"), std::string::npos);

    objects_["other-owner/list.txt"] = "198.51.100.1\n";
    auto foreign = service_->create_intel_set(
        detector_, set(IntelSetKind::kThreat, "foreign", "s3://other-owner/list.txt"), true);
    ASSERT_FALSE(foreign);
    EXPECT_NE(foreign.error().message.find("not owned"), std::string::npos);

    auto location = service_->create_intel_set(
        detector_, set(IntelSetKind::kThreat, "where", "ftp://lab-intel/list.txt"), false);
    ASSERT_FALSE(location);
    EXPECT_EQ(location.error().code, Errc::kInvalidArgument);

    IntelSet stix = set(IntelSetKind::kThreat, "stix", "s3://lab-intel/list.xml");
    stix.format = "STIX";
    auto unsupported = service_->create_intel_set(detector_, stix, false);
    ASSERT_FALSE(unsupported);
    EXPECT_NE(unsupported.error().message.find("TXT"), std::string::npos);

    // Created inactive, nothing is read yet.
    auto inactive = service_->create_intel_set(
        detector_, set(IntelSetKind::kThreat, "later", "s3://lab-intel/none.txt"), false);
    ASSERT_TRUE(inactive) << inactive.error().to_string();
    EXPECT_EQ(inactive->status, "INACTIVE");
}

TEST(S3Location, ParsesGuardDutysForms) {
    auto a = parse_s3_location("https://s3.amazonaws.com/my-bucket/lists/ips.txt");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->bucket, "my-bucket");
    EXPECT_EQ(a->key, "lists/ips.txt");
    auto b = parse_s3_location("https://my-bucket.s3.us-east-1.amazonaws.com/ips.txt");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->bucket, "my-bucket");
    EXPECT_EQ(b->key, "ips.txt");
    auto c = parse_s3_location("s3://my-bucket/ips.txt");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->key, "ips.txt");
    EXPECT_FALSE(parse_s3_location("s3://my-bucket"));
    EXPECT_FALSE(parse_s3_location("https://example.com/my-bucket/ips.txt"));
    EXPECT_FALSE(parse_s3_location("s3://My_Bucket/ips.txt"));
}

}  // namespace
}  // namespace tripline::detect
