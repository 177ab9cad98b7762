// athena_macros_sql() in DuckDB: each translated Trino function gives Trino's answer.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/athena_dialect.h"
#include "query/duck.h"
#include "query/sql_strings.h"

namespace tripline::query::athena {
namespace {

using Cell = std::optional<std::string>;

class AthenaMacrosTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = duck::Database::open(":memory:", {});
        ASSERT_TRUE(db.has_value()) << db.error().to_string();
        db_ = std::move(*db);
        auto con = db_->connect();
        ASSERT_TRUE(con.has_value()) << con.error().to_string();
        con_ = std::make_unique<duck::Connection>(std::move(*con));
        Status macros = con_->exec(athena_macros_sql());
        ASSERT_TRUE(macros.has_value()) << macros.error().to_string();
        ASSERT_TRUE(con_->exec("SET TimeZone = 'UTC'").has_value());
    }

    // The rows of an Athena query, translated and run.
    std::vector<std::vector<Cell>> rows(const std::string& athena_sql) {
        auto statement = translate(athena_sql);
        EXPECT_TRUE(statement.has_value()) << athena_sql << "\n" << statement.error().message;
        if (!statement) {
            return {};
        }
        auto table = run_sql_as_strings(*con_, statement->sql);
        EXPECT_TRUE(table.has_value()) << statement->sql << "\n" << table.error().to_string();
        return table ? table->rows : std::vector<std::vector<Cell>>{};
    }

    // The value of one Athena expression.
    Cell eval(const std::string& expression) {
        auto result = rows("SELECT " + expression);
        EXPECT_EQ(result.size(), 1u) << expression;
        return result.empty() || result[0].empty() ? Cell("<no rows>") : result[0][0];
    }

    std::unique_ptr<duck::Database> db_;
    std::unique_ptr<duck::Connection> con_;
};

TEST_F(AthenaMacrosTest, CanBeDefinedAgainOnTheSameConnection) {
    EXPECT_TRUE(con_->exec(athena_macros_sql()).has_value());
}

TEST_F(AthenaMacrosTest, JsonFunctions) {
    EXPECT_EQ(eval(R"(json_extract_scalar('{"a":{"b":1}}', '$.a'))"), std::nullopt);
    EXPECT_EQ(eval(R"(json_extract_scalar('{"a":{"b":1}}', '$.a.b'))"), "1");
    EXPECT_EQ(eval(R"(json_extract_scalar('{"a":[1,2]}', '$.a'))"), std::nullopt);
    EXPECT_EQ(eval(R"(json_extract_scalar('{"a":[1,2]}', '$.a[1]'))"), "2");
    EXPECT_EQ(eval(R"(json_extract_scalar('{"a":"x"}', '$.missing'))"), std::nullopt);
    EXPECT_EQ(eval(R"(json_extract_scalar('{"a":null}', '$.a'))"), std::nullopt);
    EXPECT_EQ(eval(R"(json_extract_scalar('{"MFAUsed":"Yes"}', '$.MFAUsed'))"), "Yes");
    EXPECT_EQ(eval(R"(json_extract_scalar('{"a":true}', '$.a'))"), "true");
    EXPECT_EQ(eval(R"(json_extract_scalar('{"x-y":"z"}', '$["x-y"]'))"), "z");
    EXPECT_EQ(eval(R"(json_extract_scalar('not json', '$.a'))"), std::nullopt);
    EXPECT_EQ(eval(R"(CAST(json_extract('{"a":{"b":[1]}}', '$.a') AS varchar))"), R"({"b":[1]})");
    EXPECT_EQ(eval(R"(json_extract('not json', '$.a'))"), std::nullopt);
    EXPECT_EQ(eval(R"(json_format(json_parse('{"a": [1, 2]}')))"), R"({"a":[1,2]})");
    EXPECT_EQ(eval(R"(json_array_length('[1,2,3]'))"), "3");
    EXPECT_EQ(eval(R"(json_array_length('{"a":1}'))"), std::nullopt);
    EXPECT_EQ(eval(R"(CAST(json_array_get('[1,2,3]', -1) AS varchar))"), "3");
    EXPECT_EQ(eval(R"(CAST(json_array_get('[1,2,3]', 0) AS varchar))"), "1");
    EXPECT_EQ(eval(R"(json_array_contains('[1,"a",true]', 'a'))"), "true");
    EXPECT_EQ(eval(R"(json_array_contains('[1,2]', 3))"), "false");
    EXPECT_EQ(eval(R"(json_size('{"a":{"x":1,"y":2}}', '$.a'))"), "2");
    EXPECT_EQ(eval(R"(json_size('{"a":[1,2,3]}', '$.a'))"), "3");
    EXPECT_EQ(eval(R"(json_size('{"a":1}', '$.a'))"), "0");
    EXPECT_EQ(eval(R"(json_size('{"a":1}', '$.b'))"), std::nullopt);
}

