// Shared fixture of the bus unit tests: a BusService over a migrated state store in a temporary
// directory, on a FakeClock, that can be closed and reopened (persistence) and counts wake-ups.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "bus/bus_service.h"
#include "bus/target_invocation.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/outbox_store.h"
#include "test_support.h"

namespace tripline::bus::test_util {

inline constexpr const char* kAccount = "123456789012";
inline constexpr const char* kRegion = "us-east-1";

class BusTest : public ::testing::Test {
protected:
    void SetUp() override { reopen(); }

    // Closes the service and the database and opens both again on the same file.
    void reopen() {
        service_.reset();
        db_.reset();
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db.has_value()) << db.error().to_string();
        db_ = std::move(db).value();
        BusServiceOptions options;
        options.on_enqueued = [this] { ++wakeups_; };
        service_ = std::make_unique<BusService>(*db_, clock_, options);
        ASSERT_TRUE(service_->load().has_value());
    }

    PutRuleResult put_rule(const std::string& name,
                           const std::string& pattern,
                           const std::string& state = "ENABLED",
                           const std::string& bus = "") {
        RuleSpec spec;
        spec.name = name;
        spec.bus = bus;
        spec.event_pattern = pattern;
        spec.state = state;
        auto result = service_->put_rule(scope_, spec);
        EXPECT_TRUE(result.has_value()) << result.error().message;
        return result.has_value() ? *result : PutRuleResult{};
    }

    void put_target(const std::string& rule,
                    const std::string& target_json,
                    const std::string& bus = "") {
        auto failures = service_->put_targets(scope_, bus, rule, {target_json});
        ASSERT_TRUE(failures.has_value()) << failures.error().message;
        ASSERT_TRUE(failures->empty()) << failures->front().error.message;
    }

    std::vector<TargetInvocation> pending_invocations() {
        storage::OutboxStore outbox(*db_);
        auto messages = outbox.list(storage::OutboxStatus::kPending, 1000);
        EXPECT_TRUE(messages.has_value());
        std::vector<TargetInvocation> out;
        for (const auto& m : *messages) {
            EXPECT_EQ(m.kind, kTargetInvocationKind);
            auto inv = parse_target_invocation(m.payload);
            EXPECT_TRUE(inv.has_value()) << m.payload;
            if (inv) {
                out.push_back(*inv);
            }
        }
        return out;
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<BusService> service_;
    int wakeups_ = 0;
    Scope scope_{kAccount, kRegion};
};

}  // namespace tripline::bus::test_util
