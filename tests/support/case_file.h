// The conformance case format shared by every module's `.case` files:
//
//   # name: prefix matching
//   pattern
//   {"detail":{"eventName":[{"prefix":"Delete"}]}}
//   ----
//   match     {"detail":{"eventName":"DeleteBucket"}}
//   no-match  {"detail":{"eventName":"PutObject"}}
//
// A case starts at a "# name:" line. The next non-empty line is its kind (the handler that runs it,
// optionally followed by arguments: "json-path $.a.b"), then the input lines up to "----", then the
// expected output lines up to the next "# name:" or the end. Other lines starting with "#" before a
// case's kind are comments. Trailing blank lines of input and expected output are not significant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::testing {

struct Case {
    std::string name;
    std::size_t line = 0;  // line of "# name:" (1-based)
    std::string kind;      // first word of the kind line
    std::string args;      // rest of the kind line, trimmed
    std::string input;     // lines between the kind line and "----", joined with '\n'
    std::string expected;  // lines after "----", joined with '\n'
    std::size_t expected_begin_line = 0;  // first line of the expected block
    std::size_t expected_end_line = 0;    // one past the last line of the expected block
};

struct CaseFile {
    std::string path;
    std::vector<std::string> lines;  // the whole file, for --rewrite
    std::vector<Case> cases;
};

// Parses a case file; a malformed case (no kind, no "----") is reported in `error` with its line.
bool parse_case_file(const std::string& path,
                     std::string_view text,
                     CaseFile& out,
                     std::string& error);

// The file's text with each case's expected block replaced by `actual[i]` (same order as cases).
std::string rewrite_case_file(const CaseFile& file, const std::vector<std::string>& actual);

}  // namespace tripline::testing
