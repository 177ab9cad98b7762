// JsonPath: the JSON paths AWS uses to pick a value out of an event: EventBridge InputPath and
// InputPathsMap ("$.detail.severity", "$.detail.resources[0].arn", "$.detail-type", "$.detail.*")
// and CloudWatch Logs metric filters ("$.arr[*].x", "$.['cluster.name']"). A path is parsed once
// into steps (parse_json_path) and then evaluated against many documents.
//
// Grammar (EBNF; bytes, no whitespace anywhere):
//
//   path        = "$" , { step } ;
//   step        = "." , ( name | "*" | bracket )      (* ".[...]" is CloudWatch's spelling *)
//               | bracket ;
//   bracket     = "[" , ( index | "*" | quoted ) , "]" ;
//   index       = "0" | nonzero-digit , { digit } ;   (* at most 9 digits *)
//   quoted      = "'" , { char - "'" | escape } , "'"
//               | '"' , { char - '"' | escape } , '"' ;
//   escape      = "\" , ( "'" | '"' | "\" ) ;
//   name        = name-char , { name-char } ;
//   name-char   = any byte from 0x21 to 0xFF except "." "[" "]" "*" "'" '"' "\" and 0x7F ;
//
// So "$.detail-type", "$.a/b", "$.a_b:c" are names; a key with '.', ' ', '[', '*' or quotes needs
// the bracket form ("$['key with space']", "$.['cluster.name']").
//
// Evaluation: a name step selects an object member (the first one with that name), an index step an
// array element, a wildcard every member value of an object or every element of an array, in
// document order. A name never selects into an array and an index never into an object (AWS does
// not flatten). evaluate() returns the first selected value; evaluate_all() every one.
//
// Limits: at most kMaxJsonPathBytes bytes and kMaxJsonPathSteps steps (Errc::kLimitExceeded).
// Errors: Errc::kInvalidArgument with a message ("expected a name after '.'") and Error::where set
// to the byte offset in the path (line 1, column offset + 1).
// Thread-safety: a JsonPath is immutable after parsing; share it freely between threads.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::json {

inline constexpr std::size_t kMaxJsonPathBytes = 1024;
inline constexpr std::size_t kMaxJsonPathSteps = 64;

struct JsonPathStep {
    enum class Kind { kName, kIndex, kWildcard };
    Kind kind = Kind::kName;
    std::string name;         // kName: the member name, unescaped
    std::uint32_t index = 0;  // kIndex

    bool operator==(const JsonPathStep&) const = default;
};

class JsonPath {
public:
    JsonPath() = default;  // "$": the whole document
    explicit JsonPath(std::vector<JsonPathStep> steps);

    const std::vector<JsonPathStep>& steps() const { return steps_; }
    bool is_root() const { return steps_.empty(); }
    bool has_wildcard() const { return has_wildcard_; }

    // The path in canonical form: dot notation where a name allows it, "['...']" otherwise, so that
    // parse_json_path(p.to_string()) == p.
    std::string to_string() const;

    // The first value the path selects in `root`, or nullopt when it selects nothing. The element
    // points into the same parser buffers as `root`.
    std::optional<simdjson::dom::element> evaluate(simdjson::dom::element root) const;
    // Appends every selected value to `out`, in document order.
    void evaluate_all(simdjson::dom::element root, std::vector<simdjson::dom::element>& out) const;

    bool operator==(const JsonPath& other) const { return steps_ == other.steps_; }

private:
    std::vector<JsonPathStep> steps_;
    bool has_wildcard_ = false;
};

Result<JsonPath> parse_json_path(std::string_view text);

// Whether `name` can be written in dot notation ("$.name") rather than brackets.
bool is_plain_path_name(std::string_view name);

}  // namespace tripline::json
