// Paging of SNS listings (ListTopics, ListSubscriptions[ByTopic]): kSnsPageSize items per page;
// the NextToken is the sort key of the first item of the next page, so a page is stable while
// items are added or removed elsewhere in the list. Pure; header-only.
// Errors: kInvalidArgument "Invalid parameter: NextToken" for a token with characters no key has.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "notify/topic_types.h"

namespace tripline::notify {

// `items` sorted by key(item) (ascending); returns the page starting at the first key ≥ token.
template <typename T, typename Key>
Result<SnsPage<T>> paginate(const std::vector<T>& items, std::string_view token, Key key) {
    for (char c : token) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        if (!ok) {
            return make_error(Errc::kInvalidArgument, "Invalid parameter: NextToken");
        }
    }
    SnsPage<T> page;
    std::size_t i = 0;
    while (i < items.size() && std::string_view(key(items[i])) < token) {
        ++i;
    }
    for (; i < items.size() && page.items.size() < kSnsPageSize; ++i) {
        page.items.push_back(items[i]);
    }
    if (i < items.size()) {
        page.next_token = key(items[i]);
    }
    return page;
}

}  // namespace tripline::notify
