#include "storage/identity_store.h"

#include <gtest/gtest.h>

#include "storage/transaction.h"
#include "storage_test_util.h"

namespace tripline::storage {
namespace {

const TimePoint kT0 = from_unix_ms(1'700'000'000'000);
const TimePoint kT1 = from_unix_ms(1'700'000'100'000);
constexpr std::string_view kAccount = "123456789012";

class IdentityStoreTest : public test_util::StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        store_ = std::make_unique<IdentityStore>(*db_);
        ASSERT_TRUE(store_->put_account(kAccount, "main", kT0));
    }

    static User user(std::string name) {
        return User{std::string(kAccount),
                    name,
                    "AIDA" + name,
                    "/",
                    "arn:aws:iam::123456789012:user/" + name,
                    kT0};
    }
    static AccessKey key(std::string id, std::string user_name) {
        return AccessKey{id,
                         "secret-" + id,
                         std::string(kAccount),
                         std::move(user_name),
                         AccessKeyStatus::kActive,
                         kT0,
                         std::nullopt};
    }

    std::unique_ptr<IdentityStore> store_;
};

TEST_F(IdentityStoreTest, Accounts) {
    ASSERT_TRUE(store_->put_account("210987654321", "second", kT1));
    // Changing the alias keeps created_at.
    ASSERT_TRUE(store_->put_account(kAccount, "renamed", kT1));
    auto accounts = store_->list_accounts();
    ASSERT_TRUE(accounts.has_value());
    ASSERT_EQ(accounts->size(), 2u);
    EXPECT_EQ((*accounts)[0].account_id, "123456789012");
    EXPECT_EQ((*accounts)[0].alias, "renamed");
    EXPECT_EQ((*accounts)[0].created_at, kT0);
    EXPECT_EQ((*accounts)[1].account_id, "210987654321");
    EXPECT_EQ((*accounts)[1].created_at, kT1);

    auto one = store_->get_account("210987654321");
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(one->alias, "second");
    auto missing = store_->get_account("000000000000");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

TEST_F(IdentityStoreTest, Users) {
    EXPECT_FALSE(store_->has_any_user().value_or(true));
    ASSERT_TRUE(store_->create_user(user("bob")));
    ASSERT_TRUE(store_->create_user(user("alice")));
    EXPECT_TRUE(store_->has_any_user().value_or(false));

    auto bob = store_->get_user(kAccount, "bob");
    ASSERT_TRUE(bob.has_value());
    EXPECT_EQ(bob->user_id, "AIDAbob");
    EXPECT_EQ(bob->path, "/");
    EXPECT_EQ(bob->arn, "arn:aws:iam::123456789012:user/bob");
    EXPECT_EQ(bob->created_at, kT0);

    auto users = store_->list_users(kAccount);
    ASSERT_TRUE(users.has_value());
    ASSERT_EQ(users->size(), 2u);
    EXPECT_EQ((*users)[0].user_name, "alice");
    EXPECT_EQ((*users)[1].user_name, "bob");
    EXPECT_TRUE(store_->list_users("999999999999").value().empty());

    Status dup = store_->create_user(user("bob"));
    ASSERT_FALSE(dup.has_value());
    EXPECT_EQ(dup.error().code, Errc::kAlreadyExists);
    EXPECT_EQ(dup.error().message, "user bob in account 123456789012 already exists");

    User orphan = user("carol");
    orphan.account_id = "999999999999";
    Status no_account = store_->create_user(orphan);
    ASSERT_FALSE(no_account.has_value());
    EXPECT_EQ(no_account.error().code, Errc::kFailedPrecondition);
    EXPECT_EQ(no_account.error().message, "account 999999999999 does not exist");

    auto missing = store_->get_user(kAccount, "nobody");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, Errc::kNotFound);

    ASSERT_TRUE(store_->delete_user(kAccount, "bob"));
    EXPECT_EQ(store_->get_user(kAccount, "bob").error().code, Errc::kNotFound);
    Status again = store_->delete_user(kAccount, "bob");
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, Errc::kNotFound);
}

