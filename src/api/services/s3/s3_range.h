// Range requests (RFC 9110 §14, as S3 implements them): one `bytes=first-last`, `bytes=first-` or
// `bytes=-suffix` range. S3 ignores a header it cannot parse and multiple ranges (full object,
// 200) and answers a range that starts beyond the object with 416 InvalidRange. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace tripline::api::services::s3 {

struct RangeRequest {
    enum class Kind { kWholeObject, kPartial, kUnsatisfiable };
    Kind kind = Kind::kWholeObject;
    std::uint64_t first = 0;  // inclusive, for kPartial
    std::uint64_t last = 0;   // inclusive, for kPartial
};

RangeRequest parse_range(std::string_view header, std::uint64_t object_size);

}  // namespace tripline::api::services::s3
