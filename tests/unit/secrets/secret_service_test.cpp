// SecretService over a real (temporary) state store and KMS: versions and staging labels, values
// sealed with KMS (a disabled key makes them unreadable), deletion windows and restore.
#include "secrets/secret_service.h"

#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/resource_store.h"
#include "test_support.h"

namespace tripline::secrets {
namespace {

const kms::KmsScope kScope{"111122223333", "us-east-1"};

SecretInput text(std::string value) {
    SecretInput in;
    in.value = std::move(value);
    return in;
}

class SecretServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        keys_ = std::make_unique<kms::KeyService>(*db_, clock_);
        secrets_ = std::make_unique<SecretService>(*db_, clock_, *keys_);
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<kms::KeyService> keys_;
    std::unique_ptr<SecretService> secrets_;
};

TEST_F(SecretServiceTest, VersionsAndStages) {
    auto created = secrets_->create(kScope, "prod/db", "the database", "", text("v1"), {});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_TRUE(
        created->arn.starts_with("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-"));
    EXPECT_EQ(
        created->arn.size(),
        std::string("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-").size() + 6);
    EXPECT_EQ(secrets_->create(kScope, "prod/db", "", "", text("x"), {}).error().code,
              "ResourceExistsException");
    EXPECT_EQ(secrets_->create(kScope, "bad name", "", "", text("x"), {}).error().code,
              "InvalidParameterException");

    auto updated = secrets_->put_value(kScope, "prod/db", text("v2"));
    ASSERT_TRUE(updated) << updated.error().message;
    ASSERT_EQ(updated->versions.size(), 2u);
    EXPECT_EQ(updated->versions[0].stages, std::vector<std::string>{"AWSCURRENT"});
    EXPECT_EQ(updated->versions[1].stages, std::vector<std::string>{"AWSPREVIOUS"});
    // Long enough that the sealed (random, base64) document cannot contain it by chance.
    const std::string third = "third-value-of-the-database-password";
    ASSERT_TRUE(secrets_->put_value(kScope, created->arn, text(third)));

    EXPECT_EQ(secrets_->get_value(kScope, "prod/db", "", "")->value, third);
    EXPECT_EQ(secrets_->get_value(kScope, "prod/db", "", "AWSPREVIOUS")->value, "v2");
    EXPECT_EQ(secrets_->describe(kScope, "prod/db")->versions.size(), 2u);  // v1 lost its labels
    EXPECT_EQ(secrets_->get_value(kScope, "nope", "", "").error().code,
              "ResourceNotFoundException");

    // The value is sealed: the stored document never holds it.
    storage::ResourceStore store(*db_);
    auto row = store.get(kScope.account_id, kScope.region, "secretsmanager:secret", "prod/db");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->document.find(third), std::string::npos);
    // …with the account's AWS managed key.
    EXPECT_TRUE(keys_->describe_key(kScope, "alias/aws/secretsmanager"));
}

TEST_F(SecretServiceTest, DisabledKeyMakesTheValueUnreadable) {
    auto key = keys_->create_key(kScope, "", "", "", {});
    ASSERT_TRUE(key);
    ASSERT_TRUE(secrets_->create(kScope, "api-token", "", key->arn, text("t0ken"), {}));
    ASSERT_TRUE(keys_->set_enabled(kScope, key->id, false));
    auto denied = secrets_->get_value(kScope, "api-token", "", "");
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, "DecryptionFailure");
    EXPECT_EQ(secrets_->put_value(kScope, "api-token", text("new")).error().code,
              "EncryptionFailure");
    ASSERT_TRUE(keys_->set_enabled(kScope, key->id, true));
    EXPECT_EQ(secrets_->get_value(kScope, "api-token", "", "")->value, "t0ken");
}

TEST_F(SecretServiceTest, DeleteRestoreAndForce) {
    ASSERT_TRUE(secrets_->create(kScope, "a", "", "", text("x"), {}));
    EXPECT_EQ(secrets_->remove(kScope, "a", 3, false).error().code, "InvalidParameterException");
    EXPECT_EQ(secrets_->remove(kScope, "a", 7, true).error().code, "InvalidParameterException");
    auto pending = secrets_->remove(kScope, "a", 7, false);
    ASSERT_TRUE(pending);
    EXPECT_TRUE(pending->deletion_date);
    EXPECT_EQ(secrets_->get_value(kScope, "a", "", "").error().code, "InvalidRequestException");
    EXPECT_TRUE(secrets_->list(kScope, false)->empty());
    EXPECT_EQ(secrets_->list(kScope, true)->size(), 1u);
    EXPECT_EQ(secrets_->create(kScope, "a", "", "", text("y"), {}).error().code,
              "InvalidRequestException");
    ASSERT_TRUE(secrets_->restore(kScope, "a"));
    EXPECT_EQ(secrets_->get_value(kScope, "a", "", "")->value, "x");

    ASSERT_TRUE(secrets_->remove(kScope, "a", 7, false));
    clock_.advance(std::chrono::hours(24 * 7));
    EXPECT_EQ(secrets_->describe(kScope, "a").error().code, "ResourceNotFoundException");

    ASSERT_TRUE(secrets_->create(kScope, "b", "", "", text("x"), {}));
    ASSERT_TRUE(secrets_->remove(kScope, "b", std::nullopt, true));
    EXPECT_EQ(secrets_->describe(kScope, "b").error().code, "ResourceNotFoundException");
    EXPECT_TRUE(secrets_->create(kScope, "b", "", "", text("again"), {}));
}

}  // namespace
}  // namespace tripline::secrets
