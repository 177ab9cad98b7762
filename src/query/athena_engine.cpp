// Each run() borrows an idle connection (or opens one, defining Athena's macros on it), sets the
// session's database as DuckDB's schema, and runs the translated statement. A watchdog thread
// interrupts it at the timeout; QueryControl::cancel() interrupts it from outside.
#include "query/athena_engine.h"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

#include "query/athena_catalog.h"
#include "query/athena_dialect.h"
#include "query/athena_unnest_pushdown.h"
#include "query/duck.h"
#include "query/external_tables.h"
#include "query/trail_store.h"

namespace tripline::query::athena {

namespace {

std::string first_line(std::string_view text) {
    return std::string(text.substr(0, text.find('\n')));
}

// "line L:C: " from DuckDB's context ("LINE 3: <text>" then a caret under the position).
std::string position_of(std::string_view message) {
    std::size_t line_at = message.find("\nLINE ");
    if (line_at == std::string_view::npos) {
        return "";
    }
    std::size_t colon = message.find(':', line_at + 6);
    std::size_t caret_line = message.find('\n', line_at + 1);
    if (colon == std::string_view::npos || caret_line == std::string_view::npos) {
        return "";
    }
    std::string line(message.substr(line_at + 6, colon - line_at - 6));
    std::size_t caret = message.find('^', caret_line + 1);
    if (caret == std::string_view::npos) {
        return "line " + line + ": ";
    }
    // The context line starts with "LINE n: " - the caret's offset past it is the column.
    const std::size_t prefix = colon - (line_at + 1) + 2;
    const std::size_t offset = caret - (caret_line + 1);
    const std::size_t column = offset >= prefix ? offset - prefix + 1 : 1;
    return "line " + line + ":" + std::to_string(column) + ": ";
}

// Text between the first pair of `open`/`close` after `marker`.
std::string quoted_after(std::string_view text, std::string_view marker, char open, char close) {
    std::size_t at = text.find(marker);
    if (at == std::string_view::npos) {
        return "";
    }
    std::size_t start = text.find(open, at + marker.size());
    if (start == std::string_view::npos) {
        return "";
    }
    std::size_t end = text.find(close, start + 1);
    return end == std::string_view::npos ? ""
                                         : std::string(text.substr(start + 1, end - start - 1));
}

// DuckDB's error in Athena's words: the error name Athena reports for the same fault, the
// position, and DuckDB's own first line when Athena's wording would lose information.
// DuckDB's error types that are the statement's fault.
bool is_user_fault(std::string_view head) {
    for (std::string_view kind : {"Parser Error",
                                  "Binder Error",
                                  "Catalog Error",
                                  "Conversion Error",
                                  "Invalid Input Error",
                                  "Out of Range Error",
                                  "Not implemented Error",
                                  "Permission Error",
                                  "Dependency Error",
                                  "Type Error",
                                  "Syntax Error"}) {
        if (head.starts_with(kind)) {
            return true;
        }
    }
    return false;
}

// DuckDB's names of the types in its conversion errors, in Trino's words.
std::string trino_cast_type(std::string type) {
    static const std::pair<const char*, const char*> kNames[] = {
        {"INT8", "TINYINT"},
        {"INT16", "SMALLINT"},
        {"INT32", "INT"},
        {"INT64", "BIGINT"},
        {"FLOAT", "REAL"},
        {"TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE"}};
    for (const auto& [duck, trino] : kNames) {
        if (type == duck) {
            return trino;
        }
    }
    return type;
}

// The table reference DuckDB's caret points at ("db.table", "\"x\".t"), from the context line.
std::string reference_at_caret(std::string_view message) {
    std::size_t line_at = message.find("\nLINE ");
    if (line_at == std::string_view::npos) {
        return "";
    }
    std::size_t text_at = message.find(": ", line_at);
    std::size_t caret_line = message.find('\n', line_at + 1);
    if (text_at == std::string_view::npos || caret_line == std::string_view::npos) {
        return "";
    }
    std::size_t caret = message.find('^', caret_line + 1);
    if (caret == std::string_view::npos) {
        return "";
    }
    const std::size_t offset = caret - (caret_line + 1);
    std::string_view text = message.substr(line_at + 1, caret_line - line_at - 1);
    if (offset >= text.size()) {
        return "";
    }
    std::size_t end = offset;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 ||
                                 text[end] == '_' || text[end] == '.' || text[end] == '"')) {
        ++end;
    }
    return std::string(text.substr(offset, end - offset));
}

