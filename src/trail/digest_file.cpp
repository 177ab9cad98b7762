#include "trail/digest_file.h"

#include <algorithm>

namespace tripline::trail {

namespace {

nlohmann::ordered_json time_or_null(const std::optional<TimePoint>& t) {
    return t ? nlohmann::ordered_json(format_iso8601(*t)) : nlohmann::ordered_json(nullptr);
}

std::optional<TimePoint> time_from(const nlohmann::json& entry, const char* name) {
    auto it = entry.find(name);
    TimePoint t;
    if (it == entry.end() || !it->is_string() || !parse_iso8601(it->get<std::string>(), t)) {
        return std::nullopt;
    }
    return t;
}

}  // namespace

nlohmann::ordered_json log_file_json(const DigestLogFile& file) {
    nlohmann::ordered_json j;
    j["s3Bucket"] = file.bucket;
    j["s3Object"] = file.key;
    j["hashValue"] = file.hash_value;
    j["hashAlgorithm"] = kHashAlgorithm;
    j["newestEventTime"] = time_or_null(file.newest_event_time);
    j["oldestEventTime"] = time_or_null(file.oldest_event_time);
    return j;
}

Result<DigestLogFile> log_file_from_json(const nlohmann::json& entry) {
    if (!entry.is_object()) {
        return make_error(Errc::kInvalidArgument, "logFiles entry is not an object");
    }
    DigestLogFile file;
    for (auto [name, field] : {std::pair{"s3Bucket", &file.bucket},
                               std::pair{"s3Object", &file.key},
                               std::pair{"hashValue", &file.hash_value}}) {
        auto it = entry.find(name);
        if (it == entry.end() || !it->is_string()) {
            return make_error(Errc::kInvalidArgument,
                              std::string("logFiles entry without a string ") + name);
        }
        *field = it->get<std::string>();
    }
    file.newest_event_time = time_from(entry, "newestEventTime");
    file.oldest_event_time = time_from(entry, "oldestEventTime");
    return file;
}

std::string digest_json(const DigestContent& digest) {
    std::optional<TimePoint> newest;
    std::optional<TimePoint> oldest;
    for (const DigestLogFile& file : digest.log_files) {
        if (file.newest_event_time) {
            newest = newest ? std::max(*newest, *file.newest_event_time) : *file.newest_event_time;
        }
        if (file.oldest_event_time) {
            oldest = oldest ? std::min(*oldest, *file.oldest_event_time) : *file.oldest_event_time;
        }
    }
    nlohmann::ordered_json j;
    j["awsAccountId"] = digest.account_id;
    j["digestStartTime"] = format_iso8601(digest.start_time);
    j["digestEndTime"] = format_iso8601(digest.end_time);
    j["digestS3Bucket"] = digest.bucket;
    j["digestS3Object"] = digest.key;
    j["digestPublicKeyFingerprint"] = digest.fingerprint;
    j["digestSignatureAlgorithm"] = kDigestSignatureAlgorithm;
    j["newestEventTime"] = time_or_null(newest);
    j["oldestEventTime"] = time_or_null(oldest);
    if (digest.previous) {
        j["previousDigestS3Bucket"] = digest.previous->bucket;
        j["previousDigestS3Object"] = digest.previous->key;
        j["previousDigestHashValue"] = digest.previous->hash_value;
        j["previousDigestHashAlgorithm"] = kHashAlgorithm;
        j["previousDigestSignature"] = digest.previous->signature;
    } else {
        for (const char* name : {"previousDigestS3Bucket",
                                 "previousDigestS3Object",
                                 "previousDigestHashValue",
                                 "previousDigestHashAlgorithm",
                                 "previousDigestSignature"}) {
            j[name] = nullptr;
        }
    }
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const DigestLogFile& file : digest.log_files) {
        files.push_back(log_file_json(file));
    }
    j["logFiles"] = std::move(files);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string digest_string_to_sign(std::string_view digest_end_time,
                                  std::string_view bucket,
                                  std::string_view key,
                                  std::string_view digest_sha256_hex,
                                  const std::optional<std::string>& previous_signature) {
    std::string out;
    out.append(digest_end_time).append("\n");
    out.append(bucket).append("/").append(key).append("\n");
    out.append(digest_sha256_hex).append("\n");
    out.append(previous_signature ? std::string_view(*previous_signature) : "null");
    return out;
}

}  // namespace tripline::trail
