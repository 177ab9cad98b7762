// Multipart uploads (data events): CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
// AbortMultipartUpload, ListParts, ListMultipartUploads. An upload is a ResourceStore row
// ("s3:upload:<bucket>", named by upload id, document {key, object metadata, initiated}) plus a
// folder of part files; completing it streams the parts into one object file.
#include <charconv>

#include "api/services/s3/s3_checksums.h"
#include "api/services/s3/s3_service.h"
#include "api/services/s3/s3_xml.h"
#include "api/xml_writer.h"
#include "base/uri_encoding.h"
#include "base/uuid.h"

namespace tripline::api::services {

using namespace s3;

namespace {

std::optional<int> part_number_of(std::string_view text) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > 10000) {
        return std::nullopt;
    }
    return value;
}

std::string upload_arn(std::string_view upload_id) {
    return "tripline:s3-multipart-upload:" + std::string(upload_id);
}

ApiError invalid_part() {
    return s3_error(400,
                    "InvalidPart",
                    "One or more of the specified parts could not be found.  The part may not "
                    "have been uploaded, or the specified entity tag may not have matched the "
                    "part's entity tag.");
}

std::string unquoted(std::string_view etag) {
    while (!etag.empty() && (etag.front() == '"' || etag.front() == ' ')) {
        etag.remove_prefix(1);
    }
    while (!etag.empty() && (etag.back() == '"' || etag.back() == ' ')) {
        etag.remove_suffix(1);
    }
    return std::string(etag);
}

}  // namespace

std::optional<ApiError> S3Service::load_upload(const BucketInfo& bucket,
                                               const std::string& upload_id,
                                               const std::string& key,
                                               nlohmann::json& out) {
    if (!ObjectFiles::is_safe_id(upload_id)) {
        return no_such_upload(upload_id);
    }
    auto row =
        store_.get(bucket.row.account_id, bucket.region(), upload_type(bucket.name()), upload_id);
    if (!row) {
        return no_such_upload(upload_id);
    }
    out = nlohmann::json::parse(row->document, nullptr, false);
    if (!out.is_object() || out.value("key", "") != key) {
        return no_such_upload(upload_id);
    }
    return std::nullopt;
}

ServiceReply S3Service::create_multipart_upload(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    ObjectInfo info;
    info.key = req.key;
    apply_object_headers(req, bucket, info);
    std::string upload_id = random_upper_alnum(8) + "-" + make_uuid();
    if (!files_.create_upload(req.bucket, upload_id)) {
        return internal_error();
    }
    storage::StoredResource row;
    row.account_id = bucket.row.account_id;
    row.region = bucket.region();
    row.type = upload_type(req.bucket);
    row.name = upload_id;
    row.arn = upload_arn(upload_id);
    row.document = nlohmann::json{{"key", req.key},
                                  {"object", info.to_json()},
                                  {"initiated", format_iso8601_millis(call.time)}}
                       .dump();
    if (!store_.put(row, call.time)) {
        files_.remove_upload(req.bucket, upload_id);
        return internal_error();
    }
    XmlWriter xml;
    xml.open("InitiateMultipartUploadResult", kS3Namespace)
        .element("Bucket", req.bucket)
        .element("Key", req.key)
        .element("UploadId", upload_id)
        .close("InitiateMultipartUploadResult");
    HttpResponse r = xml_reply(xml.take());
    r.headers.emplace("x-amz-server-side-encryption", info.sse);
    if (req.has_header("x-amz-checksum-algorithm")) {
        r.headers.emplace("x-amz-checksum-algorithm", req.header("x-amz-checksum-algorithm"));
    }
    return r;
}

ServiceReply S3Service::upload_part(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    std::string upload_id = req.param("uploadId").value_or("");
    std::string part_text = req.param("partNumber").value_or("");
    auto part = part_number_of(part_text);
    if (!part) {
        return invalid_argument("Part number must be an integer between 1 and 10000, inclusive",
                                "partNumber",
                                part_text);
    }
    nlohmann::json upload;
    if (auto e = load_upload(bucket, upload_id, req.key, upload)) {
        return *e;
    }
    if (auto e = verify_integrity(req, req.body)) {
        return *e;
    }
    if (!files_.store_part(req.bucket, upload_id, *part, req.body)) {
        // The upload was completed or aborted meanwhile.
        return files_.upload_exists(req.bucket, upload_id) ? internal_error()
                                                           : no_such_upload(upload_id);
    }
    HttpResponse r = empty_reply(200);
    r.headers.emplace("ETag", "\"" + md5_hex(req.body) + "\"");
    r.headers.emplace("x-amz-server-side-encryption",
                      upload["object"].value("sse", std::string("AES256")));
    if (req.has_header("x-amz-checksum-crc32")) {
        r.headers.emplace("x-amz-checksum-crc32", req.header("x-amz-checksum-crc32"));
    }
    return r;
}

