// Name-ordered pagination of the bus's list operations: NextToken is the name of the first item of
// the next page (opaque to clients). Internal to the bus module.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bus/bus_service.h"

namespace tripline::bus::internal {

inline constexpr std::size_t kDefaultPageSize = 100;

// Items from `next_token` on in name order, at most `limit` (0: kDefaultPageSize).
template <typename T, typename NameOf>
Page<T> paginate(std::vector<T> items, int limit, std::string_view next_token, NameOf name_of) {
    std::sort(items.begin(), items.end(), [&](const T& a, const T& b) {
        return std::string_view(name_of(a)) < std::string_view(name_of(b));
    });
    const std::size_t page = limit > 0 ? static_cast<std::size_t>(limit) : kDefaultPageSize;
    Page<T> out;
    auto it = items.begin();
    if (!next_token.empty()) {
        it = std::find_if(items.begin(), items.end(), [&](const T& item) {
            return std::string_view(name_of(item)) >= next_token;
        });
    }
    for (; it != items.end() && out.items.size() < page; ++it) {
        out.items.push_back(std::move(*it));
    }
    if (it != items.end()) {
        out.next_token = std::string(name_of(*it));
    }
    return out;
}

}  // namespace tripline::bus::internal
