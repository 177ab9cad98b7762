#include "storage/database.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <array>
#include <optional>
#include <vector>

#include "storage/transaction.h"
#include "test_support.h"

namespace tripline::storage {
namespace {

using tripline::testing::TempDir;

std::unique_ptr<Database> memory_db() {
    auto db = Database::open(":memory:");
    EXPECT_TRUE(db.has_value());
    return std::move(db).value();
}

std::string pragma(Database& db, const std::string& name) {
    auto stmt = db.prepare("PRAGMA " + name);
    EXPECT_TRUE(stmt.has_value());
    auto row = stmt->step();
    EXPECT_TRUE(row.has_value() && *row);
    return stmt->column_string(0);
}

TEST(Database, CreatesFileWithMode0600AndDurableSettings) {
    TempDir dir;
    auto path = dir.path() / "state.db";
    auto db = Database::open(path);
    ASSERT_TRUE(db.has_value()) << db.error().to_string();
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(pragma(**db, "journal_mode"), "wal");
    EXPECT_EQ(pragma(**db, "synchronous"), "2");  // FULL
    EXPECT_EQ(pragma(**db, "foreign_keys"), "1");
    EXPECT_EQ(pragma(**db, "busy_timeout"), "5000");
    EXPECT_EQ((*db)->name(), "state.db");
    EXPECT_EQ((*db)->path(), path);

    // The write-ahead log gets the database's mode too.
    ASSERT_TRUE((*db)->exec("CREATE TABLE t(x)"));
    ASSERT_EQ(::stat((path.string() + "-wal").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(Database, BusyTimeoutOption) {
    TempDir dir;
    auto db = Database::open(dir.path() / "a.db", OpenOptions{std::chrono::milliseconds{250}});
    ASSERT_TRUE(db.has_value());
    EXPECT_EQ(pragma(**db, "busy_timeout"), "250");
}

TEST(Database, OpenErrors) {
    TempDir dir;
    auto missing = Database::open(dir.path() / "absent.db", OpenOptions{.create = false});
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);

    auto no_dir = Database::open(dir.path() / "no" / "such" / "dir.db");
    ASSERT_FALSE(no_dir.has_value());
    EXPECT_EQ(no_dir.error().code, Errc::kIo);
    EXPECT_NE(no_dir.error().message.find("dir.db"), std::string::npos);

    // Not a database.
    auto junk = dir.path() / "junk.db";
    {
        FILE* f = std::fopen(junk.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("this is not an SQLite database, but long enough to have a header......", f);
        std::fclose(f);
    }
    auto bad = Database::open(junk);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, Errc::kIo);
}

TEST(Database, InMemory) {
    auto db = memory_db();
    EXPECT_EQ(db->name(), ":memory:");
    EXPECT_EQ(pragma(*db, "foreign_keys"), "1");
    ASSERT_TRUE(db->exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2);"));
    EXPECT_EQ(db->changes(), 2);
}

TEST(Database, ExecErrorNamesSqlAndMessage) {
    auto db = memory_db();
    Status st = db->exec("CREATE TABLE t(x); SELEKT nonsense");
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, Errc::kIo);
    EXPECT_NE(st.error().message.find("syntax error"), std::string::npos) << st.error().message;
    EXPECT_NE(st.error().message.find("SELEKT nonsense"), std::string::npos);
}

TEST(Database, PrepareErrors) {
    auto db = memory_db();
    auto syntax = db->prepare("SELECT FROM WHERE");
    ASSERT_FALSE(syntax.has_value());
    EXPECT_EQ(syntax.error().code, Errc::kIo);
    EXPECT_NE(syntax.error().message.find("SELECT FROM WHERE"), std::string::npos);

    auto no_table = db->prepare("SELECT * FROM missing");
    ASSERT_FALSE(no_table.has_value());
    EXPECT_NE(no_table.error().message.find("no such table"), std::string::npos);

    auto empty = db->prepare("  ;");
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, Errc::kInvalidArgument);

    auto two = db->prepare("SELECT 1; SELECT 2");
    ASSERT_FALSE(two.has_value());
    EXPECT_EQ(two.error().code, Errc::kInvalidArgument);

    EXPECT_TRUE(db->prepare("SELECT 1;  \n").has_value());
}

TEST(Database, BindsEveryTypeAndReadsColumns) {
    auto db = memory_db();
    ASSERT_TRUE(db->exec("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n)"));
    const std::array<std::byte, 3> blob{std::byte{0}, std::byte{0xff}, std::byte{7}};
    {
        auto ins = db->prepare("INSERT INTO t VALUES(?1, ?2, ?3, ?4, ?5)");
        ASSERT_TRUE(ins.has_value());
        ASSERT_TRUE(ins->bind_int64(1, -42));
        ASSERT_TRUE(ins->bind_double(2, 2.5));
        ASSERT_TRUE(ins->bind_text(3, std::string_view("a\0b", 3)));
        ASSERT_TRUE(ins->bind_blob(4, blob));
        ASSERT_TRUE(ins->bind_null(5));
        auto done = ins->step();
        ASSERT_TRUE(done.has_value());
        EXPECT_FALSE(*done);
        EXPECT_EQ(db->last_insert_rowid(), 1);
    }
    auto sel = db->prepare("SELECT i, r, s, b, n FROM t");
    ASSERT_TRUE(sel.has_value());
    auto row = sel->step();
    ASSERT_TRUE(row.has_value() && *row);
    EXPECT_EQ(sel->column_count(), 5);
    EXPECT_EQ(sel->column_int64(0), -42);
    EXPECT_DOUBLE_EQ(sel->column_double(1), 2.5);
    EXPECT_EQ(sel->column_text(2), std::string_view("a\0b", 3));
    auto got = sel->column_blob(3);
    EXPECT_EQ(std::vector<std::byte>(got.begin(), got.end()),
              std::vector<std::byte>(blob.begin(), blob.end()));
    EXPECT_TRUE(sel->column_is_null(4));
    EXPECT_FALSE(sel->column_is_null(0));
    EXPECT_EQ(sel->column_text(4), "");
    EXPECT_TRUE(sel->column_blob(4).empty());
    EXPECT_EQ(sel->column_optional_string(4), std::nullopt);
    EXPECT_EQ(sel->column_optional_string(2), std::string("a\0b", 3));
    EXPECT_EQ(sel->column_optional_time(4), std::nullopt);
    auto end = sel->step();
    ASSERT_TRUE(end.has_value());
    EXPECT_FALSE(*end);
}

TEST(Database, BindAllByType) {
    auto db = memory_db();
    const TimePoint t = from_unix_ms(1'700'000'000'123);
    std::optional<int> none;
    std::optional<std::string> some = "x";
    std::vector<std::byte> bytes{std::byte{1}, std::byte{2}};
    auto stmt = db->prepare("SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, typeof(?10), typeof(?11)",
                            7,
                            true,
                            1.5f,
                            "text",
                            std::string("str"),
                            t,
                            none,
                            some,
                            bytes,
                            nullptr,
                            std::string_view(""));
    ASSERT_TRUE(stmt.has_value()) << stmt.error().to_string();
    ASSERT_TRUE(stmt->step().value_or(false));
    EXPECT_EQ(stmt->column_int64(0), 7);
    EXPECT_EQ(stmt->column_int64(1), 1);
    EXPECT_DOUBLE_EQ(stmt->column_double(2), 1.5);
    EXPECT_EQ(stmt->column_text(3), "text");
    EXPECT_EQ(stmt->column_text(4), "str");
    EXPECT_EQ(stmt->column_int64(5), 1'700'000'000'123);
    EXPECT_EQ(stmt->column_time(5), t);
    EXPECT_TRUE(stmt->column_is_null(6));
    EXPECT_EQ(stmt->column_text(7), "x");
    EXPECT_EQ(stmt->column_blob(8).size(), 2u);
    EXPECT_EQ(stmt->column_text(9), "null");
    EXPECT_EQ(stmt->column_text(10), "text");  // "" is an empty string, not NULL
}

TEST(Database, BindOutOfRangeIsInvalidArgument) {
    auto db = memory_db();
    auto stmt = db->prepare("SELECT ?1");
    ASSERT_TRUE(stmt.has_value());
    Status st = stmt->bind(2, 1);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, Errc::kInvalidArgument);
    auto too_many = db->prepare("SELECT ?1", 1, 2);
    ASSERT_FALSE(too_many.has_value());
    EXPECT_EQ(too_many.error().code, Errc::kInvalidArgument);
}

TEST(Database, ResetRerunsAndClearsBindings) {
    auto db = memory_db();
    auto stmt = db->prepare("SELECT ?1");
    ASSERT_TRUE(stmt.has_value());
    ASSERT_TRUE(stmt->bind(1, 5));
    ASSERT_TRUE(stmt->step().value_or(false));
    EXPECT_EQ(stmt->column_int64(0), 5);
    stmt->reset();
    ASSERT_TRUE(stmt->step().value_or(false));
    EXPECT_TRUE(stmt->column_is_null(0));
    stmt->reset();
    ASSERT_TRUE(stmt->bind(1, 6));
    ASSERT_TRUE(stmt->step().value_or(false));
    EXPECT_EQ(stmt->column_int64(0), 6);
    EXPECT_EQ(stmt->sql(), "SELECT ?1");
}

TEST(Database, ConstraintErrorsMapToCodes) {
    auto db = memory_db();
    ASSERT_TRUE(db->exec(
        "CREATE TABLE p(id INTEGER PRIMARY KEY, u TEXT UNIQUE, v TEXT NOT NULL CHECK (v != 'bad'));"
        "CREATE TABLE c(pid INTEGER REFERENCES p(id));"
        "INSERT INTO p VALUES (1, 'a', 'ok');"));
    auto dup_pk = db->run("INSERT INTO p VALUES (1, 'b', 'ok')");
    ASSERT_FALSE(dup_pk.has_value());
    EXPECT_EQ(dup_pk.error().code, Errc::kAlreadyExists);
    auto dup_unique = db->run("INSERT INTO p VALUES (2, 'a', 'ok')");
    ASSERT_FALSE(dup_unique.has_value());
    EXPECT_EQ(dup_unique.error().code, Errc::kAlreadyExists);
    EXPECT_NE(dup_unique.error().message.find("UNIQUE"), std::string::npos);
    auto not_null = db->run("INSERT INTO p VALUES (3, 'c', NULL)");
    ASSERT_FALSE(not_null.has_value());
    EXPECT_EQ(not_null.error().code, Errc::kFailedPrecondition);
    auto check = db->run("INSERT INTO p VALUES (?1, ?2, ?3)", 4, "d", "bad");
    ASSERT_FALSE(check.has_value());
    EXPECT_EQ(check.error().code, Errc::kFailedPrecondition);
    auto fk = db->run("INSERT INTO c VALUES (99)");
    ASSERT_FALSE(fk.has_value());
    EXPECT_EQ(fk.error().code, Errc::kFailedPrecondition);
    EXPECT_NE(fk.error().message.find("FOREIGN KEY"), std::string::npos);
    // The statement's failure leaves the connection usable.
    auto ok = db->run("INSERT INTO c VALUES (?1)", 1);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(*ok, 1);
}

TEST(Database, BusyIsUnavailable) {
    TempDir dir;
    auto path = dir.path() / "busy.db";
    auto a = Database::open(path);
    auto b = Database::open(path, OpenOptions{std::chrono::milliseconds{0}});
    ASSERT_TRUE(a.has_value() && b.has_value());
    ASSERT_TRUE((*a)->exec("CREATE TABLE t(x)"));
    auto tx = Transaction::begin(**a);
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE((*a)->exec("INSERT INTO t VALUES (1)"));
    Status st = (*b)->exec("INSERT INTO t VALUES (2)");
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, Errc::kUnavailable);
    auto begin = Transaction::begin(**b);
    ASSERT_FALSE(begin.has_value());
    EXPECT_EQ(begin.error().code, Errc::kUnavailable);
    // WAL: a reader is not blocked by the writer and sees the last commit.
    auto count = (*b)->prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(count.has_value());
    ASSERT_TRUE(count->step().value_or(false));
    EXPECT_EQ(count->column_int64(0), 0);
}

