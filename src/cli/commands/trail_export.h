// `tripline trail export --format parquet --to DIR|s3://bucket/prefix/`: the trail store as
// partitioned Parquet plus Athena and Trino DDL (docs/scale-out.md). Registered by trail.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

namespace tripline::cli {

struct TrailExportOptions {
    std::string format = "parquet";
    std::string to;
    std::string data_dir;
    std::string config;
    std::string endpoint_url;  // for s3:// destinations (default: AWS)
    std::string region;
    std::string profile;
};

void add_trail_export_options(CLI::App& export_command, TrailExportOptions& options);
int run_trail_export(const TrailExportOptions& options);

}  // namespace tripline::cli