TEST_F(AthenaMacrosTest, DateAndTimeFunctions) {
    EXPECT_EQ(eval("CAST(from_iso8601_timestamp('2026-11-22T08:00:00Z') AS varchar)"),
              "2026-11-22 08:00:00+00");
    EXPECT_EQ(eval("CAST(from_iso8601_timestamp('2026-11-22T08:00:00.123+02:00') AS varchar)"),
              "2026-11-22 06:00:00.123+00");
    EXPECT_EQ(eval("from_iso8601_timestamp('2026-11-22T08:00:00Z') > "
                   "from_iso8601_timestamp('2026-11-22T07:59:59Z')"),
              "true");
    EXPECT_EQ(eval("CAST(from_iso8601_date('2026-11-22') AS varchar)"), "2026-11-22");
    EXPECT_EQ(eval("to_iso8601(from_iso8601_timestamp('2026-11-22T08:00:00.5Z'))"),
              "2026-11-22T08:00:00.500Z");
    EXPECT_EQ(eval("to_iso8601(DATE '2026-11-22')"), "2026-11-22");
    EXPECT_EQ(eval("to_iso8601(TIMESTAMP '2026-11-22 08:00:00')"), "2026-11-22T08:00:00.000");
    EXPECT_EQ(eval("CAST(from_unixtime(1795334400) AS varchar)"), "2026-11-22 08:00:00+00");
    EXPECT_EQ(eval("CAST(from_unixtime(0, 'Europe/Paris') AS varchar)"), "1970-01-01 00:00:00+00");
    EXPECT_EQ(eval("to_unixtime(from_iso8601_timestamp('2026-11-22T08:00:00.5Z'))"),
              "1795334400.5");
    EXPECT_EQ(eval("CAST(date_add('day', 2, TIMESTAMP '2026-11-22 08:00:00') AS varchar)"),
              "2026-11-24 08:00:00");
    EXPECT_EQ(eval("CAST(date_add('MONTH', -1, TIMESTAMP '2026-11-22 08:00:00') AS varchar)"),
              "2026-10-22 08:00:00");
    EXPECT_EQ(eval("date_diff('day', TIMESTAMP '2026-01-01 23:00:00', "
                   "TIMESTAMP '2026-01-02 01:00:00')"),
              "0");
    EXPECT_EQ(eval("date_diff('second', TIMESTAMP '2026-01-01 00:00:00', "
                   "TIMESTAMP '2026-01-01 00:01:00')"),
              "60");
    EXPECT_EQ(eval("date_format(TIMESTAMP '2026-11-02 08:05:09.123456', "
                   "'%Y-%m-%d %H:%i:%s.%f %M %b %a %W %p %c %e %j %% %T')"),
              "2026-11-02 08:05:09.123456 November Nov Mon Monday AM 11 2 306 % 08:05:09");
    EXPECT_EQ(eval("CAST(date_parse('22/11/2026 08:05', '%d/%m/%Y %H:%i') AS varchar)"),
              "2026-11-22 08:05:00");
    EXPECT_EQ(eval("day_of_week(DATE '2026-11-22')"), "7");
    EXPECT_EQ(eval("dow(DATE '2026-11-23')"), "1");
    EXPECT_EQ(eval("day_of_year(DATE '2026-02-01')"), "32");
    EXPECT_EQ(eval("doy(DATE '2026-02-01')"), "32");
    EXPECT_EQ(eval("day_of_month(DATE '2026-02-03')"), "3");
    EXPECT_EQ(eval("week_of_year(DATE '2026-01-01')"), "1");
    EXPECT_EQ(eval("year_of_week(DATE '2027-01-01')"), "2026");
    EXPECT_EQ(eval("yow(DATE '2027-01-01')"), "2026");
    EXPECT_EQ(eval("CAST(last_day_of_month(DATE '2026-02-03') AS varchar)"), "2026-02-28");
    EXPECT_EQ(eval("millisecond(TIMESTAMP '2020-01-01 00:00:05.123')"), "123");
    EXPECT_EQ(eval("to_milliseconds(INTERVAL '2' SECOND)"), "2000");
    EXPECT_EQ(eval("current_timezone()"), "UTC");
}

