// `tripline trail validate` semantics over digests LogDelivery wrote: a valid chain, a modified
// log file, a deleted log file, a tampered digest, a deleted digest, and the exact output lines
// and summary of `aws cloudtrail validate-logs`.
#include "trail/log_validator.h"

#include <gtest/gtest.h>

#include <sstream>

#include "log_delivery_fixture.h"
#include "trail/gzip.h"

namespace tripline::trail::test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

class LogValidatorTest : public LogDeliveryTest {
protected:
    // Three hours of a validating trail: a log file in each of the first two hours, none in the
    // third; digests at 04:04:30, 05:04:30 and 06:04:30.
    void SetUp() override {
        LogDeliveryTest::SetUp();
        start_ = clock_.now();
        TrailDestination trail = make_trail("lab-trail", true);
        delivery_->set_active_trails({trail});
        delivery_->deliver_due();
        for (int hour = 0; hour < 3; ++hour) {
            if (hour < 2) {
                delivery_->add(trail, make_record(hour));
                clock_.advance(seconds{10});
                for (const auto& f : delivery_->deliver_due()) {
                    logs_.push_back(f.key);
                }
                clock_.advance(hours{1} - seconds{10});
            } else {
                clock_.advance(hours{1});
            }
            for (const auto& f : delivery_->deliver_due()) {
                ASSERT_EQ(f.kind, DeliveredFile::Kind::kDigest);
                ASSERT_FALSE(f.error.has_value()) << *f.error;
                digests_.push_back(f.key);
            }
        }
        ASSERT_EQ(logs_.size(), 2u);
        ASSERT_EQ(digests_.size(), 3u);
    }

    ValidationReport validate(std::optional<TimePoint> start = std::nullopt) {
        ValidateRequest request;
        request.bucket = kBucket;
        request.start_time = start ? *start : start_;
        request.end_time = clock_.now();
        auto report = validate_logs(*buckets_, *keys_, request, clock_);
        EXPECT_TRUE(report.has_value()) << report.error().message;
        return report ? *report : ValidationReport{};
    }

    std::pair<std::string, std::string> output(const ValidationReport& report,
                                               bool verbose = false) {
        std::ostringstream out;
        std::ostringstream err;
        write_validation_report(report, verbose, out, err);
        return {out.str(), err.str()};
    }

    std::string s3(const std::string& key) { return "s3://" + std::string(kBucket) + "/" + key; }

    // Replaces an object's bytes, keeping its metadata (what an attacker with write access does).
    void overwrite(const std::string& key, const std::string& bytes) {
        auto head = buckets_->head_object(kBucket, key);
        ASSERT_TRUE(head.has_value());
        storage::NewObject object;
        object.content_type = head->content_type;
        for (auto& [name, value] : head->metadata.items()) {
            object.metadata[name] = value.get<std::string>();
        }
        ASSERT_TRUE(buckets_->put_object(kBucket, key, bytes, object, clock_.now()));
    }

    TimePoint start_;
    std::vector<std::string> logs_;
    std::vector<std::string> digests_;  // oldest first
};

TEST_F(LogValidatorTest, AValidChainPrintsLikeTheAwsCli) {
    ValidationReport report = validate();
    EXPECT_TRUE(report.all_valid());
    EXPECT_EQ(report.valid_digests, 3u);
    EXPECT_EQ(report.valid_logs, 2u);
    auto [out, err] = output(report);
    EXPECT_EQ(out,
              "Validating log files for trail "
              "arn:aws:cloudtrail:us-east-1:111122223333:trail/lab-trail between "
              "2026-01-02T03:04:30Z and 2026-01-02T06:04:30Z\n"
              "\n"
              "Results requested for 2026-01-02T03:04:30Z to 2026-01-02T06:04:30Z\n"
              // As the aws CLI: the oldest digest that starts after the requested start.
              "Results found for 2026-01-02T04:04:30Z to 2026-01-02T06:04:30Z:\n"
              "\n"
              "3/3 digest files valid\n"
              "2/2 log files valid\n");
    EXPECT_EQ(err, "");

    auto [verbose, verbose_err] = output(report, true);
    std::string expected_lines = "Digest file\t" + s3(digests_[2]) + "\tvalid\n" + "Digest file\t" +
                                 s3(digests_[1]) + "\tvalid\n" + "Log file\t" + s3(logs_[1]) +
                                 "\tvalid\n" + "Digest file\t" + s3(digests_[0]) + "\tvalid\n" +
                                 "Log file\t" + s3(logs_[0]) + "\tvalid\n\n";
    EXPECT_NE(verbose.find(expected_lines), std::string::npos) << verbose;
}

