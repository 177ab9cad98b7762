// TrailStore: records become rows of DuckDB data chunks (RecordChunkWriter); every few chunks
// (StagedBatch) one query finds the rows whose (account, eventID) is already stored, the others go
// to the Appender, and the Appender is flushed - one transaction - per batch. Duplicates within a
// batch are caught in memory by a 128-bit key. Loads and queries use two connections, so a
// LookupEvents call does not wait behind a batch load.
#include "query/trail_store.h"

#include <spdlog/spdlog.h>

#include <limits>
#include <mutex>
#include <string>
#include <unordered_set>

#include "query/duck.h"
#include "query/lookup_events.h"
#include "query/record_chunk_writer.h"
#include "query/record_derived.h"
#include "query/sql_strings.h"
#include "query/staged_batch.h"
#include "query/trail_schema.h"

namespace tripline::query {

namespace {

std::vector<std::pair<std::string, std::string>> database_settings(
    const TrailStoreOptions& options) {
    return {
        // Athena's queries run here; they must not read or write other files (athena_engine.h).
        {"enable_external_access", options.external_access ? "true" : "false"},
        // DuckDB's working memory (the Appender's batch, joins, sorts); beyond it DuckDB spills
        // to <file>.tmp. Keeps the server's footprint bounded whatever the data size.
        {"memory_limit", "1GB"},
        // One worker: loads are single-threaded anyway, and on a busy 2-core machine a second
        // worker mostly spins waiting for the first (measured: half the CPU per loaded record).
        // The load and query connections still run side by side.
        {"threads", "1"},
        // Batches smaller than a row group (122,880 rows) are committed through the WAL; moving
        // them into the compressed table every 16 MB (the default) rewrites the open row group
        // over and over. 256 MB halves the CPU per loaded record (measured) and bounds the WAL
        // replayed after a crash to a few hundred thousand records.
        {"wal_autocheckpoint", "256MB"},
    };
}

// Pending chunks are checked for stored duplicates (and handed to the Appender) this many at a
// time: few enough to keep the staged memory small and warm, enough to amortise the query.
constexpr std::size_t kProbeChunks = 8;

std::string timestamp_literal(std::int64_t micros) {
    return "make_timestamp(" + std::to_string(micros) + "::BIGINT)";
}

}  // namespace

struct TrailStore::Impl {
    TrailStoreOptions options;
    std::unique_ptr<duck::Database> db;

    std::mutex load_mutex;  // guards everything below up to query_mutex
    duck::Connection load_con;
    RecordChunkWriter writer;
    StagedBatch pending;  // full chunks not yet checked for duplicates
    std::int64_t min_time = std::numeric_limits<std::int64_t>::max();  // of the pending rows
    std::int64_t max_time = std::numeric_limits<std::int64_t>::min();
    bool pending_without_time = false;
    std::optional<duck::Appender> appender;  // open while a batch is being loaded
    std::size_t staged = 0;                  // records of the batch
    std::unordered_set<DedupKey, DedupKeyHash> batch_keys;

    std::mutex query_mutex;
    duck::Connection query_con;

    Impl(TrailStoreOptions opts,
         std::unique_ptr<duck::Database> database,
         duck::Connection load,
         duck::Connection query)
        : options(opts),
          db(std::move(database)),
          load_con(std::move(load)),
          query_con(std::move(query)) {}

