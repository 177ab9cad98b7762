#include "storage/detection_state_store.h"

namespace tripline::storage {

Status DetectionStateStore::put(std::string_view key, std::string_view document, TimePoint now) {
    TRIPLINE_TRY(
        db_.run("INSERT INTO detection_state(key, document, updated_at) VALUES(?1, ?2, ?3) "
                "ON CONFLICT(key) DO UPDATE SET document = excluded.document, "
                "updated_at = excluded.updated_at",
                key,
                document,
                now));
    return ok_status();
}

Result<std::vector<std::pair<std::string, std::string>>> DetectionStateStore::list(
    std::string_view prefix) {
    auto guard = db_.lock();
    // Keys are compared as text: [prefix, prefix + U+10FFFF) holds exactly the keys with the
    // prefix.
    std::string upper = std::string(prefix) + "\xf4\x8f\xbf\xbf";
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare("SELECT key, document FROM detection_state "
                                          "WHERE key >= ?1 AND key < ?2 ORDER BY key",
                                          prefix,
                                          std::string_view(upper)));
    std::vector<std::pair<std::string, std::string>> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.emplace_back(stmt.column_string(0), stmt.column_string(1));
    }
}

}  // namespace tripline::storage
