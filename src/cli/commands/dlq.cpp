// `tripline dlq list|redrive`: Tripline's own dead-letter store — deliveries that failed for good
// (retries exhausted, permanent errors), kept instead of dropped. `redrive` puts them back in the
// outbox with fresh attempts; a running `tripline serve` on the same data directory delivers them
// within a poll interval (or the next start does).
#include <iostream>

#include "base/clock.h"
#include "cli/commands/commands.h"
#include "cli/commands/outbox_view.h"

namespace tripline::cli {

namespace {

struct DlqOptions {
    std::string data_dir = "./var";
    int limit = 100;
    bool json = false;
    std::vector<std::int64_t> ids;
    bool all = false;
};

int run_list(const DlqOptions& opts) {
    auto db = open_existing_state_store(opts.data_dir);
    if (!db) {
        std::cerr << "tripline dlq: " << db.error().message << "\n";
        return kExitFailure;
    }
    storage::OutboxStore outbox(**db);
    auto dead = outbox.list(storage::OutboxStatus::kDead, opts.limit);
    if (!dead) {
        std::cerr << "tripline dlq: " << dead.error().to_string() << "\n";
        return kExitFailure;
    }
    if (opts.json) {
        print_outbox_json(std::cout, *dead);
    } else {
        std::cout << dead->size() << " dead-lettered deliver" << (dead->size() == 1 ? "y" : "ies")
                  << "\n";
        print_outbox_table(std::cout, *dead);
    }
    return kExitOk;
}

int run_redrive(const DlqOptions& opts) {
    if (opts.ids.empty() && !opts.all) {
        std::cerr << "tripline dlq redrive: name the message ids, or --all\n";
        return kExitInvalidInput;
    }
    auto db = open_existing_state_store(opts.data_dir);
    if (!db) {
        std::cerr << "tripline dlq: " << db.error().message << "\n";
        return kExitFailure;
    }
    storage::OutboxStore outbox(**db);
    std::vector<std::int64_t> ids = opts.ids;
    if (opts.all) {
        auto dead = outbox.list(storage::OutboxStatus::kDead, 1000000);
        if (!dead) {
            std::cerr << "tripline dlq: " << dead.error().to_string() << "\n";
            return kExitFailure;
        }
        for (const auto& m : *dead) {
            ids.push_back(m.id);
        }
    }
    int failed = 0;
    for (std::int64_t id : ids) {
        if (Status st = outbox.redrive(id, SystemClock::instance().now()); !st) {
            std::cerr << "tripline dlq redrive: " << id << ": " << st.error().message << "\n";
            ++failed;
        }
    }
    std::cout << "re-driven: " << ids.size() - static_cast<std::size_t>(failed) << "\n";
    return failed == 0 ? kExitOk : kExitFailure;
}

CommandRunner add_dlq_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("dlq", "Dead-lettered deliveries: list them, re-drive them");
    cmd->require_subcommand(1);
    auto opts = std::make_shared<DlqOptions>();
    auto* list = cmd->add_subcommand("list", "Deliveries that failed for good");
    list->add_option("--data-dir", opts->data_dir, "Data directory (default ./var)");
    list->add_option("--limit", opts->limit, "At most this many (default 100)")
        ->check(CLI::Range(1, 1000000));
    list->add_flag("--json", opts->json, "One JSON object per line, with the payload");
    auto* redrive = cmd->add_subcommand("redrive", "Deliver them again (fresh retry budget)");
    redrive->add_option("--data-dir", opts->data_dir, "Data directory (default ./var)");
    redrive->add_option("ids", opts->ids, "Message ids from `tripline dlq list`");
    redrive->add_flag("--all", opts->all, "Every dead-lettered delivery");
    return [opts, list] { return list->parsed() ? run_list(*opts) : run_redrive(*opts); };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_dlq_command);

}  // namespace tripline::cli
