// `tripline transform`: render what an EventBridge target receives for an event, from the target's
// Input / InputPath / InputTransformer setting (docs/patterns.md). Exit codes: 0 rendered (or
// skipped, with a note on stderr), 1 unreadable file, 2 invalid setting or event.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands/commands.h"
#include "transform/target_input.h"

namespace tripline::cli {

namespace {

bool resolve(const std::string& arg, std::string& out) {
    if (!arg.starts_with("@")) {
        out = arg;
        return true;
    }
    std::ifstream in(arg.substr(1), std::ios::binary);
    if (!in) {
        std::cerr << "tripline: cannot read " << arg.substr(1) << "\n";
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

CommandRunner add_transform_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("transform",
                                   "Print the input an EventBridge target receives for an event");
    struct Options {
        std::string transformer;
        std::string event;
        std::string rule_name;
        std::string rule_arn;
        std::string ingestion_time;
        bool strip_quotes = false;
        bool skip_missing = false;
    };
    auto opts = std::make_shared<Options>();
    cmd->add_option("--transformer",
                    opts->transformer,
                    "{\"InputPathsMap\":...,\"InputTemplate\":...}, {\"Input\":...} or "
                    "{\"InputPath\":...} (JSON, or @file)")
        ->required();
    cmd->add_option("--event", opts->event, "The event (JSON, or @file)")->required();
    cmd->add_option("--rule-name", opts->rule_name, "Value of <aws.events.rule-name>");
    cmd->add_option("--rule-arn", opts->rule_arn, "Value of <aws.events.rule-arn>");
    cmd->add_option("--ingestion-time",
                    opts->ingestion_time,
                    "Value of <aws.events.event.ingestion-time> (default: the event's time)");
    cmd->add_flag("--strip-line-quotes",
                  opts->strip_quotes,
                  "String templates: remove each line's surrounding quotes");
    cmd->add_flag("--skip-missing",
                  opts->skip_missing,
                  "Do not deliver when a path selects nothing (default: empty string / null)");
    return [opts] {
        std::string spec;
        std::string event;
        if (!resolve(opts->transformer, spec) || !resolve(opts->event, event)) {
            return kExitFailure;
        }
        transform::TemplateOptions options;
        options.target_id = "cli";
        options.keep_line_quotes = !opts->strip_quotes;
        options.missing = opts->skip_missing ? transform::MissingPathPolicy::kSkipDelivery
                                             : transform::MissingPathPolicy::kEmptyOrNull;
        auto input = transform::parse_target_input(spec, options);
        if (!input) {
            std::cerr << input.error().message << "\n";
            return kExitInvalidInput;
        }
        transform::RenderContext context{opts->rule_name, opts->rule_arn, opts->ingestion_time};
        auto rendered = input->render(event, context);
        if (!rendered) {
            std::cerr << "tripline: " << rendered.error().message << "\n";
            return kExitInvalidInput;
        }
        if (!rendered->deliver) {
            std::cerr << "tripline: not delivered: a path of the transformer selects nothing\n";
            return kExitOk;
        }
        std::cout << rendered->text << "\n";
        return kExitOk;
    };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_transform_command);

}  // namespace tripline::cli
