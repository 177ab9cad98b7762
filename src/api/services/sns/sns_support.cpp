#include "api/services/sns/sns_support.h"

#include <spdlog/spdlog.h>

namespace tripline::api::services::sns {

notify::SnsCaller caller_of(const ApiCall& call) {
    notify::SnsCaller caller;
    caller.account_id = call.principal.account_id;
    caller.region = call.region;
    caller.principal_arn = call.principal.arn;
    caller.authenticated = true;
    return caller;
}

ApiError sns_error(const Error& error, bool tagging) {
    switch (error.code) {
        case Errc::kInvalidArgument:
        case Errc::kAlreadyExists:
        case Errc::kFailedPrecondition:
            if (error.message.starts_with("Invalid parameter")) {
                return ApiError{400, "InvalidParameter", error.message};
            }
            return ApiError{400, "ParameterValueInvalid", error.message};
        case Errc::kNotFound:
            if (tagging) {
                return ApiError{404, "ResourceNotFound", "Resource does not exist"};
            }
            return ApiError{404, "NotFound", error.message};
        case Errc::kPermissionDenied:
        case Errc::kUnauthenticated:
            return ApiError{403, "AuthorizationError", error.message};
        case Errc::kLimitExceeded:
            if (tagging) {
                return ApiError{400, "TagLimitExceeded", error.message};
            }
            return ApiError{400, "InvalidParameter", error.message};
        case Errc::kUnavailable:
            return ApiError{503, "ServiceUnavailable", error.message, false};
        case Errc::kIo:
        case Errc::kInternal:
            break;
    }
    // Storage failures stay in the log; the client gets SNS's generic answer.
    spdlog::error("SNS: internal error: {}", error.message);
    return ApiError{500, "InternalError", "Internal Error", false};
}

void write_attribute_map(XmlWriter& xml,
                         std::string_view name,
                         const std::map<std::string, std::string>& values) {
    xml.open(name);
    for (const auto& [key, value] : values) {
        xml.open("entry").element("key", key).element("value", value).close("entry");
    }
    xml.close(name);
}

std::optional<std::string> form_param(const ApiCall& call, std::string_view name) {
    auto value = call.form.get(name);
    return value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
}

ApiError missing_parameter(std::string_view name) {
    return ApiError{400, "InvalidParameter", "Invalid parameter: " + std::string(name)};
}

}  // namespace tripline::api::services::sns
