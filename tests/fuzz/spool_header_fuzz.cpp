// Fuzzes the trail spool's header parser (the first line of a spool file a crashed process left):
// any input is parsed or rejected with an error, never a crash; what parses writes back to a
// header that parses to the same destination.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "trail/log_spool.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto parsed = tripline::trail::parse_spool_header(input);
    if (parsed) {
        auto again = tripline::trail::parse_spool_header(
            tripline::trail::spool_header(parsed->trail, parsed->account_id, parsed->region));
        if (!again || again->trail.trail_arn != parsed->trail.trail_arn ||
            again->trail.regions != parsed->trail.regions || again->region != parsed->region) {
            std::abort();
        }
    }
    return 0;
}
