// Stores kept with --keep: loading a million records takes minutes, so a later run over the same
// records reuses them, and needs to know what they hold and what loading them cost.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "base/clock.h"

namespace tripline::bench::athena {

struct Meta {
    std::string key;               // what the stores were built from
    std::int64_t base_micros = 0;  // the load's `now`: copies are stamped before it
    double duck_load_s = 0;
    double sqlite_insert_s = 0;
    double sqlite_index_s = 0;
};

// nullopt when `file` is missing or unreadable.
std::optional<Meta> read_meta(const std::filesystem::path& file);

void write_meta(const std::filesystem::path& file, const Meta& meta);

// `t` as microseconds since the epoch, as Meta::base_micros holds it.
std::int64_t micros_of(TimePoint t);

}  // namespace tripline::bench::athena
