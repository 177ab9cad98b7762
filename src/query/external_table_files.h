// Which log files an external table reads (private to external_tables.cpp): the objects below
// its LOCATION, those of its added partitions, or those matching its partition projection's
// storage.location.template, each with its partition values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "query/athena_table_ddl.h"
#include "query/external_tables.h"

namespace tripline::query::athena::external {

struct Location {
    std::string bucket;
    std::string prefix;  // without a leading '/'
};

// s3://bucket/prefix -> its parts; kInvalidArgument (NOT_SUPPORTED) for anything else.
Result<Location> parse_location(const std::string& url);
// `prefix` with a trailing '/' unless empty.
std::string with_slash(std::string prefix);

// One log file with the partition values it carries (in the table's partition order).
struct FileGroup {
    std::vector<std::string> values;
    std::string bucket;
    std::string key;
};

// Every file of the table; `fingerprint` identifies the set (keys and ETags).
Result<std::vector<FileGroup>> files_of(const ExternalTableDef& def,
                                        const nlohmann::json& partitions,
                                        LogFileSource& source,
                                        std::string_view account,
                                        std::string& fingerprint);

}  // namespace tripline::query::athena::external
