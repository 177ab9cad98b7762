// Whole-buffer gzip for CloudTrail files (they are small: libdeflate, ~0.9 GB/s to decompress).
// Errors: kInvalidArgument for data that is not valid gzip (truncated, bad CRC), kLimitExceeded
// when the uncompressed size would pass `max_bytes`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::trail {

bool is_gzip(std::string_view data);  // starts with the gzip magic bytes
std::string gzip_compress(std::string_view data, int level = 6);
// Concatenated members are decompressed in turn (as gzip(1) does).
Result<std::string> gunzip(std::string_view data, std::size_t max_bytes);

}  // namespace tripline::trail
