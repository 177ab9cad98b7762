// The `tripline` subcommands, one file each. Each registers its flags on the CLI11 app and returns
// the function that runs it. Exit codes (docs/cli.md): 0 success, 1 runtime failure (port in use,
// unreadable data directory), 2 invalid input (bad flags, invalid config or pattern).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace tripline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInvalidInput = 2;

using CommandRunner = std::function<int()>;

CommandRunner add_serve_command(CLI::App& app);
CommandRunner add_validate_command(CLI::App& app);
CommandRunner add_version_command(CLI::App& app);

}  // namespace tripline::cli
