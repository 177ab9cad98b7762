#include "trail/log_validator.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <tuple>

#include "event/cloudtrail_record.h"
#include "trail/digest_file.h"
#include "trail/gzip.h"
#include "trail/log_file_names.h"

namespace tripline::trail {

namespace {

constexpr std::size_t kMaxDigestBytes = std::size_t{64} << 20;

// The digests of one trail, account and region: one chain (or several, with gaps).
struct Group {
    std::optional<std::string> organization_id;
    std::string account_id;
    std::string region;
    std::string trail_name;
    std::string home_region;

    auto tie() const {
        return std::tie(organization_id, account_id, region, trail_name, home_region);
    }
    bool operator<(const Group& other) const { return tie() < other.tie(); }
    bool matches(const DigestKeyParts& parts) const {
        return parts.location.organization_id == organization_id &&
               parts.location.account_id == account_id && parts.location.region == region &&
               parts.trail_name == trail_name && parts.home_region == home_region;
    }
    std::string trail_arn() const {
        return "arn:aws:cloudtrail:" + home_region + ":" + account_id + ":trail/" + trail_name;
    }
};

struct ListedDigest {
    TimePoint end;
    std::string key;
};

// What a newer digest says about the one it points to.
struct Expectation {
    std::string hash_value;
    std::string signature;
};

struct Digest {
    nlohmann::json doc;
    std::string signature;
    std::string hash;
    TimePoint start;
    TimePoint end;
};

// A digest's outcome: the digest, or kNotFound, or an INVALID line's verdict.
struct Loaded {
    std::optional<Digest> digest;
    bool not_found = false;
    std::string verdict;
};

std::optional<std::string> string_member(const nlohmann::json& doc, const char* name) {
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_string()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

class Validator {
public:
    Validator(storage::BucketStore& buckets,
              DigestKeys& keys,
              const ValidateRequest& request,
              ValidationReport& report)
        : buckets_(buckets), keys_(keys), request_(request), report_(report) {}

    // The request's digests by group, each list in ascending end time.
    Result<std::map<Group, std::vector<ListedDigest>>> find_digests(const std::string& bucket) {
        TRIPLINE_ASSIGN_OR_RETURN(
            std::vector<storage::ObjectInfo> objects,
            buckets_.list_objects(bucket,
                                  aws_logs_prefix(request_.key_prefix, request_.organization_id)));
        // Digest keys carry their end time; CloudTrail digests may end up to an hour after the
        // requested end (they cover the hour before their end).
        const TimePoint last = report_.end_time + std::chrono::hours{1};
        std::map<Group, std::vector<ListedDigest>> groups;
        for (const storage::ObjectInfo& object : objects) {
            auto parts = parse_digest_key(object.key);
            if (!parts || parts->backfill || parts->location.key_prefix != request_.key_prefix ||
                (request_.organization_id &&
                 parts->location.organization_id != request_.organization_id) ||
                (!request_.account_id.empty() &&
                 parts->location.account_id != request_.account_id) ||
                (!request_.regions.empty() &&
                 std::find(request_.regions.begin(),
                           request_.regions.end(),
                           parts->location.region) == request_.regions.end()) ||
                (request_.trail_name && parts->trail_name != *request_.trail_name) ||
                parts->end_time < whole_seconds(report_.start_time) || parts->end_time > last) {
                continue;
            }
            Group group{parts->location.organization_id,
                        parts->location.account_id,
                        parts->location.region,
                        parts->trail_name,
                        parts->home_region};
            groups[group].push_back(ListedDigest{parts->end_time, object.key});
        }
        for (auto& [group, list] : groups) {
            std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
                return std::tie(a.end, a.key) < std::tie(b.end, b.key);
            });
        }
        return groups;
    }

    void set_fingerprints(const std::vector<PublicKeyInfo>& keys) {
        for (const auto& key : keys) {
            fingerprints_.insert(key.fingerprint);
        }
    }

