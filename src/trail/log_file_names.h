// CloudTrail's S3 key layout for log files and digest files (cloudtrail.md §6-7):
//   [<prefix>/]AWSLogs/[<o-orgid>/]<acct>/CloudTrail/<region>/YYYY/MM/DD/
//       <acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 letters/digits>.json.gz
//   [<prefix>/]AWSLogs/[<o-orgid>/]<acct>/CloudTrail-Insight/<region>/YYYY/MM/DD/
//       <acct>_CloudTrail-Insight_<region>_<YYYYMMDDTHHmmZ>_<16 letters/digits>.json.gz
//   [<prefix>/]AWSLogs/[<o-orgid>/]<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/
//       <acct>_CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHMMSSZ>.json.gz
// Date folders are UTC dates of the delivery (log files) or of the digest end time (digests).
// The prefix is used as given: a non-empty prefix is followed by "/" (as the aws CLI's
// validate-logs builds keys).
//
// Pure functions (random_unique_string() reads OpenSSL's CSPRNG); thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace tripline::trail {

// Where one account's files of one region go.
struct LogLocation {
    std::string key_prefix;                      // "" for none
    std::optional<std::string> organization_id;  // "o-..." for organization trails
    std::string account_id;
    std::string region;
};

// 16 random characters from [A-Za-z0-9] (the log file name's unique part).
std::string random_unique_string();

// "20150801T0210Z": the log file name's delivery time (UTC, minute precision).
std::string log_file_timestamp(TimePoint t);
// "20150817T150131Z": the digest file name's end time (UTC, second precision).
std::string digest_file_timestamp(TimePoint t);

// "[<prefix>/]AWSLogs/[<o-id>/]<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_
// <ts>_<unique>.json.gz"
std::string log_file_key(const LogLocation& where, TimePoint delivered, std::string_view unique);
// "[<prefix>/]AWSLogs/[<o-id>/]<acct>/CloudTrail-Insight/<region>/YYYY/MM/DD/<acct>_CloudTrail-
// Insight_<region>_<ts>_<unique>.json.gz": Insights events, beside the log files (cloudtrail.md
// §6).
std::string insight_file_key(const LogLocation& where,
                             TimePoint delivered,
                             std::string_view unique);
// "[<prefix>/]AWSLogs/[<o-id>/]<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/<acct>_CloudTrail-
// Digest_<region>_<trail>_<home>_<ts>.json.gz"
std::string digest_file_key(const LogLocation& where,
                            std::string_view trail_name,
                            std::string_view home_region,
                            TimePoint digest_end);
// "[<prefix>/]AWSLogs/[<o-id>/]" - everything of one bucket/prefix lies under it.
std::string aws_logs_prefix(std::string_view key_prefix,
                            const std::optional<std::string>& organization_id);

// A digest key taken apart (parse_digest_key); nullopt for any other key.
struct DigestKeyParts {
    LogLocation location;
    std::string trail_name;
    std::string home_region;
    std::string timestamp;  // "20150817T150131Z"
    TimePoint end_time;
    bool backfill = false;  // "..._backfill.json.gz"
};
std::optional<DigestKeyParts> parse_digest_key(std::string_view key);

// A log file key taken apart (parse_log_file_key); nullopt for any other key.
struct LogFileKeyParts {
    LogLocation location;
    std::string timestamp;  // "20150801T0210Z"
    TimePoint delivered;
    std::string unique;
};
std::optional<LogFileKeyParts> parse_log_file_key(std::string_view key);

bool is_account_id(std::string_view text);       // 12 digits
bool is_organization_id(std::string_view text);  // "o-" + 10-32 lower-case letters/digits

}  // namespace tripline::trail
