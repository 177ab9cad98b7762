#include "api/api_error.h"

#include <nlohmann/json.hpp>

#include "api/xml_writer.h"

namespace tripline::api {

HttpResponse render_error(const ApiError& error, const ErrorContext& context) {
    HttpResponse response;
    response.status = error.status;
    switch (context.protocol) {
        case Protocol::kQuery: {
            XmlWriter xml;
            if (context.ec2) {
                xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                    .open("Response")
                    .open("Errors")
                    .open("Error")
                    .element("Code", error.code)
                    .element("Message", error.message)
                    .close("Error")
                    .close("Errors")
                    .element("RequestID", context.request_id)
                    .close("Response");
                response.content_type = "text/xml;charset=UTF-8";
                response.body = xml.take();
                break;
            }
            if (context.xml_namespace.empty()) {
                xml.open("ErrorResponse");
            } else {
                xml.open("ErrorResponse", context.xml_namespace);
            }
            xml.open("Error")
                .element("Type", error.sender ? "Sender" : "Receiver")
                .element("Code", error.code)
                .element("Message", error.message)
                .close("Error")
                .element("RequestId", context.request_id)
                .close("ErrorResponse");
            response.content_type = "text/xml";
            response.body = xml.take();
            response.headers.emplace("x-amzn-RequestId", context.request_id);
            break;
        }
        case Protocol::kJson10:
        case Protocol::kJson11:
        case Protocol::kRestJson: {
            nlohmann::json body = {{"__type", error.code}, {"message", error.message}};
            response.content_type = context.protocol == Protocol::kRestJson
                                        ? "application/json"
                                        : std::string(json_content_type(context.protocol));
            response.body = body.dump();
            response.headers.emplace("x-amzn-RequestId", context.request_id);
            response.headers.emplace("x-amzn-ErrorType", error.code);
            if (context.query_compatible) {
                const std::string& code = error.query_code.empty() ? error.code : error.query_code;
                response.headers.emplace("x-amzn-query-error",
                                         code + (error.sender ? ";Sender" : ";Receiver"));
            }
            break;
        }
        case Protocol::kRestXml: {
            XmlWriter xml;
            xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .open("Error")
                .element("Code", error.code)
                .element("Message", error.message);
            if (!error.details.empty()) {
                for (const auto& [name, value] : error.details) {
                    xml.element(name, value);
                }
            } else if (!context.resource.empty()) {
                xml.element("Resource", context.resource);
            }
            xml.element("RequestId", context.request_id).close("Error");
            response.content_type = "application/xml";
            response.body = xml.take();
            response.headers.emplace("x-amz-request-id", context.request_id);
            break;
        }
    }
    return response;
}

ApiError api_error_from(const Error& error) {
    switch (error.code) {
        case Errc::kInvalidArgument:
            return ApiError{400, "ValidationError", error.message};
        case Errc::kNotFound:
            return ApiError{404, "NotFound", error.message};
        case Errc::kAlreadyExists:
            return ApiError{409, "AlreadyExists", error.message};
        case Errc::kLimitExceeded:
            return ApiError{400, "LimitExceeded", error.message};
        case Errc::kPermissionDenied:
            return ApiError{403, "AccessDenied", error.message};
        case Errc::kUnavailable:
            return ApiError{503, "ServiceUnavailable", error.message, false};
        default:
            return ApiError{500,
                            "InternalFailure",
                            "The request processing has failed because of an "
                            "unknown error, exception or failure.",
                            false};
    }
}

}  // namespace tripline::api
