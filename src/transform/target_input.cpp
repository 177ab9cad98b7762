#include "transform/target_input.h"

#include <vector>

#include "json/json_parser.h"
#include "transform/raw_json.h"

namespace tripline::transform {

namespace {

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

Error not_json(const TemplateOptions& options) {
    return make_error(Errc::kInvalidArgument,
                      "Input for target " + options.target_id + " is not a valid JSON text.");
}

bool is_string_token(std::string_view raw) { return !raw.empty() && raw.front() == '"'; }

}  // namespace

Result<TargetInput> TargetInput::constant(std::string_view json_text,
                                          const TemplateOptions& options) {
    if (utf8_length(json_text) > kMaxInputLength) {
        return make_error(Errc::kLimitExceeded,
                          "1 validation error detected: Value at 'input' failed to satisfy "
                          "constraint: Member must have length less than or equal to 8192");
    }
    if (!json::thread_local_parser().parse(json_text)) {
        return not_json(options);
    }
    TargetInput out;
    out.kind_ = Kind::kConstant;
    append_minified(out.constant_, trim_json(json_text));
    return out;
}

Result<TargetInput> TargetInput::path(std::string_view path_text, const TemplateOptions& options) {
    if (utf8_length(path_text) > kMaxInputPathLength) {
        return make_error(Errc::kLimitExceeded,
                          "1 validation error detected: Value at 'inputPath' failed to satisfy "
                          "constraint: Member must have length less than or equal to 256");
    }
    auto parsed = parse_input_path(path_text);
    if (!parsed) {
        Error e = std::move(parsed).error();
        e.message = "InputPath for target " + options.target_id + " is not valid: " + e.message;
        return e;
    }
    TargetInput out;
    out.kind_ = Kind::kPath;
    out.missing_ = options.missing;
    out.path_ = std::move(*parsed);
    return out;
}

Result<TargetInput> TargetInput::transformer(const InputPathsMap& paths,
                                             std::string_view template_text,
                                             const TemplateOptions& options) {
    TRIPLINE_ASSIGN_OR_RETURN(InputTemplate compiled,
                              compile_input_transformer(paths, template_text, options));
    TargetInput out;
    out.kind_ = Kind::kTransformer;
    out.template_ = std::move(compiled);
    return out;
}

Result<Rendered> TargetInput::render(std::string_view event_json,
                                     const RenderContext& context) const {
    TRIPLINE_ASSIGN_OR_RETURN(auto root, json::thread_local_parser().parse(event_json));
    if (!root.is_object()) {
        return make_error(Errc::kInvalidArgument, "event is not a JSON object");
    }
    Rendered out;
    switch (kind_) {
        case Kind::kWholeEvent:
            append_minified(out.text, trim_json(event_json));
            break;
        case Kind::kConstant:
            out.text = constant_;
            break;
        case Kind::kPath: {
            std::vector<std::string_view> selected;
            select_all(event_json, path_, selected);
            if (path_.has_wildcard()) {
                out.text += '[';
                for (std::size_t k = 0; k < selected.size(); ++k) {
                    if (k > 0) {
                        out.text += ',';
                    }
                    append_minified(out.text, selected[k]);
                }
                out.text += ']';
            } else if (selected.empty()) {
                if (missing_ == MissingPathPolicy::kSkipDelivery) {
                    out.deliver = false;
                } else {
                    out.text = "null";
                }
            } else {
                append_minified(out.text, selected.front());
            }
            break;
        }
        case Kind::kTransformer:
            return template_->render_trusted(event_json, context);
    }
    return out;
}

Result<TargetInput> parse_target_input(std::string_view spec_json, const TemplateOptions& options) {
    auto parsed = json::thread_local_parser().parse(spec_json);
    if (!parsed || !parsed->is_object()) {
        return make_error(Errc::kInvalidArgument,
                          "target input must be a JSON object with Input, InputPath, "
                          "InputTransformer or InputPathsMap/InputTemplate");
    }
    std::string_view spec = trim_json(spec_json);
    auto input = find_member(spec, "Input");
    auto input_path = find_member(spec, "InputPath");
    auto transformer = find_member(spec, "InputTransformer");
    std::string_view transformer_object = spec;
    if (transformer) {
        transformer_object = *transformer;
    }
    auto paths_raw = find_member(transformer_object, "InputPathsMap");
    auto template_raw = find_member(transformer_object, "InputTemplate");
    const bool has_transformer = transformer || template_raw || paths_raw;
    if ((input ? 1 : 0) + (input_path ? 1 : 0) + (has_transformer ? 1 : 0) > 1) {
        return make_error(Errc::kInvalidArgument,
                          "Only one of Input, InputPath, or InputTransformer must be provided for "
                          "target " +
                              options.target_id + ".");
    }
    if (input) {
        if (is_string_token(*input)) {
            return TargetInput::constant(decode_string(*input), options);
        }
        return TargetInput::constant(*input, options);
    }
    if (input_path) {
        if (!is_string_token(*input_path)) {
            return make_error(Errc::kInvalidArgument, "InputPath must be a string");
        }
        return TargetInput::path(decode_string(*input_path), options);
    }
    if (has_transformer) {
        if (!template_raw || !is_string_token(*template_raw)) {
            return make_error(Errc::kInvalidArgument,
                              "1 validation error detected: Value null at "
                              "'inputTransformer.inputTemplate' failed to satisfy constraint: "
                              "Member must not be null");
        }
        InputPathsMap paths;
        if (paths_raw) {
            std::string_view raw = trim_json(*paths_raw);
            if (raw.empty() || raw.front() != '{') {
                return make_error(Errc::kInvalidArgument, "InputPathsMap must be a JSON object");
            }
            Status status = ok_status();
            for_each_member(raw, [&](std::string_view key, std::string_view value) {
                if (!is_string_token(value)) {
                    status = make_error(
                        Errc::kInvalidArgument,
                        "InputPathsMap values must be strings (key " + decode_string(key) + ")");
                    return;
                }
                paths.emplace_back(decode_string(key), decode_string(value));
            });
            TRIPLINE_TRY(status);
        }
        return TargetInput::transformer(paths, decode_string(*template_raw), options);
    }
    return TargetInput::whole_event();
}

}  // namespace tripline::transform