TEST_F(IdentityStoreTest, AccessKeys) {
    ASSERT_TRUE(store_->create_user(user("bob")));
    ASSERT_TRUE(store_->create_access_key(key("AKIA1", "bob")));
    AccessKey second = key("AKIA2", "bob");
    second.created_at = kT1;
    second.status = AccessKeyStatus::kInactive;
    ASSERT_TRUE(store_->create_access_key(second));
    ASSERT_TRUE(store_->create_access_key(key("AKIAROOT", "")));

    auto found = store_->find_access_key("AKIA1");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->secret_access_key, "secret-AKIA1");
    EXPECT_EQ(found->account_id, kAccount);
    EXPECT_EQ(found->user_name, "bob");
    EXPECT_EQ(found->status, AccessKeyStatus::kActive);
    EXPECT_EQ(found->created_at, kT0);
    EXPECT_FALSE(found->last_used.has_value());

    auto root = store_->find_access_key("AKIAROOT");
    ASSERT_TRUE(root.has_value());
    EXPECT_EQ(root->user_name, "");

    auto bobs = store_->list_access_keys(kAccount, "bob");
    ASSERT_TRUE(bobs.has_value());
    ASSERT_EQ(bobs->size(), 2u);
    EXPECT_EQ((*bobs)[0].access_key_id, "AKIA1");
    EXPECT_EQ((*bobs)[1].access_key_id, "AKIA2");
    EXPECT_EQ((*bobs)[1].status, AccessKeyStatus::kInactive);
    auto roots = store_->list_access_keys(kAccount, "");
    ASSERT_TRUE(roots.has_value());
    ASSERT_EQ(roots->size(), 1u);
    EXPECT_EQ((*roots)[0].access_key_id, "AKIAROOT");

    ASSERT_TRUE(store_->set_access_key_status("AKIA1", AccessKeyStatus::kInactive));
    EXPECT_EQ(store_->find_access_key("AKIA1")->status, AccessKeyStatus::kInactive);

    ASSERT_TRUE(store_->record_access_key_use("AKIA1", kT1, "sns", "eu-west-1"));
    auto used = store_->find_access_key("AKIA1");
    ASSERT_TRUE(used.has_value() && used->last_used.has_value());
    EXPECT_EQ(used->last_used->at, kT1);
    EXPECT_EQ(used->last_used->service, "sns");
    EXPECT_EQ(used->last_used->region, "eu-west-1");

    // A user with keys cannot be deleted (IAM's DeleteConflict).
    Status conflict = store_->delete_user(kAccount, "bob");
    ASSERT_FALSE(conflict.has_value());
    EXPECT_EQ(conflict.error().code, Errc::kFailedPrecondition);
    EXPECT_NE(conflict.error().message.find("access keys"), std::string::npos);
    ASSERT_TRUE(store_->delete_access_key("AKIA1"));
    ASSERT_TRUE(store_->delete_access_key("AKIA2"));
    ASSERT_TRUE(store_->delete_user(kAccount, "bob"));
    EXPECT_EQ(store_->find_access_key("AKIA1").error().code, Errc::kNotFound);
}

TEST_F(IdentityStoreTest, AccessKeyErrors) {
    ASSERT_TRUE(store_->create_user(user("bob")));
    ASSERT_TRUE(store_->create_access_key(key("AKIA1", "bob")));
    Status dup = store_->create_access_key(key("AKIA1", "bob"));
    ASSERT_FALSE(dup.has_value());
    EXPECT_EQ(dup.error().code, Errc::kAlreadyExists);

    Status no_user = store_->create_access_key(key("AKIA9", "nobody"));
    ASSERT_FALSE(no_user.has_value());
    EXPECT_EQ(no_user.error().code, Errc::kFailedPrecondition);
    EXPECT_EQ(no_user.error().message, "user nobody in account 123456789012 does not exist");

    AccessKey orphan_root = key("AKIA8", "");
    orphan_root.account_id = "999999999999";
    Status no_account = store_->create_access_key(orphan_root);
    ASSERT_FALSE(no_account.has_value());
    EXPECT_EQ(no_account.error().code, Errc::kFailedPrecondition);

    for (const Status& st : {store_->set_access_key_status("AKIA0", AccessKeyStatus::kActive),
                             store_->delete_access_key("AKIA0"),
                             store_->record_access_key_use("AKIA0", kT1, "sts", "us-east-1")}) {
        ASSERT_FALSE(st.has_value());
        EXPECT_EQ(st.error().code, Errc::kNotFound);
        EXPECT_EQ(st.error().message, "access key AKIA0 does not exist");
    }
    EXPECT_EQ(store_->find_access_key("AKIA0").error().code, Errc::kNotFound);
}

TEST_F(IdentityStoreTest, StatusNames) {
    EXPECT_EQ(access_key_status_name(AccessKeyStatus::kActive), "Active");
    EXPECT_EQ(access_key_status_name(AccessKeyStatus::kInactive), "Inactive");
    EXPECT_EQ(parse_access_key_status("Inactive").value(), AccessKeyStatus::kInactive);
    EXPECT_EQ(parse_access_key_status("active").error().code, Errc::kInvalidArgument);
}

TEST_F(IdentityStoreTest, JoinsAnOpenTransaction) {
    {
        auto tx = Transaction::begin(*db_);
        ASSERT_TRUE(tx.has_value());
        ASSERT_TRUE(store_->create_user(user("temp")));
        EXPECT_TRUE(store_->get_user(kAccount, "temp").has_value());
    }
    EXPECT_EQ(store_->get_user(kAccount, "temp").error().code, Errc::kNotFound);
}

}  // namespace
}  // namespace tripline::storage