    Status stage(const event::CloudTrailRecord& record);
    // staged_row of each pending row whose (account, eventID) is already stored.
    Result<std::vector<std::int64_t>> find_stored_duplicates();
    // Checks the pending chunks for stored duplicates and hands the rest to the Appender.
    Status append_pending();
    // Appends what is left and commits the batch.
    Status load_batch();
    void reset_batch();
};

Status TrailStore::Impl::stage(const event::CloudTrailRecord& record) {
    if (record.event_id &&
        !batch_keys.insert(dedup_key_128(history_account(record), *record.event_id)).second) {
        return ok_status();  // a duplicate within the batch
    }
    std::optional<std::int64_t> time = writer.add(record);
    if (time) {
        min_time = std::min(min_time, *time);
        max_time = std::max(max_time, *time);
    } else {
        pending_without_time = true;
    }
    ++staged;
    if (writer.full()) {
        pending.add(writer.take());
        if (pending.size() >= kProbeChunks) {
            TRIPLINE_TRY(append_pending());
        }
    }
    if (staged >= options.batch_records) {
        return load_batch();
    }
    return ok_status();
}

void TrailStore::Impl::reset_batch() {
    pending.clear();
    writer.clear();
    appender.reset();
    staged = 0;
    batch_keys.clear();
    min_time = std::numeric_limits<std::int64_t>::max();
    max_time = std::numeric_limits<std::int64_t>::min();
    pending_without_time = false;
}

Result<std::vector<std::int64_t>> TrailStore::Impl::find_stored_duplicates() {
    // A duplicate is the same event, so it carries the same eventTime: only stored rows in the
    // pending rows' time range can match, which lets DuckDB skip the rest by their zone maps.
    std::string time_filter;
    if (min_time <= max_time) {
        time_filter = "t.tl_time BETWEEN " + timestamp_literal(min_time) + " AND " +
                      timestamp_literal(max_time);
    }
    if (pending_without_time) {
        time_filter = time_filter.empty() ? "t.tl_time IS NULL"
                                          : "(" + time_filter + " OR t.tl_time IS NULL)";
    }
    // tl_key hashes (account, eventID); comparing eventid too makes a hash collision harmless.
    TRIPLINE_ASSIGN_OR_RETURN(
        duck::QueryResult result,
        load_con.query(std::string("SELECT s.staged_row FROM ") + StagedBatch::kFunctionName +
                       "() s WHERE s.tl_key IS NOT NULL AND EXISTS (SELECT 1 FROM trail_records t "
                       "WHERE " +
                       time_filter + " AND t.tl_key = s.tl_key AND t.eventid = s.eventid)"));
    std::vector<std::int64_t> rows;
    while (duck::DataChunk chunk{result.fetch_chunk()}) {
        duck::VectorReader refs(chunk.vector(0));
        for (std::size_t row = 0; row < chunk.size(); ++row) {
            rows.push_back(refs.fixed<std::int64_t>(row));
        }
    }
    return rows;
}

Status TrailStore::Impl::append_pending() {
    if (pending.empty()) {
        return ok_status();
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<std::int64_t> duplicates, find_stored_duplicates());
    pending.drop(duplicates);
    min_time = std::numeric_limits<std::int64_t>::max();
    max_time = std::numeric_limits<std::int64_t>::min();
    pending_without_time = false;
    if (!appender) {
        TRIPLINE_ASSIGN_OR_RETURN(duck::Appender created, load_con.appender(schema::kRecordsTable));
        appender.emplace(std::move(created));
    }
    for (const duck::DataChunk& chunk : pending.take_chunks()) {
        TRIPLINE_TRY(appender->append(chunk));
    }
    return ok_status();
}

Status TrailStore::Impl::load_batch() {
    if (staged == 0) {
        return ok_status();
    }
    pending.add(writer.take());
    Status status = append_pending();
    if (status && appender) {
        status = appender->flush();  // one transaction per batch
    }
    // On failure the rest of the batch is dropped and the error returned (rows the Appender already
    // holds may still be committed when it closes): retrying data DuckDB refused would block every
    // later batch.
    reset_batch();
    return status;
}

TrailStore::TrailStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TrailStore::~TrailStore() {
    if (impl_ == nullptr) {
        return;
    }
    std::lock_guard lock(impl_->load_mutex);
    if (Status status = impl_->load_batch(); !status) {
        spdlog::error("trail store: records lost at close: {}", status.error().message);
    }
}

Result<std::unique_ptr<TrailStore>> TrailStore::open(const std::filesystem::path& path,
                                                     TrailStoreOptions options) {
    if (options.batch_records == 0) {
        options.batch_records = 1;
    }
    if (path.has_parent_path() && path != ":memory:") {
        std::error_code ignored;
        std::filesystem::create_directories(path.parent_path(), ignored);
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::unique_ptr<duck::Database> db,
                              duck::Database::open(path.string(), database_settings(options)));
    TRIPLINE_ASSIGN_OR_RETURN(duck::Connection load, db->connect());
    TRIPLINE_TRY(schema::create_schema(load));
    TRIPLINE_ASSIGN_OR_RETURN(duck::Connection query, db->connect());
    auto impl = std::make_unique<Impl>(options, std::move(db), std::move(load), std::move(query));
    TRIPLINE_TRY(impl->pending.register_function(impl->load_con));
    return std::unique_ptr<TrailStore>(new TrailStore(std::move(impl)));
}

Status TrailStore::append(std::span<const event::CloudTrailRecord> records) {
    std::lock_guard lock(impl_->load_mutex);
    for (const event::CloudTrailRecord& record : records) {
        Status status = impl_->stage(record);
        if (!status) {
            impl_->reset_batch();
            return status;
        }
    }
    return ok_status();
}

Status TrailStore::flush() {
    std::lock_guard lock(impl_->load_mutex);
    return impl_->load_batch();
}

Result<LookupPage> TrailStore::lookup(const LookupQuery& query, TimePoint now) {
    std::lock_guard lock(impl_->query_mutex);
    return lookup_events(impl_->query_con, query, now);
}

Result<std::uint64_t> TrailStore::count() {
    std::lock_guard lock(impl_->query_mutex);
    TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result,
                              impl_->query_con.query("SELECT count(*) FROM trail_records"));
    duck::DataChunk chunk(result.fetch_chunk());
    if (!chunk || chunk.size() == 0) {
        return std::uint64_t{0};
    }
    return static_cast<std::uint64_t>(duck::VectorReader(chunk.vector(0)).fixed<std::int64_t>(0));
}

Result<std::uint64_t> TrailStore::prune_before(TimePoint cutoff) {
    std::lock_guard lock(impl_->load_mutex);
    const std::int64_t micros =
        std::chrono::duration_cast<std::chrono::microseconds>(cutoff.time_since_epoch()).count();
    TRIPLINE_ASSIGN_OR_RETURN(
        duck::Prepared stmt,
        impl_->load_con.prepare("DELETE FROM trail_records WHERE tl_time < $1"));
    TRIPLINE_TRY(stmt.bind_timestamp_micros(1, micros));
    TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result, stmt.execute());
    return static_cast<std::uint64_t>(result.rows_changed());
}

Result<TrailStore::Table> TrailStore::execute(const std::string& sql) {
    std::lock_guard lock(impl_->query_mutex);
    return run_sql_as_strings(impl_->query_con, sql);
}

Result<duck::Connection> TrailStore::connect() { return impl_->db->connect(); }

}  // namespace tripline::query
