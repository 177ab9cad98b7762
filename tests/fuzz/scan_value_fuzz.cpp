// Fuzzes the managed-identifier scanner: ALL identifiers are compiled once, and the input is
// scanned as one value, plain and under context names. Every match must lie inside the value, be
// non-empty, come in order of begin, and no two matches may overlap (one identifier per piece of
// text).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "scan/managed_catalogue.h"
#include "scan/managed_scanner.h"

namespace {

const tripline::scan::ManagedScanner& scanner() {
    static const tripline::scan::ManagedScanner instance = [] {
        auto selected = tripline::scan::select_managed("ALL", {});
        if (!selected) {
            std::abort();
        }
        auto compiled = tripline::scan::ManagedScanner::compile(*selected);
        if (!compiled) {
            std::abort();
        }
        return std::move(*compiled);
    }();
    return instance;
}

void check(std::string_view value, const std::vector<tripline::scan::Match>& matches) {
    std::size_t previous_end = 0;
    for (const auto& m : matches) {
        if (m.begin >= m.end || m.end > value.size() || m.begin < previous_end ||
            m.index >= tripline::scan::managed_catalogue().size()) {
            std::abort();
        }
        previous_end = m.end;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view value(reinterpret_cast<const char*>(data), size);
    std::vector<tripline::scan::Match> matches;
    scanner().scan(value, {}, matches);
    check(value, matches);

    // The first line doubles as context names ("customer_ssn|cardNumber"), the rest as the value.
    std::vector<std::string_view> names;
    std::string_view rest = value;
    if (auto newline = value.find('\n'); newline != std::string_view::npos) {
        std::string_view header = value.substr(0, newline);
        rest = value.substr(newline + 1);
        while (!header.empty() && names.size() < 16) {
            auto bar = header.find('|');
            names.push_back(header.substr(0, bar));
            header = bar == std::string_view::npos ? std::string_view() : header.substr(bar + 1);
        }
    }
    matches.clear();
    scanner().scan(rest, tripline::scan::ValueContext{names}, matches);
    check(rest, matches);
    return 0;
}