TEST_F(AthenaMacrosTest, RegexpFunctions) {
    EXPECT_EQ(eval("regexp_like('AttachUserPolicy', '^(Put|Attach|Delete).*Policy$')"), "true");
    EXPECT_EQ(eval("regexp_like(lower('Kali Linux'), 'kali|parrot|pentoo')"), "true");
    EXPECT_EQ(eval("regexp_extract('abc', 'x')"), std::nullopt);
    EXPECT_EQ(eval("regexp_extract('a1b22', '\\d+')"), "1");
    EXPECT_EQ(eval("regexp_extract('a1b22', '([a-z])(\\d+)', 2)"), "1");
    EXPECT_EQ(eval("regexp_replace('a1b2', '\\d')"), "ab");
    EXPECT_EQ(eval("regexp_replace('a1b2', '(\\d)', '<$1>')"), "a<1>b<2>");
    EXPECT_EQ(eval("regexp_replace('ab', 'a', '\\$\\\\')"), "$\\b");
    EXPECT_EQ(eval("regexp_count('a1b2c3', '\\d')"), "3");
    EXPECT_EQ(eval("CAST(regexp_split('a1b2c', '\\d') AS varchar)"), "[a, b, c]");
    EXPECT_EQ(eval("regexp_position('abcd', 'c')"), "3");
    EXPECT_EQ(eval("regexp_position('abcd', 'x')"), "-1");
}

TEST_F(AthenaMacrosTest, ArrayAndMapFunctions) {
    EXPECT_EQ(eval("cardinality(ARRAY[1, 2, 3])"), "3");
    EXPECT_EQ(eval("cardinality(MAP(ARRAY['a'], ARRAY[1]))"), "1");
    EXPECT_EQ(eval("cardinality(CAST(ARRAY[] AS array(integer)))"), "0");
    EXPECT_EQ(eval("element_at(ARRAY[1, 2, 3], 1)"), "1");
    EXPECT_EQ(eval("element_at(ARRAY[1, 2, 3], -1)"), "3");
    EXPECT_EQ(eval("element_at(ARRAY[1, 2, 3], 5)"), std::nullopt);
    EXPECT_EQ(eval("element_at(MAP(ARRAY['a'], ARRAY[1]), 'a')"), "1");
    EXPECT_EQ(eval("element_at(MAP(ARRAY['a'], ARRAY[1]), 'b')"), std::nullopt);
    EXPECT_EQ(eval("array_join(ARRAY['a', NULL, 'b'], ', ')"), "a, b");
    EXPECT_EQ(eval("array_join(ARRAY[1, NULL], '-', 'N')"), "1-N");
    EXPECT_EQ(eval("CAST(slice(ARRAY[1, 2, 3, 4], 2, 2) AS varchar)"), "[2, 3]");
    EXPECT_EQ(eval("CAST(slice(ARRAY[1, 2, 3, 4], -2, 2) AS varchar)"), "[3, 4]");
    EXPECT_EQ(eval("CAST(slice(ARRAY[1, 2, 3, 4], -5, 2) AS varchar)"), "[]");
    EXPECT_EQ(eval("contains(ARRAY['a', 'b'], 'b')"), "true");
    EXPECT_EQ(eval("CAST(array_distinct(ARRAY[3, 1, 3, NULL, 1, NULL]) AS varchar)"),
              "[3, 1, NULL]");
    EXPECT_EQ(eval("array_position(ARRAY[5, 6], 6)"), "2");
    EXPECT_EQ(eval("array_position(ARRAY[5, 6], 7)"), "0");
    EXPECT_EQ(eval("array_max(ARRAY[1, 3, 2])"), "3");
    EXPECT_EQ(eval("array_min(ARRAY[1, 3, 2])"), "1");
    EXPECT_EQ(eval("CAST(array_remove(ARRAY[1, 2, 1], 1) AS varchar)"), "[2]");
    EXPECT_EQ(eval("CAST(array_except(ARRAY[1, 2, 3, 1], ARRAY[2]) AS varchar)"), "[1, 3]");
    EXPECT_EQ(eval("CAST(array_union(ARRAY[1, 2], ARRAY[2, 3]) AS varchar)"), "[1, 2, 3]");
    EXPECT_EQ(eval("arrays_overlap(ARRAY[1, 2], ARRAY[2, 3])"), "true");
    EXPECT_EQ(eval("CAST(sequence(1, 5, 2) AS varchar)"), "[1, 3, 5]");
    EXPECT_EQ(eval("CAST(sequence(1, 3) AS varchar)"), "[1, 2, 3]");
    EXPECT_EQ(eval("CAST(transform(ARRAY[1, 2], x -> x * 10) AS varchar)"), "[10, 20]");
    EXPECT_EQ(eval("CAST(filter(ARRAY[1, 2], x -> x > 1) AS varchar)"), "[2]");
    EXPECT_EQ(eval("any_match(ARRAY[1, 2], x -> x > 1)"), "true");
    EXPECT_EQ(eval("all_match(ARRAY[1, 2], x -> x > 1)"), "false");
    EXPECT_EQ(eval("none_match(ARRAY[1, 2], x -> x > 5)"), "true");
    EXPECT_EQ(eval("cardinality(zip(ARRAY[1, 2], ARRAY['a', 'b']))"), "2");
}

