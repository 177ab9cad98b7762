// `tripline scan PATH|s3://bucket/prefix`: Macie's sensitive-data scan without a job
// (docs/macie.md). A local PATH is treated as a bucket named after the folder, with keys relative
// to it.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/config.h"
#include "awsclient/s3_client.h"
#include "cli/commands/commands.h"
#include "discover/macie_finding.h"
#include "discover/macie_json.h"
#include "discover/scan_setup.h"
#include "scan/object_scan.h"

namespace tripline::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ScanOptions {
    std::string target;
    std::string identifiers = "RECOMMENDED";
    std::vector<std::string> custom_files;
    std::string format = "table";
    std::string endpoint_url;
    std::string profile;
    std::string region;
    bool quiet = false;
};

struct ObjectRef {
    std::string bucket;
    std::string key;
    std::uint64_t size = 0;
    std::string etag;
    TimePoint last_modified;
    fs::path file;  // local objects
};

// One allocation of the file's size and one read: streaming through an ostringstream copied
// every byte twice and doubled the scan's system time.
Result<std::string> read_local(const fs::path& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        return make_error(Errc::kIo, "cannot read " + path.string());
    }
    const std::streamoff size = in.tellg();
    std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(size, 0)), '\0');
    in.seekg(0);
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
        return make_error(Errc::kIo, "cannot read " + path.string());
    }
    return bytes;
}

Result<std::vector<scan::CustomIdentifierSpec>> load_custom(const std::vector<std::string>& files) {
    std::vector<scan::CustomIdentifierSpec> specs;
    for (const std::string& file : files) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string text, read_local(file));
        json doc = json::parse(text, nullptr, false);
        if (doc.is_discarded()) {
            return make_error(Errc::kInvalidArgument, file + ": not JSON");
        }
        const json list = doc.is_array() ? doc : json::array({doc});
        for (std::size_t i = 0; i < list.size(); ++i) {
            auto spec = discover::custom_spec_from_json(list[i]);
            if (!spec) {
                return make_error(Errc::kInvalidArgument,
                                  file + " [" + std::to_string(i) + "]: " + spec.error().message);
            }
            spec->id = spec->name;
            spec->arn = spec->name;
            if (auto valid = scan::validate_custom_identifier(*spec); !valid) {
                return make_error(Errc::kInvalidArgument,
                                  file + " [" + std::to_string(i) + "]: " + valid.error().message);
            }
            specs.push_back(std::move(*spec));
        }
    }
    return specs;
}

class Progress {
public:
    explicit Progress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
    void update(std::size_t done, std::size_t total, std::uint64_t bytes, bool last = false) {
        if (!enabled_) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (!last && now - drawn_ < std::chrono::milliseconds(100)) {
            return;
        }
        drawn_ = now;
        const double secs = std::max(std::chrono::duration<double>(now - start_).count(), 1e-3);
        std::fprintf(stderr,
                     "\r%zu/%zu objects  %.1f MB  %.1f MB/s   ",
                     done,
                     total,
                     static_cast<double>(bytes) / 1e6,
                     static_cast<double>(bytes) / 1e6 / secs);
        if (last) {
            std::fputc('\n', stderr);
        }
    }

private:
    bool enabled_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point drawn_{};
};

void print_table(const std::vector<json>& findings, std::size_t objects) {
    std::printf("%-8s %-42s %s\n", "SEVERITY", "TYPE", "OBJECT / DETECTIONS");
    for (const json& f : findings) {
        std::string detections;
        const json& result = f["classificationDetails"]["result"];
        for (const json& category : result["sensitiveData"]) {
            for (const json& d : category["detections"]) {
                detections += " " + d["type"].get<std::string>() + "×" +
                              std::to_string(d["count"].get<std::uint64_t>());
            }
        }
        for (const json& d : result["customDataIdentifiers"]["detections"]) {
            detections += " " + d["name"].get<std::string>() + "×" +
                          std::to_string(d["count"].get<std::uint64_t>());
        }
        std::printf("%-8s %-42s %s\n        %s\n",
                    f["severity"]["description"].get<std::string>().c_str(),
                    f["type"].get<std::string>().c_str(),
                    f["resourcesAffected"]["s3Object"]["path"].get<std::string>().c_str(),
                    detections.c_str());
    }
    std::printf("%zu object(s) scanned, %zu with sensitive data\n", objects, findings.size());
}

