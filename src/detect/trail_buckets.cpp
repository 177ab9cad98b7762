#include "detect/trail_buckets.h"

#include "detect/record_rules.h"

namespace tripline::detect {

namespace {

std::string trail_arn_of(const RecordFacts& facts, const std::string& name) {
    if (name.starts_with("arn:")) {
        return name;
    }
    return "arn:aws:cloudtrail:" + facts.region() + ":" + facts.account_id() + ":trail/" + name;
}

}  // namespace

void TrailBuckets::learn(const std::string& account_id,
                         const std::string& bucket,
                         std::string trail_arn) {
    std::string key = account_id + " " + bucket;
    auto [it, inserted] = learned_.insert_or_assign(key, std::move(trail_arn));
    if (inserted) {
        order_.push_back(std::move(key));
        if (order_.size() > kMaxLearned) {
            learned_.erase(order_.front());
            order_.pop_front();
        }
    }
}

void TrailBuckets::observe(const RecordFacts& facts, std::vector<Detection>& out) {
    const std::string_view api = facts.api();
    if (facts.service() == "cloudtrail.amazonaws.com") {
        if ((api != "CreateTrail" && api != "UpdateTrail") || !facts.succeeded()) {
            return;
        }
        const std::string bucket = json_string_at(facts.request(), "s3BucketName");
        std::string name = json_string_at(facts.response(), "trailARN");
        if (name.empty()) {
            name = json_string_at(facts.request(), "name");
        }
        if (!bucket.empty() && !name.empty()) {
            learn(facts.account_id(), bucket, trail_arn_of(facts, name));
        }
        return;
    }
    if (facts.service() != "s3.amazonaws.com" || api != "DeleteBucket" || !facts.succeeded()) {
        return;
    }
    const std::string bucket = facts.bucket();
    if (bucket.empty()) {
        return;
    }
    const std::string account_id = facts.account_id();
    std::vector<std::string> trails;
    if (lookup_) {
        trails = lookup_(account_id, bucket);
    }
    if (trails.empty()) {
        auto it = learned_.find(account_id + " " + bucket);
        if (it == learned_.end()) {
            return;
        }
        trails.push_back(it->second);
    }
    Detection d = make_detection("Stealth:IAMUser/CloudTrailLoggingDisabled");
    d.detail = "bucket " + bucket + ", which receives the log files of trail " + trails.front() +
               ", was deleted.";
    d.affected_resources["AWS::CloudTrail::Trail"] = trails.front();
    out.push_back(std::move(d));
}

}  // namespace tripline::detect
