// The function table of athena_rewrite.h and the macros of athena_macros_sql(). Scalar functions
// whose DuckDB name or semantics differ become `athena_<name>` macros (a macro may not call a
// function of its own name, hence the prefix). Aggregates are renamed to DuckDB's own aggregates
// instead: a macro cannot take DISTINCT, FILTER or ORDER BY. Functions taking a lambda are
// rewritten in place too, as a macro cannot pass a lambda on.
#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "query/athena_dialect.h"
#include "query/athena_rewrite.h"

namespace tripline::query::athena {

namespace detail {

namespace {

// Sorted by name (find_function_rewrite() searches it by bisection).
constexpr FunctionRewrite kRewrites[] = {
    {"all_match", "coalesce(list_bool_and(list_transform(", ")), true)"},
    {"any_match", "coalesce(list_bool_or(list_transform(", ")), false)"},
    {"approx_distinct", "count(DISTINCT ", ")", 1},
    {"approx_percentile", "quantile_disc(", ")", 0, 2},
    {"arbitrary", "any_value("},
    {"array_distinct", "athena_array_distinct("},
    {"array_except", "athena_array_except("},
    {"array_join", "athena_array_join("},
    {"array_max", "athena_array_max("},
    {"array_min", "athena_array_min("},
    {"array_position", "athena_array_position("},
    {"array_remove", "athena_array_remove("},
    {"array_union", "athena_array_union("},
    {"arrays_overlap", "athena_arrays_overlap("},
    {"cardinality", "athena_cardinality("},
    {"chr", "athena_chr("},
    {"codepoint", "athena_codepoint("},
    {"concat", "athena_concat("},
    {"contains", "athena_contains("},
    {"current_timezone", "athena_current_timezone("},
    {"date_add", "athena_date_add("},
    {"date_diff", "athena_date_diff("},
    {"date_format", "athena_date_format("},
    {"date_parse", "strptime("},  // the format is translated by rewrite_query()
    {"day_of_month", "athena_day_of_month("},
    {"day_of_week", "athena_day_of_week("},
    {"day_of_year", "athena_day_of_year("},
    {"dow", "athena_day_of_week("},
    {"doy", "athena_day_of_year("},
    {"e", "athena_e("},
    {"element_at", "athena_element_at("},
    {"every", "bool_and("},
    {"format", "printf("},
    {"from_hex", "athena_from_hex("},
    {"from_iso8601_date", "athena_from_iso8601_date("},
    {"from_iso8601_timestamp", "athena_from_iso8601_timestamp("},
    {"from_iso8601_timestamp_nanos", "athena_from_iso8601_timestamp("},
    {"from_unixtime", "athena_from_unixtime("},
    {"from_utf8", "athena_from_utf8("},
    {"hamming_distance", "athena_hamming_distance("},
    {"if", "athena_if("},
    {"infinity", "athena_infinity("},
    {"is_finite", "athena_is_finite("},
    {"is_infinite", "athena_is_infinite("},
    {"is_nan", "athena_is_nan("},
    {"json_array_contains", "athena_json_array_contains("},
    {"json_array_get", "athena_json_array_get("},
    {"json_array_length", "athena_json_array_length("},
    {"json_extract", "athena_json_extract("},
    {"json_extract_scalar", "athena_json_extract_scalar("},
    {"json_format", "athena_json_format("},
    {"json_parse", "athena_json_parse("},
    {"json_size", "athena_json_size("},
    {"last_day_of_month", "athena_last_day_of_month("},
    {"levenshtein_distance", "athena_levenshtein_distance("},
    {"md5", "athena_md5("},
    {"millisecond", "athena_millisecond("},
    {"nan", "athena_nan("},
    {"none_match", "(NOT coalesce(list_bool_or(list_transform(", ")), false))"},
    {"rand", "athena_random("},
    {"random", "athena_random("},
    {"regexp_count", "athena_regexp_count("},
    {"regexp_extract", "athena_regexp_extract("},
    {"regexp_like", "athena_regexp_like("},
    {"regexp_position", "athena_regexp_position("},
    {"regexp_replace", "athena_regexp_replace("},
    {"regexp_split", "athena_regexp_split("},
    {"replace", "athena_replace("},
    {"sequence", "athena_sequence("},
    {"sha1", "athena_sha1("},
    {"sha256", "athena_sha256("},
    {"slice", "athena_slice("},
    {"split", "athena_split("},
    {"split_part", "athena_split_part("},
    {"to_hex", "athena_to_hex("},
    {"to_iso8601", "athena_to_iso8601("},
    {"to_milliseconds", "athena_to_milliseconds("},
    {"to_unixtime", "athena_to_unixtime("},
    {"to_utf8", "athena_to_utf8("},
    {"transform", "list_transform("},
    {"truncate", "athena_truncate("},
    {"typeof", "athena_typeof("},
    {"url_extract_fragment", "athena_url_extract_fragment("},
    {"url_extract_host", "athena_url_extract_host("},
    {"url_extract_parameter", "athena_url_extract_parameter("},
    {"url_extract_path", "athena_url_extract_path("},
    {"url_extract_port", "athena_url_extract_port("},
    {"url_extract_protocol", "athena_url_extract_protocol("},
    {"url_extract_query", "athena_url_extract_query("},
    {"week_of_year", "athena_week_of_year("},
    {"year_of_week", "athena_year_of_week("},
    {"yow", "athena_year_of_week("},
    {"zip", "list_zip("},
};
static_assert(std::is_sorted(std::begin(kRewrites),
                             std::end(kRewrites),
                             [](const FunctionRewrite& a, const FunctionRewrite& b) {
                                 return a.name < b.name;
                             }));

constexpr std::string_view kRefused[] = {
    "checkpoint",
    "current_setting",
    "disable_logging",
    "duckdb_secrets",
    "enable_logging",
    "force_checkpoint",
    "getenv",
    "glob",
    "load_aws_credentials",
    "query",
    "query_table",
    "seq_scan",
    "sniff_csv",
    "truncate_duckdb_logs",
    "which_secret",
    "write_log",
};
// Families of file, network and foreign-database readers (read_csv, parquet_metadata, ...).
constexpr std::string_view kRefusedPrefixes[] = {
    "arrow_",
    "delta_",
    "duckdb_",  // the engine's own catalog, settings and paths
    "ducklake_",
    "iceberg_",
    "json_execute_",
    "mysql_",
    "parquet_",
    "postgres_",
    "pragma_",
    "read_",
    "sqlite_",
};

// MySQL date_format specifiers (Trino's date_format/date_parse) and their strftime spelling.
constexpr std::pair<char, std::string_view> kMysqlFormat[] = {
    {'a', "%a"}, {'b', "%b"},          {'c', "%-m"}, {'d', "%d"}, {'e', "%-d"},
    {'f', "%f"}, {'H', "%H"},          {'h', "%I"},  {'I', "%I"}, {'i', "%M"},
    {'j', "%j"}, {'k', "%-H"},         {'l', "%-I"}, {'M', "%B"}, {'m', "%m"},
    {'p', "%p"}, {'r', "%I:%M:%S %p"}, {'S', "%S"},  {'s', "%S"}, {'T', "%H:%M:%S"},
    {'v', "%V"}, {'W', "%A"},          {'x', "%G"},  {'Y', "%Y"}, {'y', "%y"},
};

// `text` as a SQL expression in which each '%' is chr(1), the placeholder for a translated
// specifier (so that a later replacement cannot translate it again).
std::string with_placeholders(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '%') {
            out += "' || chr(1) || '";
        } else {
            out += c;
        }
    }
    return out + "'";
}

// A SQL expression over `f` (a MySQL format) giving the strftime format: %% is kept aside as
// chr(2), each known specifier becomes chr(1) + its strftime letter, an unknown %x becomes x
// (as in Trino), then the placeholders become % and %% again.
std::string mysql_format_expression() {
    std::string expr = "replace(f, '%%', chr(2))";
    for (const auto& [specifier, strftime] : kMysqlFormat) {
        expr = "replace(" + expr + ", '%" + std::string(1, specifier) + "', " +
               with_placeholders(strftime) + ")";
    }
    expr = "regexp_replace(" + expr + ", '%(.)', '\\1', 'g')";
    return "replace(replace(" + expr + ", chr(1), '%'), chr(2), '%%')";
}

// DuckDB's typeof() spelled as Trino's: scalar names mapped, STRUCT -> row, T[] -> array(T).
std::string typeof_expression() {
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"TIMESTAMP WITH TIME ZONE", "timestamp(3) with time zone"},
        {"TIME WITH TIME ZONE", "time(3) with time zone"},
        {"\\bTIMESTAMP_NS\\b", "timestamp(9)"},
        {"\\bTIMESTAMP_MS\\b", "timestamp(3)"},
        {"\\bTIMESTAMP_S\\b", "timestamp(0)"},
        {"\\bTIMESTAMP\\b", "timestamp(3)"},
        {"\\bTIME\\b", "time(3)"},
        {"\\bFLOAT\\b", "real"},
        {"\\bBLOB\\b", "varbinary"},
        {"\\bU?HUGEINT\\b", "decimal(38,0)"},
        {"\\bUBIGINT\\b", "decimal(20,0)"},
        {"\\bUINTEGER\\b", "bigint"},
        {"\\bUSMALLINT\\b", "integer"},
        {"\\bUTINYINT\\b", "smallint"},
        {"\\bINTERVAL\\b", "interval day to second"},
        {"\\bSTRUCT\\(", "row("},
        {"^\"NULL\"$|^NULL$", "unknown"},
        {"\"", ""},
    };
    std::string expr = "typeof(x)";
    for (const auto& [pattern, name] : kNames) {
        expr = "regexp_replace(" + expr + ", '" + std::string(pattern) + "', '" +
               std::string(name) + "', 'g')";
    }
    expr = "lower(" + expr + ")";
    // Innermost lists first; an element is a name, or a name(...) with one level of nesting.
    for (int level = 0; level < 3; ++level) {
        expr = "regexp_replace(" + expr +
               ", '([a-z]+\\((?:[^()]|\\([^()]*\\))*\\)(?: with time zone)?|[a-z0-9_]+)\\[\\]', "
               "'array(\\1)', 'g')";
    }
    return expr;
}

