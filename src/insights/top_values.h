// TopValues: the most frequent values of one attribute (user ARN, user agent, error code) with
// their counts, in bounded memory: at most `capacity` entries; a new value when full takes the
// place of the least frequent one and inherits its count (Metwally et al.'s space-saving
// algorithm), so frequent values are never lost and counts are over-estimates by at most the
// smallest count kept. Plain value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::insights {

struct ValueCount {
    std::string value;
    double count = 0;
};

class TopValues {
public:
    TopValues() = default;
    explicit TopValues(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    void add(std::string_view value, double count);
    void merge(const TopValues& other);
    // Multiplies every count (exponential decay of the baseline's counts).
    void scale(double factor);
    void clear() { entries_.clear(); }

    double total() const;
    bool empty() const { return entries_.empty(); }
    // The `k` largest, by count descending, then value.
    std::vector<ValueCount> top(std::size_t k) const;
    const std::vector<ValueCount>& entries() const { return entries_; }
    std::size_t capacity() const { return capacity_; }

private:
    std::size_t capacity_ = 16;
    std::vector<ValueCount> entries_;
};

}  // namespace tripline::insights
