// One comparison `op value` as JSON and space-delimited patterns write it (`= "AccessDenied*"`,
// `!= 500`, `> 1e3`, `= %WARN%`, `= *`), and its evaluation against one scalar of a message.
//
// Values: a quoted string (`\"` and `\\` escapes), an unquoted word (letters, digits and any
// punctuation except the pattern's own delimiters, so `kms.amazonaws.com` and `111.111.*` are
// words), a number (signed, decimal or exponent: `-5`, `+1000`, `1e-3`), `*`, or `%regex%`.
// A string may start and/or end with `*` (suffix/prefix/substring match); a `*` elsewhere is a
// literal character, as AWS documents (`Ev*ent` only matches "Ev*ent").
//
// Semantics [inferred where AWS is silent]: `=`/`!=` with a number compare numerically with
// numbers (and, in space-delimited messages, with fields that read as numbers); string, wildcard
// and regex values compare with strings and with numbers' text; a comparison of a number with a
// value that is not numeric is false for every operator, `!=` included; `*` alone matches any
// scalar. Booleans and null only answer IS TRUE / IS FALSE / IS NULL.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "filter_pattern/regex.h"
#include "filter_pattern/syntax.h"

namespace tripline::filter_pattern::detail {

enum class Op { kEq, kNe, kLt, kGt, kLe, kGe };

struct Value {
    enum class Kind { kAny, kString, kNumber, kRegex };
    Kind kind = Kind::kAny;
    std::string text;  // kString: the literal between the edge stars; kNumber: as written
    bool leading_star = false;
    bool trailing_star = false;
    double number = 0;
    Regex regex;
};

struct Comparison {
    Op op = Op::kEq;
    Value value;
};

// A message scalar as comparisons see it.
struct Scalar {
    enum class Type { kString, kNumber, kOther };
    Type type = Type::kOther;
    std::string_view text;  // kString: the string; kNumber: the number's text
    double number = 0;      // kNumber
};

// Parses `op value` at the cursor (leading spaces skipped). `regexes` counts %regex% values.
Result<Comparison> parse_comparison(Cursor& cursor, int& regexes);

// Strict number syntax for pattern values and space-delimited fields: optional sign, digits with
// an optional fraction (or a fraction alone), optional exponent; nothing else. False otherwise.
bool parse_number_text(std::string_view text, double& out);

bool evaluate(const Comparison& comparison, const Scalar& scalar);

}  // namespace tripline::filter_pattern::detail