std::string concat_overloads() {
    std::string params = "a1";
    std::string body = "a1";
    std::string out = "(a1) AS a1";
    for (int i = 2; i <= 16; ++i) {
        const std::string name = "a" + std::to_string(i);
        params += ", " + name;
        body += " || " + name;
        out += ", (" + params + ") AS " + body;
    }
    return out;
}

// name, then "(params) AS body[, (params) AS body ...]".
const std::pair<std::string_view, std::string_view> kMacros[] = {
    // Trino's JSONPath allows $["key"] and $['key']; DuckDB spells them $."key".
    {"json_path",
     R"sql((p) AS regexp_replace(regexp_replace(p, '\[\s*"([^"]*)"\s*\]', '."\1"', 'g'),
        '\[\s*''([^'']*)''\s*\]', '."\1"', 'g'))sql"},
    // Trino returns NULL for invalid JSON (try), objects, arrays and missing paths (json_value
    // gives the JSON text of scalars only). One parse of the document, as in Trino.
    {"json_extract_scalar",
     R"sql((j, p) AS try(json_extract_string(json_value(j, athena_json_path(p)), '$')))sql"},
    {"json_extract", R"sql((j, p) AS try(json_extract(j, athena_json_path(p))))sql"},
    {"json_format", R"sql((j) AS CAST(json(j) AS VARCHAR))sql"},
    {"json_parse", R"sql((s) AS json(s))sql"},
    {"json_array_length",
     R"sql((j) AS try(CASE WHEN json_type(j) = 'ARRAY' THEN json_array_length(j) END))sql"},
    {"json_array_get",
     R"sql((j, i) AS try(CASE WHEN json_type(j) = 'ARRAY' THEN json_extract(j,
        CASE WHEN i >= 0 THEN '$[' || i || ']' ELSE '$[#' || i || ']' END) END))sql"},
    {"json_array_contains",
     R"sql((j, v) AS try(CASE WHEN json_type(j) = 'ARRAY'
        THEN list_contains(json_extract(j, '$[*]'), to_json(v)) END))sql"},
    {"json_size",
     R"sql((j, p) AS try(CASE WHEN json_type(j, athena_json_path(p)) = 'ARRAY'
        THEN json_array_length(j, athena_json_path(p))
        WHEN json_type(j, athena_json_path(p)) = 'OBJECT'
        THEN len(json_keys(j, athena_json_path(p)))
        WHEN json_type(j, athena_json_path(p)) IS NULL THEN NULL ELSE 0 END))sql"},
    {"from_iso8601_timestamp", R"sql((s) AS CAST(s AS TIMESTAMPTZ))sql"},
    {"from_iso8601_date", R"sql((s) AS CAST(s AS DATE))sql"},
    {"to_iso8601",
     R"sql((x) AS CASE typeof(x) WHEN 'DATE' THEN strftime(CAST(x AS DATE), '%Y-%m-%d')
        WHEN 'TIMESTAMP WITH TIME ZONE'
        THEN strftime(timezone('UTC', CAST(x AS TIMESTAMPTZ)), '%Y-%m-%dT%H:%M:%S.%gZ')
        ELSE strftime(CAST(x AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%g') END)sql"},
    // The zone arguments only change how Trino renders the instant.
    {"from_unixtime",
     R"sql((n) AS to_timestamp(n), (n, z) AS to_timestamp(n), (n, h, m) AS to_timestamp(n))sql"},
    {"to_unixtime", R"sql((t) AS epoch(t))sql"},
    {"date_add",
     R"sql((u, v, t) AS t + CAST(v AS BIGINT) * CASE lower(u)
        WHEN 'millisecond' THEN INTERVAL 1 MILLISECOND WHEN 'second' THEN INTERVAL 1 SECOND
        WHEN 'minute' THEN INTERVAL 1 MINUTE WHEN 'hour' THEN INTERVAL 1 HOUR
        WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY
        WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH
        WHEN 'year' THEN INTERVAL 1 YEAR
        ELSE error('''' || u || ''' is not a valid TIMESTAMP field') END)sql"},
    // Trino counts whole units elapsed - DuckDB's date_sub; its date_diff counts boundaries.
    {"date_diff", R"sql((u, a, b) AS date_sub(u, a, b))sql"},
    {"day_of_week", R"sql((x) AS isodow(x))sql"},
    {"day_of_year", R"sql((x) AS dayofyear(x))sql"},
    {"day_of_month", R"sql((x) AS day(x))sql"},
    {"week_of_year", R"sql((x) AS week(x))sql"},
    {"year_of_week", R"sql((x) AS isoyear(x))sql"},
    {"last_day_of_month", R"sql((x) AS last_day(x))sql"},
    // DuckDB's millisecond() includes the seconds (0-59999).
    {"millisecond", R"sql((x) AS millisecond(x) % 1000)sql"},
    {"to_milliseconds", R"sql((i) AS CAST(epoch(i) * 1000 AS BIGINT))sql"},
    {"current_timezone", R"sql(() AS current_setting('TimeZone'))sql"},
    {"regexp_like", R"sql((s, p) AS regexp_matches(s, p))sql"},
    // DuckDB returns '' without a match, Trino NULL.
    {"regexp_extract",
     R"sql((s, p) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p) END,
        (s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END)sql"},
    // Trino's replacement: $n is group n, \$ a dollar, \\ a backslash; RE2's: \n and \\.
    {"regexp_rewrite",
     R"sql((r) AS replace(replace(replace(replace(regexp_replace(replace(replace(r, '\\', chr(3)),
        '\$', chr(4)), '\$(\d)', chr(5) || '\1', 'g'), '\', '\\'), chr(3), '\\'), chr(4), '$'),
        chr(5), '\'))sql"},
    // Trino replaces every match; DuckDB only the first without 'g'.
    {"regexp_replace",
     R"sql((s, p) AS regexp_replace(s, p, '', 'g'),
        (s, p, r) AS regexp_replace(s, p, athena_regexp_rewrite(r), 'g'))sql"},
    {"regexp_count", R"sql((s, p) AS len(regexp_extract_all(s, p)))sql"},
    {"regexp_split", R"sql((s, p) AS regexp_split_to_array(s, p))sql"},
    {"regexp_position",
     R"sql((s, p) AS CASE WHEN s IS NULL OR p IS NULL THEN NULL
        WHEN regexp_matches(s, p) THEN strpos(s, regexp_extract(s, p)) ELSE -1 END)sql"},
    // One expression that binds for both lists and maps.
    {"cardinality", R"sql((x) AS json_array_length(to_json(x)) + len(json_keys(to_json(x))))sql"},
    // Subscripts are 1-based, negative from the end and NULL out of range; maps give the value.
    {"element_at", R"sql((x, i) AS x[i])sql"},
    // array_to_string() needs a constant separator, which a macro's parameter is not.
    {"array_join",
     R"sql((a, s) AS substr(list_reduce(list_transform(list_filter(a,
        lambda athena_e: athena_e IS NOT NULL), lambda athena_e: s || CAST(athena_e AS VARCHAR)),
        lambda athena_x, athena_y: athena_x || athena_y, ''), length(s) + 1),
        (a, s, r) AS substr(list_reduce(list_transform(a,
        lambda athena_e: s || coalesce(CAST(athena_e AS VARCHAR), r)),
        lambda athena_x, athena_y: athena_x || athena_y, ''), length(s) + 1))sql"},
    {"slice",
     R"sql((a, s, n) AS CASE WHEN s > 0 THEN list_slice(a, s, s + n - 1)
        WHEN len(a) + s >= 0 THEN list_slice(a, len(a) + s + 1, len(a) + s + n)
        ELSE list_slice(a, 1, 0) END)sql"},
    {"contains", R"sql((a, x) AS list_contains(a, x))sql"},
    // Trino keeps the first occurrences in order (and one NULL); list_distinct does neither.
    {"array_distinct",
     R"sql((a) AS list_filter(a, lambda athena_e, athena_i:
        list_position(a, athena_e) = athena_i))sql"},
    {"array_position",
     R"sql((a, x) AS CASE WHEN a IS NOT NULL THEN coalesce(list_position(a, x), 0) END)sql"},
    {"array_max", R"sql((a) AS list_max(a))sql"},
    {"array_min", R"sql((a) AS list_min(a))sql"},
    {"array_remove",
     R"sql((a, x) AS list_filter(a, lambda athena_e: athena_e IS DISTINCT FROM x))sql"},
    {"array_except",
     R"sql((a, b) AS athena_array_distinct(list_filter(a, lambda athena_e:
        coalesce(list_position(b, athena_e), 0) = 0)))sql"},
    {"array_union", R"sql((a, b) AS athena_array_distinct(list_concat(a, b)))sql"},
    {"arrays_overlap", R"sql((a, b) AS list_has_any(a, b))sql"},
    {"sequence", R"sql((a, b) AS generate_series(a, b), (a, b, s) AS generate_series(a, b, s))sql"},
    // With a limit, the last element holds the rest of the string.
    {"split",
     R"sql((s, d) AS str_split(s, d), (s, d, n) AS CASE WHEN len(str_split(s, d)) <= n
        THEN str_split(s, d) ELSE list_concat(list_slice(str_split(s, d), 1, n - 1),
        [array_to_string(list_slice(str_split(s, d), n, len(str_split(s, d))), d)]) END)sql"},
    // Trino returns NULL past the last field; DuckDB ''.
    {"split_part",
     R"sql((s, d, i) AS CASE WHEN i <= len(str_split(s, d)) THEN split_part(s, d, i) END)sql"},
    {"replace", R"sql((s, x) AS replace(s, x, ''), (s, x, y) AS replace(s, x, y))sql"},
    {"chr", R"sql((n) AS chr(CAST(n AS INTEGER)))sql"},
    {"codepoint", R"sql((s) AS unicode(s))sql"},
    {"to_hex", R"sql((b) AS hex(b))sql"},
    {"from_hex", R"sql((s) AS unhex(s))sql"},
    {"to_utf8", R"sql((s) AS encode(s))sql"},
    {"from_utf8", R"sql((b) AS decode(b))sql"},
    // Trino's hashes return VARBINARY (to_hex() of them is upper-case hex).
    {"md5", R"sql((b) AS unhex(md5(b)))sql"},
    {"sha1", R"sql((b) AS unhex(sha1(b)))sql"},
    {"sha256", R"sql((b) AS unhex(sha256(b)))sql"},
    {"levenshtein_distance", R"sql((a, b) AS levenshtein(a, b))sql"},
    {"hamming_distance", R"sql((a, b) AS hamming(a, b))sql"},
    {"url_extract_protocol",
     R"sql((u) AS CASE WHEN regexp_matches(u, '^[A-Za-z][A-Za-z0-9+.-]*:')
        THEN regexp_extract(u, '^([A-Za-z][A-Za-z0-9+.-]*):', 1) END)sql"},
    {"url_extract_host",
     R"sql((u) AS nullif(regexp_extract(u,
        '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^\]]*\]|[^:/?#]*)', 1), ''))sql"},
    {"url_extract_port",
     R"sql((u) AS TRY_CAST(nullif(regexp_extract(u,
        '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d+)', 1), '')
        AS BIGINT))sql"},
    {"url_extract_path",
     R"sql((u) AS regexp_extract(u, '^(?:[A-Za-z][A-Za-z0-9+.-]*:(?://[^/?#]*)?)?([^?#]*)', 1))sql"},
    {"url_extract_query",
     R"sql((u) AS CASE WHEN regexp_matches(u, '^[^#]*\?')
        THEN regexp_extract(u, '^[^#?]*\?([^#]*)', 1) END)sql"},
    {"url_extract_fragment",
     R"sql((u) AS CASE WHEN strpos(u, '#') > 0 THEN regexp_extract(u, '#(.*)$', 1) END)sql"},
    {"url_extract_parameter",
     R"sql((u, n) AS CASE WHEN regexp_matches(athena_url_extract_query(u),
        '(?:^|&)' || regexp_escape(n) || '(?:=[^&]*)?(?:&|$)')
        THEN regexp_extract(athena_url_extract_query(u),
        '(?:^|&)' || regexp_escape(n) || '(?:=([^&]*))?(?:&|$)', 1) END)sql"},
    {"is_nan", R"sql((x) AS isnan(x))sql"},
    {"is_finite", R"sql((x) AS isfinite(x))sql"},
    {"is_infinite", R"sql((x) AS isinf(x))sql"},
    {"nan", R"sql(() AS CAST('NaN' AS DOUBLE))sql"},
    {"infinity", R"sql(() AS CAST('Infinity' AS DOUBLE))sql"},
    {"e", R"sql(() AS exp(1))sql"},
    {"random", R"sql(() AS random(), (n) AS CAST(floor(random() * n) AS BIGINT))sql"},
    {"truncate", R"sql((x) AS trunc(x))sql"},
    {"if", R"sql((c, a) AS CASE WHEN c THEN a END, (c, a, b) AS CASE WHEN c THEN a ELSE b END)sql"},
};