    Status validate_group(const Group& group, std::vector<ListedDigest> digests) {
        std::string bucket = request_.bucket;
        std::set<std::pair<std::string, std::string>> visited;
        std::optional<TimePoint> found_start;
        std::optional<TimePoint> found_end;
        auto next_before = [&](std::string_view key,
                               TimePoint fallback) -> std::optional<ListedDigest> {
            auto parts = parse_digest_key(key);
            TimePoint before = parts ? parts->end_time : fallback;
            while (!digests.empty()) {
                ListedDigest candidate = std::move(digests.back());
                digests.pop_back();
                if (candidate.end < before) {
                    return candidate;
                }
            }
            return std::nullopt;
        };
        if (digests.empty()) {
            return ok_status();
        }
        std::string key = digests.back().key;
        TimePoint last_start = digests.back().end;
        digests.pop_back();
        std::optional<Expectation> expected;
        while (!key.empty() && report_.start_time <= last_start) {
            if (!visited.emplace(bucket, key).second) {
                break;  // a chain that loops back on itself
            }
            Loaded loaded = load(bucket, key, group, expected);
            expected.reset();
            if (!loaded.digest) {
                add(ValidationEntry::Kind::kDigest, bucket, key, false, loaded.verdict);
                ++report_.invalid_digests;
                auto next = next_before(key, last_start);
                key = next ? next->key : "";
                continue;
            }
            Digest& digest = *loaded.digest;
            last_start = digest.start;
            ++report_.valid_digests;
            add(ValidationEntry::Kind::kDigest, bucket, key, true, "valid");
            if (digest.start > report_.start_time) {
                found_start = digest.start;
            } else if (!found_start) {
                found_start = report_.start_time;
            }
            if (!found_end) {
                found_end = std::min(digest.end, report_.end_time);
            }
            check_log_files(digest.doc);
            auto previous_bucket = string_member(digest.doc, "previousDigestS3Bucket");
            auto previous_key = string_member(digest.doc, "previousDigestS3Object");
            if (!previous_bucket || !previous_key) {
                auto next = next_before(key, last_start);
                if (next) {
                    add(ValidationEntry::Kind::kGap,
                        "",
                        "",
                        true,
                        "No log files were delivered by CloudTrail between " +
                            format_iso8601(next->end) + " and " + format_iso8601(last_start));
                }
                key = next ? next->key : "";
                continue;
            }
            expected =
                Expectation{string_member(digest.doc, "previousDigestHashValue").value_or(""),
                            string_member(digest.doc, "previousDigestSignature").value_or("")};
            key = *previous_key;
            if (*previous_bucket != bucket) {
                bucket = *previous_bucket;
                TRIPLINE_ASSIGN_OR_RETURN(auto moved, find_digests(bucket));
                digests = std::move(moved[group]);
            }
        }
        if (found_end) {
            report_.found_start =
                report_.found_start ? std::min(*report_.found_start, *found_start) : *found_start;
            report_.found_end =
                report_.found_end ? std::max(*report_.found_end, *found_end) : *found_end;
        }
        return ok_status();
    }

private:
    static TimePoint whole_seconds(TimePoint t) {
        return std::chrono::time_point_cast<std::chrono::seconds>(t);
    }

    void add(ValidationEntry::Kind kind,
             const std::string& bucket,
             const std::string& key,
             bool valid,
             std::string verdict) {
        report_.entries.push_back(ValidationEntry{kind, bucket, key, valid, std::move(verdict)});
    }

