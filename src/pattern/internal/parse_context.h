// Shared by the pattern parser's translation units (module-private): the failure it throws
// internally (caught in parse_pattern(), never crossing the module boundary) and the operator
// parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "pattern/ast.h"
#include "pattern/internal/pattern_json.h"

namespace tripline::pattern::internal {

struct PatternFailure {
    std::string message;  // engine reason text
    std::size_t offset;   // byte offset of the offending token
};

[[noreturn]] inline void fail(std::string message, std::size_t offset) {
    throw PatternFailure{std::move(message), offset};
}

// Parses one operator object of a leaf (`{"prefix":"a"}`, `{"numeric":[...]}`, ...).
MatchExpr parse_operator(const JsonNode& object);

// Field names that make event-ruler's $or compiler give up (eventbridge.md §2.9); shared by the
// pattern parser and the filter-policy parser.
bool is_reserved_in_or(std::string_view key);

}  // namespace tripline::pattern::internal
