#include "base/duration_text.h"

#include <charconv>
#include <string>

namespace tripline {

Result<std::chrono::seconds> parse_duration_text(std::string_view text, std::string_view what) {
    const std::string named = std::string(what) + " '" + std::string(text) + "'";
    long long value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
    if (ec != std::errc() || value < 0 || (unit.empty() && value != 0)) {
        return make_error(Errc::kInvalidArgument,
                          named + ": expected a duration such as 72h, 3d, 90m or 0");
    }
    long long scale = 1;
    if (unit == "d") {
        scale = 86400;
    } else if (unit == "h") {
        scale = 3600;
    } else if (unit == "m") {
        scale = 60;
    } else if (!unit.empty() && unit != "s") {
        return make_error(Errc::kInvalidArgument,
                          named + ": unknown unit '" + std::string(unit) + "' (use s, m, h or d)");
    }
    if (value > 3650LL * 86400 / scale) {
        return make_error(Errc::kInvalidArgument, named + " is longer than 10 years");
    }
    return std::chrono::seconds(value * scale);
}

}  // namespace tripline
