// A small JSON reader for pattern text (module-private). Patterns are short (≤ 4 KiB) and written
// by people, so this reader favours diagnostics over speed: every node keeps its byte offset,
// numbers keep their exact spelling (needed for §3 number equality), duplicate keys are kept in
// text order, and syntax errors use the wording of Jackson, the parser behind AWS's messages.
// Events never go through this reader; they are parsed with simdjson (event_document.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::pattern::internal {

struct JsonMember;

struct JsonNode {
    enum class Type { kObject, kArray, kString, kNumber, kTrue, kFalse, kNull };

    Type type = Type::kNull;
    std::size_t offset = 0;           // byte offset of the node's first character
    std::string text;                 // unescaped string, or a number's exact spelling
    std::vector<JsonMember> members;  // kObject, in text order (duplicates kept)
    std::vector<JsonNode> elements;   // kArray

    bool is_scalar() const { return type != Type::kObject && type != Type::kArray; }
    // The token as Jackson's getText() shows it: "{", "[", the string, the number, "true", ...
    std::string token_text() const;
};

struct JsonMember {
    std::string key;
    std::size_t key_offset = 0;
    JsonNode value;
};

struct JsonSyntaxError {
    std::string message;  // Jackson's wording, e.g. "Unexpected character ('}' (code 125)): ..."
    std::size_t offset = 0;
};

inline constexpr std::size_t kMaxJsonDepth = 128;

// Parses `text` as one JSON value. Returns false and fills `error` on malformed input, on nesting
// deeper than kMaxJsonDepth, and on trailing non-whitespace content.
bool parse_json(std::string_view text, JsonNode& out, JsonSyntaxError& error);

}  // namespace tripline::pattern::internal
