// Log files and digests (cloudtrail.md §6-7) on a FakeClock: flush interval and size, key
// layouts (multi-region, organization), object attributes, hourly signed digests chained across
// a restart, and failed writes that keep their records.
#include <gtest/gtest.h>
#include <time.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>

#include "log_delivery_fixture.h"
#include "trail/digest_file.h"
#include "trail/log_file_names.h"

namespace tripline::trail::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

std::vector<DeliveredFile> of_kind(const std::vector<DeliveredFile>& files,
                                   DeliveredFile::Kind kind) {
    std::vector<DeliveredFile> out;
    for (const auto& f : files) {
        if (f.kind == kind) {
            out.push_back(f);
        }
    }
    return out;
}

TEST_F(LogDeliveryTest, WritesAFileOnlyAfterTheFlushInterval) {
    TrailDestination trail = make_trail("t", false);
    delivery_->set_active_trails({trail});
    delivery_->add(trail, make_record(1));
    delivery_->add(trail, make_record(2));
    EXPECT_TRUE(delivery_->deliver_due().empty());
    clock_.advance(seconds{9});
    EXPECT_TRUE(delivery_->deliver_due().empty());
    clock_.advance(seconds{1});
    auto files = delivery_->deliver_due();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].kind, DeliveredFile::Kind::kLog);
    EXPECT_EQ(files[0].records, 2u);
    EXPECT_EQ(files[0].bucket, kBucket);
    EXPECT_EQ(files[0].trail_arn, trail.trail_arn);
    EXPECT_EQ(files[0].region, "us-east-1");
    EXPECT_EQ(files[0].delivered_at, clock_.now());
    EXPECT_FALSE(files[0].error.has_value());
    EXPECT_TRUE(delivery_->deliver_due().empty());  // nothing buffered any more
}

TEST_F(LogDeliveryTest, TheFileIsGzippedRecordsUnderCloudTrailsKeyLayout) {
    TrailDestination trail = make_trail("t", false);
    std::vector<event::CloudTrailRecord> records{make_record(1), make_record(2), make_record(3)};
    for (const auto& r : records) {
        delivery_->add(trail, r);
    }
    auto files = delivery_->deliver_due(true);
    ASSERT_EQ(files.size(), 1u);
    std::regex layout(
        "AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/"
        "111122223333_CloudTrail_us-east-1_20260102T0304Z_[A-Za-z0-9]{16}\\.json\\.gz");
    EXPECT_TRUE(std::regex_match(files[0].key, layout)) << files[0].key;
    EXPECT_EQ(object_text(files[0].key), event::to_cloudtrail_log_file(records));
    auto head = buckets_->head_object(kBucket, files[0].key);
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(head->content_type, "application/json");
    EXPECT_EQ(head->headers.value("Content-Encoding", ""), "gzip");
    auto parsed = event::parse_cloudtrail_log_file(object_text(files[0].key));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, records);
}

TEST_F(LogDeliveryTest, InsightsEventsGoToCloudTrailInsightFilesWithoutDigests) {
    TrailDestination trail = make_trail("t", /*validation=*/true);
    delivery_->set_active_trails({trail});
    event::CloudTrailRecord insight;
    insight.event_version = "1.08";
    insight.event_time = "2026-01-02T03:04:00Z";
    insight.aws_region = "us-east-1";
    insight.event_id = "insight-1";
    insight.event_type = "AwsCloudTrailInsight";
    insight.recipient_account_id = kAccount;
    insight.insight_details = R"({"state":"Start"})";
    insight.event_category = "Insight";
    delivery_->add(trail, make_record(1));
    delivery_->add(trail, insight);
    auto files = delivery_->deliver_due(true);
    auto logs = of_kind(files, DeliveredFile::Kind::kLog);
    auto insights = of_kind(files, DeliveredFile::Kind::kInsight);
    ASSERT_EQ(logs.size(), 1u);
    ASSERT_EQ(insights.size(), 1u);
    std::regex layout(
        "AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/01/02/"
        "111122223333_CloudTrail-Insight_us-east-1_20260102T0304Z_[A-Za-z0-9]{16}\\.json\\.gz");
    EXPECT_TRUE(std::regex_match(insights[0].key, layout)) << insights[0].key;
    EXPECT_EQ(object_text(insights[0].key), event::to_cloudtrail_log_file({insight}));
    EXPECT_EQ(object_text(logs[0].key), event::to_cloudtrail_log_file({make_record(1)}));
    // The hour's digest lists the log file only: digests do not cover Insights files.
    clock_.advance(hours{1});
    auto digests = of_kind(delivery_->deliver_due(), DeliveredFile::Kind::kDigest);
    ASSERT_EQ(digests.size(), 1u);
    auto digest = nlohmann::json::parse(object_text(digests[0].key));
    ASSERT_EQ(digest["logFiles"].size(), 1u);
    EXPECT_EQ(digest["logFiles"][0]["s3Object"], logs[0].key);
}

