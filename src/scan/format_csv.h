// CSV and TSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF; TSV is
// read with the same quoting, tab-separated). The first record is the header, row 1. Data cells are
// scanned with their column name as context (macie.md §2: a keyword in the column name puts every
// value of the column in proximity) and located as Cells; header cells are scanned alone and a
// match in a column name is located as a LineRange in the file (macie.md §9).
#pragma once

#include <string_view>

#include "scan/format_sink.h"
#include "scan/value_scanner.h"

namespace tripline::scan {

void scan_delimited(std::string_view text,
                    char delimiter,
                    const ValueScanner& scanner,
                    OccurrenceSink& sink);

}  // namespace tripline::scan
