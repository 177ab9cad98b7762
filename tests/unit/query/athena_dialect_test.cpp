// translate(): statement classification, the DuckDB text of queries, refusals and their positions;
// schema_of() and matches_show_pattern().
#include "query/athena_dialect.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tripline::query::athena {
namespace {

Statement ok(const std::string& sql) {
    auto statement = translate(sql);
    EXPECT_TRUE(statement.has_value()) << sql << "\n" << statement.error().message;
    return statement ? *statement : Statement{};
}

std::string rewritten(const std::string& sql) { return ok(sql).sql; }

std::string refusal(const std::string& sql) {
    auto statement = translate(sql);
    EXPECT_FALSE(statement.has_value()) << sql << "\n" << statement->sql;
    if (statement) {
        return "";
    }
    EXPECT_EQ(statement.error().code, Errc::kInvalidArgument);
    return statement.error().message;
}

struct Classified {
    std::string sql;
    StatementKind kind;
    std::string statement_type;
    std::string substatement_type;
    std::string database;
    std::string name;
    std::string pattern = "";
    bool if_exists = false;
    bool or_replace = false;
    bool cascade = false;
};

TEST(AthenaDialectTest, ClassifiesEveryKindAsAthenaDoes) {
    using K = StatementKind;
    const std::vector<Classified> cases = {
        {"SELECT 1", K::kQuery, "DML", "SELECT", "", ""},
        {"with a AS (SELECT 1) SELECT * FROM a", K::kQuery, "DML", "SELECT", "", ""},
        {"VALUES (1), (2)", K::kQuery, "DML", "SELECT", "", ""},
        {"(SELECT 1) UNION ALL (SELECT 2)", K::kQuery, "DML", "SELECT", "", ""},
        {"-- leading comment\nSELECT 1;", K::kQuery, "DML", "SELECT", "", ""},
        {"EXPLAIN SELECT 1", K::kExplain, "DML", "EXPLAIN", "", ""},
        {"explain analyze verbose SELECT 1", K::kExplain, "DML", "EXPLAIN", "", ""},
        {"EXPLAIN (TYPE DISTRIBUTED, FORMAT TEXT) SELECT 1", K::kExplain, "DML", "EXPLAIN", "", ""},
        {"SHOW DATABASES", K::kShowDatabases, "UTILITY", "SHOW_DATABASES", "", ""},
        {"SHOW SCHEMAS LIKE 'sec*'",
         K::kShowDatabases,
         "UTILITY",
         "SHOW_DATABASES",
         "",
         "",
         "sec*"},
        {"SHOW TABLES", K::kShowTables, "UTILITY", "SHOW_TABLES", "", ""},
        {"SHOW TABLES IN Sec 'cloud*'",
         K::kShowTables,
         "UTILITY",
         "SHOW_TABLES",
         "sec",
         "",
         "cloud*"},
        {"SHOW TABLES FROM awsdatacatalog.default LIKE 'x|y'",
         K::kShowTables,
         "UTILITY",
         "SHOW_TABLES",
         "default",
         "",
         "x|y"},
        {"SHOW COLUMNS IN cloudtrail_logs",
         K::kShowColumns,
         "UTILITY",
         "SHOW_COLUMNS",
         "",
         "cloudtrail_logs"},
        {"SHOW COLUMNS FROM t IN sec", K::kShowColumns, "UTILITY", "SHOW_COLUMNS", "sec", "t"},
        {"DESCRIBE sec.CloudTrail_Logs",
         K::kDescribe,
         "UTILITY",
         "DESCRIBE",
         "sec",
         "cloudtrail_logs"},
        {"DESC `t`", K::kDescribe, "UTILITY", "DESCRIBE", "", "t"},
        {"DESCRIBE FORMATTED awsdatacatalog.db.t eventname",
         K::kDescribe,
         "UTILITY",
         "DESCRIBE",
         "db",
         "t"},
        {"SHOW CREATE TABLE \"default\".t",
         K::kShowCreateTable,
         "UTILITY",
         "SHOW_CREATE_TABLE",
         "default",
         "t"},
        {"SHOW PARTITIONS cloudtrail_logs",
         K::kShowPartitions,
         "UTILITY",
         "SHOW_PARTITIONS",
         "",
         "cloudtrail_logs"},
        {"CREATE DATABASE IF NOT EXISTS Sec COMMENT 'x' LOCATION 's3://b/'",
         K::kCreateDatabase,
         "DDL",
         "CREATE_DATABASE",
         "",
         "sec",
         "",
         true},
        {"CREATE SCHEMA sec", K::kCreateDatabase, "DDL", "CREATE_DATABASE", "", "sec"},
        {"DROP DATABASE IF EXISTS sec CASCADE",
         K::kDropDatabase,
         "DDL",
         "DROP_DATABASE",
         "",
         "sec",
         "",
         true,
         false,
         true},
        {"DROP SCHEMA sec RESTRICT", K::kDropDatabase, "DDL", "DROP_DATABASE", "", "sec"},
        {"CREATE OR REPLACE VIEW sec.v AS SELECT 1",
         K::kCreateView,
         "DDL",
         "CREATE_VIEW",
         "sec",
         "v",
         "",
         false,
         true},
        {"DROP VIEW IF EXISTS v", K::kDropView, "DDL", "DROP_VIEW", "", "v", "", true},
        {"CREATE EXTERNAL TABLE IF NOT EXISTS sec.trail (a STRING) LOCATION 's3://b/'",
         K::kCreateTable,
         "DDL",
         "CREATE_TABLE",
         "sec",
         "trail",
         "",
         true},
        {"DROP TABLE awsdatacatalog.sec.trail", K::kDropTable, "DDL", "DROP_TABLE", "sec", "trail"},
        {"ALTER TABLE trail ADD IF NOT EXISTS PARTITION (region='us-east-1') LOCATION 's3://b/'",
         K::kAlterTable,
         "DDL",
         "ALTER_TABLE_ADD_PARTITION",
         "",
         "trail",
         "",
         true},
        {"ALTER TABLE sec.trail DROP PARTITION (region='us-east-1')",
         K::kAlterTable,
         "DDL",
         "ALTER_TABLE_DROP_PARTITION",
         "sec",
         "trail"},
        {"MSCK REPAIR TABLE sec.trail;",
         K::kRepairTable,
         "DDL",
         "MSCK_REPAIR_TABLE",
         "sec",
         "trail"},
    };
    for (const Classified& c : cases) {
        SCOPED_TRACE(c.sql);
        Statement s = ok(c.sql);
        EXPECT_EQ(s.kind, c.kind);
        EXPECT_EQ(s.statement_type, c.statement_type);
        EXPECT_EQ(s.substatement_type, c.substatement_type);
        EXPECT_EQ(s.database, c.database);
        EXPECT_EQ(s.name, c.name);
        EXPECT_EQ(s.pattern, c.pattern);
        EXPECT_EQ(s.if_exists, c.if_exists);
        EXPECT_EQ(s.or_replace, c.or_replace);
        EXPECT_EQ(s.cascade, c.cascade);
    }
}

TEST(AthenaDialectTest, TextIsTheStatementWithoutItsTerminator) {
    const std::string ddl = "CREATE EXTERNAL TABLE t (a STRING)\nLOCATION 's3://b/'  ;  -- done\n";
    EXPECT_EQ(ok(ddl).text, "CREATE EXTERNAL TABLE t (a STRING)\nLOCATION 's3://b/'");
    EXPECT_EQ(ok("  SELECT 1 -- trailing\n;").text, "SELECT 1");
    EXPECT_EQ(ok("  SELECT 1 -- trailing\n;").sql, "SELECT 1");
}

TEST(AthenaDialectTest, ExplainCarriesTheRewrittenQuery) {
    EXPECT_EQ(rewritten("EXPLAIN SELECT regexp_like(eventname, '^Get') FROM cloudtrail_logs"),
              "SELECT athena_regexp_like(eventname, '^Get') FROM cloudtrail_logs");
    EXPECT_EQ(rewritten("EXPLAIN ANALYZE (SELECT 1)"), "(SELECT 1)");
}

TEST(AthenaDialectTest, CreateViewIsDuckDbsWithTheSchemaOfTheDatabase) {
    EXPECT_EQ(rewritten("CREATE OR REPLACE VIEW v AS SELECT cardinality(resources) AS n "
                        "FROM cloudtrail_logs"),
              "CREATE OR REPLACE VIEW v AS SELECT athena_cardinality(resources) AS n "
              "FROM cloudtrail_logs");
    EXPECT_EQ(rewritten("CREATE VIEW \"default\".Logins COMMENT 'c' SECURITY INVOKER AS "
                        "SELECT * FROM default.cloudtrail_logs"),
              "CREATE VIEW main.logins AS SELECT * FROM main.cloudtrail_logs");
    EXPECT_EQ(rewritten("CREATE VIEW sec.\"My View\" AS WITH a AS (SELECT 1) SELECT * FROM a"),
              "CREATE VIEW sec.\"my view\" AS WITH a AS (SELECT 1) SELECT * FROM a");
}

TEST(AthenaDialectTest, RewritesTheSpecExamples) {
    EXPECT_EQ(rewritten("SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY eventname "
                        "ORDER BY n DESC;"),
              "SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY eventname "
              "ORDER BY n DESC");
    EXPECT_EQ(rewritten(R"(SELECT eventtime, useridentity.arn, sourceipaddress
FROM cloudtrail_logs
WHERE eventname = 'ConsoleLogin'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes';)"),
              R"(SELECT eventtime, useridentity.arn, sourceipaddress
FROM cloudtrail_logs
WHERE eventname = 'ConsoleLogin'
  AND athena_json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(athena_json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes')");
    EXPECT_EQ(
        rewritten(
            R"(SELECT eventtime, useridentity.username, replace(r.arn, 'arn:aws:s3:::') AS bucket
FROM cloudtrail_logs CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventname = 'DeleteBucket'
  AND from_iso8601_timestamp(eventtime) > current_timestamp - INTERVAL '7' DAY;)"),
        R"(SELECT eventtime, useridentity.username, athena_replace(r.arn, 'arn:aws:s3:::') AS bucket
FROM cloudtrail_logs CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventname = 'DeleteBucket'
  AND athena_from_iso8601_timestamp(eventtime) > current_timestamp - INTERVAL '7' DAY)");
}

TEST(AthenaDialectTest, RewritesRepresentativeQueries) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        // Catalog and database qualification, backticks.
        {"SELECT `timestamp`, \"region\" FROM awsdatacatalog.default.cloudtrail_logs",
         "SELECT \"timestamp\", \"region\" FROM main.cloudtrail_logs"},
        {"SELECT * FROM \"AwsDataCatalog\".\"default\".cloudtrail_logs c JOIN sec.t ON true",
         "SELECT * FROM main.cloudtrail_logs c JOIN sec.t ON true"},
        {"SELECT default.cloudtrail_logs.eventname FROM default.cloudtrail_logs",
         "SELECT main.cloudtrail_logs.eventname FROM main.cloudtrail_logs"},
        {"SELECT `a``b` FROM t", "SELECT \"a`b\" FROM t"},
        {"SELECT `say \"hi\"` FROM t", "SELECT \"say \"\"hi\"\"\" FROM t"},
        // Renames, in any case, with whitespace before the parenthesis, nested.
        {"SELECT JSON_EXTRACT_SCALAR (requestparameters, '$.bucketName') FROM t",
         "SELECT athena_json_extract_scalar(requestparameters, '$.bucketName') FROM t"},
        {"SELECT element_at(split(useragent, '/'), 1), cardinality(resources) FROM t",
         "SELECT athena_element_at(athena_split(useragent, '/'), 1), "
         "athena_cardinality(resources) FROM t"},
        {"SELECT date_add('day', -1, current_date), date_diff('second', a, b) FROM t",
         "SELECT athena_date_add('day', -1, current_date), athena_date_diff('second', a, b) "
         "FROM t"},
        // Names that are not calls, qualified names and names Trino and DuckDB share.
        {"SELECT t.replace, x.contains(1), lower(eventname), strpos(a, 'b') FROM t",
         "SELECT t.replace, x.contains(1), lower(eventname), strpos(a, 'b') FROM t"},
        {"WITH split(a) AS (SELECT 1) SELECT * FROM split AS slice(b)",
         "WITH split(a) AS (SELECT 1) SELECT * FROM split AS slice(b)"},
        // Aggregates become DuckDB's own (DISTINCT/FILTER/OVER keep working).
        {"SELECT approx_distinct(sourceipaddress, 0.01), arbitrary(x) FILTER (WHERE y) FROM t",
         "SELECT count(DISTINCT sourceipaddress), any_value(x) FILTER (WHERE y) FROM t"},
        {"SELECT approx_distinct(a, round(nan(), 2)) FROM t", "SELECT count(DISTINCT a) FROM t"},
        {"SELECT approx_percentile(n, 0.9), approx_distinct(DISTINCT a) FROM t",
         "SELECT quantile_disc(n, 0.9), count(DISTINCT a) FROM t"},
        // Lambdas stay; functions taking them are rewritten in place.
        {"SELECT filter(a, x -> x > 1), any_match(resources, r -> r.type = 'AWS::S3::Bucket')",
         "SELECT filter(a, x -> x > 1), "
         "coalesce(list_bool_or(list_transform(resources, r -> r.type = 'AWS::S3::Bucket')), "
         "false)"},
        // date_parse's MySQL format is translated for strptime.
        {"SELECT date_parse(eventtime, '%Y-%m-%dT%H:%i:%sZ') FROM t",
         "SELECT strptime(eventtime, '%Y-%m-%dT%H:%M:%SZ') FROM t"},
        // CAST types.
        {"SELECT CAST(json_parse(x) AS ARRAY(VARCHAR)), TRY_CAST(y AS map(varchar, array<json>))",
         "SELECT CAST(athena_json_parse(x) AS VARCHAR[]), TRY_CAST(y AS MAP(varchar, json[]))"},
        {"SELECT CAST(a AS timestamp(3) with time zone), CAST(b AS varchar(10)), "
         "CAST(CAST(c AS double precision) AS timestamp(6))",
         "SELECT CAST(a AS TIMESTAMPTZ), CAST(b AS varchar(10)), "
         "CAST(CAST(c AS double precision) AS TIMESTAMP)"},
        // TABLESAMPLE in DuckDB's spelling.
        {"SELECT * FROM cloudtrail_logs TABLESAMPLE BERNOULLI (10) WHERE x = 1",
         "SELECT * FROM cloudtrail_logs TABLESAMPLE 10% (bernoulli) WHERE x = 1"},
        // Commas inside brackets do not separate tables.
        {"SELECT * FROM t JOIN u ON u.a = ARRAY['x', 'y'][1], v",
         "SELECT * FROM t JOIN u ON u.a = ARRAY['x', 'y'][1], v"},
        // FROM in expressions is not a table.
        {"SELECT trim(LEADING '/' FROM '/a'), extract(year FROM now()), a IS DISTINCT FROM 'b'",
         "SELECT trim(LEADING '/' FROM '/a'), extract(year FROM now()), a IS DISTINCT FROM 'b'"},
    };
    for (const auto& [athena, duckdb] : cases) {
        EXPECT_EQ(rewritten(athena), duckdb) << athena;
    }
}

TEST(AthenaDialectTest, LeavesStringsAndCommentsAlone) {
    const std::string sql =
        "SELECT 'json_extract_scalar(x)', \"replace(\" -- cardinality(x) `awsdatacatalog.`\n"
        "FROM t /* read_csv('x') /* nested */ default.t */ WHERE a = 'it''s regexp_like('";
    EXPECT_EQ(rewritten(sql), sql);
    // A comment between a name and its parenthesis still makes a call (DuckDB reads one).
    EXPECT_EQ(rewritten("SELECT is_nan /* c */ (x)"), "SELECT athena_is_nan(x)");
}

TEST(AthenaDialectTest, RefusesStatementsThatWriteOrAreNotAthenas) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"INSERT INTO t VALUES (1)",
         "NOT_SUPPORTED: line 1:1: INSERT is not supported: Tripline's query engine is read-only"},
        {"\n  delete FROM t",
         "NOT_SUPPORTED: line 2:3: DELETE is not supported: Tripline's query engine is read-only"},
        {"UPDATE t SET a = 1",
         "NOT_SUPPORTED: line 1:1: UPDATE is not supported: "
         "Tripline's query engine is read-only"},
        {"MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE",
         "NOT_SUPPORTED: line 1:1: MERGE is not supported: Tripline's query engine is read-only"},
        {"UNLOAD (SELECT 1) TO 's3://b/' WITH (format = 'CSV')",
         "NOT_SUPPORTED: line 1:1: UNLOAD is not supported: Tripline's query engine is read-only"},
        {"CREATE TABLE t AS SELECT 1",
         "NOT_SUPPORTED: line 1:1: CREATE TABLE AS is not "
         "supported: Tripline's query engine is read-only"},
        {"CREATE TABLE t WITH (format = 'PARQUET') AS (SELECT 1)",
         "NOT_SUPPORTED: line 1:1: CREATE TABLE AS is not supported: "
         "Tripline's query engine is read-only"},
        {"CREATE TABLE t (a int)", "NOT_SUPPORTED: line 1:1: CREATE TABLE is not supported"},
        {"COPY t TO 'x.csv'",
         "NOT_SUPPORTED: line 1:1: COPY is not supported: Tripline's query engine is read-only"},
        {"VACUUM t",
         "NOT_SUPPORTED: line 1:1: VACUUM is not supported: Tripline's query engine is read-only"},
        {"ATTACH 'x.db'", "NOT_SUPPORTED: line 1:1: ATTACH is not supported"},
        {"INSTALL httpfs", "NOT_SUPPORTED: line 1:1: INSTALL is not supported"},
        {"LOAD httpfs", "NOT_SUPPORTED: line 1:1: LOAD is not supported"},
        {"PRAGMA version", "NOT_SUPPORTED: line 1:1: PRAGMA is not supported"},
        {"SET threads = 1", "NOT_SUPPORTED: line 1:1: SET is not supported"},
        {"CALL checkpoint()", "NOT_SUPPORTED: line 1:1: CALL is not supported"},
        {"USE sec", "NOT_SUPPORTED: line 1:1: USE is not supported"},
        {"PREPARE p FROM SELECT 1", "NOT_SUPPORTED: line 1:1: PREPARE is not supported"},
        {"CREATE MACRO m(a) AS a", "NOT_SUPPORTED: line 1:1: CREATE MACRO is not supported"},
        {"CREATE OR REPLACE FUNCTION f",
         "NOT_SUPPORTED: line 1:1: CREATE OR REPLACE FUNCTION "
         "is not supported"},
        {"DROP MACRO m", "NOT_SUPPORTED: line 1:1: DROP MACRO is not supported"},
        {"ALTER TABLE t RENAME TO u",
         "NOT_SUPPORTED: line 1:1: ALTER TABLE RENAME TO is not "
         "supported"},
        {"SHOW VIEWS", "NOT_SUPPORTED: line 1:1: SHOW VIEWS is not supported"},
        {"EXPLAIN SHOW TABLES", "NOT_SUPPORTED: line 1:1: EXPLAIN SHOW TABLES is not supported"},
        {"EXPLAIN INSERT INTO t VALUES (1)",
         "NOT_SUPPORTED: line 1:9: INSERT is not supported: "
         "Tripline's query engine is read-only"},
        {"WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a",
         "NOT_SUPPORTED: line 1:22: INSERT is not supported: Tripline's query engine is "
         "read-only"},
        {"FROM cloudtrail_logs",
         "SYNTAX_ERROR: line 1:1: mismatched input 'FROM'. Expecting: "
         "'ALTER', 'CREATE', 'DESCRIBE', 'DROP', 'EXPLAIN', 'MSCK', "
         "'SELECT', 'SHOW', 'VALUES', 'WITH'"},
        {"",
         "SYNTAX_ERROR: line 1:1: mismatched input '<EOF>'. Expecting: 'ALTER', 'CREATE', "
         "'DESCRIBE', 'DROP', 'EXPLAIN', 'MSCK', 'SELECT', 'SHOW', 'VALUES', 'WITH'"},
        {"DROP TABLE t u", "SYNTAX_ERROR: line 1:14: mismatched input 'u'. Expecting: <EOF>"},
        {"SHOW TABLES IN other.db",
         "CATALOG_NOT_FOUND: line 1:16: Catalog 'other' does not "
         "exist"},
    };
    for (const auto& [sql, message] : cases) {
        EXPECT_EQ(refusal(sql), message);
    }
}

