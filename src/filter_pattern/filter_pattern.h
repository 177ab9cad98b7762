// The CloudWatch Logs filter-pattern language (docs/filter-patterns.md; spec cloudwatch.md §1-2):
// the patterns of metric filters, subscription filters and FilterLogEvents. Four kinds, chosen by
// the first non-blank character: `{` JSON, `[` space-delimited, `%` regex, anything else terms;
// an empty or blank pattern matches every event.
//
// FilterPattern is an immutable, cheap-to-copy value (the compiled pattern is shared) and safe to
// use from many threads at once. LogMessage borrows one event's text and caches what the matchers
// derive from it (the parsed JSON, the space-delimited fields), so one message is prepared once and
// tested against many patterns; it is not thread-safe.
//
// Errors: parse() returns Errc::kInvalidArgument with AWS's InvalidParameterException wording where
// it is known, and Error::where at the offending character (0-based offset into the pattern).
// Patterns longer than kMaxPatternLength are rejected with Errc::kLimitExceeded.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tripline::filter_pattern {

// AWS's filterPattern length limit (PutMetricFilter, PutSubscriptionFilter, FilterLogEvents).
inline constexpr std::size_t kMaxPatternLength = 1024;

enum class PatternKind { kMatchAll, kTerms, kRegex, kJson, kSpaceDelimited };

const char* pattern_kind_name(PatternKind kind);

// "$name" -> value in field order, as TestMetricFilter reports extractedValues ("$1","$2" for
// unnamed fields).
using ExtractedValues = std::vector<std::pair<std::string, std::string>>;

// One field of a space-delimited message: `value` without the surrounding quotes or brackets,
// `raw_begin` the offset of the field's first character (quote or bracket included) in the text.
struct MessageField {
    std::string_view value;
    std::size_t raw_begin = 0;
};

// A log event message prepared once and reused across many patterns (JSON parsed lazily once,
// space-delimited fields split lazily once). Borrows the text; not thread-safe; cheap to construct
// (nothing is allocated until a JSON or space-delimited pattern looks at it).
class LogMessage {
public:
    explicit LogMessage(std::string_view text);
    ~LogMessage();
    LogMessage(LogMessage&& other) noexcept;
    LogMessage& operator=(LogMessage&& other) noexcept;
    LogMessage(const LogMessage&) = delete;
    LogMessage& operator=(const LogMessage&) = delete;

    std::string_view text() const { return text_; }

    // The message as a JSON object, or nullptr when it is not one (malformed, another JSON type,
    // larger than 1 MiB or nested deeper than 64 levels): JSON patterns never match such messages.
    // Valid until this message is destroyed.
    const simdjson::dom::element* json_object() const;

    // The message split on spaces; "[...]" and "\"...\"" are one field each.
    const std::vector<MessageField>& fields() const;

private:
    struct JsonState;

    std::string_view text_;
    mutable std::unique_ptr<JsonState> json_;
    mutable std::vector<MessageField> fields_;
    mutable bool fields_ready_ = false;
};

namespace detail {
struct CompiledPattern;
}

// A parsed filter pattern. Immutable, cheap to copy (shared compiled state), thread-safe to use
// concurrently. A default-constructed pattern is the empty pattern (matches everything).
class FilterPattern {
public:
    FilterPattern();

    // Parses and validates. Errors: Errc::kInvalidArgument (syntax; AWS wording where known),
    // Errc::kLimitExceeded (longer than kMaxPatternLength); Error::where = offending position.
    static Result<FilterPattern> parse(std::string_view text);

    const std::string& text() const;
    PatternKind kind() const;

    bool matches(const LogMessage& message) const;
    bool matches(std::string_view message) const;  // convenience: prepares a LogMessage
    // Matches and fills the values TestMetricFilter reports (cleared first; empty for
    // terms/regex/json).
    bool match(const LogMessage& message, ExtractedValues& values) const;

    // Checks a metric transformation selector (metricValue, dimension value) for this pattern:
    // "$.a.b" (JSON patterns) or "$name" (space-delimited, a field named in the pattern; "$1" for
    // the first unnamed field). Errc::kInvalidArgument otherwise.
    Status check_selector(std::string_view selector) const;

    // The value of such a selector in a message (strings unquoted, numbers as written in the
    // message); nullopt when absent, null, an object or an array, when the selector is not valid
    // for this pattern, or (space-delimited) when the message does not match the pattern.
    std::optional<std::string> extract(const LogMessage& message, std::string_view selector) const;

    // %regex% occurrences in the pattern (AWS limits them per log group).
    int regex_count() const;

private:
    explicit FilterPattern(std::shared_ptr<const detail::CompiledPattern> compiled);

    std::shared_ptr<const detail::CompiledPattern> compiled_;
};

}  // namespace tripline::filter_pattern