ServiceReply S3Service::complete_multipart_upload(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    std::string upload_id = req.param("uploadId").value_or("");
    nlohmann::json upload;
    if (auto e = load_upload(bucket, upload_id, req.key, upload)) {
        return *e;
    }
    auto doc = parse_xml(req.body);
    if (!doc || doc->name != "CompleteMultipartUpload") {
        return malformed_xml();
    }
    auto parts = doc->all("Part");
    if (parts.empty()) {
        return malformed_xml();
    }
    (*call.request_parameters)["CompleteMultipartUpload"] = xml_to_json(*doc);
    std::vector<std::pair<int, std::string>> wanted;
    for (const XmlNode* part : parts) {
        auto number = part_number_of(part->child_text("PartNumber"));
        if (!number) {
            return malformed_xml();
        }
        if (!wanted.empty() && *number <= wanted.back().first) {
            return s3_error(400,
                            "InvalidPartOrder",
                            "The list of parts was not in ascending order. Parts must be ordered "
                            "by part number.");
        }
        wanted.emplace_back(*number, unquoted(part->child_text("ETag")));
    }
    auto assembly = files_.assemble(req.bucket);
    if (!assembly) {
        return internal_error();
    }
    std::string part_md5s;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        auto bytes = files_.read_part(req.bucket, upload_id, wanted[i].first);
        if (!bytes) {
            return invalid_part();
        }
        Md5Digest digest = md5(*bytes);
        if (hex(digest.data(), digest.size()) != wanted[i].second) {
            return invalid_part();
        }
        if (i + 1 < wanted.size() && bytes->size() < kMinPartBytes) {
            ApiError e = s3_error(400,
                                  "EntityTooSmall",
                                  "Your proposed upload is smaller than the minimum allowed size");
            e.details = {{"ProposedSize", std::to_string(bytes->size())},
                         {"MinSizeAllowed", std::to_string(kMinPartBytes)},
                         {"PartNumber", std::to_string(wanted[i].first)},
                         {"ETag", wanted[i].second}};
            return e;
        }
        part_md5s.append(reinterpret_cast<const char*>(digest.data()), digest.size());
        total += bytes->size();
        if (!(*assembly)->append(*bytes)) {
            return internal_error();
        }
    }
    auto file = (*assembly)->commit();
    if (!file) {
        return internal_error();
    }
    ObjectInfo info = ObjectInfo::from_row(
        storage::StoredResource{"", "", "", req.key, "", upload["object"].dump(), {}, {}});
    info.key = req.key;
    info.file = *file;
    info.size = total;
    info.etag = "\"" + md5_hex(part_md5s) + "-" + std::to_string(wanted.size()) + "\"";
    info.crc32.clear();  // a multipart object has no whole-object CRC-32 here
    info.last_modified = call.time;
    {
        // The upload must still exist: a concurrent Complete or Abort wins otherwise.
        std::lock_guard lock(mutex_);
        if (!store_.get(
                bucket.row.account_id, bucket.region(), upload_type(req.bucket), upload_id)) {
            files_.remove(req.bucket, info.file);
            return no_such_upload(upload_id);
        }
        (void)store_.remove(
            bucket.row.account_id, bucket.region(), upload_type(req.bucket), upload_id);
    }
    if (auto e = commit_object(call, bucket, info)) {
        return *e;
    }
    files_.remove_upload(req.bucket, upload_id);
    XmlWriter xml;
    xml.open("CompleteMultipartUploadResult", kS3Namespace)
        .element("Location",
                 "http://" + req.header("host") + "/" + req.bucket + "/" +
                     uri_encode(req.key, /*keep_slash=*/true))
        .element("Bucket", req.bucket)
        .element("Key", req.key)
        .element("ETag", info.etag)
        .close("CompleteMultipartUploadResult");
    HttpResponse r = xml_reply(xml.take());
    r.headers.emplace("x-amz-server-side-encryption", info.sse);
    return r;
}

