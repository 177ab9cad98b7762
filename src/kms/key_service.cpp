#include "kms/key_service.h"

#include <algorithm>
#include <cctype>

#include "base/encoding.h"
#include "base/uuid.h"
#include "kms/aes_gcm.h"
#include "storage/resource_store.h"

namespace tripline::kms {

namespace {

constexpr std::string_view kKeyType = "kms:key";
constexpr std::string_view kAliasType = "kms:alias";

std::int64_t epoch_seconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint from_epoch(std::int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

nlohmann::json key_document(const KmsKey& k) {
    nlohmann::json doc = {{"id", k.id},
                          {"description", k.description},
                          {"state", k.state},
                          {"created", epoch_seconds(k.created)},
                          {"tags", k.tags},
                          {"material", base64_encode(k.material)}};
    if (k.deletion_date) {
        doc["deletionDate"] = epoch_seconds(*k.deletion_date);
    }
    return doc;
}

KmsKey key_from(const storage::StoredResource& row) {
    nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
    KmsKey k;
    k.arn = row.arn;
    k.account_id = row.account_id;
    if (!doc.is_object()) {
        return k;
    }
    k.id = doc.value("id", row.name);
    k.description = doc.value("description", "");
    k.state = doc.value("state", "Enabled");
    k.created = from_epoch(doc.value("created", std::int64_t{0}));
    if (doc.contains("deletionDate")) {
        k.deletion_date = from_epoch(doc["deletionDate"].get<std::int64_t>());
    }
    k.tags = doc.value("tags", nlohmann::json::array());
    k.material = base64_decode(doc.value("material", "")).value_or("");
    return k;
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : std::isxdigit(static_cast<unsigned char>(s[i])) == 0) {
            return false;
        }
    }
    return true;
}

CodedError not_found_key(const std::string& arn) {
    return coded_error("NotFoundException", "Key '" + arn + "' does not exist");
}

}  // namespace

std::string KeyService::key_arn(const KmsScope& scope, const std::string& id) const {
    return "arn:aws:kms:" + scope.region + ":" + scope.account_id + ":key/" + id;
}

CodedResult<bool> KeyService::store_locked(const KmsScope& scope, const KmsKey& key) {
    storage::ResourceStore store(db_);
    storage::StoredResource row;
    row.account_id = scope.account_id;
    row.region = scope.region;
    row.type = std::string(kKeyType);
    row.name = key.id;
    row.arn = key.arn;
    row.document = key_document(key).dump();
    CODED_STORAGE_TRY(store.put(row, clock_.now()));
    return true;
}

CodedResult<KmsKey> KeyService::create_key(const KmsScope& scope,
                                           const std::string& description,
                                           const std::string& key_usage,
                                           const std::string& key_spec,
                                           const nlohmann::json& tags) {
    if (!key_usage.empty() && key_usage != "ENCRYPT_DECRYPT") {
        return coded_error(
            "ValidationException",
            "Tripline's KMS supports KeyUsage ENCRYPT_DECRYPT only, not " + key_usage + ".");
    }
    if (!key_spec.empty() && key_spec != "SYMMETRIC_DEFAULT") {
        return coded_error(
            "ValidationException",
            "Tripline's KMS supports KeySpec SYMMETRIC_DEFAULT only, not " + key_spec + ".");
    }
    if (description.size() > 8192) {
        return coded_error("ValidationException",
                           "1 validation error detected: Value at 'description' failed to satisfy "
                           "constraint: Member must have length less than or equal to 8192");
    }
    std::lock_guard lock(mutex_);
    return new_key_locked(scope, description, tags);
}

CodedResult<KmsKey> KeyService::new_key_locked(const KmsScope& scope,
                                               const std::string& description,
                                               const nlohmann::json& tags) {
    KmsKey key;
    key.id = make_uuid();
    key.arn = key_arn(scope, key.id);
    key.account_id = scope.account_id;
    key.description = description;
    key.created = clock_.now();
    key.tags = tags.is_array() ? tags : nlohmann::json::array();
    key.material = random_bytes(kKeyBytes);
    if (key.material.size() != kKeyBytes) {
        return coded_error("KMSInternalException", "no random bytes for the key material");
    }
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, key));
    return key;
}

CodedResult<KmsKey> KeyService::managed_key(const KmsScope& scope, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto existing = find_locked(scope, "alias/" + name);
    if (existing || existing.error().code != "NotFoundException") {
        return existing;
    }
    CODED_ASSIGN(KmsKey key, new_key_locked(scope, "Default key for " + name.substr(4), {}));
    CODED_ASSIGN([[maybe_unused]] KmsAlias alias, put_alias_locked(scope, "alias/" + name, key));
    return key;
}

