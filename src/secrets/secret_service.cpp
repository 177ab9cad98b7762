#include "secrets/secret_service.h"

#include <algorithm>
#include <cctype>

#include "base/encoding.h"
#include "base/uuid.h"
#include "storage/resource_store.h"

namespace tripline::secrets {

namespace {

constexpr std::string_view kSecretType = "secretsmanager:secret";
constexpr std::size_t kMaxVersions = 100;

std::int64_t epoch_ms(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_ms(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

nlohmann::json document(const Secret& s) {
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& v : s.versions) {
        versions.push_back({{"id", v.id},
                            {"stages", v.stages},
                            {"created", epoch_ms(v.created)},
                            {"sealed", base64_encode(v.sealed)},
                            {"binary", v.binary}});
    }
    nlohmann::json doc = {{"name", s.name},
                          {"description", s.description},
                          {"kmsKeyId", s.kms_key_id},
                          {"tags", s.tags},
                          {"created", epoch_ms(s.created)},
                          {"lastChanged", epoch_ms(s.last_changed)},
                          {"versions", versions}};
    if (s.last_accessed) {
        doc["lastAccessed"] = epoch_ms(*s.last_accessed);
    }
    if (s.deletion_date) {
        doc["deletionDate"] = epoch_ms(*s.deletion_date);
    }
    return doc;
}

Secret secret_from(const storage::StoredResource& row) {
    nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
    Secret s;
    s.name = row.name;
    s.arn = row.arn;
    if (!doc.is_object()) {
        return s;
    }
    s.description = doc.value("description", "");
    s.kms_key_id = doc.value("kmsKeyId", "");
    s.tags = doc.value("tags", nlohmann::json::array());
    s.created = from_ms(doc.value("created", std::int64_t{0}));
    s.last_changed = from_ms(doc.value("lastChanged", std::int64_t{0}));
    if (doc.contains("lastAccessed")) {
        s.last_accessed = from_ms(doc["lastAccessed"].get<std::int64_t>());
    }
    if (doc.contains("deletionDate")) {
        s.deletion_date = from_ms(doc["deletionDate"].get<std::int64_t>());
    }
    for (const auto& v : doc.value("versions", nlohmann::json::array())) {
        SecretVersion version;
        version.id = v.value("id", "");
        version.stages = v.value("stages", std::vector<std::string>{});
        version.created = from_ms(v.value("created", std::int64_t{0}));
        version.sealed = base64_decode(v.value("sealed", "")).value_or("");
        version.binary = v.value("binary", false);
        s.versions.push_back(std::move(version));
    }
    return s;
}

bool valid_name(const std::string& name) {
    if (name.empty() || name.size() > 512) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 ||
               std::string_view("/_+=.@-").find(static_cast<char>(c)) != std::string_view::npos;
    });
}

std::string random_suffix() {
    static constexpr std::string_view kChars =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string uuid = make_uuid();
    std::string out;
    for (std::size_t i = 0; out.size() < 6 && i < uuid.size(); ++i) {
        if (uuid[i] != '-') {
            out.push_back(kChars[static_cast<unsigned char>(uuid[i]) * 7 % kChars.size()]);
        }
    }
    return out;
}

CodedError not_found() {
    return coded_error("ResourceNotFoundException",
                       "Secrets Manager can't find the specified secret.");
}

CodedError marked_for_deletion() {
    return coded_error("InvalidRequestException",
                       "You can't perform this operation on the secret because it was marked for "
                       "deletion.");
}

std::map<std::string, std::string> context_of(const Secret& s, const std::string& version) {
    return {{"SecretARN", s.arn}, {"SecretVersionId", version}};
}

}  // namespace

CodedResult<bool> SecretService::store_locked(const kms::KmsScope& scope, const Secret& secret) {
    storage::ResourceStore store(db_);
    storage::StoredResource row;
    row.account_id = scope.account_id;
    row.region = scope.region;
    row.type = std::string(kSecretType);
    row.name = secret.name;
    row.arn = secret.arn;
    row.document = document(secret).dump();
    CODED_STORAGE_TRY(store.put(row, clock_.now()));
    return true;
}

