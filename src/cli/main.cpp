#include <utility>
#include <vector>

#include "app/engine.h"
#include "cli/commands/commands.h"

namespace tripline::cli {

std::vector<CommandAdder>& command_adders() {
    static std::vector<CommandAdder> adders;
    return adders;
}

}  // namespace tripline::cli

int main(int argc, char** argv) {
    using namespace tripline::cli;
    CLI::App app{
        "Tripline: self-hosted cloud security monitoring (CloudTrail, EventBridge, SNS, "
        "GuardDuty, CloudWatch, Athena, Macie) in one binary.",
        "tripline"};
    app.require_subcommand(1);
    app.set_version_flag("--version", tripline::app::tripline_version());
    std::vector<std::pair<CLI::App*, CommandRunner>> commands;
    for (CommandAdder adder : command_adders()) {
        std::size_t before = app.get_subcommands([](CLI::App*) { return true; }).size();
        CommandRunner runner = adder(app);
        auto all = app.get_subcommands([](CLI::App*) { return true; });
        commands.emplace_back(all.size() > before ? all.back() : nullptr, std::move(runner));
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitInvalidInput;
    }
    for (auto& [sub, runner] : commands) {
        if (sub != nullptr && sub->parsed()) {
            return runner();
        }
    }
    return kExitInvalidInput;
}
