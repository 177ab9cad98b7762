// Positions in text that a user wrote (a pattern, a config file, a template), for diagnostics that
// say where: "rules.yaml:12:7". Offsets are byte offsets; lines and columns are 1-based, columns
// count bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tripline {

struct TextPosition {
    std::size_t offset = 0;
    std::size_t line = 1;
    std::size_t column = 1;
};

struct TextSpan {
    std::string file;  // empty when the text has no file (inline JSON, an API field)
    TextPosition begin;

    // "file:line:col", "line:col" without a file.
    std::string to_string() const;
};

// The line and column of `offset` in `text` (offsets past the end clamp to the end).
TextPosition position_at(std::string_view text, std::size_t offset);

// The line containing `offset`, for showing the offending snippet under a diagnostic.
std::string_view line_at(std::string_view text, std::size_t offset);

}  // namespace tripline