int run_scan(const ScanOptions& opts) {
    std::vector<std::string> ids;
    std::string selector = opts.identifiers;
    if (selector != "RECOMMENDED" && selector != "ALL" && selector != "NONE") {
        std::stringstream list(opts.identifiers);
        for (std::string id; std::getline(list, id, ',');) {
            if (!id.empty()) {
                ids.push_back(id);
            }
        }
        selector = "INCLUDE";
    }
    auto custom = load_custom(opts.custom_files);
    if (!custom) {
        std::cerr << "tripline scan: " << custom.error().to_string() << "\n";
        return kExitInvalidInput;
    }
    auto setup = discover::make_scan_setup(selector, ids, std::move(*custom), {});
    if (!setup) {
        std::cerr << "tripline scan: " << setup.error().to_string() << "\n";
        return kExitInvalidInput;
    }
    if (opts.format != "table" && opts.format != "json") {
        std::cerr << "tripline scan: --format must be table or json\n";
        return kExitInvalidInput;
    }

    SystemClock& clock = SystemClock::instance();
    std::vector<ObjectRef> objects;
    std::unique_ptr<awsclient::S3Client> s3;
    if (opts.target.starts_with("s3://")) {
        const std::string rest = opts.target.substr(5);
        const std::size_t slash = rest.find('/');
        const std::string bucket = rest.substr(0, slash);
        const std::string prefix = slash == std::string::npos ? "" : rest.substr(slash + 1);
        auto client = awsclient::S3Client::from_cli_settings(
            opts.profile, opts.region, opts.endpoint_url, clock);
        if (!client) {
            std::cerr << "tripline scan: " << client.error().to_string() << "\n";
            return kExitFailure;
        }
        s3 = std::move(*client);
        awsclient::ListObjectsV2Request request;
        request.bucket = bucket;
        request.prefix = prefix;
        do {
            auto page = s3->list_objects_v2(request);
            if (!page) {
                std::cerr << "tripline scan: listing s3://" << bucket << "/" << prefix << ": "
                          << page.error().to_string() << "\n";
                return kExitFailure;
            }
            for (const auto& o : page->contents) {
                ObjectRef ref{bucket, o.key, o.size, o.etag, clock.now(), {}};
                parse_iso8601(o.last_modified, ref.last_modified);
                objects.push_back(std::move(ref));
            }
            request.continuation_token = page->is_truncated ? page->next_continuation_token : "";
        } while (!request.continuation_token.empty());
    } else {
        std::error_code ec;
        const fs::path root = fs::absolute(opts.target, ec);
        if (ec || !fs::exists(root)) {
            std::cerr << "tripline scan: " << opts.target << ": no such file or directory\n";
            return kExitInvalidInput;
        }
        auto add = [&](const fs::path& file, const fs::path& base) {
            ObjectRef ref;
            ref.bucket = base.filename().string();
            ref.key = fs::relative(file, base).generic_string();
            ref.size = fs::file_size(file);
            ref.last_modified = std::chrono::time_point_cast<TimePoint::duration>(
                std::chrono::file_clock::to_sys(fs::last_write_time(file)));
            ref.file = file;
            objects.push_back(std::move(ref));
        };
        if (fs::is_directory(root)) {
            for (const auto& entry : fs::recursive_directory_iterator(
                     root, fs::directory_options::skip_permission_denied)) {
                if (entry.is_regular_file()) {
                    add(entry.path(), root);
                }
            }
        } else {
            add(root, root.parent_path());
        }
        std::sort(objects.begin(), objects.end(), [](const ObjectRef& a, const ObjectRef& b) {
            return a.key < b.key;
        });
    }

    const std::string account = app::kDefaultAccountId;
    const std::string region = opts.region.empty() ? "us-east-1" : opts.region;
    Progress progress(!opts.quiet && ::isatty(STDERR_FILENO) != 0);
    std::vector<json> findings;
    std::uint64_t bytes_done = 0;
    int failures = 0;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const ObjectRef& ref = objects[i];
        Result<std::string> bytes = s3 ? s3->get_object(ref.bucket, ref.key) : read_local(ref.file);
        if (!bytes) {
            std::cerr << "\ntripline scan: " << ref.bucket << "/" << ref.key << ": "
                      << bytes.error().to_string() << "\n";
            ++failures;
            continue;
        }
        const scan::ObjectScanResult result =
            scan::scan_object(ref.key, *bytes, *(*setup)->scanner);
        bytes_done += bytes->size();
        discover::ScannedObject object;
        object.account_id = account;
        object.region = region;
        object.bucket = ref.bucket;
        object.key = ref.key;
        object.size = bytes->size();
        object.etag = ref.etag;
        object.last_modified = ref.last_modified;
        object.bucket_created_at = ref.last_modified;
        auto finding = discover::make_sensitive_data_finding(
            object,
            result,
            (*setup)->custom_matcher(),
            discover::FindingOrigin{std::nullopt, "AUTOMATED_SENSITIVE_DATA_DISCOVERY"},
            clock.now());
        if (finding) {
            findings.push_back(std::move(*finding));
        }
        progress.update(i + 1, objects.size(), bytes_done, i + 1 == objects.size());
    }
    if (opts.format == "json") {
        std::cout << json(findings).dump(2) << "\n";
    } else {
        print_table(findings, objects.size());
    }
    return failures > 0 ? kExitFailure : kExitOk;
}

CommandRunner add_scan(CLI::App& app) {
    auto opts = std::make_shared<ScanOptions>();
    CLI::App* cmd = app.add_subcommand("scan",
                                       "Find sensitive data (credentials, card numbers, personal "
                                       "data) in files or an S3 bucket, as Macie");
    cmd->add_option(
           "target", opts->target, "A file, a folder (scanned as a bucket) or s3://bucket/prefix")
        ->required();
    cmd->add_option("--identifiers",
                    opts->identifiers,
                    "RECOMMENDED (default, as Macie), ALL, NONE, or managed identifier ids "
                    "separated by commas");
    cmd->add_option("--custom",
                    opts->custom_files,
                    "JSON file of custom data identifiers (CreateCustomDataIdentifier's shape; one "
                    "object or a list)");
    cmd->add_option("--format", opts->format, "table (default) or json (Macie findings)");
    cmd->add_option("--endpoint-url", opts->endpoint_url, "S3 endpoint for s3:// targets");
    cmd->add_option("--profile", opts->profile, "AWS profile for s3:// targets");
    cmd->add_option("--region", opts->region, "AWS region");
    cmd->add_flag("--quiet", opts->quiet, "No progress line");
    return [opts] { return run_scan(*opts); };
}

TRIPLINE_CLI_COMMAND(add_scan);

}  // namespace

}  // namespace tripline::cli
