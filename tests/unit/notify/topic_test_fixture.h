// Shared fixture of the topic-service unit tests: a migrated state store in a temporary
// directory, a FakeClock, a TopicService over them, and readers of the outbox it fills.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "notify/sns_delivery.h"
#include "notify/topic_service.h"
#include "storage/migrations.h"
#include "storage/outbox_store.h"
#include "test_support.h"

namespace tripline::notify::test {

inline constexpr const char* kAccount = "123456789012";
inline constexpr const char* kRegion = "us-east-1";
inline constexpr const char* kPublicUrl = "http://tripline.test:4566";

struct OutboxRow {
    std::string kind;
    std::string destination;
    SnsDelivery delivery;
};

class TopicServiceTest : public ::testing::Test {
protected:
    void SetUp() override { open(); }

    void open() {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db.has_value()) << db.error().to_string();
        db_ = std::move(db).value();
        TopicServiceOptions options;
        options.public_url = [] { return std::string(kPublicUrl); };
        options.on_enqueued = [this] { ++wakes_; };
        service_ = std::make_unique<TopicService>(*db_, clock_, std::move(options));
    }

    void reopen() {
        service_.reset();
        db_.reset();
        open();
    }

    static SnsCaller caller(std::string account = kAccount, std::string region = kRegion) {
        SnsCaller c;
        c.account_id = std::move(account);
        c.region = std::move(region);
        c.principal_arn = "arn:aws:iam::" + c.account_id + ":user/admin";
        return c;
    }

    static SnsCaller link_visitor() {
        SnsCaller c;
        c.authenticated = false;
        return c;
    }

    std::string create(const std::string& name) {
        CreateTopicRequest request;
        request.name = name;
        auto arn = service_->create_topic(caller(), request);
        EXPECT_TRUE(arn.has_value()) << (arn ? "" : arn.error().message);
        return arn.value_or("");
    }

    SubscribeResult subscribe(const std::string& topic,
                              const std::string& protocol,
                              const std::string& endpoint,
                              std::map<std::string, std::string> attributes = {}) {
        SubscribeRequest request{topic, protocol, endpoint, std::move(attributes)};
        auto result = service_->subscribe(caller(), request);
        EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
        return result.value_or(SubscribeResult{});
    }

    // Every pending outbox row, oldest first, with its payload parsed.
    std::vector<OutboxRow> outbox() {
        storage::OutboxStore store(*db_);
        auto rows = store.list(storage::OutboxStatus::kPending, 10000);
        std::vector<OutboxRow> out;
        if (!rows.has_value()) {
            ADD_FAILURE() << rows.error().message;
            return out;
        }
        for (const auto& m : *rows) {
            auto d = parse_sns_delivery(m.payload);
            EXPECT_TRUE(d.has_value()) << m.payload;
            out.push_back({m.kind, m.destination, d.value_or(SnsDelivery{})});
        }
        return out;
    }

    // Subscribes and confirms with the token of the confirmation just enqueued.
    std::string subscribe_confirmed(const std::string& topic,
                                    const std::string& protocol,
                                    const std::string& endpoint,
                                    std::map<std::string, std::string> attributes = {}) {
        SubscribeResult r = subscribe(topic, protocol, endpoint, std::move(attributes));
        if (!r.pending) {
            return r.subscription_arn;
        }
        auto rows = outbox();
        EXPECT_FALSE(rows.empty());
        ConfirmSubscriptionRequest confirm{topic, rows.back().delivery.token, false, ""};
        auto arn = service_->confirm_subscription(link_visitor(), confirm);
        EXPECT_TRUE(arn.has_value()) << (arn ? "" : arn.error().message);
        clear_outbox();
        return arn.value_or("");
    }

    void clear_outbox() {
        storage::OutboxStore store(*db_);
        auto rows = store.list(storage::OutboxStatus::kPending, 10000);
        ASSERT_TRUE(rows.has_value());
        for (const auto& row : *rows) {
            ASSERT_TRUE(store.mark_dead(row.id, "test", clock_.now()).has_value());
        }
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<TopicService> service_;
    int wakes_ = 0;
};

}  // namespace tripline::notify::test
