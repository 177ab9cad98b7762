// Fuzzes the ARN and ISO 8601 parsers: any input either parses into parts that format back to an
// ARN that parses to the same value, or is rejected with an error; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/arn.h"
#include "base/clock.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto arn = tripline::parse_arn(text);
    if (arn) {
        auto again = tripline::parse_arn(arn->to_string());
        if (!again || !(*again == *arn)) {
            std::abort();
        }
    }
    tripline::TimePoint t;
    (void)tripline::parse_iso8601(text, t);
    return 0;
}
