// InputTemplate: an EventBridge input transformer (InputTransformer{InputPathsMap, InputTemplate},
// eventbridge-targets.md §6) validated and compiled once, then rendered for each matched event.
//
// Grammar of a template (bytes):
//   template     = json-template | string-template ;
//   placeholder  = "<" , name , ">" ;    (* name: a key of InputPathsMap or a predefined name;
//                                            any other "<...>" is literal text *)
//   json-template = a JSON object or array in which a placeholder may stand for a value or appear
//                   inside a string, never as an object key ;
//   string-template = anything else, typically lines of double-quoted text.
// A template whose first non-blank character is '{' must be a valid JSON template; one starting
// with
// '[' is a JSON template when it parses as one and a string template otherwise.
//
// Rendering (all values are taken from the event's text, so numbers keep their spelling):
//   * JSON value position: the value as JSON (strings quoted, objects/arrays compact); the output
//   is
//     minified; a path that selects nothing renders `null`.
//   * inside a JSON string, and in string templates: the raw text (a string without its quotes and
//     NOT escaped, a number as written, an object/array as compact JSON); nothing selected renders
//     "" (TemplateOptions::missing may instead skip the delivery).
//   * a wildcard path (`$.detail.*`) renders the array of everything it selects.
//   * `<aws.events.event>` is the event without `detail`, `<aws.events.event.json>` the whole event
//     (compact JSON in every position); rule name, rule ARN and ingestion time come from
//     RenderContext.
// String templates are delivered as written: quote characters and newlines stay unless
// TemplateOptions::keep_line_quotes is false (then each line's outer quotes are removed).
//
// Errors (compile): Errc::kInvalidArgument / kLimitExceeded with AWS's ValidationException wording
// (model constraints: 100 paths, keys 1–256 chars of [A-Za-z0-9_-] not starting with "AWS", paths
// ≤ 256 chars in dot notation, template 1–8192 chars). Errors (render): the event is not valid
// JSON. Thread-safety: immutable after compile; render() may run concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "json/json_path.h"

namespace tripline::transform {

inline constexpr std::size_t kMaxInputPaths = 100;
inline constexpr std::size_t kMaxInputPathKeyLength = 256;
inline constexpr std::size_t kMaxInputPathLength = 256;
inline constexpr std::size_t kMaxInputTemplateLength = 8192;

inline constexpr std::string_view kRuleArnPlaceholder = "aws.events.rule-arn";
inline constexpr std::string_view kRuleNamePlaceholder = "aws.events.rule-name";
inline constexpr std::string_view kIngestionTimePlaceholder = "aws.events.event.ingestion-time";
inline constexpr std::string_view kEventPlaceholder = "aws.events.event";
inline constexpr std::string_view kEventJsonPlaceholder = "aws.events.event.json";

enum class MissingPathPolicy {
    kEmptyOrNull,   // "" in string context, null as a JSON value (default, [inferred])
    kSkipDelivery,  // the event is not delivered to the target at all
};

struct TemplateOptions {
    std::string target_id = "target";  // named in error messages, as AWS does
    bool keep_line_quotes = true;      // string templates: keep each line's quote characters
    MissingPathPolicy missing = MissingPathPolicy::kEmptyOrNull;
};

// What render() needs besides the event. Views must outlive the call.
struct RenderContext {
    std::string_view rule_name;
    std::string_view rule_arn;
    std::string_view ingestion_time;  // ISO 8601; empty = the event's "time" field
};

struct Rendered {
    bool deliver = true;  // false only under MissingPathPolicy::kSkipDelivery
    std::string text;
};

using InputPathsMap = std::vector<std::pair<std::string, std::string>>;  // key -> JSON path

class InputTemplate {
public:
    enum class Kind { kString, kJson };

    Kind kind() const { return kind_; }

    // Renders for one event (`event_json` must be a JSON object; checked).
    Result<Rendered> render(std::string_view event_json, const RenderContext& context) const;
    // Same, for an event already known to be valid JSON.
    Rendered render_trusted(std::string_view event_json, const RenderContext& context) const;

    // Compiled form (public for the compiler's helpers; treat as private).
    enum class Source : std::uint8_t {
        kPath,
        kRuleArn,
        kRuleName,
        kIngestionTime,
        kEvent,
        kEventJson
    };
    enum class Mode : std::uint8_t { kValue, kRaw };
    struct Segment {
        std::string literal;  // emitted before the placeholder
        bool has_placeholder = false;
        Source source = Source::kPath;
        Mode mode = Mode::kRaw;
        std::uint32_t path = 0;  // index into paths_
    };

private:
    friend Result<InputTemplate> compile_input_transformer(const InputPathsMap&,
                                                           std::string_view,
                                                           const TemplateOptions&);

    Kind kind_ = Kind::kString;
    MissingPathPolicy missing_ = MissingPathPolicy::kEmptyOrNull;
    std::vector<json::JsonPath> paths_;
    std::vector<Segment> segments_;
};

// Validates and compiles an InputTransformer.
Result<InputTemplate> compile_input_transformer(const InputPathsMap& paths,
                                                std::string_view template_text,
                                                const TemplateOptions& options = {});

// Validates an InputPath / InputPathsMap value: ≤ 256 characters, "$" then dot-notation steps and
// array indexes ("$.detail.resources[0].arn", "$.detail.*"); bracketed names are refused.
Result<json::JsonPath> parse_input_path(std::string_view text);

}  // namespace tripline::transform