TEST(AthenaDialectTest, RefusesFunctionsThatReachOutsideTheDatabase) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"SELECT * FROM read_csv('/etc/passwd')",
         "NOT_SUPPORTED: line 1:15: function read_csv is not supported"},
        {"SELECT *\nFROM main.READ_PARQUET ('x')",
         "NOT_SUPPORTED: line 2:11: function read_parquet is not supported"},
        {"SELECT * FROM \"read_json_auto\"('x')",
         "NOT_SUPPORTED: line 1:15: function read_json_auto is not supported"},
        {"SELECT * FROM query('SELECT 1')",
         "NOT_SUPPORTED: line 1:15: function query is not supported"},
        {"SELECT * FROM glob('*')", "NOT_SUPPORTED: line 1:15: function glob is not supported"},
        {"SELECT * FROM parquet_metadata('x')",
         "NOT_SUPPORTED: line 1:15: function parquet_metadata is not supported"},
        {"SELECT * FROM iceberg_scan('x')",
         "NOT_SUPPORTED: line 1:15: function iceberg_scan is not supported"},
        {"SELECT * FROM duckdb_secrets()",
         "NOT_SUPPORTED: line 1:15: function duckdb_secrets is not supported"},
        {"SELECT getenv('HOME')", "NOT_SUPPORTED: line 1:8: function getenv is not supported"},
        {"SELECT (SELECT 1 FROM sniff_csv('x'))",
         "NOT_SUPPORTED: line 1:23: function sniff_csv is not supported"},
        {"SELECT * FROM 'x.csv'",
         "NOT_SUPPORTED: line 1:15: reading files by name is not "
         "supported"},
        {"SELECT * FROM t, \"/etc/passwd\"",
         "NOT_SUPPORTED: line 1:18: reading files by name "
         "is not supported"},
        {"SELECT * FROM t LEFT JOIN `x.parquet` ON true",
         "NOT_SUPPORTED: line 1:27: reading "
         "files by name is not supported"},
        {"SELECT * FROM (FROM 'x.json')",
         "NOT_SUPPORTED: line 1:21: reading files by name is "
         "not supported"},
        {"SELECT * FROM (SUMMARIZE 'x.csv')",
         "NOT_SUPPORTED: line 1:26: reading files by name is not supported"},
        {"TABLE 'x.csv'", "NOT_SUPPORTED: line 1:7: reading files by name is not supported"},
        {"SELECT 1 AS read_text('x')",
         "NOT_SUPPORTED: line 1:13: function read_text is not supported"},
    };
    for (const auto& [sql, message] : cases) {
        EXPECT_EQ(refusal(sql), message);
    }
}

