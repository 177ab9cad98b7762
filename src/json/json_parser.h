// JsonParser: bounded parsing of untrusted JSON text into a simdjson DOM. It wraps one
// simdjson::dom::parser, refuses documents larger than ParseLimits::max_bytes or nested deeper than
// ParseLimits::max_depth, and turns simdjson's error codes into Result errors.
//
// Ownership: the element returned by parse() points into the parser's buffers; it stays valid until
// the next parse() on the same parser (or the parser's destruction). Copy out what must outlive it.
//
// Thread-safety: a JsonParser is not thread-safe; use one parser per thread. thread_local_parser()
// gives each thread its own, with the default limits. Any call to parse() on it invalidates
// elements previously obtained from it on that thread.
//
// Errors: Errc::kLimitExceeded ("JSON document of N bytes exceeds the limit of M bytes", "JSON
// nesting deeper than 64"), Errc::kInvalidArgument ("invalid JSON: <simdjson's reason>").
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string_view>

#include "base/result.h"

namespace tripline::json {

struct ParseLimits {
    std::size_t max_bytes = std::size_t{1} << 20;  // 1 MiB
    // Objects and arrays nested inside each other; scalars don't count, nor (simdjson's way) an
    // empty innermost container.
    std::size_t max_depth = 64;
};

class JsonParser {
public:
    explicit JsonParser(ParseLimits limits = {});
    JsonParser(const JsonParser&) = delete;
    JsonParser& operator=(const JsonParser&) = delete;

    // Parses `json` with this parser's limits.
    Result<simdjson::dom::element> parse(std::string_view json);
    // Parses `json` with other limits (e.g. a whole CloudTrail log file). Changing max_depth
    // between calls reallocates a small buffer; keep one limit per parser on hot paths.
    Result<simdjson::dom::element> parse(std::string_view json, const ParseLimits& limits);

    const ParseLimits& limits() const { return limits_; }

private:
    ParseLimits limits_;
    simdjson::dom::parser parser_;
};

// This thread's parser (default ParseLimits), created on first use.
JsonParser& thread_local_parser();

}  // namespace tripline::json
