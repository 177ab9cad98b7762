#include "pattern/case_fold.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace tripline::pattern {
namespace {

struct CaseEntry {
    std::uint32_t code_point;
    const char* lower;
    const char* upper;
};

constexpr CaseEntry kCaseTable[] = {
#include "pattern/internal/case_table.inc"
};

// Decodes one UTF-8 code point at the start of `s` (the pattern is valid UTF-8 by construction).
std::uint32_t decode(std::string_view s, std::size_t& len) {
    auto b = static_cast<unsigned char>(s[0]);
    if (b < 0x80 || s.size() < 2) {
        len = 1;
        return b;
    }
    std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    n = std::min(n, s.size());
    std::uint32_t cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (std::size_t i = 1; i < n; ++i) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    }
    len = n;
    return cp;
}

// Start of the last UTF-8 code point of non-empty `s`.
std::size_t last_start(std::string_view s) {
    std::size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
        --i;
    }
    return i;
}

const CaseEntry* find_case(std::uint32_t cp) {
    auto it = std::lower_bound(
        std::begin(kCaseTable), std::end(kCaseTable), cp, [](const CaseEntry& e, std::uint32_t v) {
            return e.code_point < v;
        });
    if (it != std::end(kCaseTable) && it->code_point == cp) {
        return &*it;
    }
    return nullptr;
}

// Matches the pattern from the front of `value`; returns the number of value bytes consumed, or
// npos when it does not match.
std::size_t match_forward(std::string_view pattern, std::string_view value) {
    std::size_t at = 0;
    while (!pattern.empty()) {
        std::size_t len = 0;
        std::uint32_t cp = decode(pattern, len);
        std::string_view literal = pattern.substr(0, len);
        pattern.remove_prefix(len);
        std::string_view rest = value.substr(at);
        const CaseEntry* e = cp < 0x10000 ? find_case(cp) : nullptr;
        if (e == nullptr) {
            if (rest.substr(0, literal.size()) != literal) {
                return std::string_view::npos;
            }
            at += literal.size();
            continue;
        }
        std::string_view lower(e->lower);
        std::string_view upper(e->upper);
        if (rest.substr(0, lower.size()) == lower) {
            at += lower.size();
        } else if (rest.substr(0, upper.size()) == upper) {
            at += upper.size();
        } else {
            return std::string_view::npos;
        }
    }
    return at;
}

}  // namespace

bool equals_ignore_case(std::string_view pattern, std::string_view value) {
    return match_forward(pattern, value) == value.size();
}

bool starts_with_ignore_case(std::string_view value, std::string_view pattern_prefix) {
    return match_forward(pattern_prefix, value) != std::string_view::npos;
}

bool ends_with_ignore_case(std::string_view value, std::string_view pattern_suffix) {
    std::size_t end = value.size();
    while (!pattern_suffix.empty()) {
        std::size_t start = last_start(pattern_suffix);
        std::size_t len = 0;
        std::uint32_t cp = decode(pattern_suffix.substr(start), len);
        std::string_view literal = pattern_suffix.substr(start);
        pattern_suffix = pattern_suffix.substr(0, start);
        std::string_view head = value.substr(0, end);
        auto ends_with = [&](std::string_view s) {
            return head.size() >= s.size() && head.substr(head.size() - s.size()) == s;
        };
        const CaseEntry* e = cp < 0x10000 ? find_case(cp) : nullptr;
        if (e == nullptr) {
            if (!ends_with(literal)) {
                return false;
            }
            end -= literal.size();
            continue;
        }
        std::string_view lower(e->lower);
        std::string_view upper(e->upper);
        if (ends_with(lower)) {
            end -= lower.size();
        } else if (ends_with(upper)) {
            end -= upper.size();
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace tripline::pattern