TEST(Database, RunReturnsChangesAndMoveWorks) {
    auto opened = Database::open(":memory:");
    ASSERT_TRUE(opened.has_value());
    Database db = std::move(**opened);
    ASSERT_TRUE(db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)"));
    auto n = db.run("UPDATE t SET x = x + 1 WHERE x >= ?1", 2);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(*n, 2);
    Database other = std::move(db);
    auto again = other.run("DELETE FROM t");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, 3);
    EXPECT_NE(other.native_handle(), nullptr);
}

TEST(Database, StatementMoves) {
    auto db = memory_db();
    auto s1 = db->prepare("SELECT 1");
    auto s2 = db->prepare("SELECT 2");
    ASSERT_TRUE(s1.has_value() && s2.has_value());
    Statement a = std::move(*s1);
    a = std::move(*s2);
    ASSERT_TRUE(a.step().value_or(false));
    EXPECT_EQ(a.column_int64(0), 2);
}

TEST(Database, CachedStatementsComeBackResetWithoutBindings) {
    auto db = memory_db();
    ASSERT_TRUE(db->exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3)"));
    {
        // Abandoned mid-iteration with a binding: the next user must start from the first row.
        auto s = db->prepare("SELECT x FROM t WHERE x >= ?1 ORDER BY x", 2);
        ASSERT_TRUE(s.has_value() && s->step().value_or(false));
        EXPECT_EQ(s->column_int64(0), 2);
    }
    auto again = db->prepare("SELECT x FROM t WHERE x >= ?1 ORDER BY x");
    ASSERT_TRUE(again.has_value());
    // Unbound parameters are NULL: no row compares >= NULL.
    EXPECT_FALSE(again->step().value_or(true));
    again->reset();
    ASSERT_TRUE(again->bind(1, 1));
    ASSERT_TRUE(again->step().value_or(false));
    EXPECT_EQ(again->column_int64(0), 1);
    // The same SQL in use twice at once gets two statements.
    auto second = db->prepare("SELECT x FROM t WHERE x >= ?1 ORDER BY x", 3);
    ASSERT_TRUE(second.has_value() && second->step().value_or(false));
    EXPECT_EQ(second->column_int64(0), 3);
    ASSERT_TRUE(again->step().value_or(false));
    EXPECT_EQ(again->column_int64(0), 2);
}

