#include "pattern/internal/pattern_json.h"

#include <cstdint>
#include <string>

#include "base/encoding.h"
#include "json/utf8.h"

namespace tripline::pattern::internal {
namespace {

// Private to this reader: thrown on the first syntax error, caught in parse_json().
struct SyntaxFailure {
    std::string message;
    std::size_t offset;
};

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    void parse_root(JsonNode& out) {
        skip_ws();
        parse_value(out, 0);
        skip_ws();
        if (pos_ < text_.size()) {
            fail_unexpected("expected end-of-input");
        }
    }

private:
    [[noreturn]] void fail(std::string message, std::size_t at) {
        throw SyntaxFailure{std::move(message), at};
    }

    // Decodes the UTF-8 code point at `at` (validating it), returning its length in `len`.
    std::uint32_t code_point_at(std::size_t at, std::size_t& len) {
        auto b = static_cast<unsigned char>(text_[at]);
        if (b < 0x80) {
            len = 1;
            return b;
        }
        std::size_t need = 0;
        std::uint32_t cp = 0;
        if ((b & 0xE0) == 0xC0 && b >= 0xC2) {
            need = 1;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            need = 2;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0 && b <= 0xF4) {
            need = 3;
            cp = b & 0x07;
        } else {
            fail(invalid_byte("start", b), at);
        }
        if (at + need >= text_.size()) {
            fail("Unexpected end-of-input in UTF-8 character", at);
        }
        for (std::size_t i = 1; i <= need; ++i) {
            auto c = static_cast<unsigned char>(text_[at + i]);
            if ((c & 0xC0) != 0x80) {
                fail(invalid_byte("middle", c), at + i);
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        bool overlong = (need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            fail(invalid_byte("start", b), at);
        }
        len = need + 1;
        return cp;
    }

    static std::string invalid_byte(const char* where, unsigned char b) {
        static const char* kHex = "0123456789abcdef";
        std::string s = std::string("Invalid UTF-8 ") + where + " byte 0x";
        s += kHex[b >> 4];
        s += kHex[b & 0xF];
        return s;
    }

    // Jackson's description of an offending character: "'x' (code 120)", "(CTRL-CHAR, code 10)".
    std::string char_desc(std::size_t at) {
        if (at >= text_.size()) {
            return "(end-of-input)";
        }
        std::size_t len = 0;
        std::uint32_t cp = code_point_at(at, len);
        if (cp < 0x20 || cp == 0x7F) {
            return "(CTRL-CHAR, code " + std::to_string(cp) + ")";
        }
        std::string s = "'" + std::string(text_.substr(at, len)) + "' (code " + std::to_string(cp);
        if (cp > 255) {
            static const char* kHex = "0123456789abcdef";
            std::string hex;
            for (std::uint32_t v = cp; v != 0; v >>= 4) {
                hex.insert(hex.begin(), kHex[v & 0xF]);
            }
            s += " / 0x" + hex;
        }
        return s + ")";
    }

    [[noreturn]] void fail_unexpected(const std::string& expectation) {
        if (pos_ >= text_.size()) {
            fail("Unexpected end-of-input: " + expectation, pos_);
        }
        fail("Unexpected character (" + char_desc(pos_) + "): " + expectation, pos_);
    }

    void skip_ws() {
        while (pos_ < text_.size() && is_ws(text_[pos_])) {
            ++pos_;
        }
    }

    void parse_value(JsonNode& out, std::size_t depth) {
        out.offset = pos_;
        if (pos_ >= text_.size()) {
            fail("Unexpected end-of-input: expected a value", pos_);
        }
        char c = text_[pos_];
        switch (c) {
            case '{':
                return parse_object(out, depth + 1);
            case '[':
                return parse_array(out, depth + 1);
            case '"':
                out.type = JsonNode::Type::kString;
                out.text = parse_string();
                return;
            case ']':
            case ',':
                fail_unexpected("expected a value");
            default:
                break;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            out.type = JsonNode::Type::kNumber;
            out.text = parse_number();
            return;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            std::size_t end = pos_;
            while (end < text_.size() &&
                   ((text_[end] >= 'a' && text_[end] <= 'z') ||
                    (text_[end] >= 'A' && text_[end] <= 'Z') ||
                    (text_[end] >= '0' && text_[end] <= '9') || text_[end] == '_')) {
                ++end;
            }
            std::string_view word = text_.substr(pos_, end - pos_);
            if (word == "true" || word == "false" || word == "null") {
                out.type = word == "true"    ? JsonNode::Type::kTrue
                           : word == "false" ? JsonNode::Type::kFalse
                                             : JsonNode::Type::kNull;
                pos_ = end;
                return;
            }
            fail("Unrecognized token '" + std::string(word) +
                     "': was expecting (JSON String, Number, Array, Object or token 'null', "
                     "'true' or 'false')",
                 pos_);
        }
        fail_unexpected(
            "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' "
            "or 'false')");
    }

    void check_depth(std::size_t depth) {
        if (depth > kMaxJsonDepth) {
            fail("Document nesting depth (" + std::to_string(depth) +
                     ") exceeds the maximum allowed (" + std::to_string(kMaxJsonDepth) + ")",
                 pos_);
        }
    }

    void parse_object(JsonNode& out, std::size_t depth) {
        check_depth(depth);
        out.type = JsonNode::Type::kObject;
        ++pos_;  // '{'
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == '}') {
            ++pos_;
            return;
        }
        while (true) {
            if (pos_ >= text_.size()) {
                fail("Unexpected end-of-input: expected close marker for OBJECT", pos_);
            }
            if (text_[pos_] != '"') {
                fail_unexpected("was expecting double-quote to start field name");
            }
            JsonMember member;
            member.key_offset = pos_;
            member.key = parse_string();
            skip_ws();
            if (pos_ >= text_.size() || text_[pos_] != ':') {
                fail_unexpected("was expecting a colon to separate field name and value");
            }
            ++pos_;
            skip_ws();
            parse_value(member.value, depth);
            out.members.push_back(std::move(member));
            skip_ws();
            if (pos_ >= text_.size()) {
                fail("Unexpected end-of-input: expected close marker for OBJECT", pos_);
            }
            if (text_[pos_] == '}') {
                ++pos_;
                return;
            }
            if (text_[pos_] != ',') {
                fail_unexpected("was expecting comma to separate Object entries");
            }
            ++pos_;
            skip_ws();
        }
    }

    void parse_array(JsonNode& out, std::size_t depth) {
        check_depth(depth);
        out.type = JsonNode::Type::kArray;
        ++pos_;  // '['
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == ']') {
            ++pos_;
            return;
        }
        while (true) {
            if (pos_ >= text_.size()) {
                fail("Unexpected end-of-input: expected close marker for ARRAY", pos_);
            }
            JsonNode element;
            parse_value(element, depth);
            out.elements.push_back(std::move(element));
            skip_ws();
            if (pos_ >= text_.size()) {
                fail("Unexpected end-of-input: expected close marker for ARRAY", pos_);
            }
            if (text_[pos_] == ']') {
                ++pos_;
                return;
            }
            if (text_[pos_] != ',') {
                fail_unexpected("was expecting comma to separate Array entries");
            }
            ++pos_;
            skip_ws();
        }
    }