TEST_F(AthenaMacrosTest, StringAndBinaryFunctions) {
    EXPECT_EQ(eval("CAST(split('a,b,c', ',') AS varchar)"), "[a, b, c]");
    EXPECT_EQ(eval("CAST(split('a,b,c', ',', 2) AS varchar)"), "[a, 'b,c']");
    EXPECT_EQ(eval("split_part('a,b', ',', 2)"), "b");
    EXPECT_EQ(eval("split_part('a,b', ',', 3)"), std::nullopt);
    EXPECT_EQ(eval("replace('arn:aws:s3:::logs', 'arn:aws:s3:::')"), "logs");
    EXPECT_EQ(eval("replace('abc', 'b', 'x')"), "axc");
    EXPECT_EQ(eval("concat('iam.amazonaws.com', ':', 'CreateUser')"),
              "iam.amazonaws.com:CreateUser");
    EXPECT_EQ(eval("concat('a', NULL)"), std::nullopt);
    EXPECT_EQ(eval("format('%s=%d', 'n', 3)"), "n=3");
    EXPECT_EQ(eval("chr(65)"), "A");
    EXPECT_EQ(eval("codepoint('A')"), "65");
    EXPECT_EQ(eval("to_hex(to_utf8('hi'))"), "6869");
    EXPECT_EQ(eval("from_utf8(from_hex('6869'))"), "hi");
    EXPECT_EQ(eval("to_hex(md5(to_utf8('a')))"), "0CC175B9C0F1B6A831C399E269772661");
    EXPECT_EQ(eval("to_hex(sha1(to_utf8('a')))"), "86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8");
    EXPECT_EQ(eval("to_hex(sha256(to_utf8('a')))"),
              "CA978112CA1BBDCAFAC231B39A23DC4DA786EFF8147C4E72B9807785AFEE48BB");
    EXPECT_EQ(eval("levenshtein_distance('kitten', 'sitting')"), "3");
    EXPECT_EQ(eval("hamming_distance('abc', 'abd')"), "1");
}

TEST_F(AthenaMacrosTest, UrlFunctions) {
    const std::string url = "'https://u@Example.com:8443/a/b?x=1&y=&z#frag'";
    EXPECT_EQ(eval("url_extract_protocol(" + url + ")"), "https");
    EXPECT_EQ(eval("url_extract_host(" + url + ")"), "Example.com");
    EXPECT_EQ(eval("url_extract_port(" + url + ")"), "8443");
    EXPECT_EQ(eval("url_extract_path(" + url + ")"), "/a/b");
    EXPECT_EQ(eval("url_extract_query(" + url + ")"), "x=1&y=&z");
    EXPECT_EQ(eval("url_extract_fragment(" + url + ")"), "frag");
    EXPECT_EQ(eval("url_extract_parameter(" + url + ", 'x')"), "1");
    EXPECT_EQ(eval("url_extract_parameter(" + url + ", 'y')"), "");
    EXPECT_EQ(eval("url_extract_parameter(" + url + ", 'q')"), std::nullopt);
    EXPECT_EQ(eval("url_extract_host('not a url')"), std::nullopt);
    EXPECT_EQ(eval("url_extract_port('https://example.com/')"), std::nullopt);
}

TEST_F(AthenaMacrosTest, MathAndConditionalFunctions) {
    EXPECT_EQ(eval("is_nan(nan())"), "true");
    EXPECT_EQ(eval("is_infinite(infinity())"), "true");
    EXPECT_EQ(eval("is_finite(1.5)"), "true");
    EXPECT_EQ(eval("round(e(), 3)"), "2.718");
    EXPECT_EQ(eval("random() < 1 AND rand(10) < 10"), "true");
    EXPECT_EQ(eval("truncate(2.7)"), "2");
    EXPECT_EQ(eval("if(1 > 0, 'y')"), "y");
    EXPECT_EQ(eval("if(1 < 0, 'y')"), std::nullopt);
    EXPECT_EQ(eval("if(1 < 0, 'y', 'n')"), "n");
}

