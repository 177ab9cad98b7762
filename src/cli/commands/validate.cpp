#include <iostream>

#include "app/config_loader.h"
#include "cli/commands/commands.h"

namespace tripline::cli {

namespace {

CommandRunner add_validate_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("validate",
                                   "Check a configuration file and report every problem with its "
                                   "file:line:column (exit 0 valid, 2 invalid)");
    struct Options {
        std::string config;
        bool json = false;
    };
    auto opts = std::make_shared<Options>();
    cmd->add_option("--config", opts->config, "The YAML or JSON configuration file")->required();
    cmd->add_flag("--json", opts->json, "Print the diagnostics as JSON on stdout");
    return [opts] {
        app::ConfigReport report = app::load_config_file(opts->config);
        if (opts->json) {
            std::cout << app::diagnostics_to_json(report) << "\n";
        } else {
            for (const auto& d : report.diagnostics) {
                std::cerr << d.to_string() << "\n";
            }
            if (report.ok()) {
                std::cout << opts->config << ": valid";
                if (report.warning_count() > 0) {
                    std::cout << " (" << report.warning_count() << " warning"
                              << (report.warning_count() == 1 ? "" : "s") << ")";
                }
                std::cout << "\n";
            } else {
                std::cout << opts->config << ": " << report.error_count() << " error"
                          << (report.error_count() == 1 ? "" : "s") << "\n";
            }
        }
        return report.ok() ? kExitOk : kExitInvalidInput;
    };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_validate_command);

}  // namespace tripline::cli
