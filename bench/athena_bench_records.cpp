// Building athena_bench's record pool and its copies, apart from the engines that store them.
#include "athena_bench_records.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string_view>

namespace tripline::bench::athena {

using event::CloudTrailRecord;

namespace {

void add_line(std::vector<CloudTrailRecord>& pool, std::string_view line) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS) {
        return;
    }
    simdjson::dom::element detail;
    if (doc["detail"].get(detail) != simdjson::SUCCESS) {
        detail = doc;
    }
    auto record = event::parse_cloudtrail_record(detail);
    if (record) {
        pool.push_back(std::move(*record));
    }
}

std::string event_id(std::size_t i) {
    char text[64];
    std::snprintf(text,
                  sizeof text,
                  "%08zx-a7e4-4b1e-9d3b-%012zx",
                  static_cast<std::size_t>(i * 2654435761U % 0xFFFFFFFFU),
                  static_cast<std::size_t>(i % 0xFFFFFFFFFFFFULL));
    return text;
}

}  // namespace

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<CloudTrailRecord> load_pool(const std::string& jsonl, std::size_t limit) {
    std::vector<CloudTrailRecord> pool;
    if (!jsonl.empty()) {
        std::ifstream in(jsonl);
        std::string line;
        while (pool.size() < limit && std::getline(in, line)) {
            add_line(pool, line);
        }
    }
    const std::filesystem::path root =
        std::filesystem::path(TRIPLINE_SHARED_DIR) / "testdata" / "cloudtrail";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.find("manifest") == std::string::npos) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        const std::string name = path.filename().string();
        const std::string text = slurp(path);
        if (name.ends_with(".jsonl")) {
            std::istringstream lines(text);
            std::string line;
            while (std::getline(lines, line)) {
                add_line(pool, line);
            }
        } else if (name.ends_with(".json")) {
            auto records = event::parse_cloudtrail_log_file(text);
            if (records) {
                pool.insert(pool.end(), records->begin(), records->end());
            }
        }
    }
    std::mt19937_64 rng(20261129);
    std::shuffle(pool.begin(), pool.end(), rng);
    return pool;
}

CloudTrailRecord make_copy(const std::vector<CloudTrailRecord>& pool,
                           std::size_t index,
                           TimePoint time) {
    CloudTrailRecord record = pool[index % pool.size()];
    record.event_id = event_id(index);
    record.event_time = tripline::format_iso8601(time);
    return record;
}

}  // namespace tripline::bench::athena