TEST(Database, AnAbandonedCachedReadDoesNotHoldASnapshot) {
    TempDir dir;
    auto writer = Database::open(dir.path() / "state.db");
    auto reader = Database::open(dir.path() / "state.db");
    ASSERT_TRUE(writer.has_value() && reader.has_value());
    ASSERT_TRUE((*writer)->exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1)"));
    {
        auto s = (*reader)->prepare("SELECT count(*) FROM t");
        ASSERT_TRUE(s.has_value() && s->step().value_or(false));
        EXPECT_EQ(s->column_int64(0), 1);
    }  // cached, not finalized: it must have been reset, ending its read transaction
    ASSERT_TRUE((*writer)->exec("INSERT INTO t VALUES (2)"));
    auto s = (*reader)->prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(s.has_value() && s->step().value_or(false));
    EXPECT_EQ(s->column_int64(0), 2);
}

TEST(Database, UnixMillis) {
    const TimePoint t{std::chrono::milliseconds{1'234'567}};
    EXPECT_EQ(to_unix_ms(t), 1'234'567);
    EXPECT_EQ(from_unix_ms(1'234'567), t);
    EXPECT_EQ(to_unix_ms(t + std::chrono::microseconds{999}), 1'234'567);  // truncated
}

}  // namespace
}  // namespace tripline::storage
