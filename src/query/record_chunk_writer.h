// RecordChunkWriter: turns CloudTrail records into rows of a DuckDB data chunk laid out as
// trail_records (trail_schema.h), ready for the Appender. Writing vectors directly (rather than
// value by value through the Appender) is what makes the load fast: strings are copied once and
// nested columns need no intermediate duckdb_value objects.
//
// Ownership: owns its chunk. Thread-safety: none (one loader at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/cloudtrail_record.h"
#include "query/duck.h"
#include "query/trail_schema.h"

namespace tripline::query {

class RecordChunkWriter {
public:
    RecordChunkWriter();

    std::size_t size() const { return rows_; }
    bool full() const { return rows_ == capacity_; }
    // Adds one row (the chunk must not be full); returns its parsed eventTime in microseconds
    // since the epoch, nullopt when the record has none that parses.
    std::optional<std::int64_t> add(const event::CloudTrailRecord& record);
    // Hands over the chunk (row count set) and starts a new, empty one.
    duck::DataChunk take();
    // Drops the rows written so far.
    void clear();

private:
    // A vector and its validity mask (re-read after a list's child vectors grow).
    struct Leaf {
        duckdb_vector vector = nullptr;
        std::uint64_t* validity = nullptr;
        void bind(duckdb_vector v);
        void set_null(std::size_t row) const { duckdb_validity_set_row_invalid(validity, row); }
        void set_valid(std::size_t row) const { duckdb_validity_set_row_valid(validity, row); }
        void set_text(std::size_t row, std::string_view value) const;
        void set(std::size_t row, const std::optional<std::string>& value) const;
    };
    // A LIST vector: the entries are written through `list`, elements through child leaves.
    struct ListState {
        Leaf list;
        std::size_t size = 0;
        std::size_t capacity = 0;
    };

    void bind_vectors();
    // Makes room for `extra` more elements; re-binds the child leaves when the child grows.
    void reserve(ListState& state, std::size_t extra);
    void rebind_resource_children();
    void rebind_webid_children();

    void write_user_identity(std::size_t row, const event::CloudTrailRecord& record);
    void write_session_context(std::size_t row, const event::SessionContext* session);
    void write_webid_map(std::size_t row, const std::optional<event::RawJson>& webid);
    void write_resources(std::size_t row, const event::CloudTrailRecord& record);
    void write_tls(std::size_t row, const event::CloudTrailRecord& record);
    std::optional<std::int64_t> write_tripline_columns(std::size_t row,
                                                       const event::CloudTrailRecord& record);
    template <typename T>
    void set_fixed(std::size_t row, schema::Column column, T value) const {
        top_[column].set_valid(row);
        static_cast<T*>(duckdb_vector_get_data(top_[column].vector))[row] = value;
    }
    void set_bool(std::size_t row, schema::Column column, std::optional<bool> value) const;
    // An Athena raw-JSON column: the text, or NULL (setting `null_bit`) for a JSON null.
    void write_raw(std::size_t row,
                   schema::Column column,
                   const std::optional<event::RawJson>& value,
                   std::uint32_t null_bit,
                   std::uint32_t& shape) const;
    // Athena's value of a top-level column the model did not fill: an unmodelled member with the
    // same name in another case ("UserAgent", "readOnly":"true").
    void write_scalar(std::size_t row,
                      schema::Column column,
                      const std::optional<std::string>& value,
                      const event::CloudTrailRecord& record,
                      std::string_view athena_name) const;

    std::vector<duck::LogicalType> types_;
    duck::DataChunk chunk_;
    std::size_t capacity_;
    std::size_t rows_ = 0;

    Leaf top_[schema::kColumnCount];
    Leaf identity_[8];
    Leaf session_[4];
    Leaf attributes_[2];
    Leaf issuer_[5];
    Leaf tls_[3];
    ListState resources_;
    Leaf resource_struct_;
    Leaf resource_[3];
    ListState webid_;
    Leaf webid_key_;
    Leaf webid_value_;
};

}  // namespace tripline::query
