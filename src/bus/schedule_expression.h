// ScheduleExpression syntax (eventbridge-targets.md §3): `rate(<n> <unit>)` with n ≥ 1 and unit
// minute(s)/hour(s)/day(s) (singular exactly when n is 1), or `cron(<6 fields>)`. Tripline stores
// schedules but does not fire them yet.
// Pure function; thread-safe. Errors: kInvalidArgument "Parameter ScheduleExpression is not
// valid.".
#pragma once

#include <string_view>

#include "base/result.h"

namespace tripline::bus {

Status check_schedule_expression(std::string_view expression);

}  // namespace tripline::bus
