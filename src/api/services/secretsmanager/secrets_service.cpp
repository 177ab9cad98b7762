#include "api/services/secretsmanager/secrets_service.h"

#include "base/encoding.h"
#include "secrets/secret_service.h"

namespace tripline::api::services {

namespace {

ApiError to_api(const CodedError& error) {
    if (error.status >= 500) {
        return ApiError{500, "InternalServiceError", error.message, false};
    }
    return ApiError{400, error.code, error.message};
}

kms::KmsScope scope_of(const ApiCall& call) {
    return kms::KmsScope{call.principal.account_id, call.region};
}

std::string member(const ApiCall& call, const char* name) {
    auto it = call.input.find(name);
    return it != call.input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// SecretString, or SecretBinary (base64 on the wire), and ClientRequestToken.
std::variant<secrets::SecretInput, ApiError> input_of(const ApiCall& call) {
    secrets::SecretInput input;
    const bool has_string = call.input.contains("SecretString");
    const bool has_binary = call.input.contains("SecretBinary");
    if (has_string && has_binary) {
        return ApiError{400,
                        "InvalidParameterException",
                        "You can't specify both a binary secret value and a string secret value "
                        "in the same secret."};
    }
    if (has_string) {
        input.value = member(call, "SecretString");
    } else if (has_binary) {
        auto decoded = base64_decode(member(call, "SecretBinary"));
        if (!decoded) {
            return ApiError{400, "InvalidParameterException", "SecretBinary must be base64."};
        }
        input.value = std::move(*decoded);
        input.binary = true;
    }
    input.version_id = member(call, "ClientRequestToken");
    return input;
}

nlohmann::json stages_map(const secrets::Secret& s) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& v : s.versions) {
        out[v.id] = v.stages;
    }
    return out;
}

nlohmann::json description_of(const secrets::Secret& s, bool listing) {
    nlohmann::json out = {
        {"ARN", s.arn},
        {"Name", s.name},
        {"LastChangedDate", json_timestamp(s.last_changed)},
        {"CreatedDate", json_timestamp(s.created)},
        {listing ? "SecretVersionsToStages" : "VersionIdsToStages", stages_map(s)}};
    if (!s.description.empty()) {
        out["Description"] = s.description;
    }
    if (!s.kms_key_id.empty()) {
        out["KmsKeyId"] = s.kms_key_id;
    }
    if (!s.tags.empty()) {
        out["Tags"] = s.tags;
    }
    if (s.last_accessed) {
        out["LastAccessedDate"] = json_timestamp(*s.last_accessed);
    }
    if (s.deletion_date) {
        out["DeletedDate"] = json_timestamp(*s.deletion_date);
    }
    return out;
}

nlohmann::json value_of(const secrets::SecretValue& v) {
    nlohmann::json out = {{"ARN", v.secret.arn},
                          {"Name", v.secret.name},
                          {"VersionId", v.version.id},
                          {"VersionStages", v.version.stages},
                          {"CreatedDate", json_timestamp(v.version.created)}};
    if (v.version.binary) {
        out["SecretBinary"] = base64_encode(v.value);
    } else {
        out["SecretString"] = v.value;
    }
    return out;
}

}  // namespace

ServiceReply SecretsManagerService::handle(ApiCall& call) {
    const std::string& op = call.operation;
    if (op == "GetSecretValue" || op == "BatchGetSecretValue" || op == "DescribeSecret" ||
        op == "ListSecrets") {
        call.read_only = true;
        return read_operation(call);
    }
    if (op == "CreateSecret" || op == "PutSecretValue" || op == "DeleteSecret" ||
        op == "RestoreSecret") {
        return write_operation(call);
    }
    return ApiError{
        400,
        "UnknownOperationException",
        "Tripline does not implement the Secrets Manager operation " + op + " (docs/secrets.md)."};
}