TEST(AthenaDialectTest, RefusesConstructsDuckDbCannotRun) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"SELECT * FROM t LATERAL VIEW explode(x) e AS y",
         "NOT_SUPPORTED: line 1:17: LATERAL VIEW is not supported"},
        {"SELECT * FROM t TABLESAMPLE RESERVOIR (10)",
         "NOT_SUPPORTED: line 1:17: TABLESAMPLE RESERVOIR is not supported"},
        {"SELECT CAST(x AS ROW(a bigint))",
         "NOT_SUPPORTED: line 1:18: type row is not "
         "supported"},
        {"SELECT CAST(x AS array(ipaddress))",
         "NOT_SUPPORTED: line 1:24: type ipaddress is not "
         "supported"},
        {"SELECT approx_percentile(x, w, 0.5) FROM t",
         "NOT_SUPPORTED: line 1:8: function approx_percentile with 3 arguments is not supported"},
        {"SELECT date_parse(x, f) FROM t",
         "NOT_SUPPORTED: line 1:8: date_parse without a literal format is not supported"},
        {"SELECT E'\\''", "NOT_SUPPORTED: line 1:8: E'...' string literal is not supported"},
        {"SELECT $$x$$", "SYNTAX_ERROR: line 1:8: mismatched input '$'"},
        {"SELECT 'open", "SYNTAX_ERROR: line 1:8: unterminated string literal"},
        {"SELECT 1 /* /* */", "SYNTAX_ERROR: line 1:10: unterminated comment"},
    };
    for (const auto& [sql, message] : cases) {
        EXPECT_EQ(refusal(sql), message);
    }
}