TEST_F(AthenaMacrosTest, TypeofSpeaksTrinosTypeNames) {
    EXPECT_EQ(eval("typeof('x')"), "varchar");
    EXPECT_EQ(eval("typeof(1)"), "integer");
    EXPECT_EQ(eval("typeof(CAST(1 AS bigint))"), "bigint");
    EXPECT_EQ(eval("typeof(1e0)"), "double");
    EXPECT_EQ(eval("typeof(CAST(1 AS real))"), "real");
    EXPECT_EQ(eval("typeof(1.5)"), "decimal(2,1)");
    EXPECT_EQ(eval("typeof(true)"), "boolean");
    EXPECT_EQ(eval("typeof(DATE '2026-11-22')"), "date");
    EXPECT_EQ(eval("typeof(TIMESTAMP '2026-11-22 08:00:00')"), "timestamp(3)");
    EXPECT_EQ(eval("typeof(current_timestamp)"), "timestamp(3) with time zone");
    EXPECT_EQ(eval("typeof(ARRAY['a'])"), "array(varchar)");
    EXPECT_EQ(eval("typeof(MAP(ARRAY['a'], ARRAY[1]))"), "map(varchar, integer)");
    EXPECT_EQ(eval("typeof(to_utf8('a'))"), "varbinary");
}

TEST_F(AthenaMacrosTest, AggregatesBecomeDuckDbsOwn) {
    const std::string from = " FROM (VALUES (1, true), (2, true), (2, false), (3, true)) v(x, b)";
    EXPECT_EQ(rows("SELECT approx_distinct(x)" + from), (std::vector<std::vector<Cell>>{{"3"}}));
    EXPECT_EQ(rows("SELECT approx_distinct(x, 0.01) FILTER (WHERE b)" + from),
              (std::vector<std::vector<Cell>>{{"3"}}));
    EXPECT_EQ(rows("SELECT approx_percentile(x, 0.5)" + from),
              (std::vector<std::vector<Cell>>{{"2"}}));
    EXPECT_EQ(rows("SELECT arbitrary(x) BETWEEN 1 AND 3, every(b), count_if(b)" + from),
              (std::vector<std::vector<Cell>>{{"true", "false", "3"}}));
}

TEST_F(AthenaMacrosTest, RunsTheSpecExamplesOverAthenasColumns) {
    ASSERT_TRUE(con_->exec(R"(CREATE TABLE cloudtrail_logs AS SELECT * FROM (VALUES
        ('2026-11-22T08:00:00Z', 'ConsoleLogin', '{"ConsoleLogin":"Success"}',
         '{"MFAUsed":"No"}', {'arn': 'arn:aws:iam::1:user/a', 'username': 'a'},
         [{'arn': 'arn:aws:s3:::logs', 'accountid': '1', 'type': 'AWS::S3::Bucket'}]),
        (strftime(now() AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'), 'DeleteBucket', NULL, NULL,
         {'arn': 'arn:aws:iam::1:user/b', 'username': 'b'},
         [{'arn': 'arn:aws:s3:::logs', 'accountid': '1', 'type': 'AWS::S3::Bucket'}]))
        AS t(eventtime, eventname, responseelements, additionaleventdata, useridentity,
             resources))")
                    .has_value());
    EXPECT_EQ(rows("SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY eventname "
                   "ORDER BY eventname;"),
              (std::vector<std::vector<Cell>>{{"ConsoleLogin", "1"}, {"DeleteBucket", "1"}}));
    EXPECT_EQ(rows(R"(SELECT eventtime, useridentity.arn
FROM awsdatacatalog.default.cloudtrail_logs
WHERE eventname = 'ConsoleLogin'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes';)"),
              (std::vector<std::vector<Cell>>{{"2026-11-22T08:00:00Z", "arn:aws:iam::1:user/a"}}));
    EXPECT_EQ(rows(R"(SELECT useridentity.username, replace(r.arn, 'arn:aws:s3:::') AS bucket
FROM cloudtrail_logs CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventname = 'DeleteBucket'
  AND from_iso8601_timestamp(eventtime) > current_timestamp - INTERVAL '7' DAY;)"),
              (std::vector<std::vector<Cell>>{{"b", "logs"}}));
}

}  // namespace
}  // namespace tripline::query::athena
