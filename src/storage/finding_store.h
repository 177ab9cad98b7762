// FindingStore: GuardDuty-style findings in table `findings` (migration 5), one row per finding.
// The document is the finding's JSON as GetFindings returns it; the columns beside it are what
// lookups need (aggregation key, severity, archived, publication state). The detect module owns
// the document's meaning.
//
// Ownership: borrows the Database, which must outlive the store. Thread-safety: as safe as the
// Database; calls join an open Transaction of the calling thread.
// Errors: SQLite errors as in database.h; kNotFound from get() for an unknown id.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

enum class PublishState { kPending, kPublished, kSuppressed };

struct StoredFinding {
    std::string id;
    std::string detector_id;
    std::string account_id;
    std::string region;
    std::string type;
    std::string aggregation_key;
    double severity = 0;
    bool archived = false;
    TimePoint updated_at;
    PublishState publish = PublishState::kPending;
    std::optional<TimePoint> published_at;
    std::string document;  // JSON text
};

class FindingStore {
public:
    explicit FindingStore(Database& db) : db_(db) {}

    // Inserts the finding or replaces every column of the one with its id.
    Status put(const StoredFinding& finding);
    Result<std::optional<StoredFinding>> find_by_key(std::string_view detector_id,
                                                     std::string_view aggregation_key);
    // The findings of `ids` that belong to the detector, in the order of `ids`; unknown ids are
    // skipped.
    Result<std::vector<StoredFinding>> get(std::string_view detector_id,
                                           std::span<const std::string> ids);
    // A detector's findings, most recently updated first.
    Result<std::vector<StoredFinding>> list(std::string_view detector_id);
    // Every finding of every detector, most recently updated first, at most `limit`.
    Result<std::vector<StoredFinding>> list_all(std::size_t limit);
    // Findings owing an EventBridge event: never published first, then the longest unpublished.
    Result<std::vector<StoredFinding>> pending_publication(std::size_t limit);
    // Marks these findings published - each only if its document is still the one that was
    // published: an occurrence stored meanwhile leaves it pending, so its update is not lost.
    Status mark_published(std::span<const StoredFinding> published, TimePoint at);
    Result<std::int64_t> remove_detector(std::string_view detector_id);

private:
    Result<std::vector<StoredFinding>> collect(Statement& stmt);

    Database& db_;
};

}  // namespace tripline::storage
