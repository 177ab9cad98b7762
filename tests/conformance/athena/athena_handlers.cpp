// Case kinds for the athena module, run against one fixed trail (tests/conformance/athena/
// trail.json) loaded once per process into a trail store in a fresh temporary directory:
//   athena-query  input = one Athena (Trino) statement; output = what Athena hands back: for a
//                 query (a result with a header row) the result CSV exactly as to_csv() writes
//                 it, for DDL/UTILITY output the text file to_text() writes, on failure
//                 "error: <message>". An argument names the session's database ("" = default).
//   athena-file   input = a path relative to the source root (examples/queries/NN-name.sql);
//                 that file's SQL runs as athena-query runs its input, so the shipped examples
//                 are tested exactly as shipped.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "athena/result_files.h"
#include "event/cloudtrail_record.h"
#include "handler_registry.h"
#include "query/athena_engine.h"
#include "query/trail_store.h"
#include "test_support.h"

namespace {

using tripline::query::TrailStore;
using tripline::query::athena::AthenaEngine;
using tripline::testing::Case;

constexpr const char* kTrailPath = "tests/conformance/athena/trail.json";

std::string read_text(const std::filesystem::path& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read " + path.string();
        return {};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The store and engine every case shares. Members are destroyed in reverse order, so the engine
// and the store (which hold the DuckDB file open) are gone before the directory is removed.
struct Fixture {
    tripline::testing::TempDir dir;
    std::unique_ptr<TrailStore> store;
    std::unique_ptr<AthenaEngine> engine;
    std::string error;  // why the fixture could not be built; every case reports it

    Fixture() {
        std::string text = read_text(tripline::testing::source_dir() / kTrailPath, error);
        if (!error.empty()) {
            return;
        }
        // parse_cloudtrail_log_file parses each element of Records with
        // parse_cloudtrail_record and names the index of a bad one.
        auto records = tripline::event::parse_cloudtrail_log_file(text);
        if (!records) {
            error = std::string(kTrailPath) + ": " + records.error().message;
            return;
        }
        auto opened = TrailStore::open(dir.path() / "trail.duckdb");
        if (!opened) {
            error = "open store: " + opened.error().message;
            return;
        }
        store = std::move(*opened);
        if (auto appended = store->append(*records); !appended) {
            error = "append: " + appended.error().message;
            return;
        }
        if (auto flushed = store->flush(); !flushed) {
            error = "flush: " + flushed.error().message;
            return;
        }
        engine = std::make_unique<AthenaEngine>(*store);
    }
};

Fixture& fixture() {
    static Fixture instance;
    return instance;
}

std::string run_sql(const std::string& sql, const std::string& database) {
    Fixture& f = fixture();
    if (!f.error.empty()) {
        return "error: fixture: " + f.error;
    }
    auto output = f.engine->run(sql, database);
    if (!output) {
        return "error: " + output.error().message;
    }
    return output->header ? tripline::athena::to_csv(output->result)
                          : tripline::athena::to_text(output->result);
}

std::string run_query(const Case& c) { return run_sql(c.input, c.args); }

std::string run_file(const Case& c) {
    std::string path = c.input;
    while (!path.empty() && (path.back() == ' ' || path.back() == '\n')) {
        path.pop_back();
    }
    std::string error;
    std::string sql = read_text(tripline::testing::source_dir() / path, error);
    if (!error.empty()) {
        return "error: " + error;
    }
    return run_sql(sql, c.args);
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("athena-query", run_query);
TRIPLINE_CONFORMANCE_HANDLER("athena-file", run_file);
