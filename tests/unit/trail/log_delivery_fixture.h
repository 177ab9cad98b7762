// Shared by the log delivery and validation tests: a state store, local buckets, digest keys and
// a FakeClock in a temporary data directory, plus helpers to make records and read objects.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "event/cloudtrail_record.h"
#include "storage/bucket_store.h"
#include "storage/migrations.h"
#include "storage/resource_store.h"
#include "test_support.h"
#include "trail/digest_keys.h"
#include "trail/gzip.h"
#include "trail/log_delivery.h"

namespace tripline::trail::test {

inline constexpr const char* kAccount = "111122223333";
inline constexpr const char* kBucket = "trail-bucket";

inline TimePoint at(const char* iso) {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601(iso, t)) << iso;
    return t;
}

// A realistic record (~1 KB as JSON): GetCallerIdentity by an IAM user.
inline event::CloudTrailRecord make_record(int n,
                                           const std::string& region = "us-east-1",
                                           const std::string& event_time = "2026-01-02T03:04:05Z",
                                           const std::string& recipient = kAccount) {
    event::CloudTrailRecord r;
    r.event_version = "1.08";
    event::UserIdentity user;
    user.type = "IAMUser";
    user.principal_id = "AIDAEXAMPLEPRINCIPAL";
    user.arn = "arn:aws:iam::" + recipient + ":user/attacker";
    user.account_id = recipient;
    user.access_key_id = "AKIAEXAMPLEKEY000001";
    user.user_name = "attacker";
    r.user_identity = user;
    r.event_time = event_time;
    r.event_source = "sts.amazonaws.com";
    r.event_name = "GetCallerIdentity";
    r.aws_region = region;
    r.source_ip_address = "203.0.113.7";
    r.user_agent =
        "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off "
        "command/sts.get-caller-identity";
    r.request_parameters = "null";
    r.response_elements = "null";
    r.request_id = "0d3b5a5e-1111-2222-3333-" + std::to_string(100000000000 + n);
    r.event_id = "7c3b5a5e-4444-5555-6666-" + std::to_string(100000000000 + n);
    r.read_only = true;
    r.event_type = "AwsApiCall";
    r.management_event = true;
    r.recipient_account_id = recipient;
    r.event_category = "Management";
    event::TlsDetails tls;
    tls.tls_version = "TLSv1.3";
    tls.cipher_suite = "TLS_AES_128_GCM_SHA256";
    tls.client_provided_host_header = "sts." + region + ".amazonaws.com";
    r.tls_details = tls;
    return r;
}

inline TrailDestination make_trail(const std::string& name = "lab-trail",
                                   bool validation = true,
                                   std::vector<std::string> regions = {"us-east-1"}) {
    TrailDestination t;
    t.trail_name = name;
    t.home_region = "us-east-1";
    t.account_id = kAccount;
    t.trail_arn = "arn:aws:cloudtrail:us-east-1:" + std::string(kAccount) + ":trail/" + name;
    t.bucket = kBucket;
    t.log_file_validation = validation;
    t.regions = std::move(regions);
    return t;
}

class LogDeliveryTest : public ::testing::Test {
protected:
    void SetUp() override {
        clock_.set(at("2026-01-02T03:04:30Z"));
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db.has_value()) << db.error().message;
        db_ = std::move(db).value();
        buckets_ = std::make_unique<storage::BucketStore>(*db_, dir_.path() / "buckets");
        resources_ = std::make_unique<storage::ResourceStore>(*db_);
        auto keys = DigestKeys::open(dir_.path() / "cloudtrail" / "keys", clock_);
        ASSERT_TRUE(keys.has_value()) << keys.error().message;
        keys_ = std::move(keys).value();
        ASSERT_TRUE(buckets_->ensure_bucket(kAccount, "us-east-1", kBucket, clock_.now()));
        restart();
    }

    // A new LogDelivery on the same stores, as after a process restart.
    void restart(LogDeliveryOptions options = {}) {
        delivery_.reset();
        delivery_ = std::make_unique<LogDelivery>(*buckets_, *resources_, *keys_, clock_, options);
    }

    std::string object_text(const std::string& key, const std::string& bucket = kBucket) {
        auto raw = buckets_->read_object(bucket, key);
        EXPECT_TRUE(raw.has_value()) << key;
        if (!raw) {
            return "";
        }
        auto text = gunzip(*raw, 1 << 28);
        EXPECT_TRUE(text.has_value()) << key;
        return text ? *text : "";
    }

    std::vector<std::string> keys_under(const std::string& prefix,
                                        const std::string& bucket = kBucket) {
        std::vector<std::string> keys;
        auto objects = buckets_->list_objects(bucket, prefix);
        EXPECT_TRUE(objects.has_value());
        if (objects) {
            for (const auto& o : *objects) {
                keys.push_back(o.key);
            }
        }
        return keys;
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<storage::BucketStore> buckets_;
    std::unique_ptr<storage::ResourceStore> resources_;
    std::unique_ptr<DigestKeys> keys_;
    std::unique_ptr<LogDelivery> delivery_;
};

}  // namespace tripline::trail::test
