// IdentityStore: accounts, IAM users and their access keys in the state store (tables accounts,
// iam_users, access_keys of migration 1). The API's SigV4 verifier looks keys up here, IAM's
// handlers (through the identity service) create and delete them, and config loading declares them.
//
// Integrity: a user belongs to an existing account, and a key to an existing user of its account
// (or, with an empty user_name, to the account's root). Deleting a user that still has keys is
// refused, as IAM does (DeleteConflict).
//
// Ownership: borrows the Database, which must outlive the store; the store itself holds nothing
// else and is cheap to construct. Thread-safety: as safe as the Database (each call holds its lock,
// so one store may be shared); calls join an open Transaction of the calling thread.
// Errors: kNotFound for a missing account/user/key, kAlreadyExists for a duplicate user or key id,
// kFailedPrecondition for a missing parent or a user with keys, SQLite errors as in database.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

struct Account {
    std::string account_id;  // 12 digits
    std::string alias;
    TimePoint created_at;
};

struct User {
    std::string account_id;
    std::string user_name;
    std::string user_id;  // "AIDA..."
    std::string path = "/";
    std::string arn;
    TimePoint created_at;
};

enum class AccessKeyStatus { kActive, kInactive };
// "Active" / "Inactive", IAM's spelling.
std::string_view access_key_status_name(AccessKeyStatus status);
Result<AccessKeyStatus> parse_access_key_status(std::string_view name);

struct AccessKeyUse {
    TimePoint at;
    std::string service;  // "sns"
    std::string region;   // "us-east-1"
};

struct AccessKey {
    std::string access_key_id;  // "AKIA..."
    std::string secret_access_key;
    std::string account_id;
    std::string user_name;  // "" for the account's root credentials
    AccessKeyStatus status = AccessKeyStatus::kActive;
    TimePoint created_at;
    std::optional<AccessKeyUse> last_used;
};

class IdentityStore {
public:
    explicit IdentityStore(Database& db) : db_(db) {}

    // Creates the account, or changes the alias of an existing one (created_at is kept).
    Status put_account(std::string_view account_id, std::string_view alias, TimePoint now);
    Result<Account> get_account(std::string_view account_id);
    Result<std::vector<Account>> list_accounts();  // by account id

    Status create_user(const User& user);
    Result<User> get_user(std::string_view account_id, std::string_view user_name);
    Result<std::vector<User>> list_users(std::string_view account_id);  // by name
    Status delete_user(std::string_view account_id, std::string_view user_name);
    // Renames and/or moves a user; its keys follow it.
    Status rename_user(std::string_view account_id,
                       std::string_view user_name,
                       std::string_view new_name,
                       std::string_view new_path,
                       std::string_view new_arn);
    Result<bool> has_any_user();

    // last_used of `key` is ignored: a new key has not been used.
    Status create_access_key(const AccessKey& key);
    Result<AccessKey> find_access_key(std::string_view access_key_id);
    // The keys of one user ("" = the account's root keys), oldest first.
    Result<std::vector<AccessKey>> list_access_keys(std::string_view account_id,
                                                    std::string_view user_name);
    Status set_access_key_status(std::string_view access_key_id, AccessKeyStatus status);
    Status delete_access_key(std::string_view access_key_id);
    Status record_access_key_use(std::string_view access_key_id,
                                 TimePoint at,
                                 std::string_view service,
                                 std::string_view region);

private:
    Database& db_;
};

}  // namespace tripline::storage
