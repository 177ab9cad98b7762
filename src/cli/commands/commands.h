// The `tripline` subcommands, one file each. Each file registers itself with
// TRIPLINE_CLI_COMMAND(add_fn): add_fn adds the subcommand and its flags to the CLI11 app and
// returns the function that runs it. Exit codes (docs/cli.md): 0 success, 1 runtime failure (port
// in use, unreadable data directory), 2 invalid input (bad flags, invalid config or pattern).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace tripline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInvalidInput = 2;

using CommandRunner = std::function<int()>;
using CommandAdder = CommandRunner (*)(CLI::App& app);

// Every registered command, in registration order (files register at static-initialisation time).
std::vector<CommandAdder>& command_adders();

struct CommandRegistration {
    explicit CommandRegistration(CommandAdder adder) { command_adders().push_back(adder); }
};

}  // namespace tripline::cli

#define TRIPLINE_CLI_COMMAND(adder) \
    static const ::tripline::cli::CommandRegistration tripline_cli_command_registration_(adder)
