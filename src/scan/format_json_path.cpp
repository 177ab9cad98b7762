#include "scan/format_json_path.h"

#include "scan/format_text.h"

namespace tripline::scan {

namespace {

constexpr std::size_t kMaxNameCharacters = 240;
constexpr std::size_t kMaxPathCharacters = 250;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string json_path_name(std::string_view name) {
    bool plain = !name.empty() && !is_digit(name[0]);
    for (char c : name) {
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
        plain = plain && word;
    }
    if (plain && name.size() <= kMaxNameCharacters) {
        return "." + std::string(name);
    }
    std::string shown;
    if (count_characters(name) > kMaxNameCharacters) {
        // Keep the tail: drop characters from the front until "..." + tail fits.
        std::size_t drop = count_characters(name) - (kMaxNameCharacters - 3);
        std::size_t at = 0;
        while (drop > 0 && at < name.size()) {
            ++at;
            while (at < name.size() && (static_cast<unsigned char>(name[at]) & 0xC0) == 0x80) {
                ++at;
            }
            --drop;
        }
        shown = "...";
        name.remove_prefix(at);
    }
    for (char c : name) {
        if (c == '\'' || c == '\\') {
            shown += '\\';
        }
        shown += c;
    }
    return "['" + shown + "']";
}

std::string json_path(std::vector<std::string> segments) {
    std::size_t characters = 1;
    for (const std::string& segment : segments) {
        characters += count_characters(segment);
    }
    std::size_t first = 0;
    std::string path = "$";
    if (characters > kMaxPathCharacters) {
        // Cut from the first element, shown as "$..": keep at least the last one.
        path = "$..";
        characters += 2;
        while (first + 1 < segments.size() && characters > kMaxPathCharacters) {
            characters -= count_characters(segments[first++]);
        }
        if (segments[first].starts_with('.')) {
            segments[first].erase(0, 1);
        }
    }
    for (std::size_t i = first; i < segments.size(); ++i) {
        path += segments[i];
    }
    return path;
}

}  // namespace tripline::scan