CodedResult<Secret> SecretService::find_locked(const kms::KmsScope& scope,
                                               const std::string& secret_id) {
    storage::ResourceStore store(db_);
    std::string name = secret_id;
    const std::string arn_prefix =
        "arn:aws:secretsmanager:" + scope.region + ":" + scope.account_id + ":secret:";
    if (secret_id.starts_with("arn:")) {
        if (!secret_id.starts_with(arn_prefix)) {
            return not_found();
        }
        auto row = store.get_by_arn(secret_id);
        if (!row) {
            return row.error().code == Errc::kNotFound ? not_found() : coded_internal(row.error());
        }
        name = row->name;
    }
    auto row = store.get(scope.account_id, scope.region, kSecretType, name);
    if (!row) {
        return row.error().code == Errc::kNotFound ? not_found() : coded_internal(row.error());
    }
    Secret secret = secret_from(*row);
    if (secret.deletion_date && clock_.now() >= *secret.deletion_date) {
        CODED_STORAGE_TRY(store.remove(scope.account_id, scope.region, kSecretType, name));
        return not_found();
    }
    return secret;
}

CodedResult<SecretVersion> SecretService::seal_locked(const kms::KmsScope& scope,
                                                      const Secret& secret,
                                                      const SecretInput& input) {
    SecretVersion version;
    version.id = input.version_id.empty() ? make_uuid() : input.version_id;
    version.created = clock_.now();
    version.binary = input.binary;
    version.stages = {"AWSCURRENT"};
    auto key = secret.kms_key_id.empty() ? keys_.managed_key(scope, "aws/secretsmanager")
                                         : keys_.describe_key(scope, secret.kms_key_id);
    if (!key) {
        return coded_error("EncryptionFailure",
                           "Secrets Manager can't encrypt the protected secret text using the "
                           "provided KMS key: " +
                               key.error().message);
    }
    auto sealed =
        keys_.encrypt(scope, key->id, input.value.value_or(""), context_of(secret, version.id));
    if (!sealed) {
        return coded_error("EncryptionFailure",
                           "Secrets Manager can't encrypt the protected secret text using the "
                           "provided KMS key. Check that the KMS key is available, enabled, and "
                           "not in an invalid state: " +
                               sealed.error().message);
    }
    version.sealed = std::move(sealed->blob);
    return version;
}

CodedResult<Secret> SecretService::create(const kms::KmsScope& scope,
                                          const std::string& name,
                                          const std::string& description,
                                          const std::string& kms_key_id,
                                          const SecretInput& input,
                                          const nlohmann::json& tags) {
    if (!valid_name(name)) {
        return coded_error("InvalidParameterException",
                           "Invalid name. Must be a valid name containing alphanumeric characters, "
                           "or any of the following: -/_+=.@!");
    }
    if (input.value && (input.value->empty() || input.value->size() > 65536)) {
        return coded_error("InvalidParameterException",
                           "The secret value must be 1 to 65,536 bytes long.");
    }
    std::lock_guard lock(mutex_);
    auto existing = find_locked(scope, name);
    if (existing) {
        if (existing->deletion_date) {
            return coded_error("InvalidRequestException",
                               "You can't create this secret because a secret with this name is "
                               "already scheduled for deletion.");
        }
        return coded_error("ResourceExistsException",
                           "The operation failed because the secret " + name + " already exists.");
    }
    if (existing.error().code != "ResourceNotFoundException") {
        return existing.error();
    }
    Secret secret;
    secret.name = name;
    secret.arn = "arn:aws:secretsmanager:" + scope.region + ":" + scope.account_id +
                 ":secret:" + name + "-" + random_suffix();
    secret.description = description;
    secret.kms_key_id = kms_key_id;
    secret.tags = tags.is_array() ? tags : nlohmann::json::array();
    secret.created = secret.last_changed = clock_.now();
    if (input.value) {
        CODED_ASSIGN(SecretVersion version, seal_locked(scope, secret, input));
        secret.versions.push_back(std::move(version));
    }
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, secret));
    return secret;
}

