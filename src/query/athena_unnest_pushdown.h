// Moves WHERE conjuncts that do not involve an UNNEST's output below it (athena_unnest_pushdown.cpp
// says why). Applied to the translated DuckDB text of a query; returns it unchanged when the
// shape is not the simple `FROM t [AS a] CROSS JOIN UNNEST(...) AS u(x) WHERE ...`.
#pragma once

#include <string>
#include <string_view>

namespace tripline::query::athena::detail {

std::string push_filters_below_unnest(std::string_view sql);

}  // namespace tripline::query::athena::detail
