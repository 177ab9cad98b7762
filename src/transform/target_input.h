// TargetInput: what an EventBridge target receives for a matched event (eventbridge-targets.md §4,
// §6): the whole event (no input setting), a constant (`Input`), the value at a JSON path
// (`InputPath`) or an input transformer (`InputTransformer`). Parsed and validated once from the
// target's JSON, rendered per event.
//
// parse_target_input() accepts the PutTargets member shapes: {"Input": "<JSON text>"},
// {"InputPath": "$.detail"}, {"InputTransformer": {"InputPathsMap": {...}, "InputTemplate":
// "..."}}, the transformer's own object {"InputPathsMap": ..., "InputTemplate": ...}, and {} (whole
// event). For convenience `Input` may also be given as a JSON value instead of a string.
//
// Output: JSON deliveries (whole event, Input, InputPath, JSON templates) are minified; string
// templates are delivered as rendered (input_template.h).
// Errors: Errc::kInvalidArgument / kLimitExceeded with AWS's wording ("Input for target X is not a
// valid JSON text.", "Only one of Input, InputPath, or InputTransformer must be provided for target
// X.", model constraint messages). Immutable after parsing; render() is thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "json/json_path.h"
#include "transform/input_template.h"

namespace tripline::transform {

inline constexpr std::size_t kMaxInputLength = 8192;

class TargetInput {
public:
    enum class Kind { kWholeEvent, kConstant, kPath, kTransformer };

    Kind kind() const { return kind_; }
    // The transformer (kind() == kTransformer).
    const InputTemplate* input_template() const { return template_ ? &*template_ : nullptr; }

    Result<Rendered> render(std::string_view event_json, const RenderContext& context) const;

    static TargetInput whole_event() { return TargetInput(); }
    static Result<TargetInput> constant(std::string_view json_text,
                                        const TemplateOptions& options = {});
    static Result<TargetInput> path(std::string_view path_text,
                                    const TemplateOptions& options = {});
    static Result<TargetInput> transformer(const InputPathsMap& paths,
                                           std::string_view template_text,
                                           const TemplateOptions& options = {});

private:
    Kind kind_ = Kind::kWholeEvent;
    MissingPathPolicy missing_ = MissingPathPolicy::kEmptyOrNull;
    std::string constant_;  // minified
    json::JsonPath path_;
    std::optional<InputTemplate> template_;
};

Result<TargetInput> parse_target_input(std::string_view spec_json,
                                       const TemplateOptions& options = {});

}  // namespace tripline::transform
