// Macie's regex dialect for custom data identifiers (macie.md §6), checked before RE2 compiles the
// pattern, plus the small text helpers that custom identifiers and allow lists share (UTF-8
// lengths, offsets, case folding). Module-private: only custom_identifier.cpp, allow_list.cpp and
// their tests include it.
//
// Rejected constructs (what Macie documents as unsupported, each reported at its 0-based
// character offset):
//   backreferences          \1 .. \9 (and longer), \k<name> \k'name' \k{name}, \g1 \g{-1},
//   (?P=name) capturing groups        ( not followed by ?  - use (?:...) named capturing groups
//   (?<name>...) (?'name'...) (?P<name>...) conditionals            (?(...)...) embedded code
//   (?{...}) (??{...}) recursion               (?R) (?0) (?1) (?+1) (?-1) (?&name) (?P>name)
//   \g<name> \g'1' lookahead / lookbehind  (?= (?! (?<= (?<! global flags /pattern/flags: the
//   pattern starts with '/' and ends with '/' and one
//                           or more of g i m s x u U X J A D n  - use inline flags such as (?i)
//   large bounded repeats   {m,n} with n > m and n > kMaxBoundedRepeat (100): \d{100,1000} fails,
//                           \d{100,} and \d{128} pass (exact and open repeats are left to RE2's
//                           own limit of 1,000)
//   nested quantifiers      a run of 3 or more adjacent starred atoms (x* or x{0,}, lazy or not)
//                           in which an atom repeats an earlier atom of the run, textually:
//                           a*b*a*, \d*\s*\d*. Runs of + are allowed (\d+\s*\d+ is common and
//                           harmless: RE2 is linear-time anyway).
// Everything else (including what RE2 cannot do: atomic groups, possessive quantifiers, \Z, verbs
// like (*SKIP)) is left to RE2, whose error message is reported.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tripline::scan::internal {

inline constexpr unsigned kMaxBoundedRepeat = 100;

struct RegexDialectIssue {
    std::size_t offset = 0;  // byte offset into the pattern
    std::string what;        // "capturing groups are not supported"
    std::string hint;        // "use (?:...)" or empty
};

// The first unsupported construct, or nullopt. Never fails on malformed patterns: whatever it
// cannot make sense of is left for RE2 to reject.
std::optional<RegexDialectIssue> check_regex_dialect(std::string_view pattern);

// "regex: <what> (at offset N)[; <hint>]" with N in characters.
std::string describe_regex_issue(std::string_view pattern, const RegexDialectIssue& issue);

// "regex: <RE2's error> (at offset N)", the offset where RE2's error_arg occurs in the pattern
// (omitted when it cannot be located).
std::string describe_re2_error(std::string_view pattern,
                               const std::string& error,
                               const std::string& error_arg);

// Number of UTF-8 characters: a lead byte and the continuation bytes it announces are one, and
// every other byte (ASCII, a stray continuation byte, an invalid byte) is one. So no character is
// longer than 4 bytes, which the keyword window relies on.
std::size_t utf8_length(std::string_view text);

// Case folding that keeps byte lengths, so offsets into the folded text are offsets into the
// original: ASCII A-Z, Latin-1 letters U+00C0-U+00DE (not U+00D7), Greek U+0391-U+03AB and
// Cyrillic U+0400-U+042F are lower-cased; everything else is copied unchanged. (Full Unicode
// folding would change lengths; ß, Turkish dotted I and the like are compared as written.)
void fold_case(std::string_view text, std::string& out);

}  // namespace tripline::scan::internal