TEST_F(LogValidatorTest, AModifiedLogFileFailsItsHash) {
    std::string text = *gunzip(*buckets_->read_object(kBucket, logs_[0]), 1 << 20);
    text.replace(text.find("203.0.113.7"), 11, "198.51.100.");
    overwrite(logs_[0], gzip_compress(text));
    ValidationReport report = validate();
    EXPECT_FALSE(report.all_valid());
    EXPECT_EQ(report.valid_digests, 3u);
    EXPECT_EQ(report.valid_logs, 1u);
    EXPECT_EQ(report.invalid_logs, 1u);
    auto [out, err] = output(report);
    EXPECT_EQ(err, "Log file\t" + s3(logs_[0]) + "\tINVALID: hash value doesn't match\n\n");
    EXPECT_NE(out.find("\n3/3 digest files valid\n1/2 log files valid, 1/2 log files INVALID\n"),
              std::string::npos)
        << out;
}

TEST_F(LogValidatorTest, ADeletedLogFileIsNotFound) {
    ASSERT_TRUE(buckets_->delete_object(kBucket, logs_[1]));
    ValidationReport report = validate();
    EXPECT_EQ(report.invalid_logs, 1u);
    auto [out, err] = output(report);
    EXPECT_EQ(err, "Log file\t" + s3(logs_[1]) + "\tINVALID: not found\n\n");
}

TEST_F(LogValidatorTest, ALogFileThatIsNoLongerGzipIsInvalidFormat) {
    overwrite(logs_[1], "{\"Records\":[]}");
    auto [out, err] = output(validate());
    EXPECT_EQ(err, "Log file\t" + s3(logs_[1]) + "\tINVALID: invalid format\n\n");
}

TEST_F(LogValidatorTest, ATamperedDigestFailsItsSignature) {
    std::string text = *gunzip(*buckets_->read_object(kBucket, digests_[1]), 1 << 20);
    // Hide the log file from the digest: drop its hash, as someone covering tracks would.
    std::size_t at = text.find("\"hashValue\":\"");
    ASSERT_NE(at, std::string::npos);
    text[at + 13] = text[at + 13] == '0' ? '1' : '0';
    overwrite(digests_[1], gzip_compress(text));
    ValidationReport report = validate();
    EXPECT_EQ(report.invalid_digests, 1u);
    EXPECT_EQ(report.valid_digests, 2u);
    auto [out, err] = output(report);
    EXPECT_EQ(err,
              "Digest file\t" + s3(digests_[1]) + "\tINVALID: signature verification failed\n\n");
    // Its log file is not checked; the walk goes on to the older digest and its log file.
    EXPECT_EQ(report.valid_logs, 1u);
    EXPECT_NE(out.find("\n2/3 digest files valid, 1/3 digest files INVALID\n1/1 log files valid\n"),
              std::string::npos)
        << out;
}

TEST_F(LogValidatorTest, ADigestWithoutItsSignatureMetadataFails) {
    std::string raw = *buckets_->read_object(kBucket, digests_[2]);
    ASSERT_TRUE(buckets_->put_object(kBucket, digests_[2], raw, {}, clock_.now()));
    auto [out, err] = output(validate());
    EXPECT_EQ(err,
              "Digest file\t" + s3(digests_[2]) + "\tINVALID: signature verification failed\n\n");
}

