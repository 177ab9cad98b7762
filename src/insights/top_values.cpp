#include "insights/top_values.h"

#include <algorithm>

namespace tripline::insights {

void TopValues::add(std::string_view value, double count) {
    for (ValueCount& entry : entries_) {
        if (entry.value == value) {
            entry.count += count;
            return;
        }
    }
    if (entries_.size() < capacity_) {
        entries_.push_back(ValueCount{std::string(value), count});
        return;
    }
    auto least = std::min_element(
        entries_.begin(), entries_.end(), [](const ValueCount& a, const ValueCount& b) {
            return a.count < b.count;
        });
    least->value.assign(value);
    least->count += count;
}

void TopValues::merge(const TopValues& other) {
    for (const ValueCount& entry : other.entries_) {
        add(entry.value, entry.count);
    }
}

void TopValues::scale(double factor) {
    for (ValueCount& entry : entries_) {
        entry.count *= factor;
    }
}

double TopValues::total() const {
    double sum = 0;
    for (const ValueCount& entry : entries_) {
        sum += entry.count;
    }
    return sum;
}

std::vector<ValueCount> TopValues::top(std::size_t k) const {
    std::vector<ValueCount> sorted = entries_;
    std::sort(sorted.begin(), sorted.end(), [](const ValueCount& a, const ValueCount& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (sorted.size() > k) {
        sorted.resize(k);
    }
    return sorted;
}

}  // namespace tripline::insights