Error athena_error(const Error& error,
                   std::string database,
                   const std::function<bool(const std::string&)>& schema_exists) {
    std::string message = error.message;
    for (std::string_view prefix : {"DuckDB: prepare: ", "DuckDB: query failed: "}) {
        if (message.starts_with(prefix)) {
            message.erase(0, prefix.size());
        }
    }
    const std::string head = first_line(message);
    const std::string where = position_of(message);
    if (error.code == Errc::kLimitExceeded) {
        return error;
    }
    if (head.find("Out of Memory") != std::string::npos) {
        return make_error(Errc::kLimitExceeded,
                          "EXCEEDED_MEMORY_LIMIT: Query exceeded the memory limit: " + head);
    }
    if (error.code != Errc::kInvalidArgument && !is_user_fault(head)) {
        return make_error(error.code, "INTERNAL_ERROR: " + head);
    }
    if (head.find("Catalog Error: Table with name") != std::string::npos) {
        std::string reference = reference_at_caret(message);
        reference.erase(std::remove(reference.begin(), reference.end(), '"'), reference.end());
        const std::size_t dot = reference.rfind('.');
        if (dot != std::string::npos && dot > 0) {
            std::string schema = reference.substr(0, dot);
            schema = schema.substr(schema.rfind('.') + 1);
            if (!schema_exists(schema)) {
                return make_error(
                    Errc::kInvalidArgument,
                    "SCHEMA_NOT_FOUND: " + where + "Schema '" + schema + "' does not exist");
            }
            database = schema == "main" ? "default" : schema;
        }
    }
    if (head.find("Could not find key") != std::string::npos) {
        std::string key = quoted_after(head, "Could not find key", '"', '"');
        return make_error(Errc::kInvalidArgument,
                          "COLUMN_NOT_FOUND: " + where + "Column '" + key + "' cannot be resolved");
    }
    if (head.starts_with("Conversion Error: Could not convert string")) {
        std::string value = quoted_after(head, "string", '\'', '\'');
        std::string type = head.substr(head.rfind(" to ") + 4);
        // A runtime error: Athena gives no position for these.
        return make_error(
            Errc::kInvalidArgument,
            "INVALID_CAST_ARGUMENT: Cannot cast '" + value + "' to " + trino_cast_type(type));
    }
    if (head.find("Catalog Error: Table with name") != std::string::npos) {
        std::string table = head.substr(31);
        table = table.substr(0, table.find(' '));
        return make_error(Errc::kInvalidArgument,
                          "TABLE_NOT_FOUND: " + where + "Table 'awsdatacatalog." +
                              std::string(database.empty() ? "default" : database) + "." + table +
                              "' does not exist");
    }
    if (head.find("Referenced column") != std::string::npos ||
        head.find("Referenced table") != std::string::npos) {
        std::string column = quoted_after(head, "Referenced", '"', '"');
        return make_error(
            Errc::kInvalidArgument,
            "COLUMN_NOT_FOUND: " + where + "Column '" + column + "' cannot be resolved");
    }
    if (head.find("Function with name") != std::string::npos) {
        std::string name = head.substr(head.find("with name") + 10);
        name = name.substr(0, name.find(' '));
        if (name.starts_with("athena_")) {
            name.erase(0, 7);
        }
        return make_error(
            Errc::kInvalidArgument,
            "FUNCTION_NOT_FOUND: " + where + "Function '" + name + "' not registered");
    }
    if (head.starts_with("Parser Error")) {
        return make_error(Errc::kInvalidArgument, "SYNTAX_ERROR: " + where + head.substr(14));
    }
    if (head.starts_with("Binder Error") && head.find("type") != std::string::npos) {
        return make_error(Errc::kInvalidArgument, "TYPE_MISMATCH: " + where + head.substr(14));
    }
    if (head.starts_with("Conversion Error") || head.starts_with("Invalid Input Error") ||
        head.starts_with("Out of Range Error")) {
        return make_error(Errc::kInvalidArgument, "INVALID_FUNCTION_ARGUMENT: " + where + head);
    }
    return make_error(Errc::kInvalidArgument, "GENERIC_USER_ERROR: " + where + head);
}

// Interrupts a statement when its time is up, unless it finishes first.
class Watchdog {
public:
    Watchdog(duckdb_connection con, std::chrono::milliseconds timeout) {
        if (timeout.count() <= 0) {
            return;
        }
        thread_ = std::thread([this, con, timeout] {
            std::unique_lock lock(mutex_);
            if (!done_cv_.wait_for(lock, timeout, [this] { return done_; })) {
                fired_ = true;
                duckdb_interrupt(con);
            }
        });
    }
    ~Watchdog() { stop(); }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    void stop() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        done_cv_.notify_all();
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    bool fired() {
        std::lock_guard lock(mutex_);
        return fired_;
    }

private:
    std::mutex mutex_;
    std::condition_variable done_cv_;
    bool done_ = false;
    bool fired_ = false;
    std::thread thread_;
};

