#include "api/services/s3/s3_range.h"

#include <charconv>
#include <optional>

namespace tripline::api::services::s3 {

namespace {

std::optional<std::uint64_t> number(std::string_view text) {
    if (text.empty() || text.size() > 19) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

RangeRequest parse_range(std::string_view header, std::uint64_t object_size) {
    RangeRequest whole;
    header = trim(header);
    if (!header.starts_with("bytes=")) {
        return whole;
    }
    std::string_view spec = trim(header.substr(6));
    if (spec.find(',') != std::string_view::npos) {
        return whole;  // S3 does not serve multiple ranges
    }
    std::size_t dash = spec.find('-');
    if (dash == std::string_view::npos) {
        return whole;
    }
    std::string_view first_text = trim(spec.substr(0, dash));
    std::string_view last_text = trim(spec.substr(dash + 1));
    RangeRequest out;
    out.kind = RangeRequest::Kind::kPartial;
    if (first_text.empty()) {
        auto suffix = number(last_text);
        if (!suffix) {
            return whole;
        }
        if (*suffix == 0 || object_size == 0) {
            out.kind = RangeRequest::Kind::kUnsatisfiable;
            return out;
        }
        out.first = *suffix >= object_size ? 0 : object_size - *suffix;
        out.last = object_size - 1;
        return out;
    }
    auto first = number(first_text);
    if (!first) {
        return whole;
    }
    std::uint64_t last = object_size == 0 ? 0 : object_size - 1;
    if (!last_text.empty()) {
        auto parsed = number(last_text);
        if (!parsed || *parsed < *first) {
            return whole;  // syntactically invalid: ignored
        }
        last = std::min(*parsed, last);
    }
    if (*first >= object_size) {
        out.kind = RangeRequest::Kind::kUnsatisfiable;
        return out;
    }
    out.first = *first;
    out.last = last;
    return out;
}

}  // namespace tripline::api::services::s3
