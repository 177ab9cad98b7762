#include "query/staged_batch.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <string>

#include "query/trail_schema.h"

namespace tripline::query {

namespace {

// staged_row = chunk index * kRowsPerChunkRef + row in the chunk.
constexpr std::int64_t kRowsPerChunkRef = 1 << 16;

// One scan of the function: the projected columns and the next chunk to hand out.
struct ScanState {
    std::vector<std::size_t> columns;  // function column of each output column
    std::atomic<std::size_t> next{0};
};

}  // namespace

StagedBatch::StagedBatch() : types_(schema::column_types()) {}

void StagedBatch::add(duck::DataChunk chunk) {
    if (chunk.size() > 0) {
        chunks_.push_back(std::move(chunk));
    }
}

void StagedBatch::drop(const std::vector<std::int64_t>& staged_rows) {
    std::map<std::size_t, std::vector<bool>> dropped;  // chunk -> rows to drop
    for (std::int64_t ref : staged_rows) {
        auto index = static_cast<std::size_t>(ref / kRowsPerChunkRef);
        auto row = static_cast<std::size_t>(ref % kRowsPerChunkRef);
        if (index >= chunks_.size() || row >= chunks_[index].size()) {
            continue;
        }
        auto& rows = dropped[index];
        rows.resize(chunks_[index].size());
        rows[row] = true;
    }
    for (auto& [index, rows] : dropped) {
        duck::DataChunk& chunk = chunks_[index];
        duckdb_selection_vector keep = duckdb_create_selection_vector(chunk.size());
        sel_t* selection = duckdb_selection_vector_get_data_ptr(keep);
        std::size_t kept = 0;
        for (std::size_t row = 0; row < chunk.size(); ++row) {
            if (!rows[row]) {
                selection[kept++] = static_cast<sel_t>(row);
            }
        }
        for (std::size_t col = 0; col < types_.size(); ++col) {
            duckdb_slice_vector(chunk.vector(col), keep, kept);
        }
        chunk.set_size(kept);
        duckdb_destroy_selection_vector(keep);
    }
    std::erase_if(chunks_, [](const duck::DataChunk& chunk) { return chunk.size() == 0; });
}

std::vector<duck::DataChunk> StagedBatch::take_chunks() {
    std::vector<duck::DataChunk> chunks = std::move(chunks_);
    chunks_.clear();
    return chunks;
}

Status StagedBatch::register_function(duck::Connection& con) {
    duckdb_table_function function = duckdb_create_table_function();
    duckdb_table_function_set_name(function, kFunctionName);
    duckdb_table_function_set_extra_info(function, this, nullptr);
    duckdb_table_function_set_bind(function, &StagedBatch::bind);
    duckdb_table_function_set_init(function, &StagedBatch::init);
    duckdb_table_function_set_local_init(function, &StagedBatch::local_init);
    duckdb_table_function_set_function(function, &StagedBatch::produce);
    duckdb_table_function_supports_projection_pushdown(function, true);
    duckdb_state state = duckdb_register_table_function(con.raw(), function);
    duckdb_destroy_table_function(&function);
    if (state != DuckDBSuccess) {
        return duck::duck_error("cannot register table function", kFunctionName);
    }
    return ok_status();
}

void StagedBatch::bind(duckdb_bind_info info) {
    auto* self = static_cast<StagedBatch*>(duckdb_bind_get_extra_info(info));
    const std::vector<std::string>& names = schema::column_names();
    for (std::size_t col = 0; col < self->types_.size(); ++col) {
        duckdb_bind_add_result_column(info, names[col].c_str(), self->types_[col].get());
    }
    duck::LogicalType row_ref = duck::LogicalType::of(DUCKDB_TYPE_BIGINT);
    duckdb_bind_add_result_column(info, "staged_row", row_ref.get());
}

void StagedBatch::init(duckdb_init_info info) {
    auto* state = new ScanState();
    for (std::size_t i = 0; i < duckdb_init_get_column_count(info); ++i) {
        state->columns.push_back(duckdb_init_get_column_index(info, i));
    }
    duckdb_init_set_init_data(
        info, state, [](void* data) { delete static_cast<ScanState*>(data); });
    duckdb_init_set_max_threads(info, 2);
}

// Parallel scans need a local init, even an empty one.
void StagedBatch::local_init(duckdb_init_info /*info*/) {}

void StagedBatch::produce(duckdb_function_info info, duckdb_data_chunk output) {
    auto* self = static_cast<StagedBatch*>(duckdb_function_get_extra_info(info));
    auto* state = static_cast<ScanState*>(duckdb_function_get_init_data(info));
    const std::size_t index = state->next.fetch_add(1);
    if (index >= self->chunks_.size()) {
        duckdb_data_chunk_set_size(output, 0);
        return;
    }
    const duck::DataChunk& chunk = self->chunks_[index];
    for (std::size_t out = 0; out < state->columns.size(); ++out) {
        const std::size_t col = state->columns[out];
        duckdb_vector target = duckdb_data_chunk_get_vector(output, out);
        if (col < self->types_.size()) {
            duckdb_vector_reference_vector(target, chunk.vector(col));
            continue;
        }
        auto* refs = static_cast<std::int64_t*>(duckdb_vector_get_data(target));
        for (std::size_t row = 0; row < chunk.size(); ++row) {
            refs[row] = static_cast<std::int64_t>(index) * kRowsPerChunkRef +
                        static_cast<std::int64_t>(row);
        }
    }
    duckdb_data_chunk_set_size(output, chunk.size());
}

}  // namespace tripline::query
