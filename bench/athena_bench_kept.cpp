// The --keep metadata file: one line naming the records, one line of numbers, so a reused store
// reports the load figures measured when it was built.
#include "athena_bench_kept.h"

#include <chrono>
#include <fstream>

namespace tripline::bench::athena {

std::optional<Meta> read_meta(const std::filesystem::path& file) {
    std::ifstream in(file);
    Meta meta;
    if (!std::getline(in, meta.key) || !(in >> meta.base_micros >> meta.duck_load_s >>
                                         meta.sqlite_insert_s >> meta.sqlite_index_s)) {
        return std::nullopt;
    }
    return meta;
}

void write_meta(const std::filesystem::path& file, const Meta& meta) {
    std::ofstream out(file);
    out << meta.key << "\n"
        << meta.base_micros << " " << meta.duck_load_s << " " << meta.sqlite_insert_s << " "
        << meta.sqlite_index_s << "\n";
}

std::int64_t micros_of(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace tripline::bench::athena
