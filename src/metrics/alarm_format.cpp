#include "metrics/alarm_format.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace tripline::metrics {

namespace {

struct Utc {
    std::tm tm{};
    int millis = 0;
};

Utc to_utc(TimePoint t) {
    using namespace std::chrono;
    auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
    auto secs = ms / 1000;
    int millis = static_cast<int>(ms % 1000);
    if (millis < 0) {
        millis += 1000;
        --secs;
    }
    std::time_t tt = static_cast<std::time_t>(secs);
    Utc out;
    gmtime_r(&tt, &out.tm);
    out.millis = millis;
    return out;
}

}  // namespace

std::string java_double(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
        return std::signbit(value) ? "-0.0" : "0.0";
    }
    std::array<char, 64> buf{};
    const double magnitude = std::fabs(value);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        auto [end, ec] =
            std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed);
        (void)ec;
        std::string out(buf.data(), end);
        if (out.find('.') == std::string::npos) {
            out += ".0";
        }
        return out;
    }
    auto [end, ec] =
        std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::scientific);
    (void)ec;
    std::string text(buf.data(), end);  // "1.234e-04"
    std::size_t e = text.find('e');
    std::string mantissa = text.substr(0, e);
    if (mantissa.find('.') == std::string::npos) {
        mantissa += ".0";
    }
    int exponent = std::atoi(text.c_str() + e + 1);
    return mantissa + "E" + std::to_string(exponent);
}

std::string reason_time(TimePoint t) {
    Utc u = to_utc(t);
    char buf[32];
    std::snprintf(buf,
                  sizeof buf,
                  "%02d/%02d/%02d %02d:%02d:%02d",
                  u.tm.tm_mday,
                  u.tm.tm_mon + 1,
                  (u.tm.tm_year + 1900) % 100,
                  u.tm.tm_hour,
                  u.tm.tm_min,
                  u.tm.tm_sec);
    return buf;
}

std::string cloudwatch_timestamp(TimePoint t) {
    Utc u = to_utc(t);
    char buf[48];
    std::snprintf(buf,
                  sizeof buf,
                  "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000",
                  u.tm.tm_year + 1900,
                  u.tm.tm_mon + 1,
                  u.tm.tm_mday,
                  u.tm.tm_hour,
                  u.tm.tm_min,
                  u.tm.tm_sec,
                  u.millis);
    return buf;
}

std::string email_timestamp(TimePoint t) {
    static constexpr std::array<const char*, 7> kDays = {
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    static constexpr std::array<const char*, 12> kMonths = {"January",
                                                            "February",
                                                            "March",
                                                            "April",
                                                            "May",
                                                            "June",
                                                            "July",
                                                            "August",
                                                            "September",
                                                            "October",
                                                            "November",
                                                            "December"};
    Utc u = to_utc(t);
    char buf[96];
    std::snprintf(buf,
                  sizeof buf,
                  "%s %02d %s, %04d %02d:%02d:%02d UTC",
                  kDays[static_cast<std::size_t>(u.tm.tm_wday)],
                  u.tm.tm_mday,
                  kMonths[static_cast<std::size_t>(u.tm.tm_mon)],
                  u.tm.tm_year + 1900,
                  u.tm.tm_hour,
                  u.tm.tm_min,
                  u.tm.tm_sec);
    return buf;
}

}  // namespace tripline::metrics
