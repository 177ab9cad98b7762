// `tripline trail validate`: CloudTrail log file integrity validation over a data directory's
// local buckets, with the verdicts and output of `aws cloudtrail validate-logs` (which cannot
// reach Tripline's S3 offline: it sends --endpoint-url to CloudTrail only). Reads state.db and
// the bucket files, and the digest public keys in <data-dir>/cloudtrail/keys, so it works while
// `tripline serve` runs on the same data directory. Exit 0 when everything is valid, 1 when a
// file is INVALID or validation could not run, 2 for invalid flags.
#include <cctype>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "app/config_loader.h"
#include "base/clock.h"
#include "cli/commands/commands.h"
#include "cli/commands/outbox_view.h"
#include "cli/commands/trail_export.h"
#include "storage/bucket_store.h"
#include "trail/digest_keys.h"
#include "trail/log_validator.h"

namespace tripline::cli {

namespace {

struct TrailValidateOptions {
    std::string bucket;
    std::string prefix;
    std::string account;
    std::vector<std::string> regions;
    std::string trail_name;
    std::string organization_id;
    std::string start_time;
    std::string end_time;
    std::string data_dir;
    std::string config;
    bool verbose = false;
};

// The aws CLI accepts any date dateutil parses; the common forms are ISO 8601 with or without
// separators ("2016-01-29T19:00:00Z", "20160129T19:00:00Z", "2016-01-29"), read as UTC.
bool parse_cli_time(std::string_view text, TimePoint& out) {
    if (parse_iso8601(text, out)) {
        return true;
    }
    std::string digits;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digits += c;
        } else if (c != '-' && c != ':' && c != 'T' && c != 't' && c != ' ' && c != 'Z' &&
                   c != 'z') {
            return false;
        }
    }
    if (digits.size() != 8 && digits.size() != 12 && digits.size() != 14) {
        return false;
    }
    digits.resize(14, '0');
    std::string iso = digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2) +
                      "T" + digits.substr(8, 2) + ":" + digits.substr(10, 2) + ":" +
                      digits.substr(12, 2) + "Z";
    return parse_iso8601(iso, out);
}

int run_validate(const TrailValidateOptions& opts) {
    std::string data_dir = opts.data_dir;
    if (data_dir.empty() && !opts.config.empty()) {
        app::ConfigReport report = app::load_config_file(opts.config);
        if (!report.ok()) {
            for (const auto& diagnostic : report.diagnostics) {
                std::cerr << diagnostic.to_string() << "\n";
            }
            return kExitInvalidInput;
        }
        data_dir = report.config.server.data_dir;
    }
    if (data_dir.empty()) {
        data_dir = "./var";
    }
    trail::ValidateRequest request;
    request.bucket = opts.bucket;
    request.key_prefix = opts.prefix;
    request.account_id = opts.account;
    request.regions = opts.regions;
    if (!opts.trail_name.empty()) {
        request.trail_name = opts.trail_name;
    }
    if (!opts.organization_id.empty()) {
        request.organization_id = opts.organization_id;
    }
    if (!parse_cli_time(opts.start_time, request.start_time)) {
        std::cerr << "tripline trail validate: Unable to parse date value: " << opts.start_time
                  << "\n";
        return kExitInvalidInput;
    }
    if (!opts.end_time.empty()) {
        TimePoint end;
        if (!parse_cli_time(opts.end_time, end)) {
            std::cerr << "tripline trail validate: Unable to parse date value: " << opts.end_time
                      << "\n";
            return kExitInvalidInput;
        }
        request.end_time = end;
    }
    auto db = open_existing_state_store(data_dir);
    if (!db) {
        std::cerr << "tripline trail validate: " << db.error().message << "\n";
        return kExitFailure;
    }
    Clock& clock = SystemClock::instance();
    storage::BucketStore buckets(**db, std::filesystem::path(data_dir) / "buckets");
    auto keys =
        trail::DigestKeys::open(std::filesystem::path(data_dir) / "cloudtrail" / "keys", clock);
    if (!keys) {
        std::cerr << "tripline trail validate: " << keys.error().message << "\n";
        return kExitFailure;
    }
    auto report = trail::validate_logs(buckets, **keys, request, clock);
    if (!report) {
        std::cerr << "tripline trail validate: " << report.error().message << "\n";
        return report.error().code == Errc::kInvalidArgument ? kExitInvalidInput : kExitFailure;
    }
    trail::write_validation_report(*report, opts.verbose, std::cout, std::cerr);
    return report->all_valid() ? kExitOk : kExitFailure;
}

CommandRunner add_trail_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "trail", "CloudTrail trails: validate delivered log files, export the trail store");
    cmd->require_subcommand(1);
    auto opts = std::make_shared<TrailValidateOptions>();
    auto* validate = cmd->add_subcommand(
        "validate",
        "Validate log files and digests in a local bucket (as `aws cloudtrail validate-logs`)");
    validate->add_option("--bucket", opts->bucket, "Bucket holding the digest files")->required();
    validate->add_option("--prefix", opts->prefix, "The trail's S3 key prefix, if any");
    validate->add_option("--account", opts->account, "Only this account's files (default: all)");
    validate->add_option("--region", opts->regions, "Only these regions (default: all)");
    validate->add_option("--trail-name", opts->trail_name, "Only this trail (default: all)");
    validate->add_option(
        "--organization-id", opts->organization_id, "Organization trail layout (o-...)");
    validate
        ->add_option("--start-time",
                     opts->start_time,
                     "Validate files delivered at or after this UTC time (2026-01-08T05:21:42Z)")
        ->required();
    validate->add_option(
        "--end-time", opts->end_time, "... and at or before this UTC time (default: now)");
    validate->add_option("--data-dir", opts->data_dir, "Data directory (default ./var)");
    validate->add_option("--config", opts->config, "Configuration file (for its data directory)");
    validate->add_flag("--verbose", opts->verbose, "Also list every valid file");
    auto export_opts = std::make_shared<TrailExportOptions>();
    auto* exporter = cmd->add_subcommand(
        "export", "Write the trail store as partitioned Parquet with Athena/Trino DDL");
    add_trail_export_options(*exporter, *export_opts);
    return [opts, export_opts, exporter] {
        return exporter->parsed() ? run_trail_export(*export_opts) : run_validate(*opts);
    };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_trail_command);

}  // namespace tripline::cli