    int hex_digit(std::size_t at) {
        if (at >= text_.size()) {
            fail("Unexpected end-of-input within/between String entries", at);
        }
        if (int value = hex_digit_value(text_[at]); value >= 0) {
            return value;
        }
        pos_ = at;
        fail_unexpected("expected a hex-digit for character escape sequence");
    }

    std::uint32_t read_u_escape(std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            v = (v << 4) | static_cast<std::uint32_t>(hex_digit(at + i));
        }
        return v;
    }

    std::string parse_string() {
        std::string out;
        ++pos_;  // opening quote
        while (true) {
            if (pos_ >= text_.size()) {
                fail("Unexpected end-of-input: was expecting closing quote for a string value",
                     pos_);
            }
            char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (c == '\\') {
                if (pos_ + 1 >= text_.size()) {
                    fail("Unexpected end-of-input in character escape sequence", pos_);
                }
                char e = text_[pos_ + 1];
                pos_ += 2;
                switch (e) {
                    case '"':
                        out += '"';
                        break;
                    case '\\':
                        out += '\\';
                        break;
                    case '/':
                        out += '/';
                        break;
                    case 'b':
                        out += '\b';
                        break;
                    case 'f':
                        out += '\f';
                        break;
                    case 'n':
                        out += '\n';
                        break;
                    case 'r':
                        out += '\r';
                        break;
                    case 't':
                        out += '\t';
                        break;
                    case 'u': {
                        std::uint32_t cp = read_u_escape(pos_);
                        pos_ += 4;
                        if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 6 <= text_.size() &&
                            text_[pos_] == '\\' && text_[pos_ + 1] == 'u') {
                            std::uint32_t low = read_u_escape(pos_ + 2);
                            if (low >= 0xDC00 && low <= 0xDFFF) {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                                pos_ += 6;
                            }
                        }
                        if (cp >= 0xD800 && cp <= 0xDFFF) {
                            cp = 0xFFFD;  // a lone surrogate cannot be represented in UTF-8
                        }
                        json::append_utf8(out, cp);
                        break;
                    }
                    default:
                        pos_ -= 1;
                        fail("Unrecognized character escape " + char_desc(pos_), pos_);
                }
                continue;
            }
            auto b = static_cast<unsigned char>(c);
            if (b < 0x20) {
                fail("Illegal unquoted character ((CTRL-CHAR, code " + std::to_string(b) +
                         ")): has to be escaped using backslash to be included in string value",
                     pos_);
            }
            std::size_t len = 0;
            code_point_at(pos_, len);
            out.append(text_.substr(pos_, len));
            pos_ += len;
        }
    }

    bool digit_at(std::size_t at) const {
        return at < text_.size() && text_[at] >= '0' && text_[at] <= '9';
    }

    std::string parse_number() {
        std::size_t start = pos_;
        if (text_[pos_] == '-') {
            ++pos_;
            if (!digit_at(pos_)) {
                fail_number("expected digit (0-9) to follow minus sign, for valid numeric value");
            }
        }
        if (text_[pos_] == '0' && digit_at(pos_ + 1)) {
            fail("Invalid numeric value: Leading zeroes not allowed", pos_);
        }
        while (digit_at(pos_)) {
            ++pos_;
        }
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            if (!digit_at(pos_)) {
                fail_number("Decimal point not followed by a digit");
            }
            while (digit_at(pos_)) {
                ++pos_;
            }
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
                ++pos_;
            }
            if (!digit_at(pos_)) {
                fail_number("Exponent indicator not followed by a digit");
            }
            while (digit_at(pos_)) {
                ++pos_;
            }
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    [[noreturn]] void fail_number(const std::string& why) {
        if (pos_ >= text_.size()) {
            fail("Unexpected end-of-input in a Number value", pos_);
        }
        fail("Unexpected character (" + char_desc(pos_) + ") in numeric value: " + why, pos_);
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string JsonNode::token_text() const {
    switch (type) {
        case Type::kObject:
            return "{";
        case Type::kArray:
            return "[";
        case Type::kString:
        case Type::kNumber:
            return text;
        case Type::kTrue:
            return "true";
        case Type::kFalse:
            return "false";
        case Type::kNull:
            return "null";
    }
    return "";
}

bool parse_json(std::string_view text, JsonNode& out, JsonSyntaxError& error) {
    try {
        Reader reader(text);
        reader.parse_root(out);
        return true;
    } catch (const SyntaxFailure& f) {
        error.message = f.message;
        error.offset = f.offset;
        return false;
    }
}

}  // namespace tripline::pattern::internal
