// The contents of a CloudTrail digest file and its string to sign (cloudtrail.md §7):
//   {"awsAccountId", "digestStartTime", "digestEndTime", "digestS3Bucket", "digestS3Object",
//    "digestPublicKeyFingerprint", "digestSignatureAlgorithm", "newestEventTime",
//    "oldestEventTime", "previousDigestS3Bucket", "previousDigestS3Object",
//    "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature",
//    "logFiles":[{"s3Bucket","s3Object","hashValue","hashAlgorithm","newestEventTime",
//                 "oldestEventTime"}]}
// in that member order. The previous* members are null in the first digest of a chain, the
// event times null when no log file (or no event time) is covered. The signature is
// SHA256withRSA over
//   digestEndTime "\n" digestS3Bucket "/" digestS3Object "\n" hex(SHA-256(uncompressed digest))
//   "\n" previousDigestSignature (the literal "null" when there is none)
// stored hex-encoded in the object metadata "signature" (+ "signature-algorithm").
//
// Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/sha256.h"  // sha256_hex, used with these files

namespace tripline::trail {

inline constexpr std::string_view kDigestSignatureAlgorithm = "SHA256withRSA";
inline constexpr std::string_view kHashAlgorithm = "SHA-256";
// S3 user metadata names on digest objects (x-amz-meta-*).
inline constexpr std::string_view kSignatureMetadata = "signature";
inline constexpr std::string_view kSignatureAlgorithmMetadata = "signature-algorithm";

// One log file a digest covers.
struct DigestLogFile {
    std::string bucket;
    std::string key;
    std::string hash_value;  // hex SHA-256 of the uncompressed log file
    std::optional<TimePoint> newest_event_time;
    std::optional<TimePoint> oldest_event_time;
    bool operator==(const DigestLogFile&) const = default;
};

// The digest before this one in the chain.
struct PreviousDigest {
    std::string bucket;
    std::string key;
    std::string hash_value;  // hex SHA-256 of its uncompressed content
    std::string signature;   // hex
    bool operator==(const PreviousDigest&) const = default;
};

struct DigestContent {
    std::string account_id;
    TimePoint start_time;
    TimePoint end_time;
    std::string bucket;
    std::string key;
    std::string fingerprint;
    std::optional<PreviousDigest> previous;
    std::vector<DigestLogFile> log_files;
};

// The uncompressed digest file (compact JSON).
std::string digest_json(const DigestContent& digest);

// The string the digest's signature signs (see above); `digest_end_time` as written in the file.
std::string digest_string_to_sign(std::string_view digest_end_time,
                                  std::string_view bucket,
                                  std::string_view key,
                                  std::string_view digest_sha256_hex,
                                  const std::optional<std::string>& previous_signature);

// A logFiles[] entry as JSON and back (also the form kept in the digest chain's state).
nlohmann::ordered_json log_file_json(const DigestLogFile& file);
Result<DigestLogFile> log_file_from_json(const nlohmann::json& entry);

}  // namespace tripline::trail
