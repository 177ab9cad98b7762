// Outbox payload encoding: payloads are mostly JSON events (1-4 KB each, one row per matched
// target), and writing them raw made the state store's write volume the cost of alerting at ingest
// rates. Payloads of kCompressFromBytes or more are stored as a BLOB: a 4-byte little-endian
// uncompressed length, then raw DEFLATE (libdeflate, fastest level: JSON shrinks ~4x).
// Shorter payloads, and rows written before this encoding, are TEXT and read unchanged; the
// column's storage class tells the two apart.
//
// Pure functions, thread-safe. Errors: kInvalidArgument (with the row's id) for a BLOB that does
// not decode to its recorded length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::storage {

inline constexpr std::size_t kCompressFromBytes = 256;
// A payload larger than this is refused when decoding (a corrupt length must not allocate GBs).
inline constexpr std::size_t kMaxOutboxPayloadBytes = 64u << 20;

std::vector<std::byte> compress_outbox_payload(std::string_view payload);
Result<std::string> decompress_outbox_payload(const std::byte* data,
                                              std::size_t size,
                                              std::int64_t row_id);

}  // namespace tripline::storage
