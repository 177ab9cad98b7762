// Object-level operations (data events): PutObject, GetObject/HeadObject (ranges, conditions),
// DeleteObject(s), CopyObject and ListObjects (V1 and V2).
#include <cctype>
#include <charconv>
#include <optional>

#include "api/services/s3/s3_checksums.h"
#include "api/services/s3/s3_listing.h"
#include "api/services/s3/s3_names.h"
#include "api/services/s3/s3_range.h"
#include "api/services/s3/s3_service.h"
#include "api/services/s3/s3_xml.h"
#include "api/xml_writer.h"
#include "base/uri_encoding.h"

namespace tripline::api::services {

using namespace s3;

namespace {

constexpr std::size_t kMaxDeleteKeys = 1000;

ApiError precondition_failed(std::string_view condition) {
    ApiError e = s3_error(
        412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    e.details = {{"Condition", std::string(condition)}};
    return e;
}

// An If-Match / If-None-Match list ("*" or comma-separated quoted ETags) holds `etag`.
bool etag_matches(std::string_view list, std::string_view etag) {
    std::string_view bare = etag;
    if (bare.size() >= 2 && bare.front() == '"') {
        bare = bare.substr(1, bare.size() - 2);
    }
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        std::string_view item = list.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        while (!item.empty() && item.back() == ' ') {
            item.remove_suffix(1);
        }
        if (item.starts_with("W/")) {
            item.remove_prefix(2);
        }
        if (item.size() >= 2 && item.front() == '"') {
            item = item.substr(1, item.size() - 2);
        }
        if (item == "*" || item == bare) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return false;
}

// x-amz-copy-source is percent-encoded; unlike a form, '+' is a plus sign.
std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            return std::nullopt;
        }
        out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
        i += 2;
    }
    return out;
}

std::string encoded(std::string_view text, bool url) {
    return url ? uri_encode(text, /*keep_slash=*/true) : std::string(text);
}

}  // namespace

ServiceReply S3Service::put_object(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    if (auto e = verify_integrity(req, req.body)) {
        return *e;
    }
    if (req.has_header("if-none-match") && req.header("if-none-match") == "*" &&
        find_object(bucket, req.key)) {
        return precondition_failed("If-None-Match");
    }
    ObjectInfo info;
    info.key = req.key;
    apply_object_headers(req, bucket, info);
    info.size = req.body.size();
    info.etag = "\"" + md5_hex(req.body) + "\"";
    info.crc32 = crc32_base64(req.body);
    info.last_modified = call.time;
    auto file = files_.store(req.bucket, req.body);
    if (!file) {
        return internal_error();
    }
    info.file = *file;
    if (auto e = commit_object(call, bucket, info)) {
        return *e;
    }
    HttpResponse r = empty_reply(200);
    r.headers.emplace("ETag", info.etag);
    r.headers.emplace("x-amz-server-side-encryption", info.sse);
    if (req.has_header("x-amz-checksum-crc32")) {
        r.headers.emplace("x-amz-checksum-crc32", info.crc32);
    }
    return r;
}

ServiceReply S3Service::get_object(ApiCall& call, Request& req, bool head) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    // Reading races a concurrent overwrite that deletes the old file: retry with the new row.
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto info = find_object(bucket, req.key);
        if (!info) {
            return no_such_key(req.key);
        }
        if (req.has_header("if-match") && !etag_matches(req.header("if-match"), info->etag)) {
            return precondition_failed("If-Match");
        }
        bool not_modified = req.has_header("if-none-match") &&
                            etag_matches(req.header("if-none-match"), info->etag);
        RangeRequest range;
        if (req.has_header("range")) {
            range = parse_range(req.header("range"), info->size);
        }
        if (range.kind == RangeRequest::Kind::kUnsatisfiable) {
            ApiError e = s3_error(416, "InvalidRange", "The requested range is not satisfiable");
            e.details = {{"RangeRequested", req.header("range")},
                         {"ActualObjectSize", std::to_string(info->size)}};
            return e;
        }
        std::uint64_t first = 0;
        std::uint64_t length = info->size;
        if (range.kind == RangeRequest::Kind::kPartial) {
            first = range.first;
            length = range.last - range.first + 1;
        }
        HttpResponse r;
        r.content_type = info->content_type;
        if (not_modified) {
            r.status = 304;
            r.content_type = "";
            r.headers.emplace("ETag", info->etag);
            r.headers.emplace("Last-Modified", http_date(info->last_modified));
            return r;
        }
        if (!head) {
            auto bytes = files_.read(req.bucket, info->file, first, length);
            if (!bytes) {
                if (bytes.error().code == Errc::kNotFound) {
                    continue;
                }
                return internal_error();
            }
            r.body = std::move(*bytes);
        } else {
            r.headers.emplace("Content-Length", std::to_string(length));
        }
        add_object_headers(*info, r);
        if (range.kind == RangeRequest::Kind::kPartial) {
            r.status = 206;
            r.headers.emplace("Content-Range",
                              "bytes " + std::to_string(range.first) + "-" +
                                  std::to_string(range.last) + "/" + std::to_string(info->size));
        } else if (req.header("x-amz-checksum-mode") == "ENABLED" && !info->crc32.empty()) {
            r.headers.emplace("x-amz-checksum-crc32", info->crc32);
        }
        // Presigned URLs may override response headers (response-content-type=…).
        static constexpr std::pair<std::string_view, std::string_view> kOverrides[] = {
            {"response-cache-control", "Cache-Control"},
            {"response-content-disposition", "Content-Disposition"},
            {"response-content-encoding", "Content-Encoding"},
            {"response-content-language", "Content-Language"},
            {"response-expires", "Expires"},
        };
        for (const auto& [param, header] : kOverrides) {
            if (auto value = req.param(param)) {
                r.headers.erase(std::string(header));
                r.headers.emplace(std::string(header), *value);
            }
        }
        if (auto type = req.param("response-content-type")) {
            r.content_type = *type;
        }
        return r;
    }
    return no_such_key(req.key);
}