CodedResult<SecretValue> SecretService::get_value(const kms::KmsScope& scope,
                                                  const std::string& secret_id,
                                                  const std::string& version_id,
                                                  const std::string& stage) {
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(Secret secret, find_locked(scope, secret_id));
    if (secret.deletion_date) {
        return marked_for_deletion();
    }
    const std::string wanted_stage = stage.empty() && version_id.empty() ? "AWSCURRENT" : stage;
    auto it = std::find_if(secret.versions.begin(), secret.versions.end(), [&](const auto& v) {
        return (version_id.empty() || v.id == version_id) &&
               (wanted_stage.empty() ||
                std::find(v.stages.begin(), v.stages.end(), wanted_stage) != v.stages.end());
    });
    if (it == secret.versions.end()) {
        return coded_error("ResourceNotFoundException",
                           "Secrets Manager can't find the specified secret value for " +
                               (version_id.empty() ? "staging label: " + wanted_stage
                                                   : "VersionId: " + version_id));
    }
    auto opened = keys_.decrypt(scope, it->sealed, context_of(secret, it->id), "");
    if (!opened) {
        return coded_error("DecryptionFailure",
                           "Secrets Manager can't decrypt the protected secret text using the "
                           "provided KMS key: " +
                               opened.error().message);
    }
    SecretVersion version = *it;
    secret.last_accessed = clock_.now();
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, secret));
    return SecretValue{std::move(secret), std::move(version), std::move(opened->plaintext)};
}

CodedResult<Secret> SecretService::put_value(const kms::KmsScope& scope,
                                             const std::string& secret_id,
                                             const SecretInput& input) {
    if (!input.value || input.value->empty() || input.value->size() > 65536) {
        return coded_error("InvalidParameterException",
                           "You must provide either SecretString or SecretBinary (1 to 65,536 "
                           "bytes).");
    }
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(Secret secret, find_locked(scope, secret_id));
    if (secret.deletion_date) {
        return marked_for_deletion();
    }
    for (const auto& v : secret.versions) {
        if (!input.version_id.empty() && v.id == input.version_id) {
            return coded_error("ResourceExistsException",
                               "You can't modify an existing version, you can only create a new "
                               "version.");
        }
    }
    CODED_ASSIGN(SecretVersion version, seal_locked(scope, secret, input));
    for (auto& v : secret.versions) {
        std::erase(v.stages, "AWSPREVIOUS");
        if (std::erase(v.stages, "AWSCURRENT") > 0) {
            v.stages.push_back("AWSPREVIOUS");
        }
    }
    std::erase_if(secret.versions, [](const auto& v) { return v.stages.empty(); });
    secret.versions.insert(secret.versions.begin(), std::move(version));
    if (secret.versions.size() > kMaxVersions) {
        secret.versions.resize(kMaxVersions);
    }
    secret.last_changed = clock_.now();
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, secret));
    return secret;
}

CodedResult<Secret> SecretService::describe(const kms::KmsScope& scope,
                                            const std::string& secret_id) {
    std::lock_guard lock(mutex_);
    return find_locked(scope, secret_id);
}

CodedResult<std::vector<Secret>> SecretService::list(const kms::KmsScope& scope,
                                                     bool include_deleted) {
    std::lock_guard lock(mutex_);
    storage::ResourceStore store(db_);
    CODED_STORAGE(auto rows, store.list(scope.account_id, scope.region, kSecretType));
    std::vector<Secret> out;
    for (const auto& row : rows) {
        auto secret = find_locked(scope, row.name);
        if (secret && (include_deleted || !secret->deletion_date)) {
            out.push_back(std::move(*secret));
        }
    }
    return out;
}

CodedResult<Secret> SecretService::remove(const kms::KmsScope& scope,
                                          const std::string& secret_id,
                                          std::optional<int> recovery_days,
                                          bool force) {
    if (force && recovery_days) {
        return coded_error("InvalidParameterException",
                           "You can't use ForceDeleteWithoutRecovery in conjunction with "
                           "RecoveryWindowInDays.");
    }
    if (recovery_days && (*recovery_days < 7 || *recovery_days > 30)) {
        return coded_error("InvalidParameterException",
                           "The RecoveryWindowInDays value must be between 7 and 30 days "
                           "(inclusive).");
    }
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(Secret secret, find_locked(scope, secret_id));
    if (secret.deletion_date && !force) {
        return marked_for_deletion();
    }
    secret.deletion_date = clock_.now() + std::chrono::hours(24 * recovery_days.value_or(30));
    if (force) {
        secret.deletion_date = clock_.now();
        storage::ResourceStore store(db_);
        CODED_STORAGE_TRY(store.remove(scope.account_id, scope.region, kSecretType, secret.name));
        return secret;
    }
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, secret));
    return secret;
}

CodedResult<Secret> SecretService::restore(const kms::KmsScope& scope,
                                           const std::string& secret_id) {
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(Secret secret, find_locked(scope, secret_id));
    secret.deletion_date.reset();
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, secret));
    return secret;
}

}  // namespace tripline::secrets
