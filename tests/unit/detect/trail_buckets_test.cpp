// TrailBuckets: deleting the bucket a trail delivers to is CloudTrail logging disabled; other
// buckets, failed deletions and unrelated calls are not.
#include "detect/trail_buckets.h"

#include <gtest/gtest.h>

#include "detect_test_util.h"

namespace tripline::detect {
namespace {

using namespace test_util;

constexpr std::string_view kCreateTrail = R"({
    "eventSource": "cloudtrail.amazonaws.com", "eventName": "CreateTrail",
    "requestParameters": {"name": "org-trail", "s3BucketName": "audit-logs"},
    "responseElements": {"name": "org-trail",
        "trailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"}})";

std::string delete_bucket(std::string_view bucket, bool failed = false) {
    nlohmann::json patch = {{"eventSource", "s3.amazonaws.com"},
                            {"eventName", "DeleteBucket"},
                            {"requestParameters", {{"bucketName", bucket}}}};
    if (failed) {
        patch["errorCode"] = "BucketNotEmpty";
    }
    return patch.dump();
}

std::vector<Detection> run(TrailBuckets& buckets, std::string_view patch) {
    const event::CloudTrailRecord record = make_record(kAlice, patch);
    RecordFacts facts(record);
    std::vector<Detection> out;
    buckets.observe(facts, out);
    return out;
}

TEST(TrailBuckets, LearnsTheBucketFromCreateTrail) {
    TrailBuckets buckets;
    EXPECT_TRUE(run(buckets, delete_bucket("audit-logs")).empty());  // not known yet
    EXPECT_TRUE(run(buckets, kCreateTrail).empty());
    EXPECT_TRUE(run(buckets, delete_bucket("scratch")).empty());
    EXPECT_TRUE(run(buckets, delete_bucket("audit-logs", true)).empty());
    auto found = run(buckets, delete_bucket("audit-logs"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].type->name, "Stealth:IAMUser/CloudTrailLoggingDisabled");
    EXPECT_EQ(found[0].affected_resources["AWS::CloudTrail::Trail"],
              "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail");
    EXPECT_NE(found[0].detail.find("audit-logs"), std::string::npos);
}

TEST(TrailBuckets, AsksTheServersTrails) {
    TrailBuckets buckets;
    buckets.set_lookup([](std::string_view account, std::string_view bucket) {
        std::vector<std::string> arns;
        if (account == "111122223333" && bucket == "lab-trail-logs") {
            arns.push_back("arn:aws:cloudtrail:eu-west-1:111122223333:trail/lab");
        }
        return arns;
    });
    EXPECT_EQ(run(buckets, delete_bucket("lab-trail-logs")).size(), 1u);
    EXPECT_TRUE(run(buckets, delete_bucket("other")).empty());
}

}  // namespace
}  // namespace tripline::detect