ServiceReply S3Service::delete_object(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    std::optional<ObjectInfo> info;
    {
        std::lock_guard lock(mutex_);
        info = find_object(bucket, req.key);
        if (info) {
            (void)store_.remove(
                bucket.row.account_id, bucket.region(), object_type(req.bucket), req.key);
        }
    }
    if (info) {
        files_.remove(req.bucket, info->file);
    }
    return empty_reply(204);  // also when the key did not exist, as S3 does
}

ServiceReply S3Service::delete_objects(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    if (auto e = verify_integrity(req, req.body)) {
        return *e;
    }
    auto doc = parse_xml(req.body);
    if (!doc || doc->name != "Delete") {
        return malformed_xml();
    }
    auto objects = doc->all("Object");
    if (objects.empty() || objects.size() > kMaxDeleteKeys) {
        return malformed_xml();
    }
    bool quiet = doc->child_text("Quiet") == "true";
    XmlWriter xml;
    xml.open("DeleteResult", kS3Namespace);
    for (const XmlNode* object : objects) {
        const XmlNode* key_node = object->child("Key");
        if (key_node == nullptr) {
            return malformed_xml();
        }
        const std::string& key = key_node->text;
        KeyProblem problem = check_object_key(key);
        if (problem != KeyProblem::kNone) {
            xml.open("Error")
                .element("Key", key)
                .element("Code",
                         problem == KeyProblem::kTooLong ? "KeyTooLongError" : "InvalidArgument")
                .element("Message", key_problem_message(problem))
                .close("Error");
            continue;
        }
        std::optional<ObjectInfo> info;
        {
            std::lock_guard lock(mutex_);
            info = find_object(bucket, key);
            if (info) {
                (void)store_.remove(
                    bucket.row.account_id, bucket.region(), object_type(req.bucket), key);
            }
        }
        if (info) {
            files_.remove(req.bucket, info->file);
        }
        if (call.resources.size() < 100) {
            call.resources.insert(call.resources.begin(),
                                  {"AWS::S3::Object", bucket_arn(req.bucket) + "/" + key, ""});
        }
        if (!quiet) {
            xml.open("Deleted").element("Key", key).close("Deleted");
        }
    }
    xml.close("DeleteResult");
    return xml_reply(xml.take());
}

ServiceReply S3Service::copy_object(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    std::string source = req.header("x-amz-copy-source");
    if (std::size_t q = source.find("?versionId="); q != std::string::npos) {
        source.resize(q);
    }
    auto decoded = percent_decode(source);
    if (!decoded) {
        return invalid_argument("Invalid copy source encoding", "x-amz-copy-source", source);
    }
    S3Path src = split_s3_path(*decoded);
    if (!is_valid_bucket_name(src.bucket) || check_object_key(src.key) != KeyProblem::kNone) {
        return invalid_argument(
            "Invalid copy source object key", "x-amz-copy-source", req.header("x-amz-copy-source"));
    }
    std::string directive = req.has_header("x-amz-metadata-directive")
                                ? req.header("x-amz-metadata-directive")
                                : "COPY";
    if (directive != "COPY" && directive != "REPLACE") {
        return invalid_argument(
            "Unknown metadata directive.", "x-amz-metadata-directive", directive);
    }
    if (src.bucket == req.bucket && src.key == req.key && directive == "COPY" &&
        !req.has_header("x-amz-storage-class") && !req.has_header("x-amz-server-side-encryption")) {
        return s3_error(400,
                        "InvalidRequest",
                        "This copy request is illegal because it is trying to copy an object to "
                        "itself without changing the object's metadata, storage class, website "
                        "redirect location or encryption attributes.");
    }
    BucketInfo source_bucket;
    if (auto e = load_bucket(call, src.bucket, source_bucket)) {
        return *e;
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto info = find_object(source_bucket, src.key);
        if (!info) {
            return no_such_key(src.key);
        }
        auto bytes = files_.read(src.bucket, info->file, 0, info->size);
        if (!bytes) {
            if (bytes.error().code == Errc::kNotFound) {
                continue;
            }
            return internal_error();
        }
        ObjectInfo copy = *info;
        copy.key = req.key;
        if (directive == "REPLACE") {
            apply_object_headers(req, bucket, copy);
        } else {
            if (req.has_header("x-amz-storage-class")) {
                copy.storage_class = req.header("x-amz-storage-class");
            }
            if (req.has_header("x-amz-server-side-encryption")) {
                copy.sse = req.header("x-amz-server-side-encryption");
            }
        }
        copy.last_modified = call.time;
        auto file = files_.store(req.bucket, *bytes);
        if (!file) {
            return internal_error();
        }
        copy.file = *file;
        if (auto e = commit_object(call, bucket, copy)) {
            return *e;
        }
        XmlWriter xml;
        xml.open("CopyObjectResult", kS3Namespace)
            .element("LastModified", format_iso8601_millis(copy.last_modified))
            .element("ETag", copy.etag)
            .close("CopyObjectResult");
        HttpResponse r = xml_reply(xml.take());
        r.headers.emplace("x-amz-server-side-encryption", copy.sse);
        return r;
    }
    return no_such_key(src.key);
}

