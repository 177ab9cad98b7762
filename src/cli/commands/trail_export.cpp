// The export runs in this process with the data dir locked (DuckDB writes the files, which the
// server's store - opened without file access - cannot); an s3:// destination gets the files from
// a temporary folder, uploaded with PutObject, the DDL files with them.
#include "cli/commands/trail_export.h"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "app/config_loader.h"
#include "app/serve_lock.h"
#include "awsclient/s3_client.h"
#include "base/clock.h"
#include "cli/commands/commands.h"
#include "query/trail_export.h"

namespace tripline::cli {

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    return static_cast<bool>(out);
}

Status upload(const TrailExportOptions& opts,
              const std::filesystem::path& dir,
              const std::vector<std::filesystem::path>& files) {
    std::string rest = opts.to.substr(5);
    const std::string bucket = rest.substr(0, rest.find('/'));
    std::string prefix = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
    if (!prefix.empty() && prefix.back() != '/') {
        prefix += '/';
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        auto client,
        awsclient::S3Client::from_cli_settings(
            opts.profile, opts.region, opts.endpoint_url, SystemClock::instance()));
    for (const auto& file : files) {
        const bool ddl = file.extension() == ".sql";
        TRIPLINE_TRY(client->put_object(bucket,
                                        prefix + file.generic_string(),
                                        read_file(dir / file),
                                        ddl ? "text/plain" : "application/vnd.apache.parquet"));
    }
    return ok_status();
}

}  // namespace

void add_trail_export_options(CLI::App& cmd, TrailExportOptions& opts) {
    cmd.add_option("--format", opts.format, "Output format (parquet)")
        ->check(CLI::IsMember({"parquet"}));
    cmd.add_option("--to", opts.to, "An empty or new folder, or s3://bucket/prefix/")->required();
    cmd.add_option("--data-dir", opts.data_dir, "Data directory (default ./var)");
    cmd.add_option("--config", opts.config, "Configuration file (for its data directory)");
    cmd.add_option("--endpoint-url", opts.endpoint_url, "S3 endpoint for s3:// (default AWS)");
    cmd.add_option("--region", opts.region, "Region for s3:// (default: the AWS CLI's)");
    cmd.add_option("--profile", opts.profile, "AWS CLI profile for s3:// credentials");
}

int run_trail_export(const TrailExportOptions& opts) {
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
    if (!std::filesystem::is_directory(data_dir)) {
        std::cerr << "tripline trail export: no data directory " << data_dir << "\n";
        return kExitFailure;
    }
    const bool to_s3 = opts.to.starts_with("s3://");
    if (to_s3 && (opts.to.size() == 5 || opts.to[5] == '/')) {
        std::cerr << "tripline trail export: --to s3://bucket/prefix/ needs a bucket\n";
        return kExitInvalidInput;
    }
    auto lock = app::DataDirLock::acquire(data_dir);
    if (!lock) {
        std::cerr << "tripline trail export: " << lock.error().message
                  << "; stop it first (the export reads the store directly)\n";
        return kExitFailure;
    }
    query::TrailStoreOptions store_options;
    store_options.external_access = true;  // DuckDB writes the Parquet files
    auto store =
        query::TrailStore::open(std::filesystem::path(data_dir) / "trail.duckdb", store_options);
    if (!store) {
        std::cerr << "tripline trail export: " << store.error().message << "\n";
        return kExitFailure;
    }
    std::filesystem::path dir = opts.to;
    std::string location = opts.to;
    if (to_s3) {
        dir = std::filesystem::temp_directory_path() /
              ("tripline-export-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
    } else {
        location = "s3://YOUR-BUCKET/cloudtrail-parquet/";
    }
    auto exported = query::export_parquet(**store, dir, location);
    if (!exported) {
        std::cerr << "tripline trail export: " << exported.error().message << "\n";
        return exported.error().code == Errc::kAlreadyExists ? kExitInvalidInput : kExitFailure;
    }
    std::vector<std::filesystem::path> files = exported->files;
    if (!write_file(dir / "_athena.sql", exported->athena_ddl) ||
        !write_file(dir / "_trino.sql", exported->trino_ddl)) {
        std::cerr << "tripline trail export: cannot write the DDL files in " << dir << "\n";
        return kExitFailure;
    }
    files.emplace_back("_athena.sql");
    files.emplace_back("_trino.sql");
    if (to_s3) {
        Status uploaded = upload(opts, dir, files);
        std::filesystem::remove_all(dir);
        if (!uploaded) {
            std::cerr << "tripline trail export: " << uploaded.error().message << "\n";
            return kExitFailure;
        }
    }
    std::cout << "exported " << exported->records << " records in " << exported->files.size()
              << " Parquet files to " << opts.to << "\n"
              << "DDL: " << opts.to << (opts.to.ends_with("/") ? "" : "/")
              << "_athena.sql (Athena), _trino.sql (Trino)\n";
    return kExitOk;
}

}  // namespace tripline::cli
