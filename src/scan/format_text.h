// Unstructured text (macie.md §10: txt, log, xml, html, yaml and any non-binary text; also
// malformed JSON and bad JSON Lines lines): the whole text is one value with no context names, so
// keywords work across lines; each occurrence is a LineRange.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "scan/format_sink.h"
#include "scan/object_scan.h"
#include "scan/value_scanner.h"

namespace tripline::scan {

// Turns byte offsets into LineRanges (1-based lines, 1-based character columns; a line ends at
// '\n', so CRLF text counts the same). Offsets asked in increasing order cost O(bytes between
// them); an earlier offset restarts from the line start or, at worst, from the beginning.
class LineCursor {
public:
    explicit LineCursor(std::string_view text, std::uint64_t first_line = 1)
        : text_(text), first_line_(first_line), line_(first_line) {}

    // The range of the bytes [begin, end) of the text; `end` past `begin` may reach further lines.
    LineRange locate(std::size_t begin, std::size_t end);

private:
    std::string_view text_;
    std::uint64_t first_line_;
    std::size_t pos_ = 0;         // offsets up to here have been walked
    std::uint64_t line_;          // the line holding pos_
    std::size_t line_start_ = 0;  // its first byte
    std::uint64_t column_ = 1;    // the character column of pos_
};

// Counts the UTF-8 characters in `bytes` (every byte that is not a continuation byte).
std::uint64_t count_characters(std::string_view bytes);

// Scans `text` as one value; occurrences are LineRanges with lines numbered from `first_line`.
void scan_text(std::string_view text,
               const ValueScanner& scanner,
               OccurrenceSink& sink,
               std::uint64_t first_line = 1);

}  // namespace tripline::scan
