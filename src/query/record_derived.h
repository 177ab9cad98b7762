// Values the trail store derives from a record for LookupEvents and dedup (stored in the `tl_`
// columns of trail_schema.h). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "event/cloudtrail_record.h"
#include "query/trail_schema.h"

namespace tripline::query {

// The account whose event history holds the record: recipientAccountId, else
// userIdentity.accountId, else "".
std::string_view history_account(const event::CloudTrailRecord& record);

// Management (LookupEvents' default), Insight (EventCategory "insight"), or anything else (data
// and network-activity events, never returned by LookupEvents).
schema::RecordKind record_kind(const event::CloudTrailRecord& record);

// LookupEvents' Username: userIdentity.userName; for assumed roles and federated users the session
// name (the ARN's last segment, else principalId after ':'); "root" for the root user; the
// invoking service for AWSService; nullopt otherwise.
std::optional<std::string> lookup_username(const event::CloudTrailRecord& record);

// LookupEvents' ResourceName of a resource ARN: what follows its last '/' or ':'
// ("arn:aws:iam::1:user/alice" -> "alice", "arn:aws:s3:::bucket" -> "bucket"); the same rule in SQL
// is kResourceNameSql.
std::string resource_name(std::string_view arn);
// resource_name() of the ARN `r.arn`, in SQL.
inline constexpr const char* kResourceNameSql = "regexp_extract(r.arn, '[^/:]*$')";

// The dedup key of (account, eventID): a stable 64-bit FNV-1a hash.
std::uint64_t dedup_key(std::string_view account, std::string_view event_id);

// A 128-bit key of (account, eventID) for spotting duplicates within a batch without keeping the
// strings (two independent 64-bit hashes; a collision is out of reach in practice).
struct DedupKey {
    std::uint64_t a;
    std::uint64_t b;
    bool operator==(const DedupKey&) const = default;
};
struct DedupKeyHash {
    std::size_t operator()(const DedupKey& key) const {
        return key.a ^ (key.b * 0x9E3779B97F4A7C15ULL);
    }
};
DedupKey dedup_key_128(std::string_view account, std::string_view event_id);

// True when the record has members the columns cannot hold (other_members anywhere), so its JSON
// text must be kept to give it back exactly.
bool needs_json_copy(const event::CloudTrailRecord& record);

}  // namespace tripline::query