TEST(AthenaDialectTest, ErrorsCarryTheirPosition) {
    auto statement = translate("SELECT 1\nFROM t,\n   read_text('x')");
    ASSERT_FALSE(statement.has_value());
    ASSERT_TRUE(statement.error().where.has_value());
    EXPECT_EQ(statement.error().where->begin.line, 3u);
    EXPECT_EQ(statement.error().where->begin.column, 4u);
    EXPECT_EQ(statement.error().where->begin.offset, 20u);
}

TEST(AthenaDialectTest, AllowsOneStatementOnly) {
    EXPECT_EQ(refusal("SELECT 1; SELECT 2"),
              "Only one sql statement is allowed. Got: SELECT 1; SELECT 2");
    EXPECT_EQ(refusal("SELECT 1;\nDROP TABLE t;"),
              "Only one sql statement is allowed. Got: SELECT 1;\nDROP TABLE t;");
    EXPECT_EQ(rewritten("SELECT 1; -- done\n/* really */ ;"), "SELECT 1");
    EXPECT_EQ(rewritten("SELECT ';' AS semicolon"), "SELECT ';' AS semicolon");
}

TEST(AthenaDialectTest, SchemaOfMapsTheDefaultDatabase) {
    EXPECT_EQ(schema_of("default"), "main");
    EXPECT_EQ(schema_of("DEFAULT"), "main");
    EXPECT_EQ(schema_of("SecurityLogs"), "securitylogs");
    EXPECT_EQ(schema_of(""), "");
}

TEST(AthenaDialectTest, ShowPatternsUseStarsAndAlternatives) {
    EXPECT_TRUE(matches_show_pattern("cloud*", "cloudtrail_logs"));
    EXPECT_TRUE(matches_show_pattern("CLOUD*", "CloudTrail_Logs"));
    EXPECT_TRUE(matches_show_pattern("vpc*|cloud*", "cloudtrail_logs"));
    EXPECT_TRUE(matches_show_pattern("vpc* | *logs", "cloudtrail_logs"));
    EXPECT_TRUE(matches_show_pattern("cloud.*", "cloudtrail_logs"));
    EXPECT_TRUE(matches_show_pattern("*", "x"));
    EXPECT_TRUE(matches_show_pattern("*trail*", "cloudtrail_logs"));
    EXPECT_FALSE(matches_show_pattern("cloud", "cloudtrail_logs"));
    EXPECT_FALSE(matches_show_pattern("vpc*", "cloudtrail_logs"));
    EXPECT_FALSE(matches_show_pattern("cloud_trail*", "cloudtrail_logs"));
}

}  // namespace
}  // namespace tripline::query::athena