ServiceReply S3Service::list_objects(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    bool v2 = req.param("list-type").value_or("") == "2";
    std::string encoding = req.param("encoding-type").value_or("");
    if (!encoding.empty() && encoding != "url") {
        return invalid_argument(
            "Invalid Encoding Method specified in Request", "encoding-type", encoding);
    }
    bool url = encoding == "url";
    ListingRequest listing;
    listing.prefix = req.param("prefix").value_or("");
    listing.delimiter = req.param("delimiter").value_or("");
    if (auto max_keys = req.param("max-keys")) {
        int value = -1;
        auto [ptr, ec] =
            std::from_chars(max_keys->data(), max_keys->data() + max_keys->size(), value);
        if (ec != std::errc() || ptr != max_keys->data() + max_keys->size() || value < 0) {
            return invalid_argument(
                "Provided max-keys not an integer or within integer range", "max-keys", *max_keys);
        }
        listing.max_keys = std::min(value, kMaxListKeys);
    }
    std::string token = req.param("continuation-token").value_or("");
    std::string start_after = req.param("start-after").value_or("");
    std::string marker = req.param("marker").value_or("");
    if (v2 && req.param("continuation-token")) {
        auto point = decode_continuation_token(token);
        if (!point) {
            return invalid_argument(
                "The continuation token provided is incorrect", "continuation-token", token);
        }
        listing.after = *point;
    } else if (v2) {
        listing.after = ResumePoint{start_after, false};
    } else {
        bool rolled = !listing.delimiter.empty() && marker.ends_with(listing.delimiter);
        listing.after = ResumePoint{marker, rolled};
    }

    auto rows = store_.list(bucket.row.account_id, bucket.region(), object_type(req.bucket));
    if (!rows) {
        return internal_error();
    }
    std::vector<std::string> keys;
    keys.reserve(rows->size());
    for (const auto& row : *rows) {
        keys.push_back(row.name);
    }
    ListingPage page = list_page(keys, listing);
    bool fetch_owner = !v2 || req.param("fetch-owner").value_or("") == "true";

    XmlWriter xml;
    xml.open("ListBucketResult", kS3Namespace)
        .element("Name", req.bucket)
        .element("Prefix", encoded(listing.prefix, url));
    if (v2) {
        if (req.param("continuation-token")) {
            xml.element("ContinuationToken", token);
        }
        if (req.param("start-after")) {
            xml.element("StartAfter", encoded(start_after, url));
        }
        xml.element("KeyCount", std::to_string(page.contents.size() + page.common_prefixes.size()));
    } else {
        xml.element("Marker", encoded(marker, url));
    }
    xml.element("MaxKeys", std::to_string(listing.max_keys));
    if (!listing.delimiter.empty()) {
        xml.element("Delimiter", encoded(listing.delimiter, url));
    }
    if (url) {
        xml.element("EncodingType", "url");
    }
    xml.element("IsTruncated", page.truncated ? "true" : "false");
    if (page.truncated && v2) {
        xml.element("NextContinuationToken", encode_continuation_token(page.next));
    } else if (page.truncated) {
        xml.element("NextMarker", encoded(page.next.key, url));
    }
    for (std::size_t index : page.contents) {
        ObjectInfo info = ObjectInfo::from_row((*rows)[index]);
        xml.open("Contents")
            .element("Key", encoded(info.key, url))
            .element("LastModified", format_iso8601_millis(info.last_modified))
            .element("ETag", info.etag)
            .element("Size", std::to_string(info.size));
        if (fetch_owner) {
            xml.open("Owner")
                .element("ID", canonical_user_id(bucket.row.account_id))
                .element("DisplayName", bucket.row.account_id)
                .close("Owner");
        }
        xml.element("StorageClass", info.storage_class).close("Contents");
    }
    for (const auto& prefix : page.common_prefixes) {
        xml.open("CommonPrefixes").element("Prefix", encoded(prefix, url)).close("CommonPrefixes");
    }
    xml.close("ListBucketResult");
    return xml_reply(xml.take());
}

}  // namespace tripline::api::services
