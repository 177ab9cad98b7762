#include "storage/finding_store.h"

#include <gtest/gtest.h>

#include <vector>

#include "storage/transaction.h"
#include "storage_test_util.h"

namespace tripline::storage {
namespace {

using namespace std::chrono_literals;

class FindingStoreTest : public test_util::StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        store_ = std::make_unique<FindingStore>(*db_);
    }

    StoredFinding finding(std::string id,
                          std::string key,
                          TimePoint updated,
                          std::string detector = "det1") {
        StoredFinding f;
        f.id = std::move(id);
        f.detector_id = std::move(detector);
        f.account_id = "111122223333";
        f.region = "us-east-1";
        f.type = "Policy:IAMUser/RootCredentialUsage";
        f.aggregation_key = std::move(key);
        f.severity = 2;
        f.updated_at = updated;
        f.document = R"({"id":")" + f.id + R"(","severity":2})";
        return f;
    }

    void put(const StoredFinding& f) {
        auto status = store_->put(f);
        ASSERT_TRUE(status) << status.error().to_string();
    }

    std::vector<std::string> ids(const Result<std::vector<StoredFinding>>& rows) {
        EXPECT_TRUE(rows) << rows.error().to_string();
        std::vector<std::string> out;
        if (rows) {
            for (const auto& row : *rows) {
                out.push_back(row.id);
            }
        }
        return out;
    }

    FakeClock clock_;
    std::unique_ptr<FindingStore> store_;
};

TEST_F(FindingStoreTest, PutThenFindByKeyRoundTripsEveryColumn) {
    StoredFinding f = finding("f1", "key-1", clock_.now());
    f.severity = 5.5;
    f.archived = true;
    f.publish = PublishState::kSuppressed;
    f.published_at = clock_.now() - 1h;
    put(f);

    auto found = store_->find_by_key("det1", "key-1");
    ASSERT_TRUE(found) << found.error().to_string();
    ASSERT_TRUE(found->has_value());
    const StoredFinding& got = **found;
    EXPECT_EQ(got.id, "f1");
    EXPECT_EQ(got.detector_id, "det1");
    EXPECT_EQ(got.account_id, "111122223333");
    EXPECT_EQ(got.region, "us-east-1");
    EXPECT_EQ(got.type, "Policy:IAMUser/RootCredentialUsage");
    EXPECT_EQ(got.aggregation_key, "key-1");
    EXPECT_DOUBLE_EQ(got.severity, 5.5);
    EXPECT_TRUE(got.archived);
    EXPECT_EQ(got.updated_at, clock_.now());
    EXPECT_EQ(got.publish, PublishState::kSuppressed);
    ASSERT_TRUE(got.published_at.has_value());
    EXPECT_EQ(*got.published_at, clock_.now() - 1h);
    EXPECT_EQ(got.document, f.document);

    auto missing = store_->find_by_key("det1", "key-2");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());
    auto other_detector = store_->find_by_key("det2", "key-1");
    ASSERT_TRUE(other_detector);
    EXPECT_FALSE(other_detector->has_value());
}

TEST_F(FindingStoreTest, PutReplacesTheRowWithTheSameId) {
    put(finding("f1", "key-1", clock_.now()));
    StoredFinding update = finding("f1", "key-1", clock_.now() + 1min);
    update.severity = 8;
    update.document = R"({"id":"f1","severity":8,"service":{"count":2}})";
    update.publish = PublishState::kPublished;
    update.published_at = clock_.now() + 1min;
    put(update);

    auto all = store_->list("det1");
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u);
    EXPECT_DOUBLE_EQ((*all)[0].severity, 8);
    EXPECT_EQ((*all)[0].document, update.document);
    EXPECT_EQ((*all)[0].publish, PublishState::kPublished);
    EXPECT_EQ((*all)[0].updated_at, clock_.now() + 1min);
}

TEST_F(FindingStoreTest, AggregationKeysAreUniquePerDetector) {
    put(finding("f1", "key-1", clock_.now()));
    auto clash = store_->put(finding("f2", "key-1", clock_.now()));
    EXPECT_FALSE(clash);
    // The same key in another detector is a different finding.
    put(finding("f3", "key-1", clock_.now(), "det2"));
    EXPECT_EQ(ids(store_->list("det1")), std::vector<std::string>{"f1"});
    EXPECT_EQ(ids(store_->list("det2")), std::vector<std::string>{"f3"});
}

TEST_F(FindingStoreTest, DocumentMustBeJson) {
    StoredFinding f = finding("f1", "key-1", clock_.now());
    f.document = "not json";
    EXPECT_FALSE(store_->put(f));
}

TEST_F(FindingStoreTest, GetKeepsTheOrderOfIdsAndTheDetector) {
    put(finding("a", "k-a", clock_.now()));
    put(finding("b", "k-b", clock_.now()));
    put(finding("c", "k-c", clock_.now(), "det2"));
    const std::vector<std::string> wanted = {"b", "missing", "c", "a"};
    EXPECT_EQ(ids(store_->get("det1", wanted)), (std::vector<std::string>{"b", "a"}));
    EXPECT_EQ(ids(store_->get("det2", wanted)), std::vector<std::string>{"c"});
    EXPECT_TRUE(ids(store_->get("det1", {})).empty());
}

