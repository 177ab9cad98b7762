#include "query/trail_store.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "query_test_util.h"

namespace tripline::query {
namespace {

using test_util::assumed_role_event;
using test_util::iam_user_event;
using test_util::TrailStoreTest;

TEST_F(TrailStoreTest, AppendIsVisibleAfterFlush) {
    std::vector<event::CloudTrailRecord> records = {iam_user_event("e1", 0),
                                                    iam_user_event("e2", 1)};
    ASSERT_TRUE(store_->append(records).has_value());
    EXPECT_EQ(count(), 0U) << "buffered until flush";
    ASSERT_TRUE(store_->flush().has_value());
    EXPECT_EQ(count(), 2U);
    ASSERT_TRUE(store_->flush().has_value()) << "an empty flush is fine";
    EXPECT_EQ(count(), 2U);
}

TEST_F(TrailStoreTest, AppendLoadsWhenTheBatchIsFull) {
    open(TrailStoreOptions{.batch_records = 3});
    std::vector<event::CloudTrailRecord> records;
    for (int i = 0; i < 7; ++i) {
        records.push_back(iam_user_event("e" + std::to_string(i), i));
    }
    ASSERT_TRUE(store_->append(records).has_value());
    EXPECT_EQ(count(), 6U) << "two full batches loaded, one record still buffered";
    ASSERT_TRUE(store_->flush().has_value());
    EXPECT_EQ(count(), 7U);
}

TEST_F(TrailStoreTest, LoadsBatchesLargerThanOneChunk) {
    open(TrailStoreOptions{.batch_records = 50'000});
    std::vector<event::CloudTrailRecord> records;
    for (int i = 0; i < 40'000; ++i) {
        records.push_back(iam_user_event("e" + std::to_string(i), i % 600));
    }
    append(records);
    EXPECT_EQ(count(), 40'000U);
    EXPECT_EQ(scalar("SELECT count(DISTINCT eventid) FROM cloudtrail_logs"), "40000");
}

TEST_F(TrailStoreTest, DuplicatesWithinABatchAreStoredOnce) {
    append({iam_user_event("same", 0), iam_user_event("same", 0), iam_user_event("other", 0)});
    EXPECT_EQ(count(), 2U);
}

TEST_F(TrailStoreTest, DuplicatesOfStoredRecordsAreDropped) {
    append({iam_user_event("e1", 0), iam_user_event("e2", 5)});
    append({iam_user_event("e2", 5), iam_user_event("e3", 6), iam_user_event("e1", 0)});
    EXPECT_EQ(count(), 3U);
    EXPECT_EQ(scalar("SELECT string_agg(eventid, ',' ORDER BY eventid) FROM cloudtrail_logs"),
              "e1,e2,e3");
}

TEST_F(TrailStoreTest, DuplicatesAreDroppedAcrossManyChunks) {
    std::vector<event::CloudTrailRecord> records;
    for (int i = 0; i < 20'000; ++i) {
        records.push_back(iam_user_event("e" + std::to_string(i), i % 100));
    }
    append(records);
    append(records);  // the same again, spread over many chunks
    EXPECT_EQ(count(), 20'000U);
}

TEST_F(TrailStoreTest, TheSameEventIdInAnotherAccountIsNotADuplicate) {
    event::CloudTrailRecord other = iam_user_event("e1", 0);
    other.recipient_account_id = "210987654321";
    other.user_identity->account_id = "210987654321";
    append({iam_user_event("e1", 0), other});
    EXPECT_EQ(count(), 2U);
}

TEST_F(TrailStoreTest, RecordsWithoutEventIdOrTimeAreKept) {
    event::CloudTrailRecord no_id = iam_user_event("x", 0);
    no_id.event_id.reset();
    event::CloudTrailRecord no_time = iam_user_event("t", 0);
    no_time.event_time = "yesterday";
    append({no_id, no_id, no_time});
    append({no_time});
    EXPECT_EQ(count(), 3U) << "no eventID: no dedup; an unparsable time still dedups by ID";
}

TEST_F(TrailStoreTest, PruneBeforeDeletesOlderRecords) {
    append({iam_user_event("old", -3600), iam_user_event("new", 0)});
    auto pruned = store_->prune_before(test_util::base_time() - std::chrono::seconds(1));
    ASSERT_TRUE(pruned.has_value()) << pruned.error().to_string();
    EXPECT_EQ(*pruned, 1U);
    EXPECT_EQ(count(), 1U);
    EXPECT_EQ(scalar("SELECT eventid FROM cloudtrail_logs"), "new");
}

TEST_F(TrailStoreTest, RecordsSurviveReopening) {
    append({iam_user_event("e1", 0)});
    ASSERT_TRUE(store_->append(std::vector{iam_user_event("e2", 1)}).has_value());
    open();  // closing loads what was still buffered
    EXPECT_EQ(count(), 2U);
    append({iam_user_event("e1", 0)});
    EXPECT_EQ(count(), 2U) << "dedup also against records of an earlier session";
}

TEST_F(TrailStoreTest, AFileOpenInAnotherProcessIsUnavailable) {
    store_.reset();
    int ready[2];
    int done[2];
    ASSERT_EQ(pipe(ready), 0);
    ASSERT_EQ(pipe(done), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto held = TrailStore::open(dir_.path() / "trail.duckdb");
        char byte = held ? '1' : '0';
        (void)!write(ready[1], &byte, 1);
        (void)!read(done[0], &byte, 1);
        _exit(0);
    }
    char byte = 0;
    ASSERT_EQ(read(ready[0], &byte, 1), 1);
    ASSERT_EQ(byte, '1');
    auto second = TrailStore::open(dir_.path() / "trail.duckdb");
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().code, Errc::kUnavailable) << second.error().to_string();
    (void)!write(done[1], &byte, 1);
    int status = 0;
    waitpid(child, &status, 0);
    for (int fd : {ready[0], ready[1], done[0], done[1]}) {
        close(fd);
    }
    open();
}

TEST_F(TrailStoreTest, ExecuteReturnsColumnsAndStringRows) {
    append({iam_user_event("e1", 0), assumed_role_event("e2", 1)});
    auto table = store_->execute(
        "SELECT eventid, eventname, errorcode, 1 + 1 AS two FROM cloudtrail_logs ORDER BY eventid");
    ASSERT_TRUE(table.has_value()) << table.error().to_string();
    EXPECT_EQ(table->columns,
              (std::vector<std::string>{"eventid", "eventname", "errorcode", "two"}));
    ASSERT_EQ(table->rows.size(), 2U);
    EXPECT_EQ(table->rows[0][0], "e1");
    EXPECT_EQ(table->rows[1][1], "RunInstances");
    EXPECT_EQ(table->rows[0][2], std::nullopt);
    EXPECT_EQ(table->rows[0][3], "2");
}

TEST_F(TrailStoreTest, ExecuteReportsBadSql) {
    auto syntax = store_->execute("SELEC 1");
    ASSERT_FALSE(syntax.has_value());
    EXPECT_EQ(syntax.error().code, Errc::kInvalidArgument);
    EXPECT_NE(syntax.error().message.find("syntax"), std::string::npos) << syntax.error().message;

    auto missing = store_->execute("SELECT nosuchcolumn FROM cloudtrail_logs");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kInvalidArgument);
    EXPECT_NE(missing.error().message.find("nosuchcolumn"), std::string::npos);

    auto table = store_->execute("SELECT * FROM nosuchtable");
    ASSERT_FALSE(table.has_value());
    EXPECT_EQ(table.error().code, Errc::kInvalidArgument);
}

TEST_F(TrailStoreTest, ConcurrentAppendsAndQueries) {
    std::thread writer([&] {
        for (int batch = 0; batch < 20; ++batch) {
            std::vector<event::CloudTrailRecord> records;
            for (int i = 0; i < 50; ++i) {
                records.push_back(
                    iam_user_event(std::to_string(batch) + "-" + std::to_string(i), batch));
            }
            EXPECT_TRUE(store_->append(records).has_value());
            EXPECT_TRUE(store_->flush().has_value());
        }
    });
    for (int i = 0; i < 20; ++i) {
        LookupQuery query;
        query.account_id = test_util::kAccount;
        query.region = test_util::kRegion;
        EXPECT_TRUE(store_->lookup(query, test_util::base_time()).has_value());
        EXPECT_TRUE(store_->count().has_value());
    }
    writer.join();
    EXPECT_EQ(count(), 1000U);
}

}  // namespace
}  // namespace tripline::query
