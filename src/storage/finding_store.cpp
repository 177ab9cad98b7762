#include "storage/finding_store.h"

#include "storage/transaction.h"

namespace tripline::storage {

namespace {

constexpr std::string_view kColumns =
    "id, detector_id, account_id, region, type, aggregation_key, severity, archived, updated_at, "
    "publish, published_at, document";

std::string_view publish_name(PublishState state) {
    switch (state) {
        case PublishState::kPending:
            return "pending";
        case PublishState::kPublished:
            return "published";
        case PublishState::kSuppressed:
            return "suppressed";
    }
    return "pending";
}

PublishState publish_state(std::string_view name) {
    if (name == "published") {
        return PublishState::kPublished;
    }
    return name == "suppressed" ? PublishState::kSuppressed : PublishState::kPending;
}

StoredFinding read_row(const Statement& stmt) {
    StoredFinding f;
    f.id = stmt.column_string(0);
    f.detector_id = stmt.column_string(1);
    f.account_id = stmt.column_string(2);
    f.region = stmt.column_string(3);
    f.type = stmt.column_string(4);
    f.aggregation_key = stmt.column_string(5);
    f.severity = stmt.column_double(6);
    f.archived = stmt.column_int64(7) != 0;
    f.updated_at = stmt.column_time(8);
    f.publish = publish_state(stmt.column_text(9));
    if (!stmt.column_is_null(10)) {
        f.published_at = stmt.column_time(10);
    }
    f.document = stmt.column_string(11);
    return f;
}

std::string select(std::string_view rest) {
    return "SELECT " + std::string(kColumns) + " FROM findings " + std::string(rest);
}

}  // namespace

Status FindingStore::put(const StoredFinding& f) {
    TRIPLINE_TRY(db_.run(
        "INSERT INTO findings(" + std::string(kColumns) +
            ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
            "ON CONFLICT(id) DO UPDATE SET detector_id = excluded.detector_id, "
            "account_id = excluded.account_id, region = excluded.region, type = excluded.type, "
            "aggregation_key = excluded.aggregation_key, severity = excluded.severity, "
            "archived = excluded.archived, updated_at = excluded.updated_at, "
            "publish = excluded.publish, published_at = excluded.published_at, "
            "document = excluded.document",
        f.id,
        f.detector_id,
        f.account_id,
        f.region,
        f.type,
        f.aggregation_key,
        f.severity,
        static_cast<std::int64_t>(f.archived ? 1 : 0),
        f.updated_at,
        publish_name(f.publish),
        f.published_at,
        f.document));
    return ok_status();
}

Result<std::optional<StoredFinding>> FindingStore::find_by_key(std::string_view detector_id,
                                                               std::string_view key) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare(select("WHERE detector_id = ?1 AND aggregation_key = ?2"), detector_id, key));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return std::optional<StoredFinding>();
    }
    return std::optional<StoredFinding>(read_row(stmt));
}

Result<std::vector<StoredFinding>> FindingStore::get(std::string_view detector_id,
                                                     std::span<const std::string> ids) {
    std::vector<StoredFinding> out;
    auto guard = db_.lock();
    for (const std::string& id : ids) {
        TRIPLINE_ASSIGN_OR_RETURN(
            Statement stmt,
            db_.prepare(select("WHERE id = ?1 AND detector_id = ?2"), id, detector_id));
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (row) {
            out.push_back(read_row(stmt));
        }
    }
    return out;
}

Result<std::vector<StoredFinding>> FindingStore::list(std::string_view detector_id) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare(select("WHERE detector_id = ?1 ORDER BY updated_at DESC, id"), detector_id));
    return collect(stmt);
}

Result<std::vector<StoredFinding>> FindingStore::list_all(std::size_t limit) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare(select("ORDER BY updated_at DESC, id LIMIT ?1"),
                                          static_cast<std::int64_t>(limit)));
    return collect(stmt);
}

Result<std::vector<StoredFinding>> FindingStore::pending_publication(std::size_t limit) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare(select("WHERE publish = 'pending' "
                           "ORDER BY published_at IS NOT NULL, published_at, id LIMIT ?1"),
                    static_cast<std::int64_t>(limit)));
    return collect(stmt);
}

Status FindingStore::mark_published(std::span<const StoredFinding> published, TimePoint at) {
    TRIPLINE_ASSIGN_OR_RETURN(Transaction tx, Transaction::begin(db_));
    for (const StoredFinding& f : published) {
        TRIPLINE_TRY(
            db_.run("UPDATE findings SET publish = 'published', published_at = ?2 "
                    "WHERE id = ?1 AND document = ?3",
                    f.id,
                    at,
                    f.document));
    }
    return tx.commit();
}

Result<std::int64_t> FindingStore::remove_detector(std::string_view detector_id) {
    return db_.run("DELETE FROM findings WHERE detector_id = ?1", detector_id);
}

Result<std::vector<StoredFinding>> FindingStore::collect(Statement& stmt) {
    std::vector<StoredFinding> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(read_row(stmt));
    }
}

}  // namespace tripline::storage