TEST_F(FindingStoreTest, ListIsMostRecentlyUpdatedFirst) {
    put(finding("old", "k1", clock_.now()));
    put(finding("new", "k2", clock_.now() + 2min));
    put(finding("mid", "k3", clock_.now() + 1min));
    put(finding("other", "k4", clock_.now() + 3min, "det2"));
    EXPECT_EQ(ids(store_->list("det1")), (std::vector<std::string>{"new", "mid", "old"}));
    EXPECT_EQ(ids(store_->list_all(10)), (std::vector<std::string>{"other", "new", "mid", "old"}));
    EXPECT_EQ(ids(store_->list_all(2)), (std::vector<std::string>{"other", "new"}));
    EXPECT_TRUE(ids(store_->list("nobody")).empty());
}

TEST_F(FindingStoreTest, PendingPublicationNeverPublishedFirst) {
    StoredFinding updated_long_ago = finding("u1", "k1", clock_.now());
    updated_long_ago.published_at = clock_.now() - 2h;
    StoredFinding updated_recently = finding("u2", "k2", clock_.now());
    updated_recently.published_at = clock_.now() - 1h;
    StoredFinding published = finding("p", "k3", clock_.now());
    published.publish = PublishState::kPublished;
    published.published_at = clock_.now() - 3h;
    StoredFinding suppressed = finding("s", "k4", clock_.now());
    suppressed.publish = PublishState::kSuppressed;
    put(updated_recently);
    put(updated_long_ago);
    put(published);
    put(suppressed);
    put(finding("n2", "k5", clock_.now()));
    put(finding("n1", "k6", clock_.now()));

    EXPECT_EQ(ids(store_->pending_publication(10)),
              (std::vector<std::string>{"n1", "n2", "u1", "u2"}));
    EXPECT_EQ(ids(store_->pending_publication(3)), (std::vector<std::string>{"n1", "n2", "u1"}));
}

TEST_F(FindingStoreTest, MarkPublished) {
    put(finding("a", "k1", clock_.now()));
    put(finding("b", "k2", clock_.now()));
    put(finding("c", "k3", clock_.now()));
    const std::vector<std::string> done = {"a", "c", "unknown"};
    auto sent = store_->get("det1", done);
    ASSERT_TRUE(sent);
    auto status = store_->mark_published(*sent, clock_.now() + 5min);
    ASSERT_TRUE(status) << status.error().to_string();
    EXPECT_EQ(ids(store_->pending_publication(10)), std::vector<std::string>{"b"});
    auto rows = store_->get("det1", done);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    for (const auto& row : *rows) {
        EXPECT_EQ(row.publish, PublishState::kPublished);
        ASSERT_TRUE(row.published_at.has_value());
        EXPECT_EQ(*row.published_at, clock_.now() + 5min);
    }
}

TEST_F(FindingStoreTest, MarkPublishedJoinsAnOpenTransaction) {
    put(finding("a", "k1", clock_.now()));
    {
        auto tx = Transaction::begin(*db_);
        ASSERT_TRUE(tx);
        const std::vector<std::string> done = {"a"};
        auto sent = store_->get("det1", done);
        ASSERT_TRUE(sent);
        ASSERT_TRUE(store_->mark_published(*sent, clock_.now()));
        // Rolled back with the enclosing transaction.
    }
    EXPECT_EQ(ids(store_->pending_publication(10)), std::vector<std::string>{"a"});
}

TEST_F(FindingStoreTest, MarkPublishedSkipsAFindingUpdatedSinceItWasRead) {
    put(finding("a", "k1", clock_.now()));
    const std::vector<std::string> done = {"a"};
    auto sent = store_->get("det1", done);
    ASSERT_TRUE(sent);
    StoredFinding updated = sent->front();
    updated.document = R"({"id":"a","service":{"count":2}})";
    put(updated);
    ASSERT_TRUE(store_->mark_published(*sent, clock_.now()));
    EXPECT_EQ(ids(store_->pending_publication(10)), std::vector<std::string>{"a"});
}

TEST_F(FindingStoreTest, RemoveDetector) {
    put(finding("a", "k1", clock_.now()));
    put(finding("b", "k2", clock_.now()));
    put(finding("c", "k1", clock_.now(), "det2"));
    auto removed = store_->remove_detector("det1");
    ASSERT_TRUE(removed) << removed.error().to_string();
    EXPECT_EQ(*removed, 2);
    EXPECT_TRUE(ids(store_->list("det1")).empty());
    EXPECT_EQ(ids(store_->list("det2")), std::vector<std::string>{"c"});
    auto none = store_->remove_detector("det1");
    ASSERT_TRUE(none);
    EXPECT_EQ(*none, 0);
}

TEST_F(FindingStoreTest, SurvivesReopening) {
    put(finding("a", "k1", clock_.now()));
    store_.reset();
    db_.reset();
    db_ = test_util::open_or_die(path_);
    ASSERT_NE(db_, nullptr);
    FindingStore reopened(*db_);
    auto found = reopened.find_by_key("det1", "k1");
    ASSERT_TRUE(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, "a");
}

}  // namespace
}  // namespace tripline::storage
