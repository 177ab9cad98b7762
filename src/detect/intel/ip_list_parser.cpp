#include "detect/intel/ip_list_parser.h"

#include <string>

namespace tripline::detect {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::string where(std::string_view source_name, std::size_t line) {
    return std::string(source_name) + ":" + std::to_string(line) + ": ";
}

}  // namespace

Result<IpRangeSet> parse_ip_list(std::string_view text,
                                 std::string_view source_name,
                                 std::size_t max_entries) {
    if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
        text.remove_prefix(kByteOrderMark.size());
    }
    IpRangeSet set;
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        std::size_t end = text.find('\n');
        std::string_view raw = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (raw.size() > kMaxIpListLineLength) {
            return make_error(Errc::kLimitExceeded,
                              where(source_name, line_number) + "line longer than " +
                                  std::to_string(kMaxIpListLineLength) + " bytes " +
                                  quoted_snippet(raw));
        }
        std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (set.size() >= max_entries) {
            return make_error(Errc::kLimitExceeded,
                              where(source_name, line_number) + "more than " +
                                  std::to_string(max_entries) +
                                  " entries, the limit for this list " + quoted_snippet(line));
        }
        auto network = parse_ip_network(line);
        if (!network) {
            return make_error(Errc::kInvalidArgument,
                              where(source_name, line_number) + network.error().message);
        }
        set.add(*network);
    }
    set.finalize();
    return set;
}

}  // namespace tripline::detect
