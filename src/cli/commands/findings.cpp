// `tripline findings`: the GuardDuty-style findings in the data directory, most recently updated
// first - a table, or (--format json) a JSON array of findings in GuardDuty's format, exactly as
// GetFindings returns them. Reads the state store, so it works while `tripline serve` runs.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "cli/commands/outbox_view.h"
#include "detect/finding_types.h"
#include "storage/finding_store.h"

namespace tripline::cli {

namespace {

struct FindingsOptions {
    std::string data_dir = "./var";
    std::string format = "table";
    int limit = 1000;
};

std::string text_at(const nlohmann::json& doc, const nlohmann::json::json_pointer& pointer) {
    if (!doc.contains(pointer)) {
        return "";
    }
    const auto& value = doc.at(pointer);
    return value.is_string() ? value.get<std::string>() : value.dump();
}

int run_findings(const FindingsOptions& opts) {
    auto db = open_existing_state_store(opts.data_dir);
    if (!db) {
        std::cerr << "tripline findings: " << db.error().message << "\n";
        return kExitFailure;
    }
    storage::FindingStore store(**db);
    auto rows = store.list_all(static_cast<std::size_t>(opts.limit));
    if (!rows) {
        std::cerr << "tripline findings: " << rows.error().to_string() << "\n";
        return kExitFailure;
    }
    std::vector<nlohmann::json> findings;
    for (const auto& row : *rows) {
        nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
        if (doc.is_object()) {
            findings.push_back(std::move(doc));
        }
    }
    if (opts.format == "json") {
        std::cout << nlohmann::json(findings).dump(2) << "\n";
        return kExitOk;
    }
    std::cout << findings.size() << " finding" << (findings.size() == 1 ? "" : "s") << "\n";
    if (findings.empty()) {
        return kExitOk;
    }
    std::cout << std::left << std::setw(10) << "SEVERITY" << std::setw(7) << "COUNT"
              << std::setw(26) << "LAST SEEN" << std::setw(14) << "ACCOUNT" << std::setw(16)
              << "REGION"
              << "TYPE / TITLE\n";
    for (const auto& doc : findings) {
        const double severity = doc.value("severity", 0.0);
        const bool archived = doc.contains("/service/archived"_json_pointer) &&
                              doc.at("/service/archived"_json_pointer) == true;
        std::cout << std::left << std::setw(10)
                  << (std::string(detect::severity_label(severity)) + " " +
                      text_at(doc, "/severity"_json_pointer))
                  << std::setw(7) << text_at(doc, "/service/count"_json_pointer) << std::setw(26)
                  << text_at(doc, "/service/eventLastSeen"_json_pointer) << std::setw(14)
                  << doc.value("accountId", "") << std::setw(16) << (doc.value("region", "") + " ")
                  << doc.value("type", "") << (archived ? " (archived)" : "") << "\n"
                  << std::string(10, ' ') << doc.value("title", "") << "\n";
    }
    return kExitOk;
}

CommandRunner add_findings_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("findings", "GuardDuty-style findings, newest first");
    auto opts = std::make_shared<FindingsOptions>();
    cmd->add_option("--data-dir", opts->data_dir, "Data directory (default ./var)");
    cmd->add_option("--format", opts->format, "table (default) or json (GuardDuty's format)")
        ->check(CLI::IsMember({"table", "json"}));
    cmd->add_option("--limit", opts->limit, "At most this many (default 1000)")
        ->check(CLI::Range(1, 1000000));
    return [opts] { return run_findings(*opts); };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_findings_command);

}  // namespace tripline::cli
