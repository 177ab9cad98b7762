#include "api/services/kms/kms_service.h"

#include <cctype>
#include <map>
#include <variant>

#include "api/recorded_names.h"
#include "base/encoding.h"
#include "kms/aes_gcm.h"
#include "kms/key_service.h"

namespace tripline::api::services {

namespace {

ApiError to_api(const CodedError& error) {
    if (error.status >= 500) {
        return ApiError{500, "KMSInternalException", error.message, false};
    }
    return ApiError{400, error.code, error.message};
}

ApiError validation(const std::string& message) {
    return ApiError{400, "ValidationException", message};
}

kms::KmsScope scope_of(const ApiCall& call) {
    return kms::KmsScope{call.principal.account_id, call.region};
}

// A string member; nullopt when absent. A member of another type is an error.
std::optional<std::string> text(const ApiCall& call, const char* member, ApiError& error) {
    auto it = call.input.find(member);
    if (it == call.input.end() || it->is_null()) {
        return std::nullopt;
    }
    if (!it->is_string()) {
        error =
            validation(std::string("1 validation error detected: ") + member + " must be a string");
        return std::nullopt;
    }
    return it->get<std::string>();
}

nlohmann::json metadata(const kms::KmsKey& k) {
    nlohmann::json m = {{"AWSAccountId", k.account_id},
                        {"KeyId", k.id},
                        {"Arn", k.arn},
                        {"CreationDate", json_timestamp(k.created)},
                        {"Enabled", k.state == "Enabled"},
                        {"Description", k.description},
                        {"KeyUsage", "ENCRYPT_DECRYPT"},
                        {"KeyState", k.state},
                        {"Origin", "AWS_KMS"},
                        {"KeyManager", "CUSTOMER"},
                        {"CustomerMasterKeySpec", "SYMMETRIC_DEFAULT"},
                        {"KeySpec", "SYMMETRIC_DEFAULT"},
                        {"EncryptionAlgorithms", {"SYMMETRIC_DEFAULT"}},
                        {"MultiRegion", false}};
    if (k.deletion_date) {
        m["DeletionDate"] = json_timestamp(*k.deletion_date);
    }
    return m;
}

void record_key(ApiCall& call, const kms::KmsKey& key) {
    call.resources.push_back(RecordedResource{"AWS::KMS::Key", key.arn, key.account_id});
}

// EncryptionContext: a map of strings.
std::variant<std::map<std::string, std::string>, ApiError> context_of(const ApiCall& call) {
    std::map<std::string, std::string> context;
    auto it = call.input.find("EncryptionContext");
    if (it == call.input.end() || it->is_null()) {
        return context;
    }
    if (!it->is_object()) {
        return validation("EncryptionContext must be a map of strings");
    }
    for (const auto& [key, value] : it->items()) {
        if (!value.is_string()) {
            return validation("EncryptionContext must be a map of strings");
        }
        context[key] = value.get<std::string>();
    }
    return context;
}

}  // namespace

ServiceReply KmsService::handle(ApiCall& call) {
    const std::string& op = call.operation;
    if (op == "CreateAlias" || op == "ListAliases" || op == "DeleteAlias") {
        return alias_operation(call);
    }
    if (op == "Encrypt" || op == "Decrypt" || op == "GenerateDataKey" ||
        op == "GenerateDataKeyWithoutPlaintext") {
        return crypto_operation(call);
    }
    return key_operation(call);
}

ServiceReply KmsService::key_operation(ApiCall& call) {
    const std::string& op = call.operation;
    ApiError error;
    auto key_id = text(call, "KeyId", error);
    if (!error.code.empty()) {
        return error;
    }
    if (op == "CreateKey") {
        auto description = text(call, "Description", error);
        auto usage = text(call, "KeyUsage", error);
        auto spec = text(call, "KeySpec", error);
        if (!spec) {
            spec = text(call, "CustomerMasterKeySpec", error);
        }
        if (!error.code.empty()) {
            return error;
        }
        nlohmann::json tags = call.input.value("Tags", nlohmann::json::array());
        call.request_parameters = nlohmann::json{{"description", description.value_or("")},
                                                 {"keyUsage", usage.value_or("ENCRYPT_DECRYPT")},
                                                 {"keySpec", spec.value_or("SYMMETRIC_DEFAULT")},
                                                 {"origin", "AWS_KMS"},
                                                 {"multiRegion", false}};
        auto key = keys_.create_key(
            scope_of(call), description.value_or(""), usage.value_or(""), spec.value_or(""), tags);
        if (!key) {
            return to_api(key.error());
        }
        record_key(call, *key);
        nlohmann::json out = {{"KeyMetadata", metadata(*key)}};
        call.response_elements = lower_camel_keys(out);
        return json_reply(call, out);
    }
    if (op == "ListKeys") {
        auto keys = keys_.list_keys(scope_of(call));
        if (!keys) {
            return to_api(keys.error());
        }
        nlohmann::json list = nlohmann::json::array();
        for (const auto& k : *keys) {
            list.push_back({{"KeyId", k.id}, {"KeyArn", k.arn}});
        }
        return json_reply(call, {{"Keys", list}, {"Truncated", false}});
    }
    if (op != "DescribeKey" && op != "EnableKey" && op != "DisableKey" &&
        op != "ScheduleKeyDeletion" && op != "CancelKeyDeletion") {
        return ApiError{400,
                        "UnknownOperationException",
                        "Tripline does not implement the KMS operation " + op + " (docs/kms.md)."};
    }
    if (!key_id) {
        return validation(
            "1 validation error detected: Value null at 'keyId' failed to satisfy "
            "constraint: Member must not be null");
    }
    nlohmann::json params = {{"keyId", *key_id}};
    CodedResult<kms::KmsKey> key =
        op == "DescribeKey"         ? keys_.describe_key(scope_of(call), *key_id)
        : op == "EnableKey"         ? keys_.set_enabled(scope_of(call), *key_id, true)
        : op == "DisableKey"        ? keys_.set_enabled(scope_of(call), *key_id, false)
        : op == "CancelKeyDeletion" ? keys_.cancel_deletion(scope_of(call), *key_id)
                                    : CodedResult<kms::KmsKey>(coded_error("", ""));
    int days = 30;
    if (op == "ScheduleKeyDeletion") {
        if (auto it = call.input.find("PendingWindowInDays"); it != call.input.end()) {
            if (!it->is_number_integer()) {
                return validation("PendingWindowInDays must be an integer");
            }
            days = it->get<int>();
        }
        params["pendingWindowInDays"] = days;
        key = keys_.schedule_deletion(scope_of(call), *key_id, days);
    }
    call.request_parameters = params;
    if (!key) {
        return to_api(key.error());
    }
    record_key(call, *key);
    if (op == "DescribeKey") {
        return json_reply(call, {{"KeyMetadata", metadata(*key)}});
    }
    if (op == "ScheduleKeyDeletion") {
        nlohmann::json out = {{"KeyId", key->arn},
                              {"DeletionDate", json_timestamp(*key->deletion_date)},
                              {"KeyState", key->state},
                              {"PendingWindowInDays", days}};
        call.response_elements =
            nlohmann::json{{"keyId", key->arn},
                           {"deletionDate", format_iso8601(*key->deletion_date)},
                           {"keyState", key->state},
                           {"pendingWindowInDays", days}};
        return json_reply(call, out);
    }
    if (op == "CancelKeyDeletion") {
        call.response_elements = nlohmann::json{{"keyId", key->arn}};
        return json_reply(call, {{"KeyId", key->arn}});
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply KmsService::alias_operation(ApiCall& call) {
    ApiError error;
    auto name = text(call, "AliasName", error);
    auto target = text(call, "TargetKeyId", error);
    if (!error.code.empty()) {
        return error;
    }
    if (call.operation == "ListAliases") {
        auto aliases = keys_.list_aliases(scope_of(call));
        if (!aliases) {
            return to_api(aliases.error());
        }
        auto filter = text(call, "KeyId", error);
        nlohmann::json list = nlohmann::json::array();
        for (const auto& a : *aliases) {
            if (filter && a.target_key_id != *filter) {
                continue;
            }
            list.push_back({{"AliasName", a.name},
                            {"AliasArn", a.arn},
                            {"TargetKeyId", a.target_key_id},
                            {"CreationDate", json_timestamp(a.created)},
                            {"LastUpdatedDate", json_timestamp(a.created)}});
        }
        return json_reply(call, {{"Aliases", list}, {"Truncated", false}});
    }
    if (!name) {
        return validation(
            "1 validation error detected: Value null at 'aliasName' failed to "
            "satisfy constraint: Member must not be null");
    }
    nlohmann::json params = {{"aliasName", *name}};
    if (call.operation == "DeleteAlias") {
        call.request_parameters = params;
        auto deleted = keys_.delete_alias(scope_of(call), *name);
        return deleted ? ServiceReply(json_reply(call, nlohmann::json::object()))
                       : ServiceReply(to_api(deleted.error()));
    }
    if (!target) {
        return validation(
            "1 validation error detected: Value null at 'targetKeyId' failed to "
            "satisfy constraint: Member must not be null");
    }
    params["targetKeyId"] = *target;
    call.request_parameters = params;
    auto alias = keys_.create_alias(scope_of(call), *name, *target);
    if (!alias) {
        return to_api(alias.error());
    }
    auto key = keys_.describe_key(scope_of(call), alias->target_key_id);
    if (key) {
        record_key(call, *key);
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply KmsService::crypto_operation(ApiCall& call) {
    const std::string& op = call.operation;
    ApiError error;
    auto key_id = text(call, "KeyId", error);
    auto plaintext_b64 = text(call, "Plaintext", error);
    auto blob_b64 = text(call, "CiphertextBlob", error);
    auto key_spec = text(call, "KeySpec", error);
    if (!error.code.empty()) {
        return error;
    }
    auto context = context_of(call);
    if (auto* bad = std::get_if<ApiError>(&context)) {
        return *bad;
    }
    const auto& ctx = std::get<std::map<std::string, std::string>>(context);
    nlohmann::json params = {{"encryptionAlgorithm", "SYMMETRIC_DEFAULT"}};
    if (!ctx.empty()) {
        params["encryptionContext"] = ctx;
    }
    if (key_id) {
        params["keyId"] = *key_id;
    }
    call.read_only = true;
    if (op == "Decrypt") {
        call.request_parameters = params;
        auto blob = base64_decode(blob_b64.value_or(""));
        if (!blob || blob->empty()) {
            return ApiError{400, "InvalidCiphertextException", ""};
        }
        auto opened = keys_.decrypt(scope_of(call), *blob, ctx, key_id.value_or(""));
        if (!opened) {
            return to_api(opened.error());
        }
        record_key(call, opened->key);
        return json_reply(call,
                          {{"KeyId", opened->key.arn},
                           {"Plaintext", base64_encode(opened->plaintext)},
                           {"EncryptionAlgorithm", "SYMMETRIC_DEFAULT"}});
    }
    if (!key_id) {
        return validation(
            "1 validation error detected: Value null at 'keyId' failed to satisfy "
            "constraint: Member must not be null");
    }
    std::string plaintext;
    if (op == "Encrypt") {
        call.request_parameters = params;
        auto decoded = base64_decode(plaintext_b64.value_or(""));
        if (!decoded) {
            return validation("Plaintext must be base64-encoded binary data");
        }
        plaintext = std::move(*decoded);
    } else {
        std::size_t bytes = 0;
        if (auto it = call.input.find("NumberOfBytes"); it != call.input.end()) {
            if (!it->is_number_integer() || it->get<long long>() < 1 ||
                it->get<long long>() > 1024) {
                return validation("NumberOfBytes must be between 1 and 1024");
            }
            bytes = it->get<std::size_t>();
            params["numberOfBytes"] = bytes;
        } else if (key_spec == "AES_256" || key_spec == "AES_128") {
            bytes = *key_spec == "AES_256" ? 32 : 16;
            params.erase("encryptionAlgorithm");
            params["keySpec"] = *key_spec;
        } else {
            return validation(
                "Please specify either number of bytes or key spec (AES_256 or "
                "AES_128).");
        }
        call.request_parameters = params;
        plaintext = kms::random_bytes(bytes);
    }
    auto sealed = keys_.encrypt(scope_of(call), *key_id, plaintext, ctx);
    if (!sealed) {
        return to_api(sealed.error());
    }
    record_key(call, sealed->key);
    nlohmann::json out = {{"KeyId", sealed->key.arn},
                          {"CiphertextBlob", base64_encode(sealed->blob)}};
    if (op == "Encrypt") {
        out["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT";
    } else if (op == "GenerateDataKey") {
        out["Plaintext"] = base64_encode(plaintext);
    }
    return json_reply(call, out);
}

}  // namespace tripline::api::services