CodedResult<KmsKey> KeyService::find_locked(const KmsScope& scope, const std::string& ref) {
    storage::ResourceStore store(db_);
    std::string id = ref;
    const std::string alias_prefix =
        "arn:aws:kms:" + scope.region + ":" + scope.account_id + ":alias/";
    std::string alias;
    if (ref.starts_with("alias/")) {
        alias = ref;
    } else if (ref.starts_with(alias_prefix)) {
        alias = "alias/" + ref.substr(alias_prefix.size());
    }
    if (!alias.empty()) {
        auto row = store.get(scope.account_id, scope.region, kAliasType, alias);
        if (!row) {
            if (row.error().code == Errc::kNotFound) {
                return coded_error("NotFoundException",
                                   "Alias " + alias_prefix + alias.substr(6) + " is not found.");
            }
            return coded_internal(row.error());
        }
        nlohmann::json doc = nlohmann::json::parse(row->document, nullptr, false);
        id = doc.is_object() ? doc.value("targetKeyId", "") : "";
    } else if (ref.starts_with("arn:aws:kms:")) {
        const std::string prefix = key_arn(scope, "");
        if (!ref.starts_with(prefix)) {
            return not_found_key(ref);
        }
        id = ref.substr(prefix.size());
    }
    if (!is_uuid(id)) {
        return coded_error("NotFoundException", "Invalid keyId '" + ref + "'");
    }
    auto row = store.get(scope.account_id, scope.region, kKeyType, id);
    if (!row) {
        if (row.error().code == Errc::kNotFound) {
            return not_found_key(key_arn(scope, id));
        }
        return coded_internal(row.error());
    }
    KmsKey key = key_from(*row);
    if (key.state == "PendingDeletion" && key.deletion_date && clock_.now() >= *key.deletion_date) {
        // The waiting period is over: the key is gone, as in KMS.
        CODED_STORAGE_TRY(store.remove(scope.account_id, scope.region, kKeyType, id));
        return not_found_key(key.arn);
    }
    return key;
}

CodedResult<KmsKey> KeyService::usable_locked(const KmsScope& scope, const std::string& ref) {
    CODED_ASSIGN(KmsKey key, find_locked(scope, ref));
    if (key.state == "Disabled") {
        return coded_error("DisabledException", key.arn + " is disabled.");
    }
    if (key.state == "PendingDeletion") {
        return coded_error("KMSInvalidStateException", key.arn + " is pending deletion.");
    }
    return key;
}

CodedResult<KmsKey> KeyService::describe_key(const KmsScope& scope, const std::string& ref) {
    std::lock_guard lock(mutex_);
    return find_locked(scope, ref);
}

CodedResult<std::vector<KmsKey>> KeyService::list_keys(const KmsScope& scope) {
    std::lock_guard lock(mutex_);
    storage::ResourceStore store(db_);
    CODED_STORAGE(auto rows, store.list(scope.account_id, scope.region, kKeyType));
    std::vector<KmsKey> out;
    for (const auto& row : rows) {
        auto key = find_locked(scope, row.name);  // drops keys whose deletion date has passed
        if (key) {
            out.push_back(std::move(*key));
        }
    }
    return out;
}

CodedResult<KmsKey> KeyService::set_enabled(const KmsScope& scope,
                                            const std::string& ref,
                                            bool enabled) {
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(KmsKey key, find_locked(scope, ref));
    if (key.state == "PendingDeletion") {
        return coded_error("KMSInvalidStateException", key.arn + " is pending deletion.");
    }
    key.state = enabled ? "Enabled" : "Disabled";
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, key));
    return key;
}

CodedResult<KmsKey> KeyService::schedule_deletion(const KmsScope& scope,
                                                  const std::string& ref,
                                                  int days) {
    if (days < 7 || days > 30) {
        return coded_error("ValidationException",
                           "1 validation error detected: Value '" + std::to_string(days) +
                               "' at 'pendingWindowInDays' failed to satisfy constraint: Member "
                               "must have value between 7 and 30");
    }
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(KmsKey key, find_locked(scope, ref));
    if (key.state == "PendingDeletion") {
        return coded_error("KMSInvalidStateException", key.arn + " is pending deletion.");
    }
    key.state = "PendingDeletion";
    key.deletion_date = clock_.now() + std::chrono::hours(24 * days);
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, key));
    return key;
}

CodedResult<KmsKey> KeyService::cancel_deletion(const KmsScope& scope, const std::string& ref) {
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(KmsKey key, find_locked(scope, ref));
    if (key.state != "PendingDeletion") {
        return coded_error("KMSInvalidStateException", key.arn + " is not pending deletion.");
    }
    key.state = "Disabled";  // as KMS: a cancelled deletion leaves the key disabled
    key.deletion_date.reset();
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, key));
    return key;
}

