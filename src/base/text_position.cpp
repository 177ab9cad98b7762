#include "base/text_position.h"

#include <algorithm>

namespace tripline {

std::string TextSpan::to_string() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        out += ':';
    }
    out += std::to_string(begin.line);
    out += ':';
    out += std::to_string(begin.column);
    return out;
}

TextPosition position_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    TextPosition pos;
    pos.offset = offset;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else {
            ++pos.column;
        }
    }
    return pos;
}

std::string_view line_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t begin = offset;
    while (begin > 0 && text[begin - 1] != '\n') {
        --begin;
    }
    std::size_t end = text.find('\n', offset);
    if (end == std::string_view::npos) {
        end = text.size();
    }
    return text.substr(begin, end - begin);
}

}  // namespace tripline
