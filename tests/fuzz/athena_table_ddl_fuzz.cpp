// Fuzzes the Hive DDL parser of Athena's external tables: CREATE EXTERNAL TABLE, ALTER TABLE ...
// ADD PARTITION and the type translator. Any input parses or is refused with an error; every
// parsed column type translates to a DuckDB type.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "query/athena_table_ddl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view sql(reinterpret_cast<const char*>(data), size);
    if (auto def = tripline::query::athena::parse_create_external_table(sql)) {
        for (const auto& column : def->columns) {
            if (!tripline::query::athena::duck_type_of(column.type)) {
                std::abort();
            }
        }
        auto round = tripline::query::athena::ExternalTableDef::from_json(def->to_json());
        if (round.name != def->name || round.columns.size() != def->columns.size()) {
            std::abort();
        }
    }
    (void)tripline::query::athena::parse_add_partitions(sql);
    (void)tripline::query::athena::duck_type_of(sql);
    return 0;
}
