#include "storage/identity_store.h"

#include <utility>

#include "storage/transaction.h"

namespace tripline::storage {

namespace {

// Root credentials have no user: stored as NULL so that the (account, user) foreign key skips them.
std::optional<std::string_view> user_or_null(std::string_view user_name) {
    if (user_name.empty()) {
        return std::nullopt;
    }
    return user_name;
}

constexpr std::string_view kKeyColumns =
    "access_key_id, secret_access_key, account_id, user_name, status, created_at, last_used_at, "
    "last_used_service, last_used_region";

Result<AccessKey> read_key(const Statement& stmt) {
    AccessKey key;
    key.access_key_id = stmt.column_string(0);
    key.secret_access_key = stmt.column_string(1);
    key.account_id = stmt.column_string(2);
    key.user_name = stmt.column_string(3);
    TRIPLINE_ASSIGN_OR_RETURN(key.status, parse_access_key_status(stmt.column_text(4)));
    key.created_at = stmt.column_time(5);
    if (!stmt.column_is_null(6)) {
        key.last_used =
            AccessKeyUse{stmt.column_time(6), stmt.column_string(7), stmt.column_string(8)};
    }
    return key;
}

User read_user(const Statement& stmt) {
    return User{stmt.column_string(0),
                stmt.column_string(1),
                stmt.column_string(2),
                stmt.column_string(3),
                stmt.column_string(4),
                stmt.column_time(5)};
}

Status expect_changed(Result<std::int64_t> changed, std::string what) {
    TRIPLINE_TRY(changed);
    if (*changed == 0) {
        return make_error(Errc::kNotFound, std::move(what) + " does not exist");
    }
    return ok_status();
}

std::string key_name(std::string_view id) { return "access key " + std::string(id); }

std::string user_name_of(std::string_view account_id, std::string_view user_name) {
    return "user " + std::string(user_name) + " in account " + std::string(account_id);
}

}  // namespace

std::string_view access_key_status_name(AccessKeyStatus status) {
    return status == AccessKeyStatus::kActive ? "Active" : "Inactive";
}

Result<AccessKeyStatus> parse_access_key_status(std::string_view name) {
    if (name == "Active") {
        return AccessKeyStatus::kActive;
    }
    if (name == "Inactive") {
        return AccessKeyStatus::kInactive;
    }
    return make_error(
        Errc::kInvalidArgument,
        "access key status must be Active or Inactive, not \"" + std::string(name) + "\"");
}

Status IdentityStore::put_account(std::string_view account_id,
                                  std::string_view alias,
                                  TimePoint now) {
    TRIPLINE_TRY(
        db_.run("INSERT INTO accounts(account_id, alias, created_at) VALUES(?1, ?2, ?3) "
                "ON CONFLICT(account_id) DO UPDATE SET alias = excluded.alias",
                account_id,
                alias,
                now));
    return ok_status();
}

Result<Account> IdentityStore::get_account(std::string_view account_id) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT account_id, alias, created_at FROM accounts WHERE account_id = ?1",
                    account_id));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return make_error(Errc::kNotFound,
                          "account " + std::string(account_id) + " does not exist");
    }
    return Account{stmt.column_string(0), stmt.column_string(1), stmt.column_time(2)};
}

Result<std::vector<Account>> IdentityStore::list_accounts() {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT account_id, alias, created_at FROM accounts ORDER BY account_id"));
    std::vector<Account> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(Account{stmt.column_string(0), stmt.column_string(1), stmt.column_time(2)});
    }
}

Status IdentityStore::create_user(const User& user) {
    auto changed = db_.run(
        "INSERT INTO iam_users(account_id, user_name, user_id, path, arn, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
        user.account_id,
        user.user_name,
        user.user_id,
        user.path,
        user.arn,
        user.created_at);
    if (!changed.has_value()) {
        Error err = std::move(changed).error();
        if (err.code == Errc::kAlreadyExists) {
            err.message = user_name_of(user.account_id, user.user_name) + " already exists";
        } else if (err.code == Errc::kFailedPrecondition) {
            err.message = "account " + user.account_id + " does not exist";
        }
        return err;
    }
    return ok_status();
}

Result<User> IdentityStore::get_user(std::string_view account_id, std::string_view user_name) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT account_id, user_name, user_id, path, arn, created_at FROM iam_users "
                    "WHERE account_id = ?1 AND user_name = ?2",
                    account_id,
                    user_name));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return make_error(Errc::kNotFound, user_name_of(account_id, user_name) + " does not exist");
    }
    return read_user(stmt);
}

Result<std::vector<User>> IdentityStore::list_users(std::string_view account_id) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT account_id, user_name, user_id, path, arn, created_at FROM iam_users "
                    "WHERE account_id = ?1 ORDER BY user_name",
                    account_id));
    std::vector<User> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(read_user(stmt));
    }
}

