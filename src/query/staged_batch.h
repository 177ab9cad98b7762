// StagedBatch: the batch of rows waiting to be loaded, kept as DuckDB data chunks (written by
// RecordChunkWriter), and the table function `tripline_staged_batch()` that shows them to SQL
// without copying: its columns are trail_records' (same names) plus `staged_row`, a reference to
// the row. It supports projection pushdown, so the duplicate probe
//   SELECT staged_row FROM tripline_staged_batch() s WHERE EXISTS (... trail_records ...)
// reads only the few columns it names. The rows themselves are then appended through the
// Appender, minus those the probe found (drop()).
//
// Ownership: owns the chunks; the table function refers to this object, which must outlive the
// connection it is registered on. Thread-safety: add()/drop()/take_chunks() by the loader only,
// never while a statement reading the function runs; the function itself may be called from
// DuckDB's threads concurrently (it only reads the chunks and bumps an atomic index).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/result.h"
#include "query/duck.h"

namespace tripline::query {

class StagedBatch {
public:
    static constexpr const char* kFunctionName = "tripline_staged_batch";

    StagedBatch();

    // Registers tripline_staged_batch() on `con`.
    Status register_function(duck::Connection& con);

    void add(duck::DataChunk chunk);
    bool empty() const { return chunks_.empty(); }
    std::size_t size() const { return chunks_.size(); }
    // Removes rows (staged_row values) from their chunks, e.g. duplicates.
    void drop(const std::vector<std::int64_t>& staged_rows);
    // Hands the chunks over (for the Appender) and empties the batch.
    std::vector<duck::DataChunk> take_chunks();
    void clear() { chunks_.clear(); }

private:
    static void bind(duckdb_bind_info info);
    static void init(duckdb_init_info info);
    static void local_init(duckdb_init_info info);
    static void produce(duckdb_function_info info, duckdb_data_chunk output);

    std::vector<duck::LogicalType> types_;
    std::vector<duck::DataChunk> chunks_;
};

}  // namespace tripline::query