std::string build_macros_sql() {
    std::string sql;
    auto add = [&sql](std::string_view name, std::string_view definition) {
        sql += "CREATE OR REPLACE TEMP MACRO athena_";
        sql += name;
        sql += definition;
        sql += ";\n";
    };
    for (const auto& [name, definition] : kMacros) {
        add(name, definition);
    }
    add("mysql_format", "(f) AS " + mysql_format_expression());
    add("date_format", "(t, f) AS strftime(t, athena_mysql_format(f))");
    add("typeof", "(x) AS " + typeof_expression());
    add("concat", concat_overloads());
    return sql;
}

}  // namespace

std::string mysql_to_strftime(std::string_view format) {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 == format.size()) {
            out += format[i];
            continue;
        }
        const char specifier = format[++i];
        if (specifier == '%') {
            out += "%%";
            continue;
        }
        const auto* it = std::find_if(
            std::begin(kMysqlFormat), std::end(kMysqlFormat), [specifier](const auto& entry) {
                return entry.first == specifier;
            });
        // As in Trino, an unknown %x is x.
        out += it != std::end(kMysqlFormat) ? std::string(it->second) : std::string(1, specifier);
    }
    return out;
}

const FunctionRewrite* find_function_rewrite(std::string_view name) {
    auto it = std::lower_bound(
        std::begin(kRewrites),
        std::end(kRewrites),
        name,
        [](const FunctionRewrite& rewrite, std::string_view key) { return rewrite.name < key; });
    return it != std::end(kRewrites) && it->name == name ? it : nullptr;
}

bool is_refused_function(std::string_view name) {
    for (std::string_view refused : kRefused) {
        if (name == refused) {
            return true;
        }
    }
    for (std::string_view prefix : kRefusedPrefixes) {
        if (name.starts_with(prefix)) {
            return true;
        }
    }
    return false;
}

}  // namespace detail

const std::string& athena_macros_sql() {
    static const std::string sql = detail::build_macros_sql();
    return sql;
}

}  // namespace tripline::query::athena
