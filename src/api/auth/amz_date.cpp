#include "api/auth/amz_date.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace tripline::api::auth {
namespace {

// Reads `count` decimal digits at `pos`; -1 when any is not a digit.
int digits(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size()) {
        return -1;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// system_clock counts nanoseconds in 64 bits, which ends in 2262; SigV4 dates are "now" anyway.
constexpr int kMaxYear = 2200;

bool valid_date(int year, int month, int day) {
    if (year < 1970 || year > kMaxYear || month < 1 || month > 12 || day < 1) {
        return false;
    }
    std::chrono::year_month_day ymd{std::chrono::year{year},
                                    std::chrono::month{static_cast<unsigned>(month)},
                                    std::chrono::day{static_cast<unsigned>(day)}};
    return ymd.ok();
}

std::optional<TimePoint> make_time(int year, int month, int day, int hour, int minute, int second) {
    if (!valid_date(year, month, day) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 59) {
        return std::nullopt;
    }
    std::chrono::sys_days days{
        std::chrono::year_month_day{std::chrono::year{year},
                                    std::chrono::month{static_cast<unsigned>(month)},
                                    std::chrono::day{static_cast<unsigned>(day)}}};
    auto t = days + std::chrono::hours{hour} + std::chrono::minutes{minute} +
             std::chrono::seconds{second};
    return TimePoint{std::chrono::duration_cast<Duration>(t.time_since_epoch())};
}

}  // namespace

std::optional<TimePoint> parse_amz_date(std::string_view text) {
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') {
        return std::nullopt;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 4, 2);
    int day = digits(text, 6, 2);
    int hour = digits(text, 9, 2);
    int minute = digits(text, 11, 2);
    int second = digits(text, 13, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
        return std::nullopt;
    }
    return make_time(year, month, day, hour, minute, second);
}

std::optional<TimePoint> parse_http_date(std::string_view text) {
    // "Fri, 27 Nov 2026 10:11:22 GMT"
    static constexpr std::array<std::string_view, 7> kDays = {
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
        text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
        return std::nullopt;
    }
    bool day_ok = false;
    for (auto d : kDays) {
        day_ok = day_ok || text.substr(0, 3) == d;
    }
    int month = 0;
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (text.substr(8, 3) == kMonths[i]) {
            month = static_cast<int>(i) + 1;
        }
    }
    int day = digits(text, 5, 2);
    int year = digits(text, 12, 4);
    int hour = digits(text, 17, 2);
    int minute = digits(text, 20, 2);
    int second = digits(text, 23, 2);
    if (!day_ok || month == 0 || day < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) {
        return std::nullopt;
    }
    // The weekday is redundant; like most servers we do not insist that it agrees with the date.
    return make_time(year, month, day, hour, minute, second);
}

bool is_scope_date(std::string_view text) {
    if (text.size() != 8) {
        return false;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 4, 2);
    int day = digits(text, 6, 2);
    return year >= 0 && month >= 0 && day >= 0 && valid_date(year, month, day);
}

std::string format_amz_date(TimePoint t) {
    auto days = std::chrono::floor<std::chrono::days>(t);
    std::chrono::year_month_day ymd{days};
    std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - days)};
    char buffer[32];
    std::snprintf(buffer,
                  sizeof(buffer),
                  "%04d%02u%02uT%02d%02d%02dZ",
                  static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buffer;
}

}  // namespace tripline::api::auth