ServiceReply SecretsManagerService::read_operation(ApiCall& call) {
    const std::string& op = call.operation;
    const std::string id = member(call, "SecretId");
    if (op == "ListSecrets") {
        call.request_parameters = nullptr;
        auto list =
            secrets_.list(scope_of(call), call.input.value("IncludePlannedDeletion", false));
        if (!list) {
            return to_api(list.error());
        }
        nlohmann::json out = nlohmann::json::array();
        for (const auto& s : *list) {
            out.push_back(description_of(s, true));
        }
        return json_reply(call, {{"SecretList", out}});
    }
    if (op == "BatchGetSecretValue") {
        std::vector<std::string> ids = call.input.value("SecretIdList", std::vector<std::string>{});
        if (ids.empty() || ids.size() > 20) {
            return ApiError{400,
                            "InvalidParameterException",
                            "SecretIdList must name 1 to 20 secrets (Tripline does not take "
                            "Filters)."};
        }
        call.request_parameters = nlohmann::json{{"secretIdList", ids}};
        nlohmann::json values = nlohmann::json::array();
        nlohmann::json errors = nlohmann::json::array();
        for (const auto& secret_id : ids) {
            auto value = secrets_.get_value(scope_of(call), secret_id, "", "");
            if (value) {
                values.push_back(value_of(*value));
            } else {
                errors.push_back({{"SecretId", secret_id},
                                  {"ErrorCode", value.error().code},
                                  {"Message", value.error().message}});
            }
        }
        return json_reply(call, {{"SecretValues", values}, {"Errors", errors}});
    }
    if (id.empty()) {
        return ApiError{400, "InvalidParameterException", "SecretId is required."};
    }
    nlohmann::json params = {{"secretId", id}};
    if (op == "DescribeSecret") {
        call.request_parameters = params;
        auto secret = secrets_.describe(scope_of(call), id);
        if (!secret) {
            return to_api(secret.error());
        }
        return json_reply(call, description_of(*secret, false));
    }
    const std::string version = member(call, "VersionId");
    const std::string stage = member(call, "VersionStage");
    if (!version.empty()) {
        params["versionId"] = version;
    }
    if (!stage.empty()) {
        params["versionStage"] = stage;
    }
    call.request_parameters = params;
    auto value = secrets_.get_value(scope_of(call), id, version, stage);
    if (!value) {
        return to_api(value.error());
    }
    return json_reply(call, value_of(*value));
}

ServiceReply SecretsManagerService::write_operation(ApiCall& call) {
    const std::string& op = call.operation;
    auto parsed = input_of(call);
    if (auto* error = std::get_if<ApiError>(&parsed)) {
        return *error;
    }
    const auto& input = std::get<secrets::SecretInput>(parsed);
    nlohmann::json params = nlohmann::json::object();
    if (!input.version_id.empty()) {
        params["clientRequestToken"] = input.version_id;
    }
    if (op == "CreateSecret") {
        const std::string name = member(call, "Name");
        const std::string description = member(call, "Description");
        const std::string key = member(call, "KmsKeyId");
        params["name"] = name;
        if (!description.empty()) {
            params["description"] = description;
        }
        if (!key.empty()) {
            params["kmsKeyId"] = key;
        }
        call.request_parameters = params;
        auto created = secrets_.create(scope_of(call),
                                       name,
                                       description,
                                       key,
                                       input,
                                       call.input.value("Tags", nlohmann::json::array()));
        if (!created) {
            return to_api(created.error());
        }
        nlohmann::json out = {{"ARN", created->arn}, {"Name", created->name}};
        if (!created->versions.empty()) {
            out["VersionId"] = created->versions.front().id;
        }
        call.response_elements = {{"arn", created->arn}};
        return json_reply(call, out);
    }
    const std::string id = member(call, "SecretId");
    if (id.empty()) {
        return ApiError{400, "InvalidParameterException", "SecretId is required."};
    }
    params["secretId"] = id;
    if (op == "PutSecretValue") {
        call.request_parameters = params;
        auto updated = secrets_.put_value(scope_of(call), id, input);
        if (!updated) {
            return to_api(updated.error());
        }
        const auto& version = updated->versions.front();
        call.response_elements = {{"arn", updated->arn}};
        return json_reply(call,
                          {{"ARN", updated->arn},
                           {"Name", updated->name},
                           {"VersionId", version.id},
                           {"VersionStages", version.stages}});
    }
    if (op == "RestoreSecret") {
        call.request_parameters = params;
        auto restored = secrets_.restore(scope_of(call), id);
        if (!restored) {
            return to_api(restored.error());
        }
        call.response_elements = {{"arn", restored->arn}};
        return json_reply(call, {{"ARN", restored->arn}, {"Name", restored->name}});
    }
    std::optional<int> days;
    if (auto it = call.input.find("RecoveryWindowInDays"); it != call.input.end()) {
        if (!it->is_number_integer()) {
            return ApiError{
                400, "InvalidParameterException", "RecoveryWindowInDays must be a number."};
        }
        days = it->get<int>();
        params["recoveryWindowInDays"] = *days;
    }
    const bool force = call.input.value("ForceDeleteWithoutRecovery", false);
    if (force) {
        params["forceDeleteWithoutRecovery"] = true;
    }
    call.request_parameters = params;
    auto deleted = secrets_.remove(scope_of(call), id, days, force);
    if (!deleted) {
        return to_api(deleted.error());
    }
    call.response_elements = {{"arn", deleted->arn}};
    return json_reply(call,
                      {{"ARN", deleted->arn},
                       {"Name", deleted->name},
                       {"DeletionDate", json_timestamp(*deleted->deletion_date)}});
}

}  // namespace tripline::api::services
