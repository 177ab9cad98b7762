// Crash safety with real processes: a child process writes to the state store and dies abruptly
// (_exit or SIGKILL, no destructors, no sqlite3_close); the parent reopens the file and must see
// exactly what was committed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "storage/outbox_store.h"
#include "storage/resource_store.h"
#include "storage/transaction.h"
#include "storage_test_util.h"

namespace tripline::storage {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = from_unix_ms(1'700'000'000'000);

StoredResource topic(const std::string& name) {
    return StoredResource{"123456789012",
                          "us-east-1",
                          "sns:topic",
                          name,
                          "arn:aws:sns:us-east-1:123456789012:" + name,
                          "{}",
                          {},
                          {}};
}

// Runs `body` in a child process that opens its own connection to `path`. `body` ends the child
// itself; returning from it is reported as exit code 3. Returns the child's wait status.
int run_child(const std::filesystem::path& path, const std::function<void(Database&)>& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        auto db = Database::open(path);
        if (!db.has_value()) {
            ::_exit(2);
        }
        body(**db);
        ::_exit(3);
    }
    int status = 0;
    EXPECT_EQ(::waitpid(pid, &status, 0), pid);
    return status;
}

class CrashSafetyTest : public test_util::StoreTest {
protected:
    // Closes the parent's connection so that the children are the only writers.
    void SetUp() override {
        StoreTest::SetUp();
        db_.reset();
    }

    std::vector<std::string> names() {
        auto db = test_util::open_or_die(path_);
        std::vector<std::string> out;
        if (db == nullptr) {
            return out;
        }
        auto listed = ResourceStore(*db).list("123456789012", "us-east-1", "sns:topic");
        EXPECT_TRUE(listed.has_value());
        for (const auto& r : listed.value_or(std::vector<StoredResource>{})) {
            out.push_back(r.name);
        }
        return out;
    }
};

TEST_F(CrashSafetyTest, CommittedSurvivesUncommittedVanishes) {
    // Child 1 commits, then dies without closing the database.
    int status = run_child(path_, [](Database& db) {
        Status st = with_transaction(db, [&]() -> Status {
            TRIPLINE_TRY(ResourceStore(db).put(topic("committed"), kT0));
            return ok_status();
        });
        ::_exit(st.has_value() ? 0 : 1);
    });
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);

    // Child 2 writes inside an open transaction and dies before committing.
    status = run_child(path_, [](Database& db) {
        auto tx = Transaction::begin(db);
        if (!tx.has_value() || !ResourceStore(db).put(topic("uncommitted"), kT0).has_value()) {
            ::_exit(1);
        }
        ::_exit(0);
    });
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);

    EXPECT_EQ(names(), std::vector<std::string>{"committed"});
}

TEST_F(CrashSafetyTest, KilledMidTransactionLeavesTheLastCommit) {
    int status = run_child(path_, [](Database& db) {
        ResourceStore store(db);
        if (!store.put(topic("first"), kT0).has_value()) {
            ::_exit(1);
        }
        auto tx = Transaction::begin(db);
        for (int i = 0; i < 100; ++i) {
            if (!store.put(topic("lost" + std::to_string(i)), kT0).has_value()) {
                ::_exit(1);
            }
        }
        ::raise(SIGKILL);
    });
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGKILL);
    EXPECT_EQ(names(), std::vector<std::string>{"first"});
    // The store is writable again: the dead process's lock went with it.
    auto db = test_util::open_or_die(path_, OpenOptions{100ms});
    ASSERT_NE(db, nullptr);
    EXPECT_TRUE(ResourceStore(*db).put(topic("after"), kT0).has_value());
}

// At-least-once: a worker process claims messages and dies; after the lease they are claimed again.
TEST_F(CrashSafetyTest, OutboxMessagesOfACrashedWorkerAreClaimedAgain) {
    FakeClock clock;
    {
        auto db = test_util::open_or_die(path_);
        ASSERT_NE(db, nullptr);
        OutboxStore outbox(*db);
        for (int i = 0; i < 3; ++i) {
            ASSERT_TRUE(outbox.enqueue("k", "d", std::to_string(i), clock.now()).has_value());
        }
    }
    const TimePoint now = clock.now();
    int status = run_child(path_, [now](Database& db) {
        auto claimed = OutboxStore(db).claim_due(now, 2, 30s);
        ::_exit(claimed.has_value() && claimed->size() == 2 ? 0 : 1);
    });
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);

    auto db = test_util::open_or_die(path_);
    ASSERT_NE(db, nullptr);
    OutboxStore outbox(*db);
    EXPECT_EQ(outbox.counts()->in_flight, 2);
    auto before_lease = outbox.claim_due(clock.now() + 10s, 10, 30s);
    ASSERT_TRUE(before_lease.has_value());
    ASSERT_EQ(before_lease->size(), 1u);  // only the unclaimed one
    clock.advance(31s);
    auto after_lease = outbox.claim_due(clock.now(), 10, 30s);
    ASSERT_TRUE(after_lease.has_value());
    EXPECT_EQ(after_lease->size(), 2u);  // the crashed worker's two
}

}  // namespace
}  // namespace tripline::storage
