// The text rules ManagedScanner applies around a candidate, on byte offsets into the scanned value:
// the edge rule (a candidate glued to a letter or digit is part of a longer token and rejected),
// the keyword proximity (macie.md §2: at most 30 characters strictly between keyword and data,
// either order) and helpers to move by characters. Pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace tripline::scan {

inline constexpr std::size_t kKeywordProximity = 30;  // characters strictly between

// Word-boundary semantics: the candidate's edge character and its outside neighbour are both
// "token" characters (ASCII letters/digits, plus `extra`, e.g. "/+" for AWS secret keys). A digit
// edge next to '.' and another digit ("1.234", "10.0.0.1") is glued too: a decimal or version
// string is not a number on its own.
bool glued_left(std::string_view value, std::size_t begin, std::string_view extra);
bool glued_right(std::string_view value, std::size_t end, std::string_view extra);

// A card number written in groups ("4111 1111 ...") that continues with the same separator and
// another digit on either side is a fragment of a longer grouped number.
bool card_group_continues(std::string_view value, std::size_t begin, std::size_t end);

// The first start position in [from, end) that is not glued on its left; `end` when none.
std::size_t next_start(std::string_view value,
                       std::size_t from,
                       std::size_t end,
                       std::string_view extra);

// `pos` moved back / forward by `n` characters (UTF-8 code points), clamped to the value.
std::size_t back_chars(std::string_view value, std::size_t pos, std::size_t n);
std::size_t forward_chars(std::string_view value, std::size_t pos, std::size_t n);

// Keyword [kb, ke) and data [b, e) are in proximity: overlapping, or at most kKeywordProximity
// characters strictly between them.
bool in_proximity(
    std::string_view value, std::size_t kb, std::size_t ke, std::size_t b, std::size_t e);

}  // namespace tripline::scan
