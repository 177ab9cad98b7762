#include "query/lookup_events.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "query/lookup_token.h"
#include "query/record_chunk_reader.h"
#include "query/record_derived.h"
#include "query/trail_schema.h"

namespace tripline::query {

namespace {

struct AttributeFilter {
    std::string_view key;
    std::string predicate;  // on one parameter, ?
    bool insights;          // allowed with EventCategory insight
    // With EventCategory insight, when it differs: Insights events carry their API's name and
    // source in insightDetails only.
    std::string insight_predicate = {};
};

const std::vector<AttributeFilter>& attribute_filters() {
    static const std::vector<AttributeFilter> filters = {
        {"EventId", "eventid = ?", true},
        {"EventName",
         "eventname = ?",
         true,
         "json_extract_string(tl_extra, '$.insightDetails.eventName') = ?"},
        {"ReadOnly",
         "CASE WHEN tl_readonly THEN 'true' WHEN NOT tl_readonly THEN 'false' END = ?",
         false},
        {"Username", schema::username_sql("") + " = ?", false},
        {"ResourceType", "list_contains(list_transform(resources, r -> r.type), ?)", false},
        {"ResourceName",
         std::string("list_contains(list_concat(list_transform(resources, r -> r.arn), "
                     "list_transform(resources, r -> ") +
             kResourceNameSql + ")), ?)",
         false},
        {"EventSource",
         "eventsource = ?",
         true,
         "json_extract_string(tl_extra, '$.insightDetails.eventSource') = ?"},
        {"AccessKeyId", "useridentity.accesskeyid = ?", false},
    };
    return filters;
}

std::int64_t micros(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

Result<const AttributeFilter*> find_attribute(const LookupQuery& query) {
    if (!query.attribute) {
        return static_cast<const AttributeFilter*>(nullptr);
    }
    const std::string& key = query.attribute->first;
    for (const AttributeFilter& filter : attribute_filters()) {
        if (filter.key == key) {
            if (query.insights && !filter.insights) {
                return make_error(Errc::kInvalidArgument,
                                  "Lookup attribute " + key +
                                      " is not supported for Insights events; use EventId, "
                                      "EventName or EventSource");
            }
            return &filter;
        }
    }
    return make_error(Errc::kInvalidArgument, "Invalid lookup attribute key: " + key);
}

struct PageRow {
    std::int64_t rowid;
    LookupCursor position;
};

// Phase 1: the page's rows (one more than asked, to know whether there is a next page), looked
// for in growing windows back from `anchor`: the newest events are usually recent, and a narrow
// time range lets DuckDB skip all other row groups by their zone maps.
Result<std::vector<PageRow>> find_page_rows(duck::Prepared& stmt,
                                            const LookupQuery& query,
                                            std::int64_t oldest,
                                            std::int64_t anchor) {
    static constexpr std::int64_t kHour = 3'600'000'000;
    static constexpr std::array<std::int64_t, 3> kWindows = {kHour, 24 * kHour, 7 * 24 * kHour};
    std::vector<PageRow> rows;
    for (std::size_t step = 0; step <= kWindows.size(); ++step) {
        // An event ID names one event: no window would be full, and its zone maps prune anyway.
        const bool by_id = query.attribute && query.attribute->first == "EventId";
        const bool last = by_id || step == kWindows.size() || anchor - kWindows[step] <= oldest;
        TRIPLINE_TRY(stmt.bind_timestamp_micros(4, last ? oldest : anchor - kWindows[step]));
        TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult candidates, stmt.execute());
        rows.clear();
        while (duck::DataChunk chunk{candidates.fetch_chunk()}) {
            duck::VectorReader rowid(chunk.vector(0));
            duck::VectorReader time(chunk.vector(1));
            duck::VectorReader event_id(chunk.vector(2));
            for (std::size_t row = 0; row < chunk.size(); ++row) {
                rows.push_back(PageRow{
                    rowid.fixed<std::int64_t>(row),
                    LookupCursor{time.fixed<std::int64_t>(row), event_id.string_or_empty(row)}});
            }
        }
        if (last || rows.size() > static_cast<std::size_t>(query.max_results)) {
            break;
        }
    }
    return rows;
}

Result<LookupPage> read_page(duck::Connection& con,
                             duck::Prepared& stmt,
                             const LookupQuery& query,
                             std::uint64_t parameters,
                             std::int64_t oldest,
                             std::int64_t anchor) {
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<PageRow> rows,
                              find_page_rows(stmt, query, oldest, anchor));
    LookupPage page;
    const bool more = rows.size() > static_cast<std::size_t>(query.max_results);
    if (more) {
        rows.resize(static_cast<std::size_t>(query.max_results));
        page.next_token = encode_lookup_token(parameters, rows.back().position);
    }
    if (rows.empty()) {
        return page;
    }
    // The time range lets the scan skip all but the row groups holding the page.
    const std::int64_t page_newest = rows.front().position.time_micros;
    const std::int64_t page_oldest = rows.back().position.time_micros;
    std::string ids;
    for (const PageRow& row : rows) {
        ids.append(ids.empty() ? "" : ", ").append(std::to_string(row.rowid));
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        duck::QueryResult full,
        con.query("SELECT rowid, * FROM trail_records WHERE tl_time BETWEEN make_timestamp(" +
                  std::to_string(page_oldest) + "::BIGINT) AND make_timestamp(" +
                  std::to_string(page_newest) + "::BIGINT) AND rowid IN (" + ids + ")"));
    std::map<std::int64_t, LookupEvent> events;
    while (duck::DataChunk chunk{full.fetch_chunk()}) {
        duck::VectorReader rowid(chunk.vector(0));
        RecordChunkReader reader(chunk, 1);
        for (std::size_t row = 0; row < reader.size(); ++row) {
            events.emplace(rowid.fixed<std::int64_t>(row), reader.lookup_event(row));
        }
    }
    for (const PageRow& row : rows) {
        auto found = events.find(row.rowid);
        if (found == events.end()) {
            return make_error(Errc::kInternal, "trail store: a looked-up row disappeared");
        }
        page.events.push_back(std::move(found->second));
    }
    return page;
}

}  // namespace

