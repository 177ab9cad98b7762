#include "api/services/s3/s3_support.h"

#include <ctime>

#include "api/services/s3/s3_checksums.h"
#include "api/xml_writer.h"

namespace tripline::api::services::s3 {

std::string S3Request::header(std::string_view name) const {
    auto it = http->headers.find(std::string(name));
    return it == http->headers.end() ? std::string() : it->second;
}

bool S3Request::has_header(std::string_view name) const {
    return http->headers.count(std::string(name)) > 0;
}

std::optional<std::string> S3Request::param(std::string_view name) const {
    auto value = query.get(name);
    if (!value) {
        return std::nullopt;
    }
    return std::string(*value);
}

ApiError s3_error(int status, std::string code, std::string message) {
    return ApiError(status, std::move(code), std::move(message));
}

ApiError no_such_bucket(std::string_view bucket) {
    ApiError e = s3_error(404, "NoSuchBucket", "The specified bucket does not exist");
    e.details = {{"BucketName", std::string(bucket)}};
    return e;
}

ApiError no_such_key(std::string_view key) {
    ApiError e = s3_error(404, "NoSuchKey", "The specified key does not exist.");
    e.details = {{"Key", std::string(key)}};
    return e;
}

ApiError invalid_bucket_name(std::string_view bucket) {
    ApiError e = s3_error(400, "InvalidBucketName", "The specified bucket is not valid.");
    e.details = {{"BucketName", std::string(bucket)}};
    return e;
}

ApiError malformed_xml() {
    return s3_error(400,
                    "MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our "
                    "published schema");
}

ApiError invalid_argument(std::string message, std::string_view name, std::string_view value) {
    ApiError e = s3_error(400, "InvalidArgument", std::move(message));
    e.details = {{"ArgumentName", std::string(name)}, {"ArgumentValue", std::string(value)}};
    return e;
}

ApiError invalid_digest() {
    return s3_error(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
}

ApiError bad_digest(std::string_view what) {
    if (what == "Content-MD5") {
        return s3_error(
            400, "BadDigest", "The Content-MD5 you specified did not match what was received.");
    }
    return s3_error(
        400,
        "BadDigest",
        "The " + std::string(what) + " you specified did not match the calculated checksum.");
}

ApiError no_such_upload(std::string_view upload_id) {
    ApiError e = s3_error(404,
                          "NoSuchUpload",
                          "The specified upload does not exist. The upload ID may be invalid, or "
                          "the upload may have been aborted or completed.");
    e.details = {{"UploadId", std::string(upload_id)}};
    return e;
}

ApiError not_implemented(std::string_view operation) {
    ApiError e = s3_error(501,
                          "NotImplemented",
                          "A header you provided implies functionality that is not implemented");
    e.sender = false;
    e.details = {{"Operation", std::string(operation)}};
    return e;
}

ApiError internal_error() {
    ApiError e =
        s3_error(500, "InternalError", "We encountered an internal error. Please try again.");
    e.sender = false;
    return e;
}

ApiError access_denied() { return s3_error(403, "AccessDenied", "Access Denied"); }

std::optional<ApiError> verify_integrity(const S3Request& req, std::string_view data) {
    if (req.has_header("content-md5")) {
        auto digest = base64_decode(req.header("content-md5"));
        if (!digest || digest->size() != 16) {
            return invalid_digest();
        }
        Md5Digest actual = md5(data);
        if (std::string_view(reinterpret_cast<const char*>(actual.data()), actual.size()) !=
            *digest) {
            return bad_digest("Content-MD5");
        }
    }
    if (req.has_header("x-amz-checksum-crc32")) {
        if (crc32_base64(data) != req.header("x-amz-checksum-crc32")) {
            return bad_digest("CRC32");
        }
    }
    return std::nullopt;
}

HttpResponse xml_reply(std::string xml_without_declaration, int status) {
    HttpResponse r;
    r.status = status;
    r.content_type = "application/xml";
    r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + std::move(xml_without_declaration);
    return r;
}

HttpResponse empty_reply(int status) {
    HttpResponse r;
    r.status = status;
    r.content_type = "";
    return r;
}

std::string http_date(TimePoint t) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf,
                  sizeof buf,
                  "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  kDays[tm.tm_wday],
                  tm.tm_mday,
                  kMonths[tm.tm_mon],
                  tm.tm_year + 1900,
                  tm.tm_hour,
                  tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string canonical_user_id(std::string_view account_id) {
    // Two MD5s make the 64 hex characters of a real canonical id.
    std::string a = md5_hex("tripline-canonical-user:" + std::string(account_id));
    return a + md5_hex(a);
}

void apply_object_headers(const S3Request& req, const BucketInfo& bucket, ObjectInfo& info) {
    info.content_type =
        req.has_header("content-type") ? req.header("content-type") : "binary/octet-stream";
    info.metadata = nlohmann::json::object();
    info.headers = nlohmann::json::object();
    for (const auto& [name, value] : req.http->headers) {
        if (name.starts_with("x-amz-meta-") && name.size() > 11) {
            info.metadata[name.substr(11)] = value;
        }
    }
    static constexpr std::pair<std::string_view, std::string_view> kStored[] = {
        {"cache-control", "Cache-Control"},
        {"content-disposition", "Content-Disposition"},
        {"content-language", "Content-Language"},
        {"expires", "Expires"},
        {"x-amz-website-redirect-location", "x-amz-website-redirect-location"},
    };
    for (const auto& [name, canonical] : kStored) {
        if (req.has_header(name)) {
            info.headers[std::string(canonical)] = req.header(name);
        }
    }
    // aws-chunked is the transfer framing of a streaming upload, not the object's encoding.
    std::string encoding = req.header("content-encoding");
    std::string kept;
    std::size_t start = 0;
    while (start <= encoding.size() && !encoding.empty()) {
        std::size_t comma = encoding.find(',', start);
        std::string token =
            encoding.substr(start, comma == std::string::npos ? comma : comma - start);
        token.erase(0, token.find_first_not_of(' '));
        token.erase(token.find_last_not_of(' ') + 1);
        if (!token.empty() && token != "aws-chunked") {
            kept += (kept.empty() ? "" : ",") + token;
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    if (!kept.empty()) {
        info.headers["Content-Encoding"] = kept;
    }
    info.storage_class =
        req.has_header("x-amz-storage-class") ? req.header("x-amz-storage-class") : "STANDARD";
    if (req.has_header("x-amz-server-side-encryption")) {
        info.sse = req.header("x-amz-server-side-encryption");
    } else {
        info.sse = "AES256";
        const auto& enc =
            bucket.doc.contains("encryption") ? bucket.doc["encryption"] : nlohmann::json();
        if (enc.is_object() && enc.contains("rules") && !enc["rules"].empty()) {
            info.sse = enc["rules"][0].value("SSEAlgorithm", "AES256");
        }
    }
}

void add_object_headers(const ObjectInfo& info, HttpResponse& response) {
    response.headers.emplace("ETag", info.etag);
    response.headers.emplace("Last-Modified", http_date(info.last_modified));
    response.headers.emplace("Accept-Ranges", "bytes");
    response.headers.emplace("x-amz-server-side-encryption", info.sse);
    if (info.storage_class != "STANDARD") {
        response.headers.emplace("x-amz-storage-class", info.storage_class);
    }
    for (const auto& [name, value] : info.metadata.items()) {
        if (value.is_string()) {
            response.headers.emplace("x-amz-meta-" + name, value.get<std::string>());
        }
    }
    for (const auto& [name, value] : info.headers.items()) {
        if (value.is_string()) {
            response.headers.emplace(name, value.get<std::string>());
        }
    }
}

}  // namespace tripline::api::services::s3
