// DetectionStateStore: what detections learn and must keep across restarts (per-principal
// baselines), as JSON documents by key in table `detection_state` (migration 5). The detect
// module owns the keys and documents.
// Ownership: borrows the Database. Thread-safety: as the Database; calls join an open Transaction
// of the calling thread. Errors: SQLite errors as in database.h.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

class DetectionStateStore {
public:
    explicit DetectionStateStore(Database& db) : db_(db) {}

    Status put(std::string_view key, std::string_view document, TimePoint now);
    // Every (key, document) whose key starts with `prefix`, by key.
    Result<std::vector<std::pair<std::string, std::string>>> list(std::string_view prefix);

private:
    Database& db_;
};

}  // namespace tripline::storage
