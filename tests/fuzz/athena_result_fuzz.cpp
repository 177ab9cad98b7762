// Fuzzes the reader of Athena result files (what GetQueryResults parses back from the output
// bucket). Input: the metadata document up to the first NUL byte, then the file. Any input is
// read or refused with an error; a CSV that was read writes back to the same rows.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "athena/result_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = input.find('\0');
    std::string_view metadata = input.substr(0, nul);
    std::string_view file =
        nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
    for (bool csv : {true, false}) {
        auto parsed = tripline::athena::parse_result(file, metadata, csv);
        if (!parsed || !csv) {
            continue;
        }
        tripline::query::athena::ResultRows rows;
        rows.columns = parsed->columns;
        rows.rows = parsed->rows;
        auto again = tripline::athena::parse_result(tripline::athena::to_csv(rows), metadata, true);
        if (!again || again->rows != parsed->rows) {
            std::abort();
        }
    }
    return 0;
}
