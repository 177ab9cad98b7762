#include "discover/job_schedule.h"

#include <array>
#include <chrono>
#include <string>

namespace tripline::discover {

using nlohmann::json;
using namespace std::chrono;

namespace {

constexpr std::array<const char*, 7> kDays = {
    "SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"};

int day_index(const json& day) {
    for (std::size_t i = 0; i < kDays.size(); ++i) {
        if (day == kDays[i]) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace

Status validate_schedule(const json& schedule) {
    if (!schedule.is_object()) {
        return make_error(Errc::kInvalidArgument,
                          "scheduleFrequency is required for a SCHEDULED job");
    }
    const int kinds = static_cast<int>(schedule.contains("dailySchedule")) +
                      static_cast<int>(schedule.contains("weeklySchedule")) +
                      static_cast<int>(schedule.contains("monthlySchedule"));
    if (kinds != 1) {
        return make_error(
            Errc::kInvalidArgument,
            "scheduleFrequency must specify exactly one of dailySchedule, weeklySchedule or "
            "monthlySchedule");
    }
    if (schedule.contains("weeklySchedule") &&
        day_index(schedule["weeklySchedule"].value("dayOfWeek", json())) < 0) {
        return make_error(Errc::kInvalidArgument,
                          "weeklySchedule.dayOfWeek must be MONDAY ... SUNDAY");
    }
    if (schedule.contains("monthlySchedule")) {
        const json day = schedule["monthlySchedule"].value("dayOfMonth", json());
        if (!day.is_number_integer() || day.get<int>() < 1 || day.get<int>() > 31) {
            return make_error(Errc::kInvalidArgument, "monthlySchedule.dayOfMonth must be 1-31");
        }
    }
    return ok_status();
}

TimePoint next_run_after(const json& schedule, TimePoint after) {
    const sys_days today = floor<days>(after);
    for (int offset = 1; offset <= 400; ++offset) {
        const sys_days day = today + days(offset);
        if (schedule.contains("weeklySchedule")) {
            if (weekday(day).c_encoding() !=
                static_cast<unsigned>(
                    day_index(schedule["weeklySchedule"].value("dayOfWeek", json())))) {
                continue;
            }
        } else if (schedule.contains("monthlySchedule")) {
            const year_month_day ymd(day);
            if (static_cast<int>(static_cast<unsigned>(ymd.day())) !=
                schedule["monthlySchedule"].value("dayOfMonth", 1)) {
                continue;
            }
        }
        return TimePoint(day);
    }
    return after + days(1);
}

}  // namespace tripline::discover