TEST_F(LogValidatorTest, ADeletedDigestIsNotFoundAndTheOlderOnesStillValidate) {
    ASSERT_TRUE(buckets_->delete_object(kBucket, digests_[1]));
    ValidationReport report = validate();
    EXPECT_EQ(report.valid_digests, 2u);
    EXPECT_EQ(report.invalid_digests, 1u);
    EXPECT_EQ(report.valid_logs, 1u);
    auto [out, err] = output(report);
    EXPECT_EQ(err, "Digest file\t" + s3(digests_[1]) + "\tINVALID: not found\n\n");
}

TEST_F(LogValidatorTest, ADigestCopiedElsewhereHasBeenMoved) {
    std::string raw = *buckets_->read_object(kBucket, digests_[2]);
    std::string moved = digests_[2];
    moved.replace(moved.find("T060430Z"), 8, "T060431Z");
    ASSERT_TRUE(buckets_->delete_object(kBucket, digests_[2]));
    storage::NewObject object;
    object.metadata["signature"] = "00";
    object.metadata["signature-algorithm"] = "SHA256withRSA";
    ASSERT_TRUE(buckets_->put_object(kBucket, moved, raw, object, clock_.now()));
    auto [out, err] = output(validate());
    EXPECT_EQ(
        err,
        "Digest file\t" + s3(moved) + "\tINVALID: has been moved from its original location\n\n");
}

TEST_F(LogValidatorTest, TheTimeRangeSelectsDigests) {
    // From 04:30 the digests ending at 05:04:30 and 06:04:30 are found; the walk stops after the
    // first digest that starts before 04:30.
    ValidationReport report = validate(at("2026-01-02T04:30:00Z"));
    EXPECT_EQ(report.valid_digests, 2u);
    EXPECT_EQ(report.valid_logs, 1u);
    auto [out, err] = output(report);
    EXPECT_NE(out.find("Results found for 2026-01-02T05:04:30Z to 2026-01-02T06:04:30Z:\n"),
              std::string::npos)
        << out;
    // From 05:30 only the last digest: it starts before 05:30, so nothing older is walked.
    ValidationReport late = validate(at("2026-01-02T05:30:00Z"));
    EXPECT_EQ(late.valid_digests, 1u);
    EXPECT_EQ(late.valid_logs, 0u);
    auto [late_out, late_err] = output(late);
    EXPECT_NE(late_out.find("Results found for 2026-01-02T05:30:00Z to 2026-01-02T06:04:30Z:\n\n"
                            "1/1 digest files valid\n"),
              std::string::npos)
        << late_out;
}

TEST_F(LogValidatorTest, NoDigestsInRange) {
    ValidateRequest request;
    request.bucket = kBucket;
    request.trail_name = "other-trail";
    request.start_time = start_;
    request.end_time = clock_.now();
    auto report = validate_logs(*buckets_, *keys_, request, clock_);
    ASSERT_TRUE(report.has_value());
    EXPECT_TRUE(report->all_valid());
    auto [out, err] = output(*report);
    EXPECT_EQ(out,
              "Validating log files in s3://trail-bucket between 2026-01-02T03:04:30Z and "
              "2026-01-02T06:04:30Z\n\nResults requested for 2026-01-02T03:04:30Z to "
              "2026-01-02T06:04:30Z\nNo digests found\n");
}

TEST_F(LogValidatorTest, AMissingBucketAndABadRangeAreErrors) {
    ValidateRequest request;
    request.bucket = "no-such-bucket";
    request.start_time = start_;
    auto missing = validate_logs(*buckets_, *keys_, request, clock_);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
    request.bucket = kBucket;
    request.start_time = clock_.now() + hours{1};
    auto backwards = validate_logs(*buckets_, *keys_, request, clock_);
    ASSERT_FALSE(backwards.has_value());
    EXPECT_EQ(backwards.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tripline::trail::test
