// SecretService: Secrets Manager's secrets for Tripline's accounts (issue 4, item 3) - secrets with
// versions and staging labels (AWSCURRENT, AWSPREVIOUS), values sealed with KMS (the secret's
// KmsKeyId, or the account's AWS managed key aws/secretsmanager) under the encryption context
// {SecretARN, SecretVersionId}, deletion with a 7-30 day recovery window (or at once), restore.
// A disabled KMS key makes the value unreadable (DecryptionFailure), as in AWS.
//
// Ownership: borrows the Database, Clock and KeyService (must outlive it). Thread-safety: every
// method may run concurrently (one mutex).
// Errors carry Secrets Manager's names: ResourceNotFoundException, ResourceExistsException,
// InvalidRequestException, InvalidParameterException, EncryptionFailure, DecryptionFailure;
// InternalError for storage.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/coded_result.h"
#include "kms/key_service.h"
#include "storage/database.h"

namespace tripline::secrets {

struct SecretVersion {
    std::string id;
    std::vector<std::string> stages;
    TimePoint created;
    std::string sealed;  // the KMS blob of the value
    bool binary = false;
};

struct Secret {
    std::string name;
    std::string arn;  // …:secret:<name>-<6 random characters>
    std::string description;
    std::string kms_key_id;                         // as given; empty: aws/secretsmanager
    nlohmann::json tags = nlohmann::json::array();  // [{"Key","Value"}]
    TimePoint created;
    TimePoint last_changed;
    std::optional<TimePoint> last_accessed;
    std::optional<TimePoint> deletion_date;
    std::vector<SecretVersion> versions;
};

struct SecretInput {
    std::optional<std::string> value;  // SecretString or SecretBinary (raw bytes)
    bool binary = false;
    std::string version_id;  // ClientRequestToken; empty: a new UUID
};

struct SecretValue {
    Secret secret;
    SecretVersion version;
    std::string value;
};

class SecretService {
public:
    SecretService(storage::Database& db, const Clock& clock, kms::KeyService& keys)
        : db_(db), clock_(clock), keys_(keys) {}

    CodedResult<Secret> create(const kms::KmsScope& scope,
                               const std::string& name,
                               const std::string& description,
                               const std::string& kms_key_id,
                               const SecretInput& input,
                               const nlohmann::json& tags);
    // `secret_id`: name or ARN. By version id, or stage (default AWSCURRENT).
    CodedResult<SecretValue> get_value(const kms::KmsScope& scope,
                                       const std::string& secret_id,
                                       const std::string& version_id,
                                       const std::string& stage);
    // The new version becomes AWSCURRENT; the previous one AWSPREVIOUS. Returns the secret with
    // the new version first.
    CodedResult<Secret> put_value(const kms::KmsScope& scope,
                                  const std::string& secret_id,
                                  const SecretInput& input);
    CodedResult<Secret> describe(const kms::KmsScope& scope, const std::string& secret_id);
    CodedResult<std::vector<Secret>> list(const kms::KmsScope& scope, bool include_deleted);
    // recovery_days 7–30, or `force` (gone at once).
    CodedResult<Secret> remove(const kms::KmsScope& scope,
                               const std::string& secret_id,
                               std::optional<int> recovery_days,
                               bool force);
    CodedResult<Secret> restore(const kms::KmsScope& scope, const std::string& secret_id);

private:
    CodedResult<Secret> find_locked(const kms::KmsScope& scope, const std::string& secret_id);
    CodedResult<bool> store_locked(const kms::KmsScope& scope, const Secret& secret);
    CodedResult<SecretVersion> seal_locked(const kms::KmsScope& scope,
                                           const Secret& secret,
                                           const SecretInput& input);

    storage::Database& db_;
    const Clock& clock_;
    kms::KeyService& keys_;
    std::mutex mutex_;
};

}  // namespace tripline::secrets
