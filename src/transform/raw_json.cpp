#include "transform/raw_json.h"

#include <cstdint>

#include "json/utf8.h"

namespace tripline::transform {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// One past the closing quote of the string starting at text[i] (a '"').
std::size_t skip_string(std::string_view text, std::size_t i) {
    ++i;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        ++i;
        if (c == '"') {
            return i;
        }
    }
    return text.size();
}

bool read_hex4(std::string_view s, std::size_t i, std::uint32_t& out) {
    if (i + 4 > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t k = i; k < i + 4; ++k) {
        const char c = s[k];
        out <<= 4;
        if (c >= '0' && c <= '9') {
            out |= static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            out |= static_cast<std::uint32_t>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            out |= static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

std::size_t skip_whitespace(std::string_view text, std::size_t i) {
    while (i < text.size() && is_ws(text[i])) {
        ++i;
    }
    return i;
}

std::size_t skip_value(std::string_view text, std::size_t i) {
    if (i >= text.size()) {
        return text.size();
    }
    const char c = text[i];
    if (c == '"') {
        return skip_string(text, i);
    }
    if (c == '{' || c == '[') {
        int depth = 0;
        while (i < text.size()) {
            const char d = text[i];
            if (d == '"') {
                i = skip_string(text, i);
                continue;
            }
            if (d == '{' || d == '[') {
                ++depth;
            } else if (d == '}' || d == ']') {
                if (--depth == 0) {
                    return i + 1;
                }
            }
            ++i;
        }
        return text.size();
    }
    // Number or literal: up to the next structural character or whitespace.
    while (i < text.size() && !is_ws(text[i]) && text[i] != ',' && text[i] != '}' &&
           text[i] != ']' && text[i] != ':') {
        ++i;
    }
    return i;
}

std::string_view trim_json(std::string_view raw) {
    std::size_t b = skip_whitespace(raw, 0);
    std::size_t e = raw.size();
    while (e > b && is_ws(raw[e - 1])) {
        --e;
    }
    return raw.substr(b, e - b);
}

std::string decode_string(std::string_view token) {
    std::string out;
    if (token.size() < 2 || token.front() != '"') {
        return std::string(token);
    }
    std::string_view s = token.substr(1, token.size() - 2);
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c != '\\' || i + 1 >= s.size()) {
            out += c;
            continue;
        }
        const char e = s[++i];
        switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!read_hex4(s, i + 1, cp)) {
                    out += "\\u";
                    break;
                }
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00) {
                    std::uint32_t low = 0;
                    if (i + 2 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u' &&
                        read_hex4(s, i + 3, low) && low >= 0xDC00 && low < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp < 0xE000) {
                    cp = 0xFFFD;
                }
                json::append_utf8(out, cp);
                break;
            }
            default:  // '"', '\\', '/'
                out += e;
                break;
        }
    }
    return out;
}

namespace internal {

std::size_t member_loop_begin(std::string_view object_raw) {
    std::size_t i = skip_whitespace(object_raw, 0);
    if (i >= object_raw.size() || object_raw[i] != '{') {
        return object_raw.size();
    }
    return skip_whitespace(object_raw, i + 1);
}

}  // namespace internal

std::optional<std::string_view> find_member(std::string_view object_raw, std::string_view key) {
    std::optional<std::string_view> found;
    for_each_member(object_raw, [&](std::string_view key_token, std::string_view value) {
        std::string_view plain = key_token.substr(1, key_token.size() - 2);
        if (plain.find('\\') == std::string_view::npos ? plain == key
                                                       : decode_string(key_token) == key) {
            found = value;
            return false;
        }
        return true;
    });
    return found;
}

std::vector<std::string_view> array_elements(std::string_view array_raw) {
    std::vector<std::string_view> out;
    std::size_t i = skip_whitespace(array_raw, 0);
    if (i >= array_raw.size() || array_raw[i] != '[') {
        return out;
    }
    i = skip_whitespace(array_raw, i + 1);
    while (i < array_raw.size() && array_raw[i] != ']') {
        const std::size_t end = skip_value(array_raw, i);
        if (end == i) {
            break;
        }
        out.push_back(array_raw.substr(i, end - i));
        i = skip_whitespace(array_raw, end);
        if (i >= array_raw.size() || array_raw[i] != ',') {
            break;
        }
        i = skip_whitespace(array_raw, i + 1);
    }
    return out;
}

void append_minified(std::string& out, std::string_view raw) {
    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        if (c == '"') {
            const std::size_t end = skip_string(raw, i);
            out.append(raw.substr(i, end - i));
            i = end;
        } else {
            if (!is_ws(c)) {
                out += c;
            }
            ++i;
        }
    }
}

namespace {

void select_from(std::string_view value,
                 const std::vector<json::JsonPathStep>& steps,
                 std::size_t k,
                 std::vector<std::string_view>& out) {
    value = trim_json(value);
    if (k == steps.size()) {
        out.push_back(value);
        return;
    }
    const json::JsonPathStep& step = steps[k];
    switch (step.kind) {
        case json::JsonPathStep::Kind::kName:
            if (auto member = find_member(value, step.name)) {
                select_from(*member, steps, k + 1, out);
            }
            return;
        case json::JsonPathStep::Kind::kIndex: {
            auto elements = array_elements(value);
            if (step.index < elements.size()) {
                select_from(elements[step.index], steps, k + 1, out);
            }
            return;
        }
        case json::JsonPathStep::Kind::kWildcard:
            if (!value.empty() && value.front() == '{') {
                for_each_member(value, [&](std::string_view, std::string_view v) {
                    select_from(v, steps, k + 1, out);
                });
            } else {
                for (std::string_view e : array_elements(value)) {
                    select_from(e, steps, k + 1, out);
                }
            }
            return;
    }
}

}  // namespace

void select_all(std::string_view root,
                const json::JsonPath& path,
                std::vector<std::string_view>& out) {
    select_from(root, path.steps(), 0, out);
}

}  // namespace tripline::transform
