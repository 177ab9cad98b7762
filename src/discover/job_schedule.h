// When a recurring classification job runs next (macie.md §11): daily, weekly on a day, or monthly
// on a day of the month (months without that day are skipped), at 00:00 UTC.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::discover {

// kInvalidArgument unless exactly one of dailySchedule/weeklySchedule{dayOfWeek}/
// monthlySchedule{dayOfMonth 1-31} is given.
Status validate_schedule(const nlohmann::json& schedule_frequency);
// The first run time strictly after `after`.
TimePoint next_run_after(const nlohmann::json& schedule_frequency, TimePoint after);

}  // namespace tripline::discover
