#include "api/services/sts/sts_service.h"

#include "api/services/iam/iam_wire.h"
#include "api/xml_writer.h"

namespace tripline::api::services {

ServiceReply StsService::handle(ApiCall& call) {
    if (call.operation == "GetCallerIdentity") {
        return get_caller_identity(call);
    }
    if (call.operation == "GetAccessKeyInfo") {
        return get_access_key_info(call);
    }
    if (call.operation == "AssumeRole" && iam_ != nullptr) {
        return assume_role(call);
    }
    if (call.operation == "GetSessionToken" && iam_ != nullptr) {
        return get_session_token(call);
    }
    return ApiError{400,
                    "InvalidAction",
                    "Could not find operation " + call.operation + " for version 2011-06-15"};
}

ServiceReply StsService::get_caller_identity(ApiCall& call) {
    const Principal& p = call.principal;
    XmlWriter xml;
    xml.element("Arn", p.arn).element("UserId", p.principal_id).element("Account", p.account_id);
    // CloudTrail records GetCallerIdentity with null requestParameters and responseElements.
    call.request_parameters = nullptr;
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply StsService::get_access_key_info(ApiCall& call) {
    auto key_id = call.form.get("AccessKeyId");
    if (!key_id || key_id->empty()) {
        return ApiError{
            400,
            "ValidationError",
            "1 validation error detected: Value null at 'accessKeyId' failed to satisfy "
            "constraint: Member must not be null"};
    }
    if (key_id->size() < 16 || key_id->size() > 128) {
        return ApiError{400,
                        "ValidationError",
                        "1 validation error detected: Value at 'accessKeyId' failed to satisfy "
                        "constraint: Member must have length between 16 and 128"};
    }
    auto credential = directory_.find(*key_id);
    if (!credential) {
        return ApiError{
            400, "InvalidClientTokenId", "The security token included in the request is invalid."};
    }
    XmlWriter xml;
    xml.element("Account", credential->principal.account_id);
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply StsService::assume_role(ApiCall& call) {
    using namespace iam_wire;
    auto role_arn = get(call, "RoleArn");
    auto session_name = get(call, "RoleSessionName");
    if (!role_arn) {
        return missing("RoleArn");
    }
    if (!session_name) {
        return missing("RoleSessionName");
    }
    iam::IamService::AssumeRoleRequest request;
    request.role_arn = *role_arn;
    request.session_name = *session_name;
    request.duration_seconds = integer(call, "DurationSeconds").value_or(3600);
    request.serial_number = get_or(call, "SerialNumber", "");
    request.token_code = get_or(call, "TokenCode", "");
    request.source_identity = get_or(call, "SourceIdentity", "");
    // The one-time MFA code is not recorded.
    nlohmann::json params = call.form.to_request_parameters();
    if (params.is_object()) {
        params.erase("tokenCode");
    }
    call.request_parameters = params;

    iam::Caller caller;
    const Principal& p = call.principal;
    caller.account_id = p.account_id;
    caller.type = p.type;
    caller.arn = p.arn;
    caller.user_name = p.user_name;
    caller.access_key_id = p.access_key_id;
    caller.mfa_authenticated = p.mfa_authenticated;
    auto session = iam_->assume_role(caller, request);
    if (!session) {
        return to_api(session.error());
    }
    const std::string assumed_id = session->role_id + ":" + session->session_name;
    Tree credentials{{"AccessKeyId", session->access_key_id},
                     {"SecretAccessKey", session->secret_access_key},
                     {"SessionToken", session->session_token},
                     {"Expiration", iam_date(session->expiration)}};
    Tree user{{"AssumedRoleId", assumed_id}, {"Arn", session->assumed_role_arn}};
    Tree result{{"Credentials", credentials}, {"AssumedRoleUser", user}};
    if (!session->source_identity.empty()) {
        result["SourceIdentity"] = session->source_identity;
    }
    Tree recorded_tree = result;
    recorded_tree["Credentials"].erase("SecretAccessKey");
    call.response_elements = recorded(recorded_tree);
    if (call.response_elements.is_object() && call.response_elements.contains("credentials")) {
        // CloudTrail writes the expiration of STS credentials in the same "MMM d, yyyy" form.
        call.response_elements["credentials"]["expiration"] =
            recorded(Tree{{"ExpirationDate", iam_date(session->expiration)}})["expirationDate"];
    }
    call.resources.push_back(
        RecordedResource{"AWS::IAM::Role", session->role_arn, session->account_id});
    return query_reply(call, xml_namespace(), to_xml(result));
}

ServiceReply StsService::get_session_token(ApiCall& call) {
    using namespace iam_wire;
    nlohmann::json params = call.form.to_request_parameters();
    if (params.is_object()) {
        params.erase("tokenCode");  // the one-time MFA code is not recorded
    }
    call.request_parameters = params;
    iam::Caller caller;
    const Principal& p = call.principal;
    caller.account_id = p.account_id;
    caller.type = p.type;
    caller.arn = p.arn;
    caller.user_name = p.user_name;
    caller.principal_id = p.principal_id;
    caller.access_key_id = p.access_key_id;
    auto session = iam_->get_session_token(caller,
                                           integer(call, "DurationSeconds").value_or(43200),
                                           get_or(call, "SerialNumber", ""),
                                           get_or(call, "TokenCode", ""));
    if (!session) {
        return to_api(session.error());
    }
    Tree credentials{{"AccessKeyId", session->access_key_id},
                     {"SecretAccessKey", session->secret_access_key},
                     {"SessionToken", session->session_token},
                     {"Expiration", iam_date(session->expiration)}};
    Tree result{{"Credentials", credentials}};
    Tree recorded_tree = result;
    recorded_tree["Credentials"].erase("SecretAccessKey");
    call.response_elements = recorded(recorded_tree);
    if (call.response_elements.is_object() && call.response_elements.contains("credentials")) {
        call.response_elements["credentials"]["expiration"] =
            recorded(Tree{{"ExpirationDate", iam_date(session->expiration)}})["expirationDate"];
    }
    return query_reply(call, xml_namespace(), to_xml(result));
}

}  // namespace tripline::api::services
