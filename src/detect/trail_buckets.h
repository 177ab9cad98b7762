// TrailBuckets: which S3 buckets receive a trail's log files, so that deleting one is reported as
// Stealth:IAMUser/CloudTrailLoggingDisabled (guardduty.md §3: "S3 DeleteBucket of a bucket holding
// trail logs"). Two sources: this server's own trails (a lookup the application provides) and
// the CreateTrail / UpdateTrail records seen in the stream (ingested logs of real accounts).
// Learned buckets are bounded (kMaxLearned; the oldest is forgotten first).
// Thread-safety: none; DetectService calls it under its observe mutex.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detection.h"
#include "detect/record_facts.h"

namespace tripline::detect {

// The ARNs of this server's trails of `account_id` that deliver to `bucket`.
using TrailBucketLookup =
    std::function<std::vector<std::string>(std::string_view account_id, std::string_view bucket)>;

class TrailBuckets {
public:
    static constexpr std::size_t kMaxLearned = 10'000;

    void set_lookup(TrailBucketLookup lookup) { lookup_ = std::move(lookup); }
    // Learns from a successful CreateTrail/UpdateTrail naming an s3BucketName; adds a detection
    // for a successful DeleteBucket of a trail's bucket.
    void observe(const RecordFacts& facts, std::vector<Detection>& out);

private:
    void learn(const std::string& account_id, const std::string& bucket, std::string trail_arn);

    TrailBucketLookup lookup_;
    std::map<std::string, std::string> learned_;  // "account bucket" → trail ARN
    std::deque<std::string> order_;               // learned_ keys, oldest first
};

}  // namespace tripline::detect
