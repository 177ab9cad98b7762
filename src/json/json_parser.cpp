#include "json/json_parser.h"

#include <string>

namespace tripline::json {

namespace {

std::string depth_message(std::size_t max_depth) {
    return "JSON nesting deeper than " + std::to_string(max_depth);
}

}  // namespace

JsonParser::JsonParser(ParseLimits limits) : limits_(limits) {}

Result<simdjson::dom::element> JsonParser::parse(std::string_view json) {
    return parse(json, limits_);
}

Result<simdjson::dom::element> JsonParser::parse(std::string_view json, const ParseLimits& limits) {
    if (json.size() > limits.max_bytes) {
        return make_error(Errc::kLimitExceeded,
                          "JSON document of " + std::to_string(json.size()) +
                              " bytes exceeds the limit of " + std::to_string(limits.max_bytes) +
                              " bytes");
    }
    if (limits.max_depth == 0) {
        return make_error(Errc::kLimitExceeded, depth_message(0));
    }
    // simdjson counts the document root as one level (a scalar document has depth 1, "[]" has
    // depth 2), so allow one more than our definition, where only containers count.
    const std::size_t simdjson_depth = limits.max_depth + 1;
    if (parser_.max_depth() != simdjson_depth || parser_.capacity() == 0) {
        std::size_t capacity = parser_.capacity();
        if (capacity < json.size()) {
            capacity = json.size();
        }
        if (capacity < simdjson::dom::MINIMAL_DOCUMENT_CAPACITY) {
            capacity = simdjson::dom::MINIMAL_DOCUMENT_CAPACITY;
        }
        if (auto err = parser_.allocate(capacity, simdjson_depth); err != simdjson::SUCCESS) {
            return make_error(
                Errc::kLimitExceeded,
                std::string("cannot allocate JSON parser: ") + simdjson::error_message(err));
        }
    }
    simdjson::dom::element root;
    auto err = parser_.parse(json.data(), json.size()).get(root);
    if (err == simdjson::DEPTH_ERROR) {
        return make_error(Errc::kLimitExceeded, depth_message(limits.max_depth));
    }
    if (err == simdjson::CAPACITY || err == simdjson::MEMALLOC) {
        return make_error(Errc::kLimitExceeded,
                          std::string("JSON document too large: ") + simdjson::error_message(err));
    }
    if (err != simdjson::SUCCESS) {
        return make_error(Errc::kInvalidArgument,
                          std::string("invalid JSON: ") + simdjson::error_message(err));
    }
    return root;
}

JsonParser& thread_local_parser() {
    thread_local JsonParser parser;
    return parser;
}

}  // namespace tripline::json
