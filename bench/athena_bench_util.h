// Small helpers every part of athena_bench uses: timing, failing, and flattening a result row
// the same way for both engines, so their printed rows compare line by line.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace tripline::bench::athena {

using Clock = std::chrono::steady_clock;

[[noreturn]] inline void die(const std::string& message) {
    std::cerr << "error: " << message << "\n";
    std::exit(1);
}

inline double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

inline double median(std::vector<double> samples) {
    if (samples.empty()) {
        return std::nan("");
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

// A result row's values joined by " | ".
inline std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& value : values) {
        out += out.empty() ? "" : " | ";
        out += value;
    }
    return out;
}

}  // namespace tripline::bench::athena
