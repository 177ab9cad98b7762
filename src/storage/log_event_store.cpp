#include "storage/log_event_store.h"

namespace tripline::storage {

Status LogEventStore::insert(std::string_view group_arn,
                             const std::vector<NewLogEvent>& events,
                             std::int64_t ingestion_ms) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("INSERT INTO log_events(group_arn, stream, timestamp, ingestion_time, message) "
                    "VALUES(?1, ?2, ?3, ?4, ?5)"));
    for (const NewLogEvent& e : events) {
        stmt.reset();
        TRIPLINE_TRY(stmt.bind_all(group_arn, e.stream, e.timestamp_ms, ingestion_ms, e.message));
        TRIPLINE_TRY(stmt.step());
    }
    return ok_status();
}

Result<std::vector<StoredLogEvent>> LogEventStore::read(const LogEventQuery& query) {
    std::string sql =
        "SELECT id, stream, timestamp, ingestion_time, message FROM log_events WHERE group_arn = "
        "?1 "
        "AND id > ?2";
    if (query.before_id != 0) {
        sql += " AND id < ?3";
    }
    if (query.start_ms) {
        sql += " AND timestamp >= ?4";
    }
    if (query.end_ms) {
        sql += " AND timestamp < ?5";
    }
    if (!query.streams.empty()) {
        sql += " AND stream IN (SELECT value FROM json_each(?6))";
    }
    sql += query.newest_first ? " ORDER BY id DESC" : " ORDER BY id";
    sql += " LIMIT ?7";
    std::string streams = "[";
    for (std::size_t i = 0; i < query.streams.size(); ++i) {
        if (i > 0) {
            streams += ',';
        }
        streams += '"';
        for (char c : query.streams[i]) {
            if (c == '"' || c == '\\') {
                streams += '\\';
            }
            streams += c;
        }
        streams += '"';
    }
    streams += ']';
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt, db_.prepare(sql));
    TRIPLINE_TRY(stmt.bind(1, query.group_arn));
    TRIPLINE_TRY(stmt.bind(2, query.after_id));
    if (query.before_id != 0) {
        TRIPLINE_TRY(stmt.bind(3, query.before_id));
    }
    if (query.start_ms) {
        TRIPLINE_TRY(stmt.bind(4, *query.start_ms));
    }
    if (query.end_ms) {
        TRIPLINE_TRY(stmt.bind(5, *query.end_ms));
    }
    if (!query.streams.empty()) {
        TRIPLINE_TRY(stmt.bind(6, streams));
    }
    TRIPLINE_TRY(stmt.bind(7, static_cast<std::int64_t>(query.limit)));
    std::vector<StoredLogEvent> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(StoredLogEvent{stmt.column_int64(0),
                                     stmt.column_string(1),
                                     stmt.column_int64(2),
                                     stmt.column_int64(3),
                                     stmt.column_string(4)});
    }
}

Result<std::map<std::string, LogStreamStats>> LogEventStore::stream_stats(
    std::string_view group_arn) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT stream, min(timestamp), max(timestamp), max(ingestion_time), "
                    "sum(length(CAST(message AS BLOB))) FROM log_events WHERE group_arn = ?1 "
                    "GROUP BY stream",
                    group_arn));
    std::map<std::string, LogStreamStats> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out[stmt.column_string(0)] = LogStreamStats{
            stmt.column_int64(1), stmt.column_int64(2), stmt.column_int64(3), stmt.column_int64(4)};
    }
}

Result<std::int64_t> LogEventStore::stored_bytes(std::string_view group_arn) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT coalesce(sum(length(CAST(message AS BLOB))), 0) FROM log_events "
                    "WHERE group_arn = ?1",
                    group_arn));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    return row ? stmt.column_int64(0) : 0;
}

Status LogEventStore::remove_group(std::string_view group_arn) {
    TRIPLINE_TRY(db_.run("DELETE FROM log_events WHERE group_arn = ?1", group_arn));
    return ok_status();
}

Status LogEventStore::remove_stream(std::string_view group_arn, std::string_view stream) {
    TRIPLINE_TRY(
        db_.run("DELETE FROM log_events WHERE group_arn = ?1 AND stream = ?2", group_arn, stream));
    return ok_status();
}

Result<std::int64_t> LogEventStore::remove_before(std::string_view group_arn,
                                                  std::int64_t timestamp_ms) {
    return db_.run(
        "DELETE FROM log_events WHERE group_arn = ?1 AND timestamp < ?2", group_arn, timestamp_ms);
}

}  // namespace tripline::storage
