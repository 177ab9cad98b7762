#include "scan/managed_match_rules.h"

#include "scan/keyword_matcher.h"

namespace tripline::scan {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_token(char c, std::string_view extra) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (!extra.empty() && extra.find(c) != std::string_view::npos);
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

bool glued_left(std::string_view value, std::size_t begin, std::string_view extra) {
    if (begin == 0 || begin >= value.size()) {
        return false;
    }
    if (is_token(value[begin - 1], extra) && is_token(value[begin], extra)) {
        return true;
    }
    return is_digit(value[begin]) && value[begin - 1] == '.' && begin >= 2 &&
           is_digit(value[begin - 2]);
}

bool glued_right(std::string_view value, std::size_t end, std::string_view extra) {
    if (end == 0 || end >= value.size()) {
        return false;
    }
    if (is_token(value[end - 1], extra) && is_token(value[end], extra)) {
        return true;
    }
    return is_digit(value[end - 1]) && value[end] == '.' && end + 1 < value.size() &&
           is_digit(value[end + 1]);
}

bool card_group_continues(std::string_view value, std::size_t begin, std::size_t end) {
    char separator = 0;
    for (std::size_t i = begin; i < end; ++i) {
        if (value[i] == ' ' || value[i] == '-') {
            separator = value[i];
            break;
        }
    }
    if (separator == 0) {
        return false;
    }
    if (end + 1 < value.size() && value[end] == separator && is_digit(value[end + 1])) {
        return true;
    }
    return begin >= 2 && value[begin - 1] == separator && is_digit(value[begin - 2]);
}

std::size_t next_start(std::string_view value,
                       std::size_t from,
                       std::size_t end,
                       std::string_view extra) {
    for (std::size_t p = from; p < end; ++p) {
        if (!is_continuation(value[p]) &&
            !(is_token(value[p - 1], extra) && is_token(value[p], extra))) {
            return p;
        }
    }
    return end;
}

std::size_t back_chars(std::string_view value, std::size_t pos, std::size_t n) {
    if (pos > value.size()) {
        pos = value.size();
    }
    while (n > 0 && pos > 0) {
        --pos;
        while (pos > 0 && is_continuation(value[pos])) {
            --pos;
        }
        --n;
    }
    return pos;
}

std::size_t forward_chars(std::string_view value, std::size_t pos, std::size_t n) {
    while (n > 0 && pos < value.size()) {
        ++pos;
        while (pos < value.size() && is_continuation(value[pos])) {
            ++pos;
        }
        --n;
    }
    return pos < value.size() ? pos : value.size();
}

bool in_proximity(
    std::string_view value, std::size_t kb, std::size_t ke, std::size_t b, std::size_t e) {
    std::size_t from;
    std::size_t to;
    if (ke <= b) {
        from = ke;
        to = b;
    } else if (kb >= e) {
        from = e;
        to = kb;
    } else {
        return true;  // the keyword overlaps the data ("expY=2026, expM=02")
    }
    if (to - from <= kKeywordProximity) {
        return true;
    }
    if (to - from > 4 * kKeywordProximity + 8) {
        return false;  // more than 30 characters whatever the encoding
    }
    return char_count(value.substr(from, to - from)) <= kKeywordProximity;
}

}  // namespace tripline::scan
