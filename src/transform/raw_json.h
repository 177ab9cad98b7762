// RawJson: navigation over JSON text that keeps every value's exact spelling. The input
// transformer must render numbers "as written in the event" (`8.0` stays `8.0`) and insert
// objects whole, which a DOM (simdjson's included) cannot do once numbers are parsed. These helpers
// walk the text itself: select a member or an element, return the raw sub-text of a value, decode a
// string token, and minify a value (drop whitespace outside strings).
//
// Preconditions: every function expects *valid* JSON text (check it first, e.g. with
// json::JsonParser); on invalid text the results are unspecified but memory-safe (every scan is
// bounded by the view). Spans returned point into the caller's text.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "json/json_path.h"

namespace tripline::transform {

// Index of the first non-whitespace byte at or after `i` (text.size() if none).
std::size_t skip_whitespace(std::string_view text, std::size_t i);

// One past the end of the JSON value starting at text[i] (a string, number, literal, object or
// array).
std::size_t skip_value(std::string_view text, std::size_t i);

// The value `raw` (already trimmed) with surrounding whitespace removed.
std::string_view trim_json(std::string_view raw);

// Decodes a string token including its quotes ("a\nb" -> a, newline, b). Invalid escapes are
// copied verbatim; lone surrogates become U+FFFD.
std::string decode_string(std::string_view token);

// The value of the first member named `key` of the object `object_raw`, or nullopt when
// `object_raw` is not an object or has no such member. Keys are compared after unescaping.
std::optional<std::string_view> find_member(std::string_view object_raw, std::string_view key);

// Calls fn(key_token, value_raw) for each member of an object, in text order. key_token keeps its
// quotes and escapes. When fn returns bool, returning false stops the walk.
template <typename Fn>
void for_each_member(std::string_view object_raw, Fn&& fn);

// The elements of an array, in order (empty when `array_raw` is not an array).
std::vector<std::string_view> array_elements(std::string_view array_raw);

// `raw` without whitespace outside strings, appended to `out`.
void append_minified(std::string& out, std::string_view raw);

// What a JSON path selects in `root` (dot notation and indexes as in json::JsonPath; a name never
// selects into an array, an index never into an object). Wildcards select several values.
void select_all(std::string_view root,
                const json::JsonPath& path,
                std::vector<std::string_view>& out);

// ---- implementation of the template above

namespace internal {
std::size_t member_loop_begin(std::string_view object_raw);
}  // namespace internal

template <typename Fn>
void for_each_member(std::string_view object_raw, Fn&& fn) {
    std::size_t i = internal::member_loop_begin(object_raw);
    const std::string_view t = object_raw;
    while (i < t.size() && t[i] == '"') {
        const std::size_t key_end = skip_value(t, i);
        std::string_view key = t.substr(i, key_end - i);
        std::size_t v = skip_whitespace(t, key_end);
        if (v >= t.size() || t[v] != ':') {
            return;
        }
        v = skip_whitespace(t, v + 1);
        const std::size_t v_end = skip_value(t, v);
        if constexpr (std::is_same_v<decltype(fn(key, t.substr(v, v_end - v))), bool>) {
            if (!fn(key, t.substr(v, v_end - v))) {
                return;
            }
        } else {
            fn(key, t.substr(v, v_end - v));
        }
        i = skip_whitespace(t, v_end);
        if (i >= t.size() || t[i] != ',') {
            return;
        }
        i = skip_whitespace(t, i + 1);
    }
}

}  // namespace tripline::transform
