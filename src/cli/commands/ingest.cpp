// `tripline ingest`: reads existing CloudTrail logs - a directory tree or file, JSON Lines or a log
// file on stdin, or an S3-compatible bucket prefix - into the same pipeline `serve` runs (rules,
// detectors, alarms, trail store), with checkpoints and dedup in the state store so a re-run or a
// restart neither re-alerts nor skips (docs/cli.md "Ingesting CloudTrail logs").
//
// Exit codes: 0 every file was read; 1 some file was bad (listed with its reason) or the pipeline
// failed; 2 invalid flags, configuration, path or data directory.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include "app/config_loader.h"
#include "app/ingest_runtime.h"
#include "base/logging.h"
#include "cli/commands/commands.h"
#include "detect/anomaly_tracker.h"
#include "storage/ingest_checkpoint_store.h"
#include "trail/ingest/directory_log_source.h"
#include "trail/ingest/ingester.h"
#include "trail/ingest/s3_log_source.h"

namespace tripline::cli {

namespace {

using namespace std::chrono_literals;

struct IngestCommandOptions {
    std::string config;
    std::string data_dir;
    std::string path;
    bool follow = false;
    int poll_seconds = 10;
    std::string endpoint_url;
    std::string profile;
    std::string region;
    std::vector<std::string> accounts;
    std::vector<std::string> log_regions;
    std::string log_level = "warn";
    bool quiet = false;
    std::string intel_dir;
    std::string learning_period;
    bool insights = false;
};

// SIGINT/SIGTERM set `stop` instead of killing the process, so the batch in flight is accepted
// and checkpointed and the runtime finishes; a second signal is not needed.
class StopSignals {
public:
    explicit StopSignals(std::atomic<bool>& stop) : stop_(stop) {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
        thread_ = std::thread([this] {
            const timespec timeout{0, 200'000'000};
            while (!done_.load()) {
                if (sigtimedwait(&set_, nullptr, &timeout) > 0) {
                    stop_ = true;
                    std::fprintf(stderr, "\nstopping after the current file...\n");
                }
            }
        });
    }
    ~StopSignals() {
        done_ = true;
        thread_.join();
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    std::atomic<bool>& stop_;
    std::atomic<bool> done_{false};
    sigset_t set_;
    std::thread thread_;
};

// Standard input as a streambuf that gives up (end of file) once `stop` is set, and whose
// in_avail() says whether more input is ready - the ingester hands a batch on when it is not.
class StdinBuffer final : public std::streambuf {
public:
    explicit StdinBuffer(const std::atomic<bool>& stop) : stop_(stop) {}

protected:
    int_type underflow() override {
        while (!stop_.load()) {
            pollfd fd{STDIN_FILENO, POLLIN, 0};
            const int ready = ::poll(&fd, 1, 200);
            if (ready < 0 && errno != EINTR) {
                return traits_type::eof();
            }
            if (ready <= 0) {
                continue;
            }
            const ssize_t n = ::read(STDIN_FILENO, buffer_, sizeof buffer_);
            if (n <= 0) {
                if (n < 0 && errno == EINTR) {
                    continue;
                }
                return traits_type::eof();
            }
            setg(buffer_, buffer_, buffer_ + n);
            return traits_type::to_int_type(buffer_[0]);
        }
        return traits_type::eof();
    }
    std::streamsize showmanyc() override {
        pollfd fd{STDIN_FILENO, POLLIN, 0};
        return ::poll(&fd, 1, 0) > 0 ? 1 : 0;
    }

private:
    const std::atomic<bool>& stop_;
    char buffer_[1 << 16];
};

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

// The progress line on stderr: redrawn in place with '\r', at most ten times a second.
class ProgressLine {
public:
    explicit ProgressLine(bool enabled) : enabled_(enabled) {}

    void update(const trail::IngestProgress& p) {
        if (!enabled_) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        const bool last = p.files_total > 0 && p.files_done == p.files_total;
        if (!last && now - last_draw_ < 100ms) {
            return;
        }
        last_draw_ = now;
        const double secs = std::max(seconds(p.elapsed), 1e-3);
        char line[200];
        if (p.files_total > 0) {
            constexpr int kWidth = 24;
            const int filled =
                static_cast<int>(kWidth * p.bytes_done / std::max<std::uint64_t>(p.bytes_total, 1));
            std::string bar(static_cast<std::size_t>(filled), '#');
            bar.resize(kWidth, '.');
            std::snprintf(line,
                          sizeof line,
                          "\r[%s] %llu/%llu files  %llu records  %.1f MB/s  %llu bad   ",
                          bar.c_str(),
                          static_cast<unsigned long long>(p.files_done),
                          static_cast<unsigned long long>(p.files_total),
                          static_cast<unsigned long long>(p.records),
                          static_cast<double>(p.bytes_done) / 1e6 / secs,
                          static_cast<unsigned long long>(p.bad_files));
        } else {
            std::snprintf(line,
                          sizeof line,
                          "\r%llu records  %s  %.1f MB/s   ",
                          static_cast<unsigned long long>(p.records),
                          megabytes(p.bytes_done).c_str(),
                          static_cast<double>(p.bytes_done) / 1e6 / secs);
        }
        std::fputs(line, stderr);
        drawn_ = true;
    }

