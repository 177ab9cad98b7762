// `tripline alarms evaluate` (docs/alarms.md): evaluate CloudWatch metric alarms over given
// datapoints without a server. --batch reads JSON Lines (metrics/alarm_case.h)
//   {"alarm": {PutMetricAlarm fields}, "datapoints": [[iso-time, value|null], ...],
//    "prior_state": ..., "samples_per_period": ..., "band": ..., "evaluation_range": ...}
// and writes one line each: the resulting state (OK, ALARM, INSUFFICIENT_DATA) or "error:
// <message>". With --reason the line is {"state","changed","reason","reasonData"} instead. A
// contract for scripts: outputs and exit codes (0 ok, 2 bad flags) do not change.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands/commands.h"
#include "metrics/alarm_case.h"

namespace tripline::cli {

namespace {

std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

std::string evaluate_line(const std::string& line, bool with_reason) {
    nlohmann::json input = nlohmann::json::parse(line, nullptr, false);
    if (input.is_discarded()) {
        return "error: input line is not valid JSON";
    }
    auto e = metrics::evaluate_alarm_case(input);
    if (!e) {
        return "error: " + one_line(e.error().message);
    }
    if (!with_reason) {
        return metrics::alarm_state_name(e->state);
    }
    nlohmann::json out = {{"state", metrics::alarm_state_name(e->state)},
                          {"changed", e->changed},
                          {"reason", e->reason},
                          {"reasonData", e->reason_data}};
    return out.dump();
}

int run_batch(bool with_reason) {
    std::string line;
    std::string out;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.find_first_not_of(" \t") == std::string::npos) {
            continue;
        }
        out += evaluate_line(line, with_reason);
        out += '\n';
        if (out.size() > (1 << 16) || std::cin.rdbuf()->in_avail() <= 0) {
            std::cout << out << std::flush;
            out.clear();
        }
    }
    std::cout << out << std::flush;
    return kExitOk;
}

CommandRunner add_alarms_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("alarms", "Evaluate CloudWatch metric alarms offline");
    cmd->require_subcommand(1);
    struct Options {
        bool batch = false;
        bool reason = false;
        std::string input;
    };
    auto opts = std::make_shared<Options>();
    auto* evaluate = cmd->add_subcommand(
        "evaluate",
        "Print the state an alarm reaches over datapoints (--batch: JSON Lines {\"alarm\":..., "
        "\"datapoints\":[[time, value|null],...], \"prior_state\":...} on stdin, one state line "
        "each)");
    evaluate->add_flag("--batch", opts->batch, "Read JSON Lines from stdin");
    evaluate->add_flag("--reason",
                       opts->reason,
                       "Print {\"state\",\"changed\",\"reason\",\"reasonData\"} per line");
    evaluate->add_option("--case", opts->input, "One case as a JSON object (instead of --batch)");
    return [opts, evaluate] {
        if (!evaluate->parsed()) {
            return kExitInvalidInput;
        }
        if (opts->batch) {
            return run_batch(opts->reason);
        }
        if (opts->input.empty()) {
            std::cerr << "tripline alarms evaluate: --batch or --case is required\n";
            return kExitInvalidInput;
        }
        std::string result = evaluate_line(opts->input, opts->reason);
        std::cout << result << "\n";
        return result.starts_with("error: ") ? kExitInvalidInput : kExitOk;
    };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_alarms_command);

}  // namespace tripline::cli
