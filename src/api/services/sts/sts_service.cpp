#include "api/services/sts/sts_service.h"

#include "api/xml_writer.h"

namespace tripline::api::services {

ServiceReply StsService::handle(ApiCall& call) {
    if (call.operation == "GetCallerIdentity") {
        return get_caller_identity(call);
    }
    if (call.operation == "GetAccessKeyInfo") {
        return get_access_key_info(call);
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

}  // namespace tripline::api::services
