// The Hive DDL Athena users run for CloudTrail (athena.md §1), parsed: CREATE EXTERNAL TABLE with
// its columns, PARTITIONED BY, the SerDe/input format, LOCATION and TBLPROPERTIES (partition
// projection), and ALTER TABLE ... ADD PARTITION specs. Pure text work.
//
// Errors: kInvalidArgument, "SYNTAX_ERROR: line L:C: ..." or "NOT_SUPPORTED: ...".
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::query::athena {

struct HiveColumn {
    std::string name;  // lower case
    std::string type;  // Hive's, lower case, without blanks: struct<arn:string,type:string>
};

struct ExternalTableDef {
    std::string database;  // "" = the session's
    std::string name;
    bool if_not_exists = false;
    std::vector<HiveColumn> columns;
    std::vector<HiveColumn> partitions;
    std::string serde;         // ROW FORMAT SERDE '...'
    std::string input_format;  // STORED AS INPUTFORMAT '...'
    std::string stored_as;     // STORED AS <word> (lower case), when given that way
    std::string location;      // s3://bucket/prefix
    std::map<std::string, std::string> properties;  // TBLPROPERTIES

    bool projection() const;  // 'projection.enabled'='true'
    nlohmann::json to_json() const;
    static ExternalTableDef from_json(const nlohmann::json& doc);
};

struct PartitionSpec {
    std::vector<std::pair<std::string, std::string>> values;  // in the table's partition order
    std::string location;                                     // "" = the default below LOCATION
};

Result<ExternalTableDef> parse_create_external_table(std::string_view sql);
// ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (k = 'v', ...) [LOCATION '...'] [PARTITION ...].
Result<std::vector<PartitionSpec>> parse_add_partitions(std::string_view sql);

// DuckDB's type for a Hive type (string -> VARCHAR, struct<a:string> -> STRUCT("a" VARCHAR),
// array<T> -> T[], map<K,V> -> MAP(K, V), int -> INTEGER, ...).
Result<std::string> duck_type_of(std::string_view hive_type);

}  // namespace tripline::query::athena
