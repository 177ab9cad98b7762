// KeyService: KMS customer managed keys for Tripline's accounts (issue 4, item 2) - symmetric keys
// (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) whose 256-bit material is generated here and kept in the
// state store, aliases, key states (Enabled, Disabled, PendingDeletion with a 7-30 day window,
// after which the key is gone), and real AES-256-GCM encryption (aes_gcm.h) with the encryption
// context authenticated. Keys are named as KMS takes them: key id, key ARN, "alias/name", alias
// ARN.
//
// Ownership: borrows the Database and Clock (must outlive it). Thread-safety: every method may run
// concurrently (one mutex).
// Errors carry KMS's exception names: NotFoundException, DisabledException,
// KMSInvalidStateException, InvalidCiphertextException, IncorrectKeyException,
// AlreadyExistsException, InvalidAliasNameException, ValidationException; InternalError for
// storage.
#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/coded_result.h"
#include "storage/database.h"

namespace tripline::kms {

struct KmsScope {
    std::string account_id;
    std::string region;
};

struct KmsKey {
    std::string id;  // a UUID
    std::string arn;
    std::string account_id;
    std::string description;
    std::string state = "Enabled";  // Enabled | Disabled | PendingDeletion
    TimePoint created;
    std::optional<TimePoint> deletion_date;
    nlohmann::json tags = nlohmann::json::array();  // [{"TagKey","TagValue"}]
    std::string material;                           // 32 bytes; never logged or returned
};

struct KmsAlias {
    std::string name;  // "alias/lab"
    std::string arn;
    std::string target_key_id;
    TimePoint created;
};

class KeyService {
public:
    KeyService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    CodedResult<KmsKey> create_key(const KmsScope& scope,
                                   const std::string& description,
                                   const std::string& key_usage,
                                   const std::string& key_spec,
                                   const nlohmann::json& tags);
    CodedResult<KmsKey> describe_key(const KmsScope& scope, const std::string& key);
    CodedResult<std::vector<KmsKey>> list_keys(const KmsScope& scope);
    CodedResult<KmsKey> set_enabled(const KmsScope& scope, const std::string& key, bool enabled);
    CodedResult<KmsKey> schedule_deletion(const KmsScope& scope, const std::string& key, int days);
    CodedResult<KmsKey> cancel_deletion(const KmsScope& scope, const std::string& key);

    // The AWS managed key of a service ("aws/secretsmanager"): created with its alias
    // ("alias/aws/secretsmanager") on first use in the account and region, as AWS does.
    CodedResult<KmsKey> managed_key(const KmsScope& scope, const std::string& name);

    CodedResult<KmsAlias> create_alias(const KmsScope& scope,
                                       const std::string& name,
                                       const std::string& target);
    CodedResult<std::vector<KmsAlias>> list_aliases(const KmsScope& scope);
    CodedResult<bool> delete_alias(const KmsScope& scope, const std::string& name);

    struct Sealed {
        std::string blob;
        KmsKey key;
    };
    struct Opened {
        std::string plaintext;
        KmsKey key;
    };
    // 1 to 4,096 bytes of plaintext (ValidationException otherwise).
    CodedResult<Sealed> encrypt(const KmsScope& scope,
                                const std::string& key,
                                const std::string& plaintext,
                                const std::map<std::string, std::string>& context);
    // `key` empty: the key the blob names; otherwise it must be that key (IncorrectKeyException).
    CodedResult<Opened> decrypt(const KmsScope& scope,
                                const std::string& blob,
                                const std::map<std::string, std::string>& context,
                                const std::string& key);

private:
    CodedResult<KmsKey> find_locked(const KmsScope& scope, const std::string& key);
    CodedResult<KmsKey> usable_locked(const KmsScope& scope, const std::string& key);
    CodedResult<bool> store_locked(const KmsScope& scope, const KmsKey& key);
    CodedResult<KmsKey> new_key_locked(const KmsScope& scope,
                                       const std::string& description,
                                       const nlohmann::json& tags);
    CodedResult<KmsAlias> put_alias_locked(const KmsScope& scope,
                                           const std::string& name,
                                           const KmsKey& key);
    std::string key_arn(const KmsScope& scope, const std::string& id) const;

    storage::Database& db_;
    const Clock& clock_;
    std::mutex mutex_;
};

}  // namespace tripline::kms