TEST_F(LogDeliveryTest, AFullFileIsWrittenAtOnceAndTheRestWaits) {
    restart(LogDeliveryOptions{seconds{10}, 3, hours{1}, {}});
    TrailDestination trail = make_trail("t", false);
    delivery_->set_active_trails({trail});
    for (int i = 0; i < 7; ++i) {
        delivery_->add(trail, make_record(i));
    }
    auto files = delivery_->deliver_due();
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].records, 3u);
    EXPECT_EQ(files[1].records, 3u);
    EXPECT_NE(files[0].key, files[1].key);
    std::string first = object_text(files[0].key);
    EXPECT_NE(first.find(*make_record(0).event_id), std::string::npos);  // in order
    EXPECT_NE(object_text(files[1].key).find(*make_record(5).event_id), std::string::npos);
    clock_.advance(seconds{10});
    auto rest = delivery_->deliver_due();
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(rest[0].records, 1u);
}

TEST_F(LogDeliveryTest, MultiRegionTrailsWriteEachRegionUnderItsOwnFolder) {
    TrailDestination trail = make_trail("all", false, {"us-east-1", "eu-west-1", "ap-south-1"});
    trail.key_prefix = "org/logs";
    delivery_->add(trail, make_record(1, "us-east-1"));
    delivery_->add(trail, make_record(2, "eu-west-1"));
    delivery_->add(trail, make_record(3, "eu-west-1"));
    auto files = delivery_->deliver_due(true);
    ASSERT_EQ(files.size(), 2u);
    std::map<std::string, DeliveredFile> by_region;
    for (const auto& f : files) {
        by_region[f.region] = f;
    }
    EXPECT_EQ(by_region["eu-west-1"].records, 2u);
    EXPECT_TRUE(by_region["eu-west-1"].key.starts_with(
        "org/logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/01/02/"
        "111122223333_CloudTrail_eu-west-1_20260102T0304Z_"))
        << by_region["eu-west-1"].key;
    EXPECT_TRUE(by_region["us-east-1"].key.starts_with(
        "org/logs/AWSLogs/111122223333/CloudTrail/us-east-1/"));
}

TEST_F(LogDeliveryTest, OrganizationTrailsFileEachMemberAccountUnderTheOrganization) {
    TrailDestination trail = make_trail("org", false);
    trail.organization_id = "o-exampleorgid";
    delivery_->add(trail, make_record(1, "us-east-1", "2026-01-02T03:04:05Z", "444455556666"));
    delivery_->add(trail, make_record(2));
    auto files = delivery_->deliver_due(true);
    ASSERT_EQ(files.size(), 2u);
    std::set<std::string> prefixes;
    for (const auto& f : files) {
        prefixes.insert(f.key.substr(0, f.key.find("/CloudTrail/")));
    }
    EXPECT_EQ(prefixes,
              (std::set<std::string>{"AWSLogs/o-exampleorgid/111122223333",
                                     "AWSLogs/o-exampleorgid/444455556666"}));
}

TEST_F(LogDeliveryTest, ATrailThatStopsLoggingIsFlushedAtTheNextDelivery) {
    TrailDestination trail = make_trail("t", false);
    delivery_->set_active_trails({trail});
    delivery_->add(trail, make_record(1));
    EXPECT_TRUE(delivery_->deliver_due().empty());
    delivery_->set_active_trails({});
    auto files = delivery_->deliver_due();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].records, 1u);
}