    // Ends the line so that what follows starts on a fresh one.
    void clear() {
        if (drawn_) {
            std::fputs("\n", stderr);
            drawn_ = false;
        }
    }

private:
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
};

void print_summary(const trail::IngestStats& s, bool stream) {
    const double secs = std::max(seconds(s.elapsed), 1e-3);
    std::string files;
    if (!stream) {
        files = std::to_string(s.files_ingested) + " files (" + std::to_string(s.files_skipped) +
                " unchanged, skipped), ";
    }
    char rate[160];
    std::snprintf(rate,
                  sizeof rate,
                  "%.1f MB/s, %.0f records/s, %.2f s of which %.2f s in the pipeline and %.2f s "
                  "in dedup",
                  static_cast<double>(s.bytes) / 1e6 / secs,
                  static_cast<double>(s.records) / secs,
                  secs,
                  seconds(s.sink_time),
                  seconds(s.dedup_time));
    std::cout << "ingested " << files << s.records << " records, " << s.duplicates
              << " duplicates skipped, " << s.filtered << " filtered out, " << s.bad_files
              << " bad files, " << s.bad_records << " bad records; " << megabytes(s.bytes) << " ("
              << rate << ")" << std::endl;
    for (const auto& bad : s.bad_file_list) {
        std::cerr << "bad file: " << bad.file << ": " << bad.reason << "\n";
    }
    for (const auto& problem : s.bad_record_problems) {
        std::cerr << "bad record: " << problem << "\n";
    }
    if (s.bad_records > s.bad_record_problems.size()) {
        std::cerr << "(" << s.bad_records - s.bad_record_problems.size()
                  << " more bad records not shown)\n";
    }
}

// s3://bucket/prefix -> options; false when the bucket is missing.
bool parse_s3_url(const std::string& url, trail::S3SourceOptions& out) {
    std::string rest = url.substr(5);
    const std::size_t slash = rest.find('/');
    out.bucket = rest.substr(0, slash);
    out.prefix = slash == std::string::npos ? "" : rest.substr(slash + 1);
    return !out.bucket.empty();
}

Result<std::unique_ptr<trail::LogSource>> open_source(const IngestCommandOptions& opts) {
    if (opts.path.rfind("s3://", 0) == 0) {
        trail::S3SourceOptions s3;
        if (!parse_s3_url(opts.path, s3)) {
            return make_error(Errc::kInvalidArgument,
                              "expected s3://bucket[/prefix], got " + opts.path);
        }
        s3.endpoint_url = opts.endpoint_url;
        s3.region = opts.region;
        s3.profile = opts.profile;
        s3.accounts = opts.accounts;
        s3.regions = opts.log_regions;
        return trail::open_s3_log_source(s3);
    }
    if (!opts.endpoint_url.empty() || !opts.profile.empty() || !opts.region.empty()) {
        return make_error(Errc::kInvalidArgument,
                          "--endpoint-url, --profile and --region apply to s3:// sources only "
                          "(--log-region filters records by region)");
    }
    return trail::open_directory_log_source(opts.path);
}

int run_ingest(const IngestCommandOptions& opts) {
    const bool stream = opts.path == "-";
    if (stream && opts.follow) {
        std::cerr << "tripline ingest: --follow needs a directory or s3:// source, not stdin\n";
        return kExitInvalidInput;
    }
    app::ConfigReport report;
    if (!opts.config.empty()) {
        report = app::load_config_file(opts.config);
        for (const auto& d : report.diagnostics) {
            std::cerr << d.to_string() << "\n";
        }
        if (!report.ok()) {
            std::cerr << "tripline ingest: invalid configuration\n";
            return kExitInvalidInput;
        }
    }
    app::Config config = std::move(report.config);
    if (!opts.data_dir.empty()) {
        config.server.data_dir = opts.data_dir;
    }
    if (!opts.intel_dir.empty()) {
        config.guardduty.intel_dir = opts.intel_dir;
    }
    if (!opts.learning_period.empty()) {
        if (auto parsed = detect::parse_learning_period(opts.learning_period); !parsed) {
            std::cerr << "tripline ingest: --" << parsed.error().message << "\n";
            return kExitInvalidInput;
        }
        config.guardduty.learning_period = opts.learning_period;
    }
    if (opts.insights) {
        config.insights.ingested.api_call_rate = true;
        config.insights.ingested.api_error_rate = true;
    }
    config.log.level = opts.log_level;
    if (Status st = setup_logging(config.log); !st) {
        std::cerr << "tripline ingest: " << st.error().message << "\n";
        return kExitInvalidInput;
    }

    std::unique_ptr<trail::LogSource> source;
    if (!stream) {
        auto opened = open_source(opts);
        if (!opened) {
            std::cerr << "tripline ingest: " << opened.error().message << "\n";
            return kExitInvalidInput;
        }
        source = std::move(opened).value();
    }

    std::atomic<bool> stop{false};
    StopSignals signals(stop);
    Clock& clock = SystemClock::instance();
    auto runtime = app::IngestRuntime::open(config, clock, std::cout);
    if (!runtime) {
        std::cerr << "tripline ingest: " << runtime.error().to_string() << "\n";
        return kExitInvalidInput;
    }
    storage::IngestCheckpointStore checkpoints((*runtime)->database());
    trail::IngestOptions options;
    options.accounts = opts.accounts;
    options.regions = opts.log_regions;
    options.stop = &stop;
    trail::Ingester ingester((*runtime)->sink(), checkpoints, clock, options);

    ProgressLine line(!opts.quiet && ::isatty(STDERR_FILENO) != 0);
    auto progress = [&line](const trail::IngestProgress& p) { line.update(p); };
    Result<trail::IngestStats> stats = make_error(Errc::kInternal, "not run");
    if (stream) {
        StdinBuffer buffer(stop);
        std::istream in(&buffer);
        stats = ingester.run_stream(in, "-", progress);
    } else if (opts.follow) {
        if (!opts.quiet) {
            std::cerr << "following " << opts.path << " every " << opts.poll_seconds
                      << " s; Ctrl-C stops\n";
        }
        stats = ingester.follow(
            *source,
            stop,
            std::chrono::seconds(opts.poll_seconds),
            progress,
            [&](const Result<trail::IngestStats>& round) {
                line.clear();
                if (!round) {
                    std::cerr << "listing " << opts.path
                              << " failed (retrying): " << round.error().message << "\n";
                } else if (!opts.quiet && (round->files_ingested > 0 || round->bad_files > 0)) {
                    print_summary(*round, false);
                }
            });
    } else {
        stats = ingester.run_once(*source, progress);
    }
    line.clear();

    int code = kExitOk;
    if (!stats) {
        std::cerr << "tripline ingest: " << stats.error().to_string() << "\n";
        code = kExitFailure;
    } else {
        if (opts.follow) {
            std::cout << "total: ";
        }
        print_summary(*stats, stream);
        if (stats->bad_files > 0) {
            code = kExitFailure;
        }
    }
    if (Status st = (*runtime)->finish(30s); !st) {
        std::cerr << "tripline ingest: finishing: " << st.error().to_string() << "\n";
        code = kExitFailure;
    }
    return code;
}

CommandRunner add_ingest_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "ingest",
        "Read existing CloudTrail logs (a directory, a file, stdin or s3://bucket/prefix) into "
        "the pipeline: rules, detectors, alarms and the trail store");
    auto opts = std::make_shared<IngestCommandOptions>();
    cmd->add_option("PATH",
                    opts->path,
                    "A directory (walked recursively), a file, - for stdin, or s3://bucket/prefix")
        ->required();
    cmd->add_option("--config", opts->config, "YAML or JSON configuration file (optional)");
    cmd->add_option("--data-dir", opts->data_dir, "Data directory (default ./var)");
    cmd->add_flag("--follow", opts->follow, "Keep polling for new files until SIGINT/SIGTERM");
    cmd->add_option("--learning-period",
                    opts->learning_period,
                    "Event time GuardDuty baselines learn before AnomalousBehavior findings "
                    "(e.g. 72h, 3d, 0; default 7d)");
    cmd->add_flag("--insights",
                  opts->insights,
                  "Compute CloudTrail Insights (call and error rates) over the records, in event "
                  "time (docs/insights.md); a running serve uses its config's insights.ingested");
    cmd->add_option("--intel",
                    opts->intel_dir,
                    "Threat-intel directory for GuardDuty detections (docs/threat-intel.md); a "
                    "running serve uses its own");
    cmd->add_option("--poll-seconds", opts->poll_seconds, "Poll interval of --follow (default 10)")
        ->check(CLI::Range(1, 86400));
    cmd->add_option("--endpoint-url",
                    opts->endpoint_url,
                    "S3 endpoint (default: AWS's); e.g. http://127.0.0.1:4566 for Tripline's own");
    cmd->add_option("--profile", opts->profile, "AWS profile for S3 credentials");
    cmd->add_option("--region", opts->region, "Region of the S3 bucket (signing)");
    cmd->add_option("--account",
                    opts->accounts,
                    "Only records of this account (repeatable; recipientAccountId or "
                    "userIdentity.accountId)")
        ->allow_extra_args(false);
    cmd->add_option(
           "--log-region", opts->log_regions, "Only records of this region (repeatable; awsRegion)")
        ->allow_extra_args(false);
    cmd->add_option(
        "--log-level", opts->log_level, "trace, debug, info, warn (default), error, critical, off");
    cmd->add_flag("--quiet", opts->quiet, "No progress line; only the final summary");
    return [opts] { return run_ingest(*opts); };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_ingest_command);

}  // namespace tripline::cli