Status IdentityStore::delete_user(std::string_view account_id, std::string_view user_name) {
    return with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(
            Statement keys,
            db_.prepare("SELECT count(*) FROM access_keys WHERE account_id = ?1 AND user_name = ?2",
                        account_id,
                        user_name));
        TRIPLINE_TRY(keys.step());
        if (keys.column_int64(0) > 0) {
            return make_error(
                Errc::kFailedPrecondition,
                user_name_of(account_id, user_name) + " still has access keys; delete them first");
        }
        return expect_changed(
            db_.run("DELETE FROM iam_users WHERE account_id = ?1 AND user_name = ?2",
                    account_id,
                    user_name),
            user_name_of(account_id, user_name));
    });
}

Status IdentityStore::rename_user(std::string_view account_id,
                                  std::string_view user_name,
                                  std::string_view new_name,
                                  std::string_view new_path,
                                  std::string_view new_arn) {
    return with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(User user, get_user(account_id, user_name));
        if (new_name == user_name) {
            return expect_changed(
                db_.run("UPDATE iam_users SET path = ?3, arn = ?4 WHERE account_id = ?1 AND "
                        "user_name = ?2",
                        account_id,
                        user_name,
                        new_path,
                        new_arn),
                user_name_of(account_id, user_name));
        }
        // Keys reference the user by name: add the new row, move the keys, drop the old row.
        user.user_name = std::string(new_name);
        user.path = std::string(new_path);
        user.arn = std::string(new_arn);
        TRIPLINE_TRY(create_user(user));
        TRIPLINE_TRY(db_.run(
            "UPDATE access_keys SET user_name = ?3 WHERE account_id = ?1 AND user_name = ?2",
            account_id,
            user_name,
            new_name));
        return expect_changed(
            db_.run("DELETE FROM iam_users WHERE account_id = ?1 AND user_name = ?2",
                    account_id,
                    user_name),
            user_name_of(account_id, user_name));
    });
}

Result<bool> IdentityStore::has_any_user() {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare("SELECT EXISTS (SELECT 1 FROM iam_users)"));
    TRIPLINE_TRY(stmt.step());
    return stmt.column_int64(0) != 0;
}

Status IdentityStore::create_access_key(const AccessKey& key) {
    auto changed = db_.run(
        "INSERT INTO access_keys(access_key_id, secret_access_key, account_id, user_name, status, "
        "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
        key.access_key_id,
        key.secret_access_key,
        key.account_id,
        user_or_null(key.user_name),
        access_key_status_name(key.status),
        key.created_at);
    if (!changed.has_value()) {
        Error err = std::move(changed).error();
        if (err.code == Errc::kAlreadyExists) {
            err.message = key_name(key.access_key_id) + " already exists";
        } else if (err.code == Errc::kFailedPrecondition) {
            err.message = key.user_name.empty()
                              ? "account " + key.account_id + " does not exist"
                              : user_name_of(key.account_id, key.user_name) + " does not exist";
        }
        return err;
    }
    return ok_status();
}

Result<AccessKey> IdentityStore::find_access_key(std::string_view access_key_id) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare("SELECT " + std::string(kKeyColumns) +
                                              " FROM access_keys WHERE access_key_id = ?1",
                                          access_key_id));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return make_error(Errc::kNotFound, key_name(access_key_id) + " does not exist");
    }
    return read_key(stmt);
}

Result<std::vector<AccessKey>> IdentityStore::list_access_keys(std::string_view account_id,
                                                               std::string_view user_name) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT " + std::string(kKeyColumns) +
                        " FROM access_keys WHERE account_id = ?1 AND user_name IS ?2 "
                        "ORDER BY created_at, access_key_id",
                    account_id,
                    user_or_null(user_name)));
    std::vector<AccessKey> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        TRIPLINE_ASSIGN_OR_RETURN(AccessKey key, read_key(stmt));
        out.push_back(std::move(key));
    }
}

Status IdentityStore::set_access_key_status(std::string_view access_key_id,
                                            AccessKeyStatus status) {
    return expect_changed(db_.run("UPDATE access_keys SET status = ?2 WHERE access_key_id = ?1",
                                  access_key_id,
                                  access_key_status_name(status)),
                          key_name(access_key_id));
}

Status IdentityStore::delete_access_key(std::string_view access_key_id) {
    return expect_changed(
        db_.run("DELETE FROM access_keys WHERE access_key_id = ?1", access_key_id),
        key_name(access_key_id));
}

Status IdentityStore::record_access_key_use(std::string_view access_key_id,
                                            TimePoint at,
                                            std::string_view service,
                                            std::string_view region) {
    return expect_changed(
        db_.run("UPDATE access_keys SET last_used_at = ?2, last_used_service = ?3, "
                "last_used_region = ?4 WHERE access_key_id = ?1",
                access_key_id,
                at,
                service,
                region),
        key_name(access_key_id));
}

}  // namespace tripline::storage
