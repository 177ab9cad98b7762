#include "api/services/s3/s3_listing.h"

#include <algorithm>

#include "api/services/s3/s3_checksums.h"

namespace tripline::api::services::s3 {

ListingPage list_page(const std::vector<std::string>& keys, const ListingRequest& request) {
    ListingPage page;
    const std::string& after = request.after.key;
    auto it = std::upper_bound(keys.begin(), keys.end(), after);
    auto first_with_prefix = std::lower_bound(keys.begin(), keys.end(), request.prefix);
    it = std::max(it, first_with_prefix);
    int emitted = 0;
    const std::string* last_prefix = nullptr;
    for (; it != keys.end(); ++it) {
        const std::string& key = *it;
        if (!key.starts_with(request.prefix)) {
            break;  // sorted: no later key has the prefix
        }
        if (request.after.skip_prefix && key.starts_with(after)) {
            continue;
        }
        std::string rolled_up;
        if (!request.delimiter.empty()) {
            std::size_t pos = key.find(request.delimiter, request.prefix.size());
            if (pos != std::string::npos) {
                rolled_up = key.substr(0, pos + request.delimiter.size());
            }
        }
        if (!rolled_up.empty() && last_prefix != nullptr && *last_prefix == rolled_up) {
            continue;
        }
        if (emitted >= request.max_keys) {
            page.truncated = true;
            break;
        }
        ++emitted;
        if (!rolled_up.empty()) {
            page.common_prefixes.push_back(std::move(rolled_up));
            last_prefix = &page.common_prefixes.back();
            page.next = ResumePoint{page.common_prefixes.back(), true};
        } else {
            page.contents.push_back(static_cast<std::size_t>(it - keys.begin()));
            page.next = ResumePoint{key, false};
        }
    }
    if (!page.truncated) {
        page.next = ResumePoint{};
    }
    return page;
}

std::string encode_continuation_token(const ResumePoint& point) {
    return base64_encode((point.skip_prefix ? "P" : "K") + point.key);
}

std::optional<ResumePoint> decode_continuation_token(std::string_view token) {
    auto raw = base64_decode(token);
    if (!raw || raw->empty() || ((*raw)[0] != 'P' && (*raw)[0] != 'K')) {
        return std::nullopt;
    }
    return ResumePoint{raw->substr(1), (*raw)[0] == 'P'};
}

}  // namespace tripline::api::services::s3
