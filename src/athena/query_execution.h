// One Athena query execution as Tripline keeps it (a ResourceStore row "athena:query-execution"
// named by its id) and the shapes around it: named queries and workgroups.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "base/clock.h"

namespace tripline::athena {

inline constexpr const char* kQueued = "QUEUED";
inline constexpr const char* kRunning = "RUNNING";
inline constexpr const char* kSucceeded = "SUCCEEDED";
inline constexpr const char* kFailed = "FAILED";
inline constexpr const char* kCancelled = "CANCELLED";

struct QueryExecution {
    std::string id;
    std::string query;
    std::string database = "default";
    std::string catalog = "AwsDataCatalog";
    std::string workgroup = "primary";
    std::string output_location;  // the result object: s3://bucket/prefix/<id>.csv (or .txt)
    std::string client_token;
    std::string state = kQueued;
    std::string state_change_reason;
    std::string statement_type;     // DML, DDL, UTILITY ("" until known)
    std::string substatement_type;  // SELECT, SHOW_TABLES, ...
    // AthenaError of a FAILED execution: 1 system, 2 user, 3 other.
    int error_category = 0;
    int error_type = 0;
    std::string error_message;
    TimePoint submitted;
    TimePoint started;    // RUNNING from
    TimePoint completed;  // final state reached
    std::int64_t engine_ms = 0;
    std::uint64_t data_scanned = 0;
    std::uint64_t result_rows = 0;  // rows of the result (header excluded)

    bool finished() const { return state == kSucceeded || state == kFailed || state == kCancelled; }

    nlohmann::json to_document() const;
    static QueryExecution from_document(const std::string& id, const nlohmann::json& doc);
    // Athena's QueryExecution shape (GetQueryExecution, BatchGetQueryExecution).
    nlohmann::json to_api() const;
};

struct NamedQuery {
    std::string id;
    std::string name;
    std::string description;
    std::string database;
    std::string query;
    std::string workgroup = "primary";

    nlohmann::json to_api() const;
    static NamedQuery from_api(const nlohmann::json& doc);
};

struct WorkGroup {
    std::string name;
    std::string description;
    std::string state = "ENABLED";
    std::string output_location;  // ResultConfiguration.OutputLocation ("" = none)
    TimePoint created;

    nlohmann::json to_api() const;  // GetWorkGroup's WorkGroup
    nlohmann::json to_document() const;
    static WorkGroup from_document(const std::string& name, const nlohmann::json& doc);
};

}  // namespace tripline::athena