TEST_F(LogDeliveryTest, AFailedWriteKeepsTheRecordsAndReportsTheError) {
    TrailDestination trail = make_trail("t", false);
    trail.bucket = "not-created-yet";
    delivery_->add(trail, make_record(1));
    delivery_->add(trail, make_record(2));
    auto failed = delivery_->deliver_due(true);
    ASSERT_EQ(failed.size(), 1u);
    ASSERT_TRUE(failed[0].error.has_value());
    EXPECT_NE(failed[0].error->find("not-created-yet"), std::string::npos) << *failed[0].error;
    delivery_->add(trail, make_record(3));
    ASSERT_TRUE(buckets_->ensure_bucket(kAccount, "us-east-1", "not-created-yet", clock_.now()));
    auto files = delivery_->deliver_due(true);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_FALSE(files[0].error.has_value());
    EXPECT_EQ(files[0].records, 3u);
    auto parsed = event::parse_cloudtrail_log_file(object_text(files[0].key, "not-created-yet"));
    ASSERT_TRUE(parsed.has_value());
    ASSERT_EQ(parsed->size(), 3u);
    EXPECT_EQ((*parsed)[0].event_id, make_record(1).event_id);  // order kept
    EXPECT_EQ((*parsed)[2].event_id, make_record(3).event_id);
}

TEST_F(LogDeliveryTest, WhileWritesFailTheBacklogIsBoundedAndTheDropReported) {
    restart(LogDeliveryOptions{seconds{10}, 1, hours{1}, {}});
    TrailDestination trail = make_trail("t", false);
    trail.bucket = "missing-bucket";
    delivery_->add(trail, make_record(0));
    ASSERT_TRUE(delivery_->deliver_due(true).at(0).error.has_value());
    for (int i = 1; i <= 20; ++i) {
        delivery_->add(trail, make_record(i));
    }
    ASSERT_TRUE(buckets_->ensure_bucket(kAccount, "us-east-1", "missing-bucket", clock_.now()));
    auto files = delivery_->deliver_due(true);
    ASSERT_EQ(files.size(), 8u);  // the newest 8 one-record files
    ASSERT_TRUE(files[0].error.has_value());
    EXPECT_EQ(*files[0].error, "13 records were dropped while the bucket could not be written");
    EXPECT_NE(object_text(files[7].key, "missing-bucket").find(*make_record(20).event_id),
              std::string::npos);
}

