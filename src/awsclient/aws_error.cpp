#include "awsclient/aws_error.h"

#include <nlohmann/json.hpp>

#include "awsclient/xml_reader.h"

namespace tripline::awsclient {
namespace {

constexpr std::size_t kMaxErrorBodyBytes = 1024 * 1024;

// "aws.protocoltests#ThrottlingException" or "ThrottlingException:http://…" → the bare code.
std::string bare_code(std::string code) {
    if (auto hash = code.rfind('#'); hash != std::string::npos) {
        code = code.substr(hash + 1);
    }
    if (auto colon = code.find(':'); colon != std::string::npos) {
        code = code.substr(0, colon);
    }
    return code;
}

void read_xml(std::string_view body, AwsError& out) {
    XmlLimits limits;
    limits.max_bytes = kMaxErrorBodyBytes;
    limits.max_elements = 1000;
    limits.max_depth = 8;
    auto root = parse_xml(body, limits);
    if (!root) {
        return;
    }
    const XmlElement* error = root->name == "Error" ? &*root : root->child("Error");
    if (error == nullptr) {
        return;
    }
    out.code = error->child_text("Code");
    out.message = error->child_text("Message");
    if (out.bucket_region.empty()) {
        out.bucket_region = error->child_text("Region");
    }
    out.request_id = error->child_text("RequestId");
    if (out.request_id.empty()) {
        out.request_id = root->child_text("RequestId");
    }
}

void read_json(std::string_view body, AwsError& out) {
    auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) {
        return;
    }
    for (const char* key : {"__type", "code", "Code"}) {
        if (auto it = doc.find(key); it != doc.end() && it->is_string() && out.code.empty()) {
            out.code = bare_code(it->get<std::string>());
        }
    }
    for (const char* key : {"message", "Message", "errorMessage"}) {
        if (auto it = doc.find(key); it != doc.end() && it->is_string() && out.message.empty()) {
            out.message = it->get<std::string>();
        }
    }
}

}  // namespace

AwsError parse_aws_error(const HttpResponse& response) {
    AwsError out;
    out.status = response.status;
    out.bucket_region = response.header("x-amz-bucket-region");
    out.request_id = response.header("x-amzn-requestid");
    if (out.request_id.empty()) {
        out.request_id = response.header("x-amz-request-id");
    }
    std::string_view body = response.body;
    if (body.size() <= kMaxErrorBodyBytes) {
        std::size_t first = body.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos && body[first] == '<') {
            read_xml(body, out);
        } else if (first != std::string_view::npos && body[first] == '{') {
            read_json(body, out);
        }
    }
    if (std::string header = response.header("x-amzn-errortype"); !header.empty()) {
        out.code = bare_code(header);
    }
    if (out.request_id.empty()) {
        out.request_id = response.header("x-amz-request-id");
    }
    return out;
}

bool is_throttling_code(std::string_view code) {
    static constexpr std::string_view kCodes[] = {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };
    for (std::string_view c : kCodes) {
        if (code == c) {
            return true;
        }
    }
    return false;
}

bool is_retryable(const AwsError& error) {
    if (is_throttling_code(error.code) || error.status == 429 || error.status >= 500) {
        return error.status != 501;  // NotImplemented never gets better
    }
    return error.code == "RequestTimeout" || error.code == "RequestTimeoutException" ||
           error.code == "InternalError" || error.code == "ServiceUnavailable" ||
           error.code == "IDPCommunicationError";
}

Error to_error(const AwsError& error, std::string_view operation) {
    std::string text(operation);
    text += ": ";
    text += error.code.empty() ? "HTTP " + std::to_string(error.status) : error.code;
    if (!error.message.empty()) {
        text += ": " + error.message;
    }
    if (!error.code.empty()) {
        text += " (HTTP " + std::to_string(error.status) + ")";
    }
    Errc code = Errc::kInternal;
    const std::string& c = error.code;
    if (error.status == 404 || c.rfind("NoSuch", 0) == 0 || c == "NotFound") {
        code = Errc::kNotFound;
    } else if (c == "InvalidAccessKeyId" || c == "SignatureDoesNotMatch" ||
               c == "InvalidClientTokenId" || c == "UnrecognizedClientException" ||
               c == "ExpiredToken" || c == "InvalidToken" || c == "AuthFailure" ||
               c == "RequestTimeTooSkewed" || c == "AuthorizationHeaderMalformed") {
        code = Errc::kUnauthenticated;
    } else if (error.status == 403) {
        code = Errc::kPermissionDenied;
    } else if (is_retryable(error)) {
        code = Errc::kUnavailable;
    } else if (error.status == 409 || error.status == 412) {
        code = Errc::kFailedPrecondition;
    } else if (error.status >= 400 && error.status < 500) {
        code = Errc::kInvalidArgument;
    }
    return make_error(code, std::move(text));
}

}  // namespace tripline::awsclient
