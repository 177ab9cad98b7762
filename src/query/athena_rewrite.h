// Internals of athena_dialect.h (private to the query module): the function table - which Trino
// functions are renamed to Athena's macros or DuckDB's built-ins, which DuckDB functions are
// refused - and the rewriting of one query's tokens into DuckDB SQL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "query/athena_tokens.h"

namespace tripline::query::athena::detail {

// A call `name(args)` becomes `head args tail`: head replaces `name(`, tail the closing `)`.
struct FunctionRewrite {
    std::string_view name;  // Trino's, lower case
    std::string_view head;  // "athena_<name>(" for the macros of athena_macros_sql()
    std::string_view tail = ")";
    std::size_t keep_args = 0;  // > 0: later arguments are dropped (they only tune accuracy)
    std::size_t max_args = 0;   // > 0: calls with more arguments are refused
};

// nullptr when the function keeps its name.
const FunctionRewrite* find_function_rewrite(std::string_view name);
// DuckDB functions that read files or the network, run SQL text, expose secrets or change the
// database (read_csv, glob, query, checkpoint, ...); `name` in lower case.
bool is_refused_function(std::string_view name);

// A MySQL-style format of Trino's date_format/date_parse (%Y-%m-%d %H:%i:%s) in strftime's
// spelling (%Y-%m-%d %H:%M:%S).
std::string mysql_to_strftime(std::string_view format);

// The DuckDB text of the query made of tokens[begin, end) (whitespace and comments inside are
// kept). Errors: kInvalidArgument "NOT_SUPPORTED: line L:C: ..." for refused functions, types
// and constructs.
Result<std::string> rewrite_query(std::string_view sql,
                                  const std::vector<Token>& tokens,
                                  std::size_t begin,
                                  std::size_t end);

}  // namespace tripline::query::athena::detail
