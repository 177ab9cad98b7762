// `tripline alerts`: the most recent deliveries (e-mails, webhooks, target invocations) with their
// status, attempts and last error, and the outbox totals. Reads the state store, so it works
// while `tripline serve` runs on the same data directory.
#include <iostream>

#include "cli/commands/commands.h"
#include "cli/commands/outbox_view.h"

namespace tripline::cli {

namespace {

struct AlertsOptions {
    std::string data_dir = "./var";
    int limit = 20;
    std::string status;
    bool json = false;
};

int run_alerts(const AlertsOptions& opts) {
    auto db = open_existing_state_store(opts.data_dir);
    if (!db) {
        std::cerr << "tripline alerts: " << db.error().message << "\n";
        return kExitFailure;
    }
    storage::OutboxStore outbox(**db);
    Result<std::vector<storage::OutboxMessage>> messages =
        opts.status.empty() ? outbox.recent(opts.limit) : [&] {
            auto status = storage::parse_outbox_status(opts.status);
            return status ? outbox.list(*status, opts.limit)
                          : Result<std::vector<storage::OutboxMessage>>(status.error());
        }();
    auto counts = outbox.counts();
    if (!messages || !counts) {
        std::cerr << "tripline alerts: "
                  << (!messages ? messages.error() : counts.error()).to_string() << "\n";
        return kExitFailure;
    }
    if (opts.json) {
        print_outbox_json(std::cout, *messages);
        return kExitOk;
    }
    std::cout << "deliveries: " << counts->delivered << " delivered, " << counts->pending
              << " pending, " << counts->in_flight << " in flight, " << counts->dead
              << " dead-lettered\n";
    print_outbox_table(std::cout, *messages);
    return kExitOk;
}

CommandRunner add_alerts_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "alerts", "Recent deliveries (e-mails, webhooks, targets) with their status");
    auto opts = std::make_shared<AlertsOptions>();
    cmd->add_option("--data-dir", opts->data_dir, "Data directory (default ./var)");
    cmd->add_option("--limit", opts->limit, "How many, newest first (default 20)")
        ->check(CLI::Range(1, 10000));
    cmd->add_option("--status", opts->status, "Only pending, in_flight, delivered or dead")
        ->check(CLI::IsMember({"pending", "in_flight", "delivered", "dead"}));
    cmd->add_flag("--json", opts->json, "One JSON object per line, with the payload");
    return [opts] { return run_alerts(*opts); };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_alerts_command);

}  // namespace tripline::cli