    Loaded load(const std::string& bucket,
                const std::string& key,
                const Group& group,
                const std::optional<Expectation>& expected) {
        Loaded out;
        auto invalid = [&](std::string verdict) {
            out.verdict = "INVALID: " + std::move(verdict);
            return out;
        };
        auto info = buckets_.head_object(bucket, key);
        auto raw = info ? buckets_.read_object(bucket, key) : Result<std::string>(info.error());
        if (!raw) {
            if (raw.error().code == Errc::kNotFound) {
                out.not_found = true;
                return invalid("not found");
            }
            return invalid(raw.error().message);
        }
        auto text = gunzip(*raw, kMaxDigestBytes);
        if (!text) {
            return invalid("invalid format");
        }
        Digest digest;
        digest.doc = nlohmann::json::parse(*text, nullptr, false);
        if (!digest.doc.is_object()) {
            return invalid("invalid format");
        }
        const auto& metadata = info->metadata;
        if (!metadata.is_object() || !metadata.contains(kSignatureMetadata) ||
            !metadata.contains(kSignatureAlgorithmMetadata) ||
            !metadata[std::string(kSignatureMetadata)].is_string()) {
            return invalid("signature verification failed");
        }
        digest.signature = metadata[std::string(kSignatureMetadata)].get<std::string>();
        for (const char* required : {"digestPublicKeyFingerprint",
                                     "digestS3Bucket",
                                     "digestS3Object",
                                     "previousDigestSignature",
                                     "digestEndTime",
                                     "digestStartTime"}) {
            if (!digest.doc.contains(required)) {
                return invalid("invalid format");
            }
        }
        if (string_member(digest.doc, "digestS3Bucket") != bucket ||
            string_member(digest.doc, "digestS3Object") != key) {
            return invalid("has been moved from its original location");
        }
        auto fingerprint = string_member(digest.doc, "digestPublicKeyFingerprint");
        if (!fingerprint || !fingerprints_.contains(*fingerprint)) {
            return invalid(
                "public key not found in region " + group.home_region + " for fingerprint " +
                (fingerprint ? *fingerprint : digest.doc["digestPublicKeyFingerprint"].dump()));
        }
        auto end_text = string_member(digest.doc, "digestEndTime");
        auto start_text = string_member(digest.doc, "digestStartTime");
        if (!end_text || !start_text || !parse_iso8601(*end_text, digest.end) ||
            !parse_iso8601(*start_text, digest.start)) {
            return invalid("invalid format");
        }
        digest.hash = sha256_hex(*text);
        std::string to_sign =
            digest_string_to_sign(*end_text,
                                  bucket,
                                  key,
                                  digest.hash,
                                  string_member(digest.doc, "previousDigestSignature"));
        if (!keys_.verify(*fingerprint, to_sign, digest.signature)) {
            return invalid("signature verification failed");
        }
        // The chain: the newer digest signed this one's hash and signature.
        if (expected && expected->hash_value != digest.hash) {
            return invalid("hash value doesn't match");
        }
        if (expected && expected->signature != digest.signature) {
            return invalid("signature doesn't match the next digest's previousDigestSignature");
        }
        out.digest = std::move(digest);
        return out;
    }

    void check_log_files(const nlohmann::json& doc) {
        auto files = doc.find("logFiles");
        if (files == doc.end() || !files->is_array()) {
            return;
        }
        for (const auto& entry : *files) {
            auto bucket = entry.is_object() ? string_member(entry, "s3Bucket") : std::nullopt;
            auto key = entry.is_object() ? string_member(entry, "s3Object") : std::nullopt;
            auto hash = entry.is_object() ? string_member(entry, "hashValue") : std::nullopt;
            std::string b = bucket.value_or("");
            std::string k = key.value_or("");
            auto verdict = [&]() -> std::string {
                if (!bucket || !key || !hash) {
                    return "INVALID: invalid format";
                }
                auto raw = buckets_.read_object(*bucket, *key);
                if (!raw) {
                    return raw.error().code == Errc::kNotFound ? "INVALID: not found"
                                                               : "INVALID: " + raw.error().message;
                }
                auto text = gunzip(*raw, event::kMaxCloudTrailLogFileBytes);
                if (!text) {
                    return "INVALID: invalid format";
                }
                return sha256_hex(*text) == *hash ? "valid" : "INVALID: hash value doesn't match";
            }();
            bool valid = verdict == "valid";
            ++(valid ? report_.valid_logs : report_.invalid_logs);
            add(ValidationEntry::Kind::kLog, b, k, valid, std::move(verdict));
        }
    }

    storage::BucketStore& buckets_;
    DigestKeys& keys_;
    const ValidateRequest& request_;
    ValidationReport& report_;
    std::set<std::string> fingerprints_;
};

}  // namespace

