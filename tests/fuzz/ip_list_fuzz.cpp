// Fuzzes the threat-intel parsers (TXT IP lists, GeoIP CSV, AWS ip-ranges.json): any input is
// parsed or rejected with an error, never a crash; what parses answers lookups consistently.
// The first byte picks the parser, the rest is its input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "detect/intel/aws_ip_ranges.h"
#include "detect/intel/geoip_table.h"
#include "detect/intel/ip_list_parser.h"

namespace {

// Probes that every parsed set answers without crashing, and that a set's own entries are in it.
constexpr std::string_view kProbes[] = {
    "0.0.0.0", "192.0.2.1", "255.255.255.255", "::", "::ffff:192.0.2.1", "2001:db8::1", "x"};

void check_list(std::string_view input) {
    auto set = tripline::detect::parse_ip_list(input, "fuzz.txt", 1000);
    if (!set) {
        return;
    }
    for (auto probe : kProbes) {
        (void)set->contains(probe);
    }
    // Every entry line of a list that parsed must be contained in it.
    while (!input.empty()) {
        std::size_t end = input.find('\n');
        std::string_view line = input.substr(0, end);
        input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
        auto network = tripline::detect::parse_ip_network(line);
        if (network && !set->contains(network->first)) {
            std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            check_list(input);
            break;
        case 1: {
            auto table = tripline::detect::parse_geoip_csv(input, "fuzz.csv");
            if (table) {
                for (auto probe : kProbes) {
                    (void)table->lookup(probe);
                }
            }
            break;
        }
        default: {
            auto set = tripline::detect::parse_aws_ip_ranges(input, "fuzz.json");
            if (set) {
                for (auto probe : kProbes) {
                    (void)set->contains(probe);
                }
            }
            break;
        }
    }
    return 0;
}
