#include "scan/format_text.h"

#include <algorithm>
#include <cstring>

namespace tripline::scan {

std::uint64_t count_characters(std::string_view bytes) {
    std::uint64_t characters = 0;
    for (char c : bytes) {
        characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    return characters;
}

LineRange LineCursor::locate(std::size_t begin, std::size_t end) {
    begin = std::min(begin, text_.size());
    end = std::min(std::max(end, begin), text_.size());
    if (begin < pos_) {
        if (begin >= line_start_) {
            pos_ = line_start_;
            column_ = 1;
        } else {
            pos_ = 0;
            line_ = first_line_;
            line_start_ = 0;
            column_ = 1;
        }
    }
    // Whole lines are skipped with memchr; only the last one's characters are counted.
    const char* base = text_.data();
    while (pos_ < begin) {
        const void* newline = std::memchr(base + pos_, '\n', begin - pos_);
        if (newline == nullptr) {
            break;
        }
        ++line_;
        line_start_ = static_cast<std::size_t>(static_cast<const char*>(newline) - base) + 1;
        pos_ = line_start_;
        column_ = 1;
    }
    column_ += count_characters(text_.substr(pos_, begin - pos_));
    pos_ = begin;

    LineRange range;
    range.start = line_;
    range.start_column = column_;
    range.end = line_;
    // The end line holds the match's last byte (a match ending with its line's '\n' stays on it).
    if (end > begin + 1) {
        std::string_view inside = text_.substr(begin, end - 1 - begin);
        for (std::size_t at = inside.find('\n'); at != std::string_view::npos;
             at = inside.find('\n', at + 1)) {
            ++range.end;
        }
    }
    return range;
}

void scan_text(std::string_view text,
               const ValueScanner& scanner,
               OccurrenceSink& sink,
               std::uint64_t first_line) {
    // A byte-order mark is not a character anyone sees on line 1.
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    std::vector<Match> matches;
    scanner.scan(text, ValueContext{}, matches);
    sanitize_matches(matches, text.size());
    LineCursor cursor(text, first_line);
    for (const Match& match : matches) {
        sink.add(match, [&] { return Occurrence{cursor.locate(match.begin, match.end)}; });
    }
}

}  // namespace tripline::scan
