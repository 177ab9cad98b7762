#include "storage/migrations.h"

#include <gtest/gtest.h>

#include <array>

#include "test_support.h"

namespace tripline::storage {
namespace {

using tripline::testing::TempDir;

std::vector<std::string> tables(Database& db) {
    auto stmt = db.prepare(
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') AND name NOT LIKE "
        "'sqlite_%' ORDER BY name");
    EXPECT_TRUE(stmt.has_value());
    std::vector<std::string> out;
    while (stmt->step().value_or(false)) {
        out.push_back(stmt->column_string(0));
    }
    return out;
}

TEST(Migrations, BuiltinListIsOrdered) {
    auto list = builtin_migrations();
    ASSERT_FALSE(list.empty());
    for (std::size_t i = 0; i < list.size(); ++i) {
        EXPECT_EQ(list[i].version, static_cast<int>(i) + 1);
        EXPECT_FALSE(list[i].sql.empty());
    }
    EXPECT_EQ(latest_schema_version(), list.back().version);
}

TEST(Migrations, FreshDatabaseGetsTheInitialSchema) {
    auto db = Database::open(":memory:");
    ASSERT_TRUE(db.has_value());
    EXPECT_EQ(schema_version(**db).value_or(-1), 0);
    auto v = migrate(**db);
    ASSERT_TRUE(v.has_value()) << v.error().to_string();
    EXPECT_EQ(*v, latest_schema_version());
    EXPECT_EQ(schema_version(**db).value_or(-1), latest_schema_version());
    EXPECT_EQ(tables(**db),
              (std::vector<std::string>{"access_keys",
                                        "access_keys_by_user",
                                        "accounts",
                                        "detection_state",
                                        "findings",
                                        "findings_by_detector",
                                        "findings_to_publish",
                                        "iam_users",
                                        "ingest_files",
                                        "ingested_events",
                                        "log_events",
                                        "log_events_by_group",
                                        "log_events_by_stream",
                                        "log_events_by_time",
                                        "metric_data",
                                        "metric_data_by_minute",
                                        "outbox",
                                        "outbox_due",
                                        "resources",
                                        "resources_by_type",
                                        "sqs_messages",
                                        "sqs_messages_by_age",
                                        "sqs_messages_by_visibility"}));
}

TEST(Migrations, OpeningTwiceIsIdempotent) {
    TempDir dir;
    auto path = dir.path() / "state.db";
    {
        auto db = open_state_store(path);
        ASSERT_TRUE(db.has_value()) << db.error().to_string();
        ASSERT_TRUE((*db)->exec("INSERT INTO accounts VALUES ('123456789012', 'a', 0)"));
    }
    for (int i = 0; i < 2; ++i) {
        auto db = open_state_store(path);
        ASSERT_TRUE(db.has_value()) << db.error().to_string();
        EXPECT_EQ(schema_version(**db).value_or(-1), latest_schema_version());
        auto stmt = (*db)->prepare("SELECT count(*) FROM accounts");
        ASSERT_TRUE(stmt.has_value() && stmt->step().value_or(false));
        EXPECT_EQ(stmt->column_int64(0), 1);
    }
}

TEST(Migrations, RefusesANewerDatabase) {
    TempDir dir;
    auto path = dir.path() / "state.db";
    {
        auto db = open_state_store(path);
        ASSERT_TRUE(db.has_value());
        ASSERT_TRUE((*db)->exec("PRAGMA user_version = 7"));
    }
    auto db = open_state_store(path);
    ASSERT_FALSE(db.has_value());
    EXPECT_EQ(db.error().code, Errc::kFailedPrecondition);
    EXPECT_EQ(db.error().message,
              "state.db is schema version 7 but this tripline knows up to " +
                  std::to_string(latest_schema_version()) + "; upgrade tripline");
}

TEST(Migrations, AppliesOnlyMissingStepsInOrder) {
    constexpr std::array<Migration, 3> steps = {
        Migration{1, "a", "CREATE TABLE a(x); INSERT INTO a VALUES ('1');"},
        Migration{2, "b", "INSERT INTO a VALUES ('2');"},
        Migration{3, "c", "INSERT INTO a VALUES ('3');"},
    };
    auto db = Database::open(":memory:");
    ASSERT_TRUE(db.has_value());
    auto v1 = migrate(**db, std::span(steps).first(1));
    ASSERT_TRUE(v1.has_value());
    EXPECT_EQ(*v1, 1);
    auto v3 = migrate(**db, steps);
    ASSERT_TRUE(v3.has_value());
    EXPECT_EQ(*v3, 3);
    EXPECT_EQ(migrate(**db, steps).value_or(-1), 3);
    auto stmt = (*db)->prepare("SELECT group_concat(x, '') FROM a");
    ASSERT_TRUE(stmt.has_value() && stmt->step().value_or(false));
    EXPECT_EQ(stmt->column_text(0), "123");

    // The binary with only step 1 refuses the database now at 3.
    auto old = migrate(**db, std::span(steps).first(1));
    ASSERT_FALSE(old.has_value());
    EXPECT_EQ(old.error().message,
              ":memory: is schema version 3 but this tripline knows up to 1; upgrade tripline");
}

TEST(Migrations, AFailingStepLeavesThePreviousVersion) {
    constexpr std::array<Migration, 2> steps = {
        Migration{1, "ok", "CREATE TABLE a(x);"},
        Migration{2, "broken", "CREATE TABLE b(y); INSERT INTO nowhere VALUES (1);"},
    };
    auto db = Database::open(":memory:");
    ASSERT_TRUE(db.has_value());
    auto v = migrate(**db, steps);
    ASSERT_FALSE(v.has_value());
    EXPECT_NE(v.error().message.find("nowhere"), std::string::npos);
    EXPECT_EQ(schema_version(**db).value_or(-1), 1);
    EXPECT_EQ(tables(**db), std::vector<std::string>{"a"});  // b was rolled back
    EXPECT_FALSE((*db)->in_transaction());
}

TEST(Migrations, RejectsAMalformedList) {
    constexpr std::array<Migration, 2> gap = {
        Migration{1, "a", "SELECT 1"},
        Migration{3, "c", "SELECT 1"},
    };
    auto db = Database::open(":memory:");
    ASSERT_TRUE(db.has_value());
    auto v = migrate(**db, gap);
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(v.error().code, Errc::kInternal);
    EXPECT_EQ(schema_version(**db).value_or(-1), 0);
}

}  // namespace
}  // namespace tripline::storage
