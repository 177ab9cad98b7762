#include "storage/resource_store.h"

#include <gtest/gtest.h>

#include "storage/transaction.h"
#include "storage_test_util.h"

namespace tripline::storage {
namespace {

const TimePoint kT0 = from_unix_ms(1'700'000'000'000);
const TimePoint kT1 = from_unix_ms(1'700'000'500'000);

StoredResource topic(std::string name, std::string document = R"({"DisplayName":""})") {
    StoredResource r;
    r.account_id = "123456789012";
    r.region = "us-east-1";
    r.type = "sns:topic";
    r.name = name;
    r.arn = "arn:aws:sns:us-east-1:123456789012:" + name;
    r.document = std::move(document);
    return r;
}

class ResourceStoreTest : public test_util::StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        store_ = std::make_unique<ResourceStore>(*db_);
    }
    std::unique_ptr<ResourceStore> store_;
};

TEST_F(ResourceStoreTest, PutInsertsThenUpdatesKeepingCreatedAt) {
    auto first = store_->put(topic("alerts"), kT0);
    ASSERT_TRUE(first.has_value()) << first.error().to_string();
    EXPECT_EQ(first->created_at, kT0);
    EXPECT_EQ(first->updated_at, kT0);
    EXPECT_EQ(first->arn, "arn:aws:sns:us-east-1:123456789012:alerts");

    auto second = store_->put(topic("alerts", R"({"DisplayName":"Alerts"})"), kT1);
    ASSERT_TRUE(second.has_value()) << second.error().to_string();
    EXPECT_EQ(second->created_at, kT0);
    EXPECT_EQ(second->updated_at, kT1);
    EXPECT_EQ(second->document, R"({"DisplayName":"Alerts"})");

    auto got = store_->get("123456789012", "us-east-1", "sns:topic", "alerts");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->document, R"({"DisplayName":"Alerts"})");
    EXPECT_EQ(got->created_at, kT0);
    EXPECT_EQ(got->updated_at, kT1);
    EXPECT_EQ(got->type, "sns:topic");
    EXPECT_EQ(got->name, "alerts");
    EXPECT_EQ(got->region, "us-east-1");
    EXPECT_EQ(got->account_id, "123456789012");
}

TEST_F(ResourceStoreTest, GetByArnAndErrors) {
    ASSERT_TRUE(store_->put(topic("alerts"), kT0).has_value());
    auto by_arn = store_->get_by_arn("arn:aws:sns:us-east-1:123456789012:alerts");
    ASSERT_TRUE(by_arn.has_value());
    EXPECT_EQ(by_arn->name, "alerts");

    auto missing_arn = store_->get_by_arn("arn:aws:sns:us-east-1:123456789012:nope");
    ASSERT_FALSE(missing_arn.has_value());
    EXPECT_EQ(missing_arn.error().code, Errc::kNotFound);
    auto missing = store_->get("123456789012", "us-east-1", "sns:topic", "nope");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
    EXPECT_NE(missing.error().message.find("nope"), std::string::npos);
    // Same name in another region is another resource.
    EXPECT_EQ(store_->get("123456789012", "eu-west-1", "sns:topic", "alerts").error().code,
              Errc::kNotFound);
}

TEST_F(ResourceStoreTest, ArnIsUnique) {
    ASSERT_TRUE(store_->put(topic("alerts"), kT0).has_value());
    StoredResource clash = topic("other");
    clash.arn = "arn:aws:sns:us-east-1:123456789012:alerts";
    auto st = store_->put(clash, kT1);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, Errc::kAlreadyExists);
    EXPECT_NE(st.error().message.find("already names another resource"), std::string::npos);
}

TEST_F(ResourceStoreTest, DocumentMustBeJson) {
    auto st = store_->put(topic("alerts", "{not json"), kT0);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, Errc::kFailedPrecondition);
    EXPECT_NE(st.error().message.find("not valid JSON"), std::string::npos);
}

TEST_F(ResourceStoreTest, ListAndListAll) {
    ASSERT_TRUE(store_->put(topic("b"), kT0).has_value());
    ASSERT_TRUE(store_->put(topic("a"), kT0).has_value());
    StoredResource elsewhere = topic("c");
    elsewhere.region = "eu-west-1";
    elsewhere.arn = "arn:aws:sns:eu-west-1:123456789012:c";
    ASSERT_TRUE(store_->put(elsewhere, kT0).has_value());
    StoredResource rule = topic("r");
    rule.type = "events:rule";
    rule.arn = "arn:aws:events:us-east-1:123456789012:rule/r";
    ASSERT_TRUE(store_->put(rule, kT0).has_value());

    auto listed = store_->list("123456789012", "us-east-1", "sns:topic");
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].name, "a");
    EXPECT_EQ((*listed)[1].name, "b");
    EXPECT_TRUE(store_->list("123456789012", "ap-south-1", "sns:topic")->empty());

    auto all = store_->list_all("sns:topic");
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].arn, "arn:aws:sns:eu-west-1:123456789012:c");
    EXPECT_EQ(store_->list_all("events:rule")->size(), 1u);
}

TEST_F(ResourceStoreTest, Remove) {
    ASSERT_TRUE(store_->put(topic("alerts"), kT0).has_value());
    ASSERT_TRUE(store_->remove("123456789012", "us-east-1", "sns:topic", "alerts"));
    EXPECT_EQ(store_->get_by_arn("arn:aws:sns:us-east-1:123456789012:alerts").error().code,
              Errc::kNotFound);
    Status again = store_->remove("123456789012", "us-east-1", "sns:topic", "alerts");
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, Errc::kNotFound);
    // The ARN is free again.
    ASSERT_TRUE(store_->put(topic("alerts"), kT1).has_value());
}

TEST_F(ResourceStoreTest, RolledBackPutLeavesNothing) {
    Status st = with_transaction(*db_, [&]() -> Status {
        TRIPLINE_TRY(store_->put(topic("alerts"), kT0));
        return make_error(Errc::kInvalidArgument, "changed my mind");
    });
    ASSERT_FALSE(st.has_value());
    EXPECT_TRUE(store_->list("123456789012", "us-east-1", "sns:topic")->empty());
}

}  // namespace
}  // namespace tripline::storage
