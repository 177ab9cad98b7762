// Case kinds for the transform module:
//   transform [rule-name=N] [rule-arn=A] [ingestion-time=T] [strip-quotes] [skip-missing]
//             input = the target's input setting as JSON on the first line ({"InputPathsMap":...,
//             "InputTemplate":...}, {"Input":...}, {"InputPath":...} or {}), then the event
//             (any number of lines); output = the rendered target input exactly, "(not delivered)"
//             when the delivery is skipped, or "error: <message>".
#include <sstream>
#include <string>

#include "handler_registry.h"
#include "transform/target_input.h"

namespace {

using tripline::testing::Case;

std::string run_transform(const Case& c) {
    tripline::transform::TemplateOptions options;
    options.target_id = "Id1";
    std::string rule_name = "my-rule";
    std::string rule_arn = "arn:aws:events:us-east-1:123456789012:rule/my-rule";
    std::string ingestion_time;
    std::istringstream args(c.args);
    std::string arg;
    while (args >> arg) {
        if (arg == "strip-quotes") {
            options.keep_line_quotes = false;
        } else if (arg == "skip-missing") {
            options.missing = tripline::transform::MissingPathPolicy::kSkipDelivery;
        } else if (arg.starts_with("rule-name=")) {
            rule_name = arg.substr(10);
        } else if (arg.starts_with("rule-arn=")) {
            rule_arn = arg.substr(9);
        } else if (arg.starts_with("ingestion-time=")) {
            ingestion_time = arg.substr(15);
        } else {
            return "bad argument " + arg;
        }
    }
    std::size_t newline = c.input.find('\n');
    std::string spec = c.input.substr(0, newline);
    std::string event = newline == std::string::npos ? "{}" : c.input.substr(newline + 1);
    auto input = tripline::transform::parse_target_input(spec, options);
    if (!input) {
        return "error: " + input.error().message;
    }
    tripline::transform::RenderContext context{rule_name, rule_arn, ingestion_time};
    auto rendered = input->render(event, context);
    if (!rendered) {
        return "error: " + rendered.error().message;
    }
    if (!rendered->deliver) {
        return "(not delivered)";
    }
    return rendered->text;
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("transform", run_transform);
