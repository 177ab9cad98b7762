// Shared helpers of the storage unit tests: a migrated state store in a fresh temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "storage/database.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::storage::test_util {

inline std::unique_ptr<Database> open_or_die(const std::filesystem::path& path,
                                             OpenOptions options = {}) {
    auto db = open_state_store(path, options);
    if (!db.has_value()) {
        ADD_FAILURE() << "open " << path << ": " << db.error().to_string();
        return nullptr;
    }
    return std::move(db).value();
}

class StoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = dir_.path() / "state.db";
        db_ = open_or_die(path_);
        ASSERT_NE(db_, nullptr);
    }

    tripline::testing::TempDir dir_;
    std::filesystem::path path_;
    std::unique_ptr<Database> db_;
};

}  // namespace tripline::storage::test_util