Result<LookupPage> lookup_events(duck::Connection& con, const LookupQuery& query, TimePoint now) {
    if (query.max_results < 1 || query.max_results > 50) {
        return make_error(Errc::kInvalidArgument, "MaxResults must be between 1 and 50");
    }
    if (query.start_time && query.end_time && *query.start_time > *query.end_time) {
        return make_error(Errc::kInvalidArgument, "Invalid time range: StartTime is after EndTime");
    }
    TRIPLINE_ASSIGN_OR_RETURN(const AttributeFilter* attribute, find_attribute(query));
    const std::uint64_t parameters = lookup_parameters_hash(query);
    std::optional<LookupCursor> cursor;
    if (!query.next_token.empty()) {
        TRIPLINE_ASSIGN_OR_RETURN(cursor, decode_lookup_token(query.next_token, parameters));
    }

    TimePoint oldest = now - kLookupHistory;
    TimePoint start = query.start_time ? std::max(*query.start_time, oldest) : oldest;
    // Phase 1 reads only the narrow columns to find the page's rows; phase 2 reads those rows
    // whole. (Ordering whole rows would decode every column of every candidate.)
    std::string sql = "SELECT rowid, tl_time, coalesce(eventid, '') FROM trail_records WHERE " +
                      schema::account_sql("") +
                      " = ? AND awsregion = ? AND tl_kind = ? AND tl_time >= ? AND tl_time <= ?";
    if (attribute != nullptr) {
        sql.append(" AND ").append(query.insights && !attribute->insight_predicate.empty()
                                       ? attribute->insight_predicate
                                       : attribute->predicate);
    }
    if (cursor) {
        sql.append(" AND (tl_time < ? OR (tl_time = ? AND coalesce(eventid, '') < ?))");
    }
    sql.append(" ORDER BY tl_time DESC, coalesce(eventid, '') DESC LIMIT ");
    sql.append(std::to_string(query.max_results + 1));

    TRIPLINE_ASSIGN_OR_RETURN(duck::Prepared stmt, con.prepare(sql));
    TRIPLINE_TRY(stmt.bind(1, query.account_id));
    TRIPLINE_TRY(stmt.bind(2, query.region));
    TRIPLINE_TRY(stmt.bind_int64(
        3,
        static_cast<std::int64_t>(query.insights ? schema::RecordKind::kInsight
                                                 : schema::RecordKind::kManagement)));
    // Without an end time: everything stored (records may be stamped ahead of this clock).
    TRIPLINE_TRY(stmt.bind_timestamp_micros(
        5,
        query.end_time ? micros(*query.end_time) : std::numeric_limits<std::int64_t>::max() / 2));
    std::size_t next_param = 6;
    if (attribute != nullptr) {
        TRIPLINE_TRY(stmt.bind(next_param++, query.attribute->second));
    }
    if (cursor) {
        TRIPLINE_TRY(stmt.bind_timestamp_micros(next_param++, cursor->time_micros));
        TRIPLINE_TRY(stmt.bind_timestamp_micros(next_param++, cursor->time_micros));
        TRIPLINE_TRY(stmt.bind(next_param++, cursor->event_id));
    }

    // Both phases in one transaction, so that rowids cannot move in between.
    TRIPLINE_TRY(con.exec("BEGIN TRANSACTION"));
    std::int64_t anchor = micros(now);
    if (query.end_time) {
        anchor = std::min(anchor, micros(*query.end_time));
    }
    if (cursor) {
        anchor = std::min(anchor, cursor->time_micros);
    }
    Result<LookupPage> page = read_page(con, stmt, query, parameters, micros(start), anchor);
    Status end = con.exec(page ? "COMMIT" : "ROLLBACK");
    TRIPLINE_TRY(page);
    TRIPLINE_TRY(end);
    return page;
}

}  // namespace tripline::query