std::string ValidationEntry::line() const {
    if (kind == Kind::kGap) {
        return verdict;
    }
    return std::string(kind == Kind::kDigest ? "Digest file" : "Log file") + "\ts3://" + bucket +
           "/" + key + "\t" + verdict;
}

Result<ValidationReport> validate_logs(storage::BucketStore& buckets,
                                       DigestKeys& keys,
                                       const ValidateRequest& request,
                                       Clock& clock) {
    ValidationReport report;
    report.start_time = request.start_time;
    report.end_time = request.end_time ? *request.end_time : clock.now();
    report.location =
        "s3://" + request.bucket + (request.key_prefix.empty() ? "" : "/" + request.key_prefix);
    if (report.start_time > report.end_time) {
        return make_error(Errc::kInvalidArgument,
                          "Invalid time range specified: start-time must occur before end-time");
    }
    Validator validator(buckets, keys, request, report);
    TRIPLINE_ASSIGN_OR_RETURN(auto groups, validator.find_digests(request.bucket));
    if (groups.empty()) {
        return report;
    }
    auto public_keys = keys.list("", report.start_time, report.end_time);
    if (public_keys.empty()) {
        return make_error(Errc::kNotFound,
                          "No public keys found between " + format_iso8601(report.start_time) +
                              " and " + format_iso8601(report.end_time));
    }
    validator.set_fingerprints(public_keys);
    for (auto& [group, digests] : groups) {
        report.trail_arns.push_back(group.trail_arn());
        TRIPLINE_TRY(validator.validate_group(group, std::move(digests)));
    }
    report.trail_arns.erase(std::unique(report.trail_arns.begin(), report.trail_arns.end()),
                            report.trail_arns.end());
    return report;
}

void write_validation_report(const ValidationReport& report,
                             bool verbose,
                             std::ostream& out,
                             std::ostream& err) {
    const std::string start = format_iso8601(report.start_time);
    const std::string end = format_iso8601(report.end_time);
    if (report.trail_arns.size() == 1) {
        out << "Validating log files for trail " << report.trail_arns.front();
    } else if (report.trail_arns.empty()) {
        out << "Validating log files in " << report.location;
    } else {
        out << "Validating log files for trails ";
        for (std::size_t i = 0; i < report.trail_arns.size(); ++i) {
            out << (i > 0 ? ", " : "") << report.trail_arns[i];
        }
    }
    out << " between " << start << " and " << end << "\n\n";
    // As the aws CLI: problems go to stderr followed by a blank line, valid files (verbose) to
    // stdout, and a problem after a valid line is preceded by a blank line too.
    bool last_double_space = true;
    for (const ValidationEntry& entry : report.entries) {
        if (!entry.valid || entry.kind == ValidationEntry::Kind::kGap) {
            err << (last_double_space ? "" : "\n") << entry.line() << "\n\n";
            last_double_space = true;
        } else if (verbose) {
            out << entry.line() << "\n";
            last_double_space = false;
        }
    }
    if (!last_double_space) {
        out << "\n";
    }
    out << "Results requested for " << start << " to " << end << "\n";
    if (report.valid_digests + report.invalid_digests == 0) {
        out << "No digests found\n";
        return;
    }
    if (!report.found_start || !report.found_end) {
        out << "No valid digests found in range\n";
    } else {
        out << "Results found for " << format_iso8601(*report.found_start) << " to "
            << format_iso8601(*report.found_end) << ":\n";
    }
    auto ratio = [&](std::size_t valid, std::size_t invalid, const char* name) {
        std::size_t total = valid + invalid;
        if (total == 0) {
            return;
        }
        out << "\n" << valid << "/" << total << " " << name << " files valid";
        if (invalid > 0) {
            out << ", " << invalid << "/" << total << " " << name << " files INVALID";
        }
    };
    ratio(report.valid_digests, report.invalid_digests, "digest");
    ratio(report.valid_logs, report.invalid_logs, "log");
    out << "\n";
}

}  // namespace tripline::trail