// A column or alias name as DuckDB labels a plain reference; DuckDB labels other expressions
// with their text (`count_star()`, `(a + 1)`, `'x'`, `1`).
bool is_plain_name(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80;
    });
}

Result<QueryOutput> run_query(duck::Connection& con,
                              const Statement& statement,
                              const ResultLimits& limits) {
    QueryOutput out;
    out.statement_type = statement.statement_type;
    out.substatement_type = statement.substatement_type;
    if (statement.kind == StatementKind::kExplain) {
        TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result, con.query("EXPLAIN " + statement.sql));
        out.header = true;
        out.result.columns.push_back({"Query Plan", "varchar"});
        while (duck::DataChunk chunk{result.fetch_chunk()}) {
            duck::VectorReader plan(chunk.vector(1));
            for (std::size_t row = 0; row < chunk.size(); ++row) {
                std::string text = plan.string_or_empty(row);
                std::size_t start = 0;
                while (start < text.size()) {
                    std::size_t end = text.find('\n', start);
                    std::string line = text.substr(start, end - start);
                    out.result.text_bytes += line.size();
                    out.result.rows.push_back({std::move(line)});
                    start = end == std::string::npos ? text.size() : end + 1;
                }
            }
        }
        return out;
    }
    TRIPLINE_ASSIGN_OR_RETURN(duck::Prepared prepared,
                              con.prepare(detail::push_filters_below_unnest(statement.sql)));
    if (prepared.statement_type() != DUCKDB_STATEMENT_TYPE_SELECT) {
        // translate() admits only queries here; this guards against a rewrite gone wrong.
        return make_error(Errc::kInvalidArgument,
                          "NOT_SUPPORTED: only queries can run: Tripline's query engine is "
                          "read-only");
    }
    TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result, prepared.execute());
    TRIPLINE_ASSIGN_OR_RETURN(out.result, read_result(result, limits));
    for (std::size_t i = 0; i < out.result.columns.size(); ++i) {
        std::string& name = out.result.columns[i].name;
        if (!is_plain_name(name) && statement.sql.find('"' + name + '"') == std::string::npos) {
            name = "_col" + std::to_string(i);  // Trino's label of an unnamed expression
        }
    }
    return out;
}

// What a full scan reads: the store's file and its write-ahead log (recent batches live there
// until a checkpoint).
std::uint64_t database_bytes(duck::Connection& con) {
    auto result =
        con.query("SELECT path FROM duckdb_databases() WHERE database_name = current_database()");
    if (!result) {
        return 0;
    }
    duck::DataChunk chunk(result->fetch_chunk());
    if (!chunk || chunk.size() == 0) {
        return 0;
    }
    const std::string path = duck::VectorReader(chunk.vector(0)).string_or_empty(0);
    std::uint64_t bytes = 0;
    for (const std::string& file : {path, path + ".wal"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(file, ec);
        bytes += ec ? 0 : static_cast<std::uint64_t>(size);
    }
    return bytes;
}

}  // namespace

void QueryControl::cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    if (running_ != nullptr) {
        duckdb_interrupt(running_);
    }
}

bool QueryControl::cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

struct AthenaEngine::Impl {
    Impl(TrailStore& s, EngineOptions o) : store(s), options(o) {}
    TrailStore& store;
    EngineOptions options;
    LogFileSource* source = nullptr;
    std::mutex mutex;
    std::vector<duck::Connection> idle;

    Result<duck::Connection> acquire() {
        {
            std::lock_guard lock(mutex);
            if (!idle.empty()) {
                duck::Connection con = std::move(idle.back());
                idle.pop_back();
                return con;
            }
        }
        TRIPLINE_ASSIGN_OR_RETURN(duck::Connection con, store.connect());
        // Trino divides integers as integers (7 / 2 = 3); DuckDB's `/` would give 3.5.
        TRIPLINE_TRY(con.exec("SET integer_division = true"));
        // Trino's session zone is UTC here; the macros (from_iso8601_timestamp without an offset,
        // hour(), date_format) rely on it.
        TRIPLINE_TRY(con.exec("SET TimeZone = 'UTC'"));
        TRIPLINE_TRY(con.exec(athena_macros_sql()));
        TRIPLINE_TRY(external::ensure_registry(con));
        return con;
    }
    void release(duck::Connection con) {
        std::lock_guard lock(mutex);
        idle.push_back(std::move(con));
    }
};

AthenaEngine::AthenaEngine(TrailStore& store, EngineOptions options)
    : impl_(std::make_unique<Impl>(store, options)) {}

AthenaEngine::~AthenaEngine() = default;

void AthenaEngine::set_log_source(LogFileSource* source) { impl_->source = source; }

