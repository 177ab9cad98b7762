#include "bus/schedule_expression.h"

#include <cctype>
#include <vector>

namespace tripline::bus {

namespace {

Error invalid() {
    return make_error(Errc::kInvalidArgument, "Parameter ScheduleExpression is not valid.");
}

std::vector<std::string_view> split_spaces(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ') {
            ++i;
        }
        if (i > start) {
            parts.push_back(text.substr(start, i - start));
        }
    }
    return parts;
}

bool is_rate(std::string_view body) {
    auto parts = split_spaces(body);
    if (parts.size() != 2 || parts[0].empty() || parts[0].size() > 9) {
        return false;
    }
    for (char c : parts[0]) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    const long n = std::stol(std::string(parts[0]));
    if (n < 1) {
        return false;
    }
    std::string_view unit = parts[1];
    if (n == 1) {
        return unit == "minute" || unit == "hour" || unit == "day";
    }
    return unit == "minutes" || unit == "hours" || unit == "days";
}

bool is_cron(std::string_view body) {
    auto fields = split_spaces(body);
    if (fields.size() != 6) {
        return false;
    }
    for (std::string_view field : fields) {
        for (char c : field) {
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '*' && c != '?' && c != ',' &&
                c != '-' && c != '/' && c != '#') {
                return false;
            }
        }
    }
    // Day-of-month and day-of-week cannot both be given: one of them is '?'.
    return fields[2] == "?" || fields[4] == "?";
}

}  // namespace

Status check_schedule_expression(std::string_view expression) {
    if (expression.ends_with(')')) {
        if (expression.starts_with("rate(") &&
            is_rate(expression.substr(5, expression.size() - 6))) {
            return ok_status();
        }
        if (expression.starts_with("cron(") &&
            is_cron(expression.substr(5, expression.size() - 6))) {
            return ok_status();
        }
    }
    return invalid();
}

}  // namespace tripline::bus
