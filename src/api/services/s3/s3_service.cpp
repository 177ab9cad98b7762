#include "api/services/s3/s3_service.h"

#include <array>

#include "api/services/s3/s3_checksums.h"
#include "api/services/s3/s3_names.h"
#include "api/services/s3/s3_routing.h"

namespace tripline::api::services {

using namespace s3;

namespace {

// Query parameters that carry the signature of a presigned URL, not the operation's input.
bool is_auth_parameter(std::string_view name) {
    return name.starts_with("X-Amz-") || name == "AWSAccessKeyId" || name == "Signature" ||
           name == "Expires" || name == "x-id";
}

constexpr std::array<std::string_view, 7> kRecordedHeaders = {
    "x-amz-acl",
    "x-amz-copy-source",
    "x-amz-metadata-directive",
    "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-storage-class",
    "x-amz-tagging",
};

}  // namespace

S3Service::S3Service(storage::BucketStore& buckets)
    : buckets_(buckets), store_(buckets.resources()), files_(buckets.files()) {}

std::string S3Service::rest_operation(const HttpRequest& request) const {
    return s3_operation(request);
}

ServiceReply S3Service::handle(ApiCall& call) {
    Request req;
    req.http = call.http;
    req.body = call.body;
    S3Path path = split_s3_path(call.http->path);
    req.bucket = std::move(path.bucket);
    req.key = std::move(path.key);

    // What CloudTrail records for S3: bucketName, Host, key, the query's sub-resources and
    // parameters, and the headers that change what the call does.
    nlohmann::json params = nlohmann::json::object();
    if (!req.bucket.empty()) {
        params["bucketName"] = req.bucket;
    }
    params["Host"] = req.header("host");
    if (!req.key.empty()) {
        params["key"] = req.key;
    }
    auto query = QueryForm::parse(call.http->query);
    bool presigned_v2 = false;
    bool presigned = false;
    if (query) {
        for (const auto& [name, value] : query->pairs()) {
            if (is_auth_parameter(name)) {
                presigned = presigned || name == "X-Amz-Signature" || name == "Signature";
                presigned_v2 = presigned_v2 || name == "AWSAccessKeyId";
                continue;
            }
            params[name] = value;
        }
        req.query = std::move(*query);
    }
    for (std::string_view name : kRecordedHeaders) {
        if (req.has_header(name)) {
            params[std::string(name)] = req.header(name);
        }
    }
    call.request_parameters = std::move(params);

    bool data_event = is_data_event(call.operation);
    if (data_event) {
        call.management_event = false;
        call.event_category = "Data";
        if (!req.key.empty()) {
            call.resources.push_back(
                {"AWS::S3::Object", bucket_arn(req.bucket) + "/" + req.key, ""});
        }
    }
    if (!req.bucket.empty()) {
        call.resources.push_back(
            {"AWS::S3::Bucket", bucket_arn(req.bucket), call.principal.account_id});
    }

    ServiceReply reply =
        query ? dispatch(call, req)
              : ServiceReply(s3_error(400, "InvalidArgument", "The query string is malformed"));

    std::string host_id = base64_encode(md5_hex(call.request_id) + md5_hex(call.request_id));
    std::size_t bytes_out = 0;
    if (auto* response = std::get_if<HttpResponse>(&reply)) {
        bytes_out = call.http->method == "HEAD" ? 0 : response->body.size();
        response->headers.emplace("x-amz-request-id", call.request_id);
        response->headers.emplace("x-amz-id-2", host_id);
    }
    nlohmann::json extra = {
        {"SignatureVersion", presigned_v2 ? "SigV2" : "SigV4"},
        {"bytesTransferredIn", call.body.size()},
        {"bytesTransferredOut", bytes_out},
        {"AuthenticationMethod", presigned ? "QueryString" : "AuthHeader"},
        {"x-amz-id-2", host_id},
    };
    if (!call.http->tls_cipher.empty()) {
        extra["CipherSuite"] = call.http->tls_cipher;
    }
    call.additional_event_data = std::move(extra);
    return reply;
}

ServiceReply S3Service::dispatch(ApiCall& call, Request& req) {
    const std::string& op = call.operation;
    if (op == "ListBuckets") {
        return list_buckets(call, req);
    }
    if (req.bucket.empty()) {
        return s3_error(
            405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
    if (!is_valid_bucket_name(req.bucket)) {
        return invalid_bucket_name(req.bucket);
    }
    if (!req.key.empty()) {
        KeyProblem problem = check_object_key(req.key);
        if (problem == KeyProblem::kTooLong) {
            ApiError e = s3_error(400, "KeyTooLongError", "Your key is too long");
            e.details = {{"MaxSizeAllowed", std::to_string(kMaxKeyBytes)},
                         {"Size", std::to_string(req.key.size())}};
            return e;
        }
        if (problem != KeyProblem::kNone) {
            return invalid_argument(key_problem_message(problem), "key", req.key);
        }
    }
    if (op == "CreateBucket") {
        return create_bucket(call, req);
    }
    if (op == "DeleteBucket") {
        return delete_bucket(call, req);
    }
    if (op == "HeadBucket") {
        return head_bucket(call, req);
    }
    if (op == "GetBucketLocation") {
        return get_bucket_location(call, req);
    }
    if (op.ends_with("BucketPolicy")) {
        return bucket_policy(call, req);
    }
    if (op.ends_with("BucketPublicAccessBlock")) {
        return public_access_block(call, req);
    }
    if (op.ends_with("BucketEncryption")) {
        return bucket_encryption(call, req);
    }
    if (op.ends_with("BucketAcl")) {
        return bucket_acl(call, req);
    }
    if (op == "ListObjects") {
        return list_objects(call, req);
    }
    if (op == "PutObject") {
        return put_object(call, req);
    }
    if (op == "GetObject" || op == "HeadObject") {
        return get_object(call, req, op == "HeadObject");
    }
    if (op == "DeleteObject") {
        return delete_object(call, req);
    }
    if (op == "DeleteObjects") {
        return delete_objects(call, req);
    }
    if (op == "CopyObject") {
        return copy_object(call, req);
    }
    if (op == "CreateMultipartUpload") {
        return create_multipart_upload(call, req);
    }
    if (op == "UploadPart") {
        return upload_part(call, req);
    }
    if (op == "CompleteMultipartUpload") {
        return complete_multipart_upload(call, req);
    }
    if (op == "AbortMultipartUpload") {
        return abort_multipart_upload(call, req);
    }
    if (op == "ListParts") {
        return list_parts(call, req);
    }
    if (op == "ListMultipartUploads") {
        return list_multipart_uploads(call, req);
    }
    return not_implemented(op);
}

std::optional<ApiError> S3Service::load_bucket(const ApiCall& call,
                                               const std::string& name,
                                               BucketInfo& out) {
    auto row = store_.get_by_arn(bucket_arn(name));
    if (!row || row->type != kBucketType) {
        return no_such_bucket(name);
    }
    if (row->account_id != call.principal.account_id) {
        // No cross-account access: Tripline evaluates no bucket policies.
        return access_denied();
    }
    out.row = std::move(*row);
    out.doc = nlohmann::json::parse(out.row.document, nullptr, false);
    if (!out.doc.is_object()) {
        out.doc = nlohmann::json::object();
    }
    return std::nullopt;
}

Status S3Service::save_bucket(const BucketInfo& bucket, TimePoint now) {
    storage::StoredResource row = bucket.row;
    row.document = bucket.doc.dump();
    auto saved = store_.put(row, now);
    if (!saved) {
        return saved.error();
    }
    return ok_status();
}

std::optional<ObjectInfo> S3Service::find_object(const BucketInfo& bucket, const std::string& key) {
    auto row = store_.get(bucket.row.account_id, bucket.region(), object_type(bucket.name()), key);
    if (!row) {
        return std::nullopt;
    }
    return ObjectInfo::from_row(*row);
}

std::optional<ApiError> S3Service::commit_object(const ApiCall& call,
                                                 const BucketInfo& bucket,
                                                 const ObjectInfo& info) {
    Status committed = buckets_.commit_object(bucket.row, info, call.time);
    if (!committed) {
        return committed.error().code == Errc::kNotFound ? no_such_bucket(bucket.name())
                                                         : internal_error();
    }
    return std::nullopt;
}

}  // namespace tripline::api::services