ServiceReply S3Service::abort_multipart_upload(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    std::string upload_id = req.param("uploadId").value_or("");
    nlohmann::json upload;
    {
        std::lock_guard lock(mutex_);
        if (auto e = load_upload(bucket, upload_id, req.key, upload)) {
            return *e;
        }
        (void)store_.remove(
            bucket.row.account_id, bucket.region(), upload_type(req.bucket), upload_id);
    }
    files_.remove_upload(req.bucket, upload_id);
    return empty_reply(204);
}

ServiceReply S3Service::list_parts(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    std::string upload_id = req.param("uploadId").value_or("");
    nlohmann::json upload;
    if (auto e = load_upload(bucket, upload_id, req.key, upload)) {
        return *e;
    }
    int marker = 0;
    if (auto text = req.param("part-number-marker")) {
        marker = part_number_of(*text).value_or(0);
    }
    int max_parts = 1000;
    if (auto text = req.param("max-parts")) {
        max_parts = std::max(1, std::min(1000, part_number_of(*text).value_or(1000)));
    }
    XmlWriter xml;
    xml.open("ListPartsResult", kS3Namespace)
        .element("Bucket", req.bucket)
        .element("Key", req.key)
        .element("UploadId", upload_id)
        .element("PartNumberMarker", std::to_string(marker));
    int count = 0;
    int last = 0;
    bool truncated = false;
    XmlWriter parts_xml;
    for (const PartFile& part : files_.list_parts(req.bucket, upload_id)) {
        if (part.number <= marker) {
            continue;
        }
        if (count == max_parts) {
            truncated = true;
            break;
        }
        auto bytes = files_.read_part(req.bucket, upload_id, part.number);
        if (!bytes) {
            continue;
        }
        parts_xml.open("Part")
            .element("PartNumber", std::to_string(part.number))
            .element("LastModified", format_iso8601_millis(part.modified))
            .element("ETag", "\"" + md5_hex(*bytes) + "\"")
            .element("Size", std::to_string(part.size))
            .close("Part");
        ++count;
        last = part.number;
    }
    xml.element("NextPartNumberMarker", std::to_string(last))
        .element("MaxParts", std::to_string(max_parts))
        .element("IsTruncated", truncated ? "true" : "false")
        .raw(parts_xml.str())
        .open("Initiator")
        .element("ID", call.principal.arn)
        .element("DisplayName", call.principal.account_id)
        .close("Initiator")
        .open("Owner")
        .element("ID", canonical_user_id(bucket.row.account_id))
        .element("DisplayName", bucket.row.account_id)
        .close("Owner")
        .element("StorageClass", upload["object"].value("storageClass", std::string("STANDARD")))
        .close("ListPartsResult");
    return xml_reply(xml.take());
}

ServiceReply S3Service::list_multipart_uploads(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    auto rows = store_.list(bucket.row.account_id, bucket.region(), upload_type(req.bucket));
    if (!rows) {
        return internal_error();
    }
    std::string prefix = req.param("prefix").value_or("");
    XmlWriter xml;
    xml.open("ListMultipartUploadsResult", kS3Namespace)
        .element("Bucket", req.bucket)
        .element("KeyMarker", "")
        .element("UploadIdMarker", "")
        .element("Prefix", prefix)
        .element("MaxUploads", "1000")
        .element("IsTruncated", "false");
    for (const auto& row : *rows) {
        auto doc = nlohmann::json::parse(row.document, nullptr, false);
        if (!doc.is_object() || !doc.value("key", "").starts_with(prefix)) {
            continue;
        }
        xml.open("Upload")
            .element("Key", doc.value("key", ""))
            .element("UploadId", row.name)
            .open("Initiator")
            .element("ID", call.principal.arn)
            .element("DisplayName", call.principal.account_id)
            .close("Initiator")
            .open("Owner")
            .element("ID", canonical_user_id(bucket.row.account_id))
            .element("DisplayName", bucket.row.account_id)
            .close("Owner")
            .element("StorageClass", "STANDARD")
            .element("Initiated", doc.value("initiated", ""))
            .close("Upload");
    }
    xml.close("ListMultipartUploadsResult");
    return xml_reply(xml.take());
}

}  // namespace tripline::api::services
