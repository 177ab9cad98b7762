// RecordChunkReader: reads rows of `SELECT * FROM trail_records` (a fetched chunk, columns as in
// trail_schema.h) back into what LookupEvents returns, including the record's JSON exactly as
// event::to_json() wrote it for the appended record.
//
// Ownership: borrows the chunk, which must outlive the reader. Thread-safety: none.
#pragma once

#include <cstddef>
#include <string>

#include "event/cloudtrail_record.h"
#include "query/duck.h"
#include "query/trail_schema.h"
#include "query/trail_store.h"

namespace tripline::query {

class RecordChunkReader {
public:
    // The record's columns start at `first_column` of the chunk.
    explicit RecordChunkReader(const duck::DataChunk& chunk, std::size_t first_column = 0);

    std::size_t size() const { return size_; }
    // The stored record rebuilt from its columns.
    event::CloudTrailRecord record(std::size_t row) const;
    // to_json() of the appended record.
    std::string record_json(std::size_t row) const;
    // LookupEvents' view of the row.
    LookupEvent lookup_event(std::size_t row) const;
    // tl_time in microseconds since the epoch (0 when NULL).
    std::int64_t time_micros(std::size_t row) const;
    std::string event_id(std::size_t row) const;

private:
    duck::VectorReader column(schema::Column col) const {
        return duck::VectorReader(chunk_.vector(first_column_ + col));
    }
    std::optional<std::string> text(schema::Column col, std::size_t row) const {
        return column(col).string(row);
    }
    std::optional<bool> boolean(schema::Column col, std::size_t row) const {
        duck::VectorReader reader = column(col);
        return reader.is_null(row) ? std::nullopt : std::optional<bool>(reader.fixed<bool>(row));
    }
    // A raw-JSON member: the column's text, "null" when the shape says JSON null.
    std::optional<std::string> raw(schema::Column col,
                                   std::size_t row,
                                   std::uint32_t shape,
                                   std::uint32_t null_bit) const;

    const duck::DataChunk& chunk_;
    std::size_t first_column_;
    std::size_t size_;
};

}  // namespace tripline::query
