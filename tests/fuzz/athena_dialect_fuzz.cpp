// Fuzzes translate() (Athena's SQL dialect for DuckDB). Input: one SQL text. Every input is either
// refused with a kInvalidArgument error located inside the text, or classified: the statement
// types are filled, queries, EXPLAIN and CREATE VIEW carry DuckDB SQL, names are lower case, and
// translating the same text again gives the same answer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "query/athena_dialect.h"

namespace {

bool has_upper(std::string_view text) {
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') {
            return true;
        }
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using tripline::query::athena::StatementKind;
    std::string_view sql(reinterpret_cast<const char*>(data), size);
    auto statement = tripline::query::athena::translate(sql);
    auto again = tripline::query::athena::translate(sql);
    if (statement.has_value() != again.has_value()) {
        std::abort();
    }
    if (!statement) {
        const auto& e = statement.error();
        if (e.code != tripline::Errc::kInvalidArgument || e.message.empty() || !e.where ||
            e.where->begin.offset > sql.size() || e.where->begin.line == 0 ||
            e.where->begin.column == 0 || e.message != again.error().message) {
            std::abort();
        }
        return 0;
    }
    const bool has_sql = statement->kind == StatementKind::kQuery ||
                         statement->kind == StatementKind::kExplain ||
                         statement->kind == StatementKind::kCreateView;
    if (statement->statement_type.empty() || statement->substatement_type.empty() ||
        statement->text.empty() || statement->text.size() > sql.size() ||
        has_sql == statement->sql.empty() || statement->sql != again->sql ||
        has_upper(statement->name) || has_upper(statement->database)) {
        std::abort();
    }
    (void)tripline::query::athena::schema_of(statement->database);
    (void)tripline::query::athena::matches_show_pattern(statement->pattern, statement->name);
    return 0;
}
