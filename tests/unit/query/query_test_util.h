// Helpers for the trail store's tests: records built from JSON, a store in a temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "event/cloudtrail_record.h"
#include "query/trail_store.h"
#include "test_support.h"

namespace tripline::query::test_util {

inline constexpr const char* kAccount = "123456789012";
inline constexpr const char* kRegion = "us-east-1";

// 2026-11-22T08:00:00Z
inline TimePoint base_time() { return TimePoint{std::chrono::seconds{1'795'334'400}}; }

inline event::CloudTrailRecord record_from_json(const std::string& json) {
    auto record = event::parse_cloudtrail_record(json);
    EXPECT_TRUE(record.has_value()) << record.error().to_string() << "\n" << json;
    return record ? *record : event::CloudTrailRecord{};
}

// A management event by IAM user `user` at base_time() + `seconds`.
inline event::CloudTrailRecord iam_user_event(const std::string& event_id,
                                              int seconds,
                                              const std::string& event_name = "ListBuckets",
                                              const std::string& user = "alice") {
    const std::string time = format_iso8601(base_time() + std::chrono::seconds(seconds));
    return record_from_json(
        R"({"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",)"
        R"("arn":"arn:aws:iam::123456789012:user/)" +
        user + R"(","accountId":"123456789012","accessKeyId":"AKIAEXAMPLE)" + user +
        R"(","userName":")" + user + R"("},"eventTime":")" + time +
        R"(","eventSource":"s3.amazonaws.com","eventName":")" + event_name +
        R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15",)"
        R"("requestParameters":{"bucketName":"logs"},"responseElements":null,)"
        R"("requestID":"REQ1","eventID":")" +
        event_id +
        R"(","readOnly":true,"resources":[{"accountId":"123456789012","type":"AWS::S3::Bucket",)"
        R"("ARN":"arn:aws:s3:::logs"}],"eventType":"AwsApiCall","managementEvent":true,)"
        R"("recipientAccountId":"123456789012","eventCategory":"Management",)"
        R"("tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256",)"
        R"("clientProvidedHostHeader":"s3.amazonaws.com"}})");
}

// An assumed-role call (session "i-0abc") with a session context.
inline event::CloudTrailRecord assumed_role_event(const std::string& event_id, int seconds) {
    const std::string time = format_iso8601(base_time() + std::chrono::seconds(seconds));
    return record_from_json(
        R"({"eventVersion":"1.10","userIdentity":{"type":"AssumedRole",)"
        R"("principalId":"AROAEXAMPLE:i-0abc","arn":"arn:aws:sts::123456789012:assumed-role/web/i-0abc",)"
        R"("accountId":"123456789012","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":)"
        R"({"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/web",)"
        R"("accountId":"123456789012","userName":"web"},"webIdFederationData":{},"attributes":)"
        R"({"creationDate":"2026-11-22T07:00:00Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},)"
        R"("eventTime":")" +
        time +
        R"(","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1",)"
        R"("sourceIPAddress":"198.51.100.9","userAgent":"Boto3/1.34","requestParameters":)"
        R"({"instanceType":"t3.micro"},"responseElements":{"instancesSet":{"items":[{"instanceId":)"
        R"("i-0def"}]}},"requestID":"REQ2","eventID":")" +
        event_id +
        R"(","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,)"
        R"("recipientAccountId":"123456789012","eventCategory":"Management"})");
}

// A fresh store in a temporary directory.
class TrailStoreTest : public ::testing::Test {
protected:
    void SetUp() override { open(); }

    void open(TrailStoreOptions options = {}) {
        store_.reset();
        auto opened = TrailStore::open(dir_.path() / "trail.duckdb", options);
        ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
        store_ = std::move(*opened);
    }

    void append(const std::vector<event::CloudTrailRecord>& records) {
        auto status = store_->append(records);
        ASSERT_TRUE(status.has_value()) << status.error().to_string();
        auto flushed = store_->flush();
        ASSERT_TRUE(flushed.has_value()) << flushed.error().to_string();
    }

    std::uint64_t count() {
        auto n = store_->count();
        EXPECT_TRUE(n.has_value()) << n.error().to_string();
        return n.value_or(0);
    }

    // The single value of a one-row, one-column query ("<NULL>" for NULL).
    std::string scalar(const std::string& sql) {
        auto table = store_->execute(sql);
        EXPECT_TRUE(table.has_value()) << table.error().to_string() << "\n" << sql;
        if (!table || table->rows.size() != 1 || table->rows[0].size() != 1) {
            ADD_FAILURE() << "not one value: " << sql;
            return "";
        }
        return table->rows[0][0].value_or("<NULL>");
    }

    testing::TempDir dir_;
    std::unique_ptr<TrailStore> store_;
};

}  // namespace tripline::query::test_util
