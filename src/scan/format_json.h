// JSON and JSON Lines (macie.md §2, §9). Every string value and every number (as its raw text: card
// numbers may be JSON numbers) is scanned with the element names on its path as context, and
// located as Record{recordIndex, "$.a.b[3]"}; element names are scanned too, with the names above
// them as context, and a match in a name is Record{recordIndex, no path}. A malformed document (a
// malformed JSON Lines line) is scanned as text instead. A document nested deeper than the limit is
// not analysed at all (JSON_NESTING_LEVEL_OVER_LIMIT).
//
// The parser is hand-written and iterative (no recursion, whatever the nesting); each document is
// checked first and only then scanned, so nothing is reported from a document read as text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scan/format_json_path.h"
#include "scan/format_sink.h"
#include "scan/value_scanner.h"

namespace tripline::scan {

enum class JsonOutcome {
    kScanned,        // as JSON (for JSON Lines: every line, bad lines as text)
    kMalformedText,  // the document was malformed and was scanned as text
    kTooDeep,        // nested deeper than the limit: nothing was scanned
};

JsonOutcome scan_json(std::string_view text,
                      const ValueScanner& scanner,
                      OccurrenceSink& sink,
                      std::size_t max_nesting);

// Each non-blank line is a document whose recordIndex is its 0-based line number.
JsonOutcome scan_json_lines(std::string_view text,
                            const ValueScanner& scanner,
                            OccurrenceSink& sink,
                            std::size_t max_nesting);

}  // namespace tripline::scan