Result<QueryOutput> AthenaEngine::run(std::string_view sql,
                                      std::string_view database,
                                      QueryControl* control,
                                      std::string_view account) {
    TRIPLINE_ASSIGN_OR_RETURN(Statement statement, translate(sql));
    TRIPLINE_ASSIGN_OR_RETURN(duck::Connection con, impl_->acquire());
    const std::string session = database.empty() ? std::string("default") : std::string(database);
    auto exists = catalog::database_exists(con, session);
    if (!exists) {
        impl_->release(std::move(con));
        return exists.error();
    }
    if (!*exists) {
        impl_->release(std::move(con));
        return make_error(Errc::kInvalidArgument,
                          "SCHEMA_NOT_FOUND: Schema '" + session + "' does not exist");
    }
    if (Status scoped = con.exec(account.empty() ? std::string("RESET VARIABLE tripline_account")
                                                 : "SET VARIABLE tripline_account = " +
                                                       catalog::sql_literal(account));
        !scoped) {
        impl_->release(std::move(con));
        return scoped.error();
    }
    if (Status set = con.exec("SET schema = " + catalog::sql_literal(schema_of(session))); !set) {
        impl_->release(std::move(con));
        return set.error();
    }
    if (control != nullptr) {
        std::lock_guard lock(control->mutex_);
        if (control->cancelled_) {
            impl_->release(std::move(con));
            return make_error(Errc::kFailedPrecondition, "Query was cancelled");
        }
        control->running_ = con.raw();
    }
    Result<QueryOutput> output = make_error(Errc::kInternal, "not run");
    bool timed_out = false;
    {
        Watchdog watchdog(con.raw(), impl_->options.timeout);
        const bool is_query =
            statement.kind == StatementKind::kQuery || statement.kind == StatementKind::kExplain;
        if (is_query) {
            // External tables read their files as they are now (reloaded when they changed).
            Status fresh = external::refresh_named(con, statement.sql, impl_->source, account);
            output = fresh ? run_query(con, statement, impl_->options.limits)
                           : Result<QueryOutput>(fresh.error());
        } else {
            output = catalog::run_statement(con, statement, session, impl_->source, account);
        }
        watchdog.stop();
        timed_out = watchdog.fired();
        if (output && statement.kind == StatementKind::kQuery) {
            output->data_scanned_bytes = database_bytes(con);
        }
    }
    bool cancelled = false;
    if (control != nullptr) {
        std::lock_guard lock(control->mutex_);
        control->running_ = nullptr;
        cancelled = control->cancelled_;
    }
    // Back to the default schema for whoever borrows the connection next.
    const bool reusable = static_cast<bool>(con.exec("SET schema = 'main'"));
    if (reusable) {
        impl_->release(std::move(con));
    }
    if (output) {
        return output;
    }
    if (cancelled) {
        return make_error(Errc::kFailedPrecondition, "Query was cancelled");
    }
    if (timed_out) {
        return make_error(Errc::kLimitExceeded,
                          "EXCEEDED_TIME_LIMIT: Query exceeded the maximum execution time of " +
                              std::to_string(impl_->options.timeout.count() / 1000) + " seconds");
    }
    const std::string& message = output.error().message;
    if (message.starts_with("TABLE_NOT_FOUND") || message.starts_with("SCHEMA_NOT_FOUND") ||
        message.starts_with("NOT_SUPPORTED") || message.starts_with("FAILED") ||
        message.starts_with("EXCEEDED") || message.starts_with("SYNTAX_ERROR") ||
        output.error().code == Errc::kNotFound || output.error().code == Errc::kPermissionDenied) {
        return output.error();  // already Athena's words, or an external table's bucket
    }
    return athena_error(output.error(), session, [&](const std::string& schema) {
        auto borrowed = impl_->acquire();
        if (!borrowed) {
            return true;
        }
        auto found = catalog::database_exists(*borrowed, schema == "main" ? "default" : schema);
        impl_->release(std::move(*borrowed));
        return !found || *found;
    });
}

Result<std::vector<std::string>> AthenaEngine::list_databases() {
    TRIPLINE_ASSIGN_OR_RETURN(duck::Connection con, impl_->acquire());
    auto out = catalog::databases(con);
    impl_->release(std::move(con));
    return out;
}

Result<std::vector<TableInfo>> AthenaEngine::list_tables(std::string_view database) {
    TRIPLINE_ASSIGN_OR_RETURN(duck::Connection con, impl_->acquire());
    auto out = catalog::tables(con, database);
    impl_->release(std::move(con));
    return out;
}

Result<TableInfo> AthenaEngine::get_table(std::string_view database, std::string_view table) {
    TRIPLINE_ASSIGN_OR_RETURN(duck::Connection con, impl_->acquire());
    auto out = catalog::table(con, database, table);
    impl_->release(std::move(con));
    return out;
}

}  // namespace tripline::query::athena
