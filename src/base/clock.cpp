#include "base/clock.h"

#include <cstdio>
#include <ctime>

namespace tripline {

SystemClock& SystemClock::instance() {
    static SystemClock clock;
    return clock;
}

namespace {

std::tm to_utc(TimePoint t) {
    std::time_t secs =
        std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(t));
    if (t < std::chrono::time_point_cast<std::chrono::seconds>(t)) {
        --secs;  // to_time_t truncates towards zero; floor for times before the epoch
    }
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return tm;
}

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) {
        return false;
    }
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

}  // namespace

std::string format_iso8601(TimePoint t) {
    std::tm tm = to_utc(t);
    char buf[96];
    std::snprintf(buf,
                  sizeof buf,
                  "%04d-%02d-%02dT%02d:%02d:%02dZ",
                  tm.tm_year + 1900,
                  tm.tm_mon + 1,
                  tm.tm_mday,
                  tm.tm_hour,
                  tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string format_iso8601_millis(TimePoint t) {
    std::tm tm = to_utc(t);
    auto since = t.time_since_epoch();
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since).count() % 1000;
    if (millis < 0) {
        millis += 1000;
    }
    char buf[96];
    std::snprintf(buf,
                  sizeof buf,
                  "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  tm.tm_year + 1900,
                  tm.tm_mon + 1,
                  tm.tm_mday,
                  tm.tm_hour,
                  tm.tm_min,
                  tm.tm_sec,
                  static_cast<int>(millis));
    return buf;
}

bool parse_iso8601(std::string_view text, TimePoint& out) {
    int year, month, day, hour, minute, second;
    if (!read_digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
        !read_digits(text, 5, 2, month) || text[7] != '-' || !read_digits(text, 8, 2, day) ||
        (text[10] != 'T' && text[10] != ' ') || !read_digits(text, 11, 2, hour) ||
        text[13] != ':' || !read_digits(text, 14, 2, minute) || text[16] != ':' ||
        !read_digits(text, 17, 2, second)) {
        return false;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        return false;
    }
    std::size_t pos = 19;
    std::int64_t nanos = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::int64_t scale = 100'000'000;
        std::size_t digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            nanos += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
            ++digits;
        }
        if (digits == 0) {
            return false;
        }
    }
    std::string_view zone = text.substr(pos);
    if (zone != "Z" && zone != "+00:00" && zone != "+0000" && !zone.empty()) {
        return false;
    }
    // Days from civil (Howard Hinnant's algorithm): exact for the proleptic Gregorian calendar.
    int y = year - (month <= 2 ? 1 : 0);
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = static_cast<unsigned>(y - era * 400);
    unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
    unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    std::int64_t days =
        static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
    std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second;
    out = TimePoint{std::chrono::duration_cast<Duration>(std::chrono::seconds{secs} +
                                                         std::chrono::nanoseconds{nanos})};
    return true;
}

double json_timestamp(TimePoint t) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    return static_cast<double>(ms) / 1000.0;
}

}  // namespace tripline