CodedResult<KmsAlias> KeyService::create_alias(const KmsScope& scope,
                                               const std::string& name,
                                               const std::string& target) {
    if (!name.starts_with("alias/") || name.size() <= 6 || name.size() > 256 ||
        name.starts_with("alias/aws/")) {
        return coded_error("InvalidAliasNameException",
                           "Alias must start with the prefix \"alias/\" and may not begin with "
                           "\"alias/aws/\".");
    }
    for (char c : name.substr(6)) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '/' && c != '_' && c != '-') {
            return coded_error("ValidationException",
                               "1 validation error detected: Value '" + name +
                                   "' at 'aliasName' failed to satisfy constraint: Member must "
                                   "satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        }
    }
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(KmsKey key, find_locked(scope, target));
    return put_alias_locked(scope, name, key);
}

CodedResult<KmsAlias> KeyService::put_alias_locked(const KmsScope& scope,
                                                   const std::string& name,
                                                   const KmsKey& key) {
    storage::ResourceStore store(db_);
    KmsAlias alias{name,
                   "arn:aws:kms:" + scope.region + ":" + scope.account_id + ":" + name,
                   key.id,
                   clock_.now()};
    if (store.get(scope.account_id, scope.region, kAliasType, name)) {
        return coded_error("AlreadyExistsException",
                           "An alias with the name " + alias.arn + " already exists");
    }
    storage::StoredResource row;
    row.account_id = scope.account_id;
    row.region = scope.region;
    row.type = std::string(kAliasType);
    row.name = name;
    row.arn = alias.arn;
    row.document = nlohmann::json{{"targetKeyId", key.id}}.dump();
    CODED_STORAGE_TRY(store.put(row, alias.created));
    return alias;
}

CodedResult<std::vector<KmsAlias>> KeyService::list_aliases(const KmsScope& scope) {
    std::lock_guard lock(mutex_);
    storage::ResourceStore store(db_);
    CODED_STORAGE(auto rows, store.list(scope.account_id, scope.region, kAliasType));
    std::vector<KmsAlias> out;
    for (const auto& row : rows) {
        nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
        out.push_back(KmsAlias{row.name,
                               row.arn,
                               doc.is_object() ? doc.value("targetKeyId", "") : "",
                               row.created_at});
    }
    return out;
}

CodedResult<bool> KeyService::delete_alias(const KmsScope& scope, const std::string& name) {
    std::lock_guard lock(mutex_);
    storage::ResourceStore store(db_);
    if (!store.get(scope.account_id, scope.region, kAliasType, name)) {
        return coded_error("NotFoundException",
                           "Alias arn:aws:kms:" + scope.region + ":" + scope.account_id + ":" +
                               name + " is not found.");
    }
    CODED_STORAGE_TRY(store.remove(scope.account_id, scope.region, kAliasType, name));
    return true;
}

CodedResult<KeyService::Sealed> KeyService::encrypt(
    const KmsScope& scope,
    const std::string& ref,
    const std::string& plaintext,
    const std::map<std::string, std::string>& context) {
    if (plaintext.empty() || plaintext.size() > kMaxPlaintextBytes) {
        return coded_error("ValidationException",
                           "1 validation error detected: Value at 'plaintext' failed to satisfy "
                           "constraint: Member must have length between 1 and 4096");
    }
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(KmsKey key, usable_locked(scope, ref));
    std::string blob = seal(key.material, key.id, plaintext, canonical_context(context));
    if (blob.empty()) {
        return coded_error("KMSInternalException", "encryption failed");
    }
    return Sealed{std::move(blob), std::move(key)};
}

CodedResult<KeyService::Opened> KeyService::decrypt(
    const KmsScope& scope,
    const std::string& blob,
    const std::map<std::string, std::string>& context,
    const std::string& ref) {
    auto named = sealed_key_id(blob);
    if (!named) {
        return coded_error("InvalidCiphertextException", "");
    }
    std::lock_guard lock(mutex_);
    if (!ref.empty()) {
        CODED_ASSIGN(KmsKey wanted, find_locked(scope, ref));
        if (wanted.id != *named) {
            return coded_error("IncorrectKeyException",
                               "The key ID in the request does not identify a CMK that can "
                               "perform this operation.");
        }
    }
    auto key = usable_locked(scope, *named);
    if (!key) {
        if (key.error().code == "NotFoundException") {
            return coded_error("InvalidCiphertextException", "");
        }
        return key.error();
    }
    auto plaintext = open(key->material, blob, canonical_context(context));
    if (!plaintext) {
        return coded_error("InvalidCiphertextException", "");
    }
    return Opened{std::move(*plaintext), std::move(*key)};
}

}  // namespace tripline::kms
