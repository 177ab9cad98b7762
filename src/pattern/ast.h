// The syntax tree of an EventBridge event pattern, produced by parse_pattern() (pattern_parser.h)
// after validation and consumed by compile_pattern() (event_pattern.h). It mirrors the pattern
// text: objects hold fields in text order (duplicates kept; the compiler lets the last one win), a
// field is a nested object, a leaf (the OR of its match expressions) or a `$or` of alternative
// objects. Every node carries the byte offset where it starts in the pattern text, for diagnostics.
// Plain values; immutable once built; safe to share between threads for reading.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pattern/cidr.h"
#include "pattern/numeric.h"
#include "pattern/wildcard.h"

namespace tripline::pattern {

enum class MatchKind {
    kExactString,            // "x", {"exactly":"x"}        strings[0]
    kExactNumber,            // 5                            numbers[0]
    kExactTrue,              // true
    kExactFalse,             // false
    kExactNull,              // null
    kPrefix,                 // {"prefix":"a"}               strings[0]
    kPrefixIgnoreCase,       // {"prefix":{"equals-ignore-case":"a"}}
    kSuffix,                 // {"suffix":"a"}
    kSuffixIgnoreCase,       // {"suffix":{"equals-ignore-case":"a"}}
    kEqualsIgnoreCase,       // {"equals-ignore-case":"a"}
    kWildcard,               // {"wildcard":"a*b"}           wildcards[0]
    kAnythingButString,      // {"anything-but":"a"} / ["a","b"]     strings
    kAnythingButNumber,      // {"anything-but":5} / [5,6]           numbers
    kAnythingButPrefix,      // {"anything-but":{"prefix":...}}      strings
    kAnythingButSuffix,      // {"anything-but":{"suffix":...}}      strings
    kAnythingButIgnoreCase,  // {"anything-but":{"equals-ignore-case":...}}  strings
    kAnythingButWildcard,    // {"anything-but":{"wildcard":...}}    wildcards
    kNumeric,                // {"numeric":[">",0,"<=",5]}   range
    kExists,                 // {"exists":true|false}        exists
    kCidr,                   // {"cidr":"10.0.0.0/8"}        cidr
};

// One side of a numeric range is present when has_*; "=" is a closed range with lower == upper.
struct NumericRange {
    bool has_lower = false;
    bool lower_inclusive = false;
    double lower = 0;
    bool has_upper = false;
    bool upper_inclusive = false;
    double upper = 0;
};

struct MatchExpr {
    MatchKind kind = MatchKind::kExactString;
    std::size_t offset = 0;
    std::vector<std::string> strings;
    std::vector<JsonNumber> numbers;
    std::vector<Wildcard> wildcards;
    NumericRange range;
    CidrBlock cidr;
    bool exists = false;
};

// A field's array: matches when any of its expressions does (exists:false is special, see
// matcher.h).
struct Leaf {
    std::size_t offset = 0;
    std::vector<MatchExpr> exprs;
};

struct FieldNode;

struct ObjectNode {
    std::size_t offset = 0;
    std::vector<FieldNode> fields;
};

struct FieldNode {
    enum class Kind { kObject, kLeaf, kOr };

    Kind kind = Kind::kLeaf;
    std::string key;  // empty for kOr
    std::size_t offset = 0;
    ObjectNode object;                     // kObject
    Leaf leaf;                             // kLeaf
    std::vector<ObjectNode> alternatives;  // kOr: each is a fragment at this level
};

struct PatternAst {
    std::string text;  // the pattern as written
    ObjectNode root;
};

}  // namespace tripline::pattern