TEST_F(LogDeliveryTest, DigestsAreHourlySignedAndChained) {
    TrailDestination trail = make_trail("lab-trail", true);
    delivery_->set_active_trails({trail});
    EXPECT_TRUE(delivery_->deliver_due().empty());  // the chain starts now
    const TimePoint chain_start = std::chrono::time_point_cast<seconds>(clock_.now());
    delivery_->add(trail, make_record(1, "us-east-1", "2026-01-02T03:01:00Z"));
    delivery_->add(trail, make_record(2, "us-east-1", "2026-01-02T03:03:00Z"));
    clock_.advance(seconds{10});
    auto logs = delivery_->deliver_due();
    ASSERT_EQ(logs.size(), 1u);
    const std::string log_text = object_text(logs[0].key);

    clock_.advance(hours{1});
    auto first = of_kind(delivery_->deliver_due(), DeliveredFile::Kind::kDigest);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_FALSE(first[0].error.has_value());
    EXPECT_EQ(first[0].key,
              "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/02/"
              "111122223333_CloudTrail-Digest_us-east-1_lab-trail_us-east-1_20260102T040440Z.json"
              ".gz");
    std::string first_text = object_text(first[0].key);
    auto d1 = nlohmann::json::parse(first_text);
    EXPECT_EQ(d1["awsAccountId"], kAccount);
    EXPECT_EQ(d1["digestStartTime"], format_iso8601(chain_start));
    EXPECT_EQ(d1["digestEndTime"], "2026-01-02T04:04:40Z");
    EXPECT_EQ(d1["digestS3Bucket"], kBucket);
    EXPECT_EQ(d1["digestS3Object"], first[0].key);
    EXPECT_EQ(d1["digestPublicKeyFingerprint"], keys_->public_key("us-east-1")->fingerprint);
    EXPECT_EQ(d1["digestSignatureAlgorithm"], "SHA256withRSA");
    EXPECT_EQ(d1["newestEventTime"], "2026-01-02T03:03:00Z");
    EXPECT_EQ(d1["oldestEventTime"], "2026-01-02T03:01:00Z");
    for (const char* name : {"previousDigestS3Bucket",
                             "previousDigestS3Object",
                             "previousDigestHashValue",
                             "previousDigestHashAlgorithm",
                             "previousDigestSignature"}) {
        ASSERT_TRUE(d1.contains(name)) << name;
        EXPECT_TRUE(d1[name].is_null()) << name;
    }
    ASSERT_EQ(d1["logFiles"].size(), 1u);
    EXPECT_EQ(d1["logFiles"][0]["s3Bucket"], kBucket);
    EXPECT_EQ(d1["logFiles"][0]["s3Object"], logs[0].key);
    EXPECT_EQ(d1["logFiles"][0]["hashValue"], sha256_hex(log_text));
    EXPECT_EQ(d1["logFiles"][0]["hashAlgorithm"], "SHA-256");
    // Members in the documented order.
    EXPECT_LT(first_text.find("\"awsAccountId\""), first_text.find("\"digestStartTime\""));
    EXPECT_LT(first_text.find("\"oldestEventTime\""),
              first_text.find("\"previousDigestS3Bucket\""));
    EXPECT_LT(first_text.find("\"previousDigestSignature\""), first_text.find("\"logFiles\""));

    auto head = buckets_->head_object(kBucket, first[0].key);
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(head->metadata.value("signature-algorithm", ""), "SHA256withRSA");
    const std::string signature1 = head->metadata.value("signature", "");
    std::string to_sign = "2026-01-02T04:04:40Z\n" + std::string(kBucket) + "/" + first[0].key +
                          "\n" + sha256_hex(first_text) + "\nnull";
    EXPECT_TRUE(
        keys_->verify(d1["digestPublicKeyFingerprint"].get<std::string>(), to_sign, signature1));

    // The next hour has no log file: an empty digest chained to the first.
    clock_.advance(minutes{59});
    EXPECT_TRUE(delivery_->deliver_due().empty());
    clock_.advance(minutes{1});
    auto second = delivery_->deliver_due();
    ASSERT_EQ(second.size(), 1u);
    ASSERT_EQ(second[0].kind, DeliveredFile::Kind::kDigest);
    std::string second_text = object_text(second[0].key);
    auto d2 = nlohmann::json::parse(second_text);
    EXPECT_EQ(d2["digestStartTime"], "2026-01-02T04:04:40Z");
    EXPECT_EQ(d2["logFiles"], nlohmann::json::array());
    EXPECT_TRUE(d2["newestEventTime"].is_null());
    EXPECT_EQ(d2["previousDigestS3Bucket"], kBucket);
    EXPECT_EQ(d2["previousDigestS3Object"], first[0].key);
    EXPECT_EQ(d2["previousDigestHashValue"], sha256_hex(first_text));
    EXPECT_EQ(d2["previousDigestHashAlgorithm"], "SHA-256");
    EXPECT_EQ(d2["previousDigestSignature"], signature1);
    std::string signature2 = buckets_->head_object(kBucket, second[0].key)->metadata["signature"];
    EXPECT_TRUE(keys_->verify(d2["digestPublicKeyFingerprint"].get<std::string>(),
                              digest_string_to_sign(d2["digestEndTime"].get<std::string>(),
                                                    kBucket,
                                                    second[0].key,
                                                    sha256_hex(second_text),
                                                    signature1),
                              signature2));
}

TEST_F(LogDeliveryTest, TheChainContinuesAcrossARestart) {
    TrailDestination trail = make_trail("lab-trail", true);
    delivery_->set_active_trails({trail});
    delivery_->deliver_due();
    clock_.advance(hours{1});
    auto first = delivery_->deliver_due();
    ASSERT_EQ(first.size(), 1u);
    // A log file delivered before the restart belongs in the next digest.
    delivery_->add(trail, make_record(1));
    clock_.advance(seconds{10});
    auto log = delivery_->deliver_due();
    ASSERT_EQ(log.size(), 1u);

    restart();
    delivery_->set_active_trails({trail});
    clock_.advance(minutes{30});
    EXPECT_TRUE(delivery_->deliver_due().empty());
    clock_.advance(minutes{30});
    auto second = delivery_->deliver_due();
    ASSERT_EQ(second.size(), 1u);
    auto d2 = nlohmann::json::parse(object_text(second[0].key));
    EXPECT_EQ(d2["previousDigestS3Object"], first[0].key);
    EXPECT_EQ(d2["previousDigestHashValue"], sha256_hex(object_text(first[0].key)));
    ASSERT_EQ(d2["logFiles"].size(), 1u);
    EXPECT_EQ(d2["logFiles"][0]["s3Object"], log[0].key);
}

