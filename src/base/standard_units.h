// CloudWatch's StandardUnit enumeration (PutMetricData, metric filters, alarms): the values the
// APIs accept, in the order AWS's model lists them.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace tripline {

inline constexpr std::array<std::string_view, 27> kStandardUnits = {"Seconds",
                                                                    "Microseconds",
                                                                    "Milliseconds",
                                                                    "Bytes",
                                                                    "Kilobytes",
                                                                    "Megabytes",
                                                                    "Gigabytes",
                                                                    "Terabytes",
                                                                    "Bits",
                                                                    "Kilobits",
                                                                    "Megabits",
                                                                    "Gigabits",
                                                                    "Terabits",
                                                                    "Percent",
                                                                    "Count",
                                                                    "Bytes/Second",
                                                                    "Kilobytes/Second",
                                                                    "Megabytes/Second",
                                                                    "Gigabytes/Second",
                                                                    "Terabytes/Second",
                                                                    "Bits/Second",
                                                                    "Kilobits/Second",
                                                                    "Megabits/Second",
                                                                    "Gigabits/Second",
                                                                    "Terabits/Second",
                                                                    "Count/Second",
                                                                    "None"};

inline bool is_standard_unit(std::string_view unit) {
    return std::find(kStandardUnits.begin(), kStandardUnits.end(), unit) != kStandardUnits.end();
}

}  // namespace tripline
