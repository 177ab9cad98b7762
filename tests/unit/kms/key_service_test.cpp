// KeyService over a real (temporary) state store: keys and aliases, key states, AES-256-GCM
// round trips with the encryption context authenticated, and the errors KMS gives.
#include "kms/key_service.h"

#include <gtest/gtest.h>

#include "kms/aes_gcm.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::kms {
namespace {

const KmsScope kScope{"111122223333", "us-east-1"};

class KeyServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        keys_ = std::make_unique<KeyService>(*db_, clock_);
        auto key = keys_->create_key(kScope, "lab key", "", "", nlohmann::json::array());
        ASSERT_TRUE(key) << key.error().message;
        key_ = *key;
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<KeyService> keys_;
    KmsKey key_;
};

TEST_F(KeyServiceTest, EncryptDecryptRoundTripWithContext) {
    EXPECT_EQ(key_.arn, "arn:aws:kms:us-east-1:111122223333:key/" + key_.id);
    std::map<std::string, std::string> context{{"purpose", "lab"}};
    auto sealed = keys_->encrypt(kScope, key_.id, "s3cr3t", context);
    ASSERT_TRUE(sealed) << sealed.error().message;
    EXPECT_EQ(sealed->blob.find("s3cr3t"), std::string::npos);
    auto opened = keys_->decrypt(kScope, sealed->blob, context, "");
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->plaintext, "s3cr3t");
    EXPECT_EQ(opened->key.id, key_.id);

    EXPECT_EQ(keys_->decrypt(kScope, sealed->blob, {}, "").error().code,
              "InvalidCiphertextException");  // the context is authenticated
    std::string altered = sealed->blob;
    altered[altered.size() - 20] ^= 1;
    EXPECT_EQ(keys_->decrypt(kScope, altered, context, "").error().code,
              "InvalidCiphertextException");
    EXPECT_EQ(keys_->decrypt(kScope, "garbage", context, "").error().code,
              "InvalidCiphertextException");
    auto other = keys_->create_key(kScope, "", "", "", {});
    EXPECT_EQ(keys_->decrypt(kScope, sealed->blob, context, other->id).error().code,
              "IncorrectKeyException");
    EXPECT_EQ(keys_->encrypt(kScope, key_.id, "", {}).error().code, "ValidationException");
    EXPECT_EQ(keys_->encrypt(kScope, key_.id, std::string(4097, 'x'), {}).error().code,
              "ValidationException");
}

TEST_F(KeyServiceTest, DisabledKeysNeitherEncryptNorDecrypt) {
    auto sealed = keys_->encrypt(kScope, key_.arn, "data", {});
    ASSERT_TRUE(sealed);
    ASSERT_TRUE(keys_->set_enabled(kScope, key_.id, false));
    auto denied = keys_->decrypt(kScope, sealed->blob, {}, "");
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, "DisabledException");
    EXPECT_EQ(denied.error().message, key_.arn + " is disabled.");
    EXPECT_EQ(keys_->encrypt(kScope, key_.id, "data", {}).error().code, "DisabledException");
    ASSERT_TRUE(keys_->set_enabled(kScope, key_.id, true));
    EXPECT_TRUE(keys_->decrypt(kScope, sealed->blob, {}, ""));
}

TEST_F(KeyServiceTest, ScheduledDeletionThenGone) {
    EXPECT_EQ(keys_->schedule_deletion(kScope, key_.id, 3).error().code, "ValidationException");
    auto pending = keys_->schedule_deletion(kScope, key_.id, 7);
    ASSERT_TRUE(pending);
    EXPECT_EQ(pending->state, "PendingDeletion");
    EXPECT_EQ(keys_->encrypt(kScope, key_.id, "x", {}).error().code, "KMSInvalidStateException");
    EXPECT_EQ(keys_->set_enabled(kScope, key_.id, true).error().code, "KMSInvalidStateException");
    auto cancelled = keys_->cancel_deletion(kScope, key_.id);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->state, "Disabled");

    ASSERT_TRUE(keys_->schedule_deletion(kScope, key_.id, 7));
    clock_.advance(std::chrono::hours(24 * 7));
    EXPECT_EQ(keys_->describe_key(kScope, key_.id).error().code, "NotFoundException");
    EXPECT_TRUE(keys_->list_keys(kScope)->empty());
}

TEST_F(KeyServiceTest, AliasesNameKeys) {
    ASSERT_TRUE(keys_->create_alias(kScope, "alias/lab", key_.id));
    EXPECT_EQ(keys_->create_alias(kScope, "alias/lab", key_.id).error().code,
              "AlreadyExistsException");
    EXPECT_EQ(keys_->create_alias(kScope, "lab", key_.id).error().code,
              "InvalidAliasNameException");
    EXPECT_EQ(keys_->create_alias(kScope, "alias/aws/s3", key_.id).error().code,
              "InvalidAliasNameException");
    EXPECT_EQ(keys_->describe_key(kScope, "alias/lab")->id, key_.id);
    EXPECT_EQ(keys_->describe_key(kScope, "arn:aws:kms:us-east-1:111122223333:alias/lab")->id,
              key_.id);
    auto sealed = keys_->encrypt(kScope, "alias/lab", "x", {});
    ASSERT_TRUE(sealed);
    EXPECT_EQ(keys_->describe_key(kScope, "alias/none").error().code, "NotFoundException");
    EXPECT_EQ(keys_->describe_key(kScope, "not-a-key").error().code, "NotFoundException");
    ASSERT_TRUE(keys_->delete_alias(kScope, "alias/lab"));
    EXPECT_TRUE(keys_->list_aliases(kScope)->empty());

    // Keys persist: a new service over the same store decrypts what the old one sealed.
    keys_ = std::make_unique<KeyService>(*db_, clock_);
    auto opened = keys_->decrypt(kScope, sealed->blob, {}, "");
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->plaintext, "x");
}

TEST(AesGcm, SealAndOpen) {
    const std::string key = random_bytes(kKeyBytes);
    const std::string blob = seal(key, "k-1", "hello", "a=b\n");
    EXPECT_EQ(sealed_key_id(blob), "k-1");
    EXPECT_EQ(open(key, blob, "a=b\n"), "hello");
    EXPECT_FALSE(open(key, blob, ""));
    EXPECT_FALSE(open(random_bytes(kKeyBytes), blob, "a=b\n"));
    EXPECT_FALSE(sealed_key_id("TKMS"));
}

}  // namespace
}  // namespace tripline::kms
