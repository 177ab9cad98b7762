// Log file integrity validation over Tripline's local buckets, with the verdicts and the output of
// `aws cloudtrail validate-logs` (cloudtrail.md §7):
//  * digests are found by key in [start, end + 1 hour] and walked newest to oldest, following
//    each digest's previousDigestS3Object (a digest without one ends that chain; the next older
//    digest found by listing continues, reported as a gap);
//  * each digest must be gzip JSON with the required members, name its own location, carry the
//    `signature` / `signature-algorithm` metadata, and verify (SHA256withRSA) under the public
//    key its fingerprint names (DigestKeys, keys valid in the time range);
//  * each log file a valid digest lists must exist and its uncompressed SHA-256 match.
// Lines: "Digest file\ts3://b/k\tvalid", "Log file\ts3://b/k\tINVALID: hash value doesn't match",
// "... INVALID: not found", "... INVALID: signature verification failed", "... INVALID: invalid
// format", "... INVALID: has been moved from its original location", "... INVALID: public key not
// found in region R for fingerprint F". Beyond the aws CLI, Tripline also checks that a digest's
// previousDigestHashValue / previousDigestSignature match the digest they point to (a swapped-in
// digest is reported "INVALID: hash value doesn't match" / "INVALID: signature doesn't match the
// next digest's previousDigestSignature").
//
// Several trails, accounts or regions in one bucket are validated chain by chain (the aws CLI
// validates one trail and region per run); the totals cover them all.
//
// Thread-safety: a free function over the stores' thread-safe calls.
// Errors: kNotFound for a missing bucket, or when digests exist but no public key is valid in the
// range ("No public keys found between ..."); kInvalidArgument for start after end. Everything
// about individual files is a verdict in the report, not an error.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/bucket_store.h"
#include "trail/digest_keys.h"

namespace tripline::trail {

struct ValidateRequest {
    std::string bucket;
    std::string key_prefix;                      // the trail's S3KeyPrefix ("" for none)
    std::string account_id;                      // "" = every account with digests
    std::vector<std::string> regions;            // digest regions; empty = every region
    std::optional<std::string> trail_name;       // unset = every trail
    std::optional<std::string> organization_id;  // "o-..." for organization-trail layouts
    TimePoint start_time;
    std::optional<TimePoint> end_time;  // unset = now
};

struct ValidationEntry {
    enum class Kind { kDigest, kLog, kGap };
    Kind kind = Kind::kDigest;
    std::string bucket;
    std::string key;
    bool valid = false;
    std::string verdict;  // "valid", "INVALID: ..." (digest/log), or the gap message

    // "Digest file\ts3://b/k\tvalid", or the gap message.
    std::string line() const;
};

struct ValidationReport {
    std::vector<std::string> trail_arns;  // the trails whose digests were found
    std::string location;                 // "s3://bucket[/prefix]"
    TimePoint start_time;
    TimePoint end_time;
    std::optional<TimePoint> found_start;  // set when a valid digest was found
    std::optional<TimePoint> found_end;
    std::size_t valid_digests = 0;
    std::size_t invalid_digests = 0;
    std::size_t valid_logs = 0;
    std::size_t invalid_logs = 0;
    std::vector<ValidationEntry> entries;  // in the order checked

    bool all_valid() const { return invalid_digests == 0 && invalid_logs == 0; }
};

Result<ValidationReport> validate_logs(storage::BucketStore& buckets,
                                       DigestKeys& keys,
                                       const ValidateRequest& request,
                                       Clock& clock);

// Prints the report as `aws cloudtrail validate-logs` does: the start-up and summary lines (and,
// with `verbose`, the valid files) on `out`, every INVALID line and gap on `err`.
void write_validation_report(const ValidationReport& report,
                             bool verbose,
                             std::ostream& out,
                             std::ostream& err);

}  // namespace tripline::trail
