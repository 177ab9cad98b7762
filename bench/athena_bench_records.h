// The records athena_bench loads and ingests: a shuffled pool of real CloudTrail records, copied
// with fresh IDs and times so that any number of distinct records can be made from a few samples.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "base/clock.h"
#include "event/cloudtrail_record.h"

namespace tripline::bench::athena {

// The whole file as one string (empty when it cannot be read).
std::string slurp(const std::filesystem::path& path);

// The records under ../shared/testdata/cloudtrail/, after the first `limit` records (`detail` of
// each line) of `jsonl` when it is not empty, shuffled with a fixed seed.
std::vector<event::CloudTrailRecord> load_pool(const std::string& jsonl, std::size_t limit);

// Copy `index` of the pool, stamped at `time`.
event::CloudTrailRecord make_copy(const std::vector<event::CloudTrailRecord>& pool,
                                  std::size_t index,
                                  TimePoint time);

}  // namespace tripline::bench::athena
