#include <signal.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/config_loader.h"
#include "app/config_sections.h"
#include "app/engine.h"
#include "base/logging.h"
#include "cli/commands/commands.h"
#include "detect/anomaly_tracker.h"

namespace tripline::cli {

namespace {

struct ServeOptions {
    std::string config;
    std::string data_dir;
    std::string listen;
    std::string log_level;
    std::string log_format;
    std::string smtp_relay;
    std::size_t trail_flush_seconds = 0;
    std::string intel_dir;
    std::string learning_period;
};

// Blocks SIGINT/SIGTERM in every thread (threads inherit the mask) so that only sigwait() sees
// them.
sigset_t block_stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return set;
}

int run_serve(const ServeOptions& opts) {
    app::ConfigReport report;
    if (!opts.config.empty()) {
        report = app::load_config_file(opts.config);
        for (const auto& d : report.diagnostics) {
            std::cerr << d.to_string() << "\n";
        }
        if (!report.ok()) {
            std::cerr << "tripline serve: refusing to start with an invalid configuration\n";
            return kExitInvalidInput;
        }
    }
    app::Config config = std::move(report.config);
    if (!opts.data_dir.empty()) {
        config.server.data_dir = opts.data_dir;
    }
    if (!opts.listen.empty()) {
        config.server.listen = opts.listen;
    }
    if (!opts.smtp_relay.empty()) {
        if (Status st = app::parse_smtp_relay(opts.smtp_relay, config.smtp); !st) {
            std::cerr << "tripline serve: " << st.error().message << "\n";
            return kExitInvalidInput;
        }
    }
    if (opts.trail_flush_seconds > 0) {
        config.trail.flush_seconds = opts.trail_flush_seconds;
    }
    if (!opts.intel_dir.empty()) {
        config.guardduty.intel_dir = opts.intel_dir;
    }
    if (!opts.learning_period.empty()) {
        if (auto parsed = detect::parse_learning_period(opts.learning_period); !parsed) {
            std::cerr << "tripline serve: --" << parsed.error().message << "\n";
            return kExitInvalidInput;
        }
        config.guardduty.learning_period = opts.learning_period;
    }
    if (!opts.log_level.empty()) {
        config.log.level = opts.log_level;
    }
    if (!opts.log_format.empty()) {
        config.log.format = opts.log_format == "json" ? LogFormat::kJson : LogFormat::kText;
    }
    if (Status st = setup_logging(config.log); !st) {
        std::cerr << "tripline serve: " << st.error().message << "\n";
        return kExitInvalidInput;
    }

    sigset_t signals = block_stop_signals();
    app::Engine engine(std::move(config), SystemClock::instance(), std::cout);
    if (Status st = engine.start(); !st) {
        spdlog::error("cannot start: {}", st.error().to_string());
        return st.error().code == Errc::kInvalidArgument ? kExitInvalidInput : kExitFailure;
    }
    spdlog::info("tripline {} ready; Ctrl-C stops it", app::tripline_version());
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("received {}, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
    engine.stop();
    spdlog::info("stopped cleanly");
    return kExitOk;
}

}  // namespace

namespace {

CommandRunner add_serve_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("serve",
                                   "Run Tripline: the AWS-compatible API and every service, until "
                                   "SIGINT/SIGTERM");
    auto opts = std::make_shared<ServeOptions>();
    cmd->add_option("--config", opts->config, "YAML or JSON configuration file (optional)");
    cmd->add_option("--data-dir", opts->data_dir, "Data directory (default ./var)");
    cmd->add_option("--listen", opts->listen, "API address HOST:PORT (default 127.0.0.1:4566)");
    cmd->add_option("--smtp-relay",
                    opts->smtp_relay,
                    "Send e-mail through this SMTP relay, HOST:PORT (STARTTLS when offered); "
                    "default: a maildir under the data directory");
    cmd->add_option("--trail-flush-seconds",
                    opts->trail_flush_seconds,
                    "Write trail log files every N seconds (default 10; CloudTrail: about 5 min)")
        ->check(CLI::Range(1, 86400));
    cmd->add_option(
        "--log-level", opts->log_level, "trace, debug, info, warn, error, critical, off");
    cmd->add_option("--learning-period",
                    opts->learning_period,
                    "Event time GuardDuty baselines learn before AnomalousBehavior findings "
                    "(e.g. 72h, 3d, 0; default 7d)");
    cmd->add_option("--intel",
                    opts->intel_dir,
                    "Threat-intel directory for GuardDuty detections (docs/threat-intel.md)");
    cmd->add_option("--log-format", opts->log_format, "text or json")
        ->check(CLI::IsMember({"text", "json"}));
    return [opts] { return run_serve(*opts); };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_serve_command);

}  // namespace tripline::cli