TEST_F(LogDeliveryTest, StoppingLoggingEndsTheChainAndAStartBeginsANewOne) {
    TrailDestination trail = make_trail("lab-trail", true);
    delivery_->set_active_trails({trail});
    delivery_->add(trail, make_record(1));
    clock_.advance(seconds{10});
    ASSERT_EQ(delivery_->deliver_due().size(), 1u);
    delivery_->set_active_trails({});
    clock_.advance(hours{1});
    auto last = delivery_->deliver_due();  // the log file still gets its digest
    ASSERT_EQ(last.size(), 1u);
    EXPECT_EQ(last[0].kind, DeliveredFile::Kind::kDigest);
    clock_.advance(hours{1});
    EXPECT_TRUE(delivery_->deliver_due().empty());  // stopped: no more digests

    delivery_->set_active_trails({trail});
    delivery_->deliver_due();
    clock_.advance(hours{1});
    auto fresh = delivery_->deliver_due();
    ASSERT_EQ(fresh.size(), 1u);
    auto d = nlohmann::json::parse(object_text(fresh[0].key));
    EXPECT_TRUE(d["previousDigestS3Object"].is_null());
}

TEST_F(LogDeliveryTest, ADigestPerRegionOfAMultiRegionTrailSignedWithThatRegionsKey) {
    TrailDestination trail = make_trail("all", true, {"us-east-1", "eu-west-1"});
    delivery_->set_active_trails({trail});
    delivery_->add(trail, make_record(1, "eu-west-1"));
    delivery_->deliver_due(true);
    clock_.advance(hours{1});
    auto digests = delivery_->deliver_due();
    ASSERT_EQ(digests.size(), 2u);
    for (const auto& d : digests) {
        auto doc = nlohmann::json::parse(object_text(d.key));
        EXPECT_EQ(doc["digestPublicKeyFingerprint"], keys_->public_key(d.region)->fingerprint);
        EXPECT_NE(d.key.find("/CloudTrail-Digest/" + d.region + "/"), std::string::npos);
        EXPECT_NE(d.key.find("_CloudTrail-Digest_" + d.region + "_all_us-east-1_"),
                  std::string::npos);
        EXPECT_EQ(doc["logFiles"].size(), d.region == "eu-west-1" ? 1u : 0u);
    }
}

TEST_F(LogDeliveryTest, MeasuresTheLogFileWriteRate) {
    restart(LogDeliveryOptions{seconds{10}, 1'000, hours{1}, {}});
    TrailDestination trail = make_trail("bench", false);
    constexpr int kRecords = 20'000;
    std::vector<event::CloudTrailRecord> records;
    for (int i = 0; i < kRecords; ++i) {
        records.push_back(make_record(i));
    }
    // Wall time suffers when other builds share the two cores; thread CPU time does less.
    auto cpu_now = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    };
    // As in serve: producers add, the delivery thread writes each file as it fills.
    double add_cpu = 0;
    double write_cpu = 0;
    std::size_t files = 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRecords; ++i) {
        double t0 = cpu_now();
        delivery_->add(trail, records[static_cast<std::size_t>(i)]);
        double t1 = cpu_now();
        add_cpu += t1 - t0;
        if ((i + 1) % 1'000 == 0) {
            files += delivery_->deliver_due().size();
            write_cpu += cpu_now() - t1;
        }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(files, static_cast<std::size_t>(kRecords / 1'000));
    std::printf(
        "[ measure  ] log-file write rate: %d records in %zu files: %.0f records/s wall, %.0f "
        "records/s CPU (add(): %.0f/s CPU; gzip + put: %.0f/s CPU)\n",
        kRecords,
        files,
        kRecords / secs,
        kRecords / (add_cpu + write_cpu),
        kRecords / add_cpu,
        kRecords / write_cpu);
}

}  // namespace
}  // namespace tripline::trail::test
