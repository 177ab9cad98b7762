#include <iostream>

#include "app/engine.h"
#include "cli/commands/commands.h"

namespace tripline::cli {

namespace {

CommandRunner add_version_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("version", "Print Tripline's version");
    auto json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *json, "Print {\"version\": ...} as JSON");
    return [json] {
        if (*json) {
            std::cout << "{\"version\":\"" << app::tripline_version() << "\"}\n";
        } else {
            std::cout << "tripline " << app::tripline_version() << "\n";
        }
        return kExitOk;
    };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_version_command);

}  // namespace tripline::cli
