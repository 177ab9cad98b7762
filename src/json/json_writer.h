// JsonWriter: streams minified JSON into a caller-owned std::string. It inserts the commas and
// colons, escapes strings (", \, control characters; '/' is never escaped; \b \f \n \r \t use their
// short forms, other control characters \u00XX) and replaces bytes that are not valid UTF-8 with
// U+FFFD, so whatever strings it is given, the output is valid UTF-8 JSON.
//
// Usage: JsonWriter w(out); w.begin_object().key("a").number(1).key("b").begin_array()
//        .string("x").end_array().end_object();   // out += {"a":1,"b":["x"]}
//
// The caller keeps the structure well formed (a key before each object member's value, matching
// begin/end); misuse is caught by assert() in debug builds. raw() trusts its argument to be one
// valid JSON value. Numbers that are NaN or infinite are written as null (JSON has neither).
//
// to_json()/append_json() write a simdjson element back as minified JSON with object members in
// document order and numbers in canonical form (number.h): 1.0 is written "1".
//
// Thread-safety: a JsonWriter is used by one thread at a time; the free functions are thread-safe.
#pragma once

#include <simdjson.h>

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::json {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    // An object member's name; the next call writes its value.
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view value);
    JsonWriter& number(std::int64_t value);
    JsonWriter& number(std::uint64_t value);
    JsonWriter& number(double value);
    template <std::integral T>
    requires(!std::same_as<T, bool>) JsonWriter& number(T value) {
        if constexpr (std::is_signed_v<T>) {
            return number(static_cast<std::int64_t>(value));
        } else {
            return number(static_cast<std::uint64_t>(value));
        }
    }
    JsonWriter& boolean(bool value);
    JsonWriter& null();
    // One complete JSON value, already valid and preferably minified (e.g. stored raw JSON text).
    JsonWriter& raw(std::string_view json);
    // A parsed value, written as to_json() would.
    JsonWriter& element(simdjson::dom::element value);

    // True when every begun object/array has been ended.
    bool complete() const { return stack_.empty(); }

private:
    void before_value();

    std::string& out_;
    // One entry per open container: whether a value was already written in it (a comma is due).
    std::vector<bool> stack_;
    bool after_key_ = false;
};

// `value` as a JSON string literal with quotes, escaped as described above, appended to `out`.
void append_escaped_string(std::string& out, std::string_view value);

// Minified JSON of a parsed element.
std::string to_json(simdjson::dom::element element);
void append_json(std::string& out, simdjson::dom::element element);

}  // namespace tripline::json
