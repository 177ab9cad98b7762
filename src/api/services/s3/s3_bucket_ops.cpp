// Bucket-level operations: create/delete/head/list, location, policy, public access block,
// default encryption and ACL. All are management events.
#include <algorithm>
#include <array>

#include "api/services/s3/s3_checksums.h"
#include "api/services/s3/s3_service.h"
#include "api/services/s3/s3_xml.h"
#include "api/xml_writer.h"

namespace tripline::api::services {

using namespace s3;

namespace {

constexpr std::string_view kAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
constexpr std::string_view kAuthenticatedUsers =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
constexpr std::string_view kLogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";

constexpr std::array<std::string_view, 8> kCannedAcls = {"private",
                                                         "public-read",
                                                         "public-read-write",
                                                         "authenticated-read",
                                                         "aws-exec-read",
                                                         "bucket-owner-read",
                                                         "bucket-owner-full-control",
                                                         "log-delivery-write"};

bool is_canned_acl(std::string_view name) {
    return std::find(kCannedAcls.begin(), kCannedAcls.end(), name) != kCannedAcls.end();
}

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

nlohmann::json group_grant(std::string_view uri, std::string_view permission) {
    return {{"type", "Group"}, {"uri", uri}, {"permission", permission}};
}

// The grants beside the owner's FULL_CONTROL that a canned ACL gives.
nlohmann::json canned_grants(std::string_view canned) {
    nlohmann::json grants = nlohmann::json::array();
    if (canned == "public-read" || canned == "public-read-write") {
        grants.push_back(group_grant(kAllUsers, "READ"));
    }
    if (canned == "public-read-write") {
        grants.push_back(group_grant(kAllUsers, "WRITE"));
    }
    if (canned == "authenticated-read") {
        grants.push_back(group_grant(kAuthenticatedUsers, "READ"));
    }
    if (canned == "log-delivery-write") {
        grants.push_back(group_grant(kLogDelivery, "WRITE"));
        grants.push_back(group_grant(kLogDelivery, "READ_ACP"));
    }
    return grants;
}

nlohmann::json default_encryption() {
    return {{"rules",
             nlohmann::json::array({{{"SSEAlgorithm", "AES256"}, {"BucketKeyEnabled", false}}})}};
}

nlohmann::json default_public_access_block() {
    return {{"BlockPublicAcls", true},
            {"IgnorePublicAcls", true},
            {"BlockPublicPolicy", true},
            {"RestrictPublicBuckets", true}};
}

ApiError bucket_error(int status, std::string code, std::string message, std::string_view bucket) {
    ApiError e = s3_error(status, std::move(code), std::move(message));
    e.details = {{"BucketName", std::string(bucket)}};
    return e;
}

bool looks_like_region(std::string_view region) {
    if (region.size() < 4 || region.size() > 32) {
        return false;
    }
    return std::all_of(region.begin(), region.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

void owner_xml(XmlWriter& xml, std::string_view account_id) {
    xml.open("Owner")
        .element("ID", canonical_user_id(account_id))
        .element("DisplayName", account_id)
        .close("Owner");
}

}  // namespace

ServiceReply S3Service::list_buckets(ApiCall& call, Request& /*req*/) {
    auto rows = store_.list_all(kBucketType);
    if (!rows) {
        return internal_error();
    }
    std::vector<const storage::StoredResource*> mine;
    for (const auto& row : *rows) {
        if (row.account_id == call.principal.account_id) {
            mine.push_back(&row);
        }
    }
    std::sort(
        mine.begin(), mine.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
    XmlWriter xml;
    xml.open("ListAllMyBucketsResult", kS3Namespace);
    owner_xml(xml, call.principal.account_id);
    xml.open("Buckets");
    for (const auto* row : mine) {
        xml.open("Bucket")
            .element("Name", row->name)
            .element("CreationDate", format_iso8601_millis(row->created_at))
            .element("BucketRegion", row->region)
            .close("Bucket");
    }
    xml.close("Buckets").close("ListAllMyBucketsResult");
    return xml_reply(xml.take());
}

ServiceReply S3Service::create_bucket(ApiCall& call, Request& req) {
    std::string region = "us-east-1";
    if (!is_blank(req.body)) {
        auto config = parse_xml(req.body);
        if (!config || config->name != "CreateBucketConfiguration") {
            return malformed_xml();
        }
        (*call.request_parameters)["CreateBucketConfiguration"] = xml_to_json(*config);
        std::string constraint = config->child_text("LocationConstraint");
        if (constraint == "EU") {
            constraint = "eu-west-1";
        }
        if (!constraint.empty()) {
            if (constraint == "us-east-1" || !looks_like_region(constraint)) {
                ApiError e = s3_error(400,
                                      "InvalidLocationConstraint",
                                      "The specified location-constraint is not valid");
                e.details = {{"LocationConstraint", constraint}};
                return e;
            }
            if (constraint != call.region) {
                return s3_error(400,
                                "IllegalLocationConstraintException",
                                "The " + constraint +
                                    " location constraint is incompatible for the region "
                                    "specific endpoint this request was sent to.");
            }
            region = constraint;
        }
    }
    if (region == "us-east-1" && call.region != "us-east-1") {
        return s3_error(400,
                        "IllegalLocationConstraintException",
                        "The unspecified location constraint is incompatible for the region "
                        "specific endpoint this request was sent to.");
    }
    std::string canned = req.has_header("x-amz-acl") ? req.header("x-amz-acl") : "private";
    if (!is_canned_acl(canned)) {
        return invalid_argument("", "x-amz-acl", canned);
    }

    std::lock_guard lock(mutex_);
    auto existing = store_.get_by_arn(bucket_arn(req.bucket));
    if (existing) {
        if (existing->account_id == call.principal.account_id) {
            return bucket_error(409,
                                "BucketAlreadyOwnedByYou",
                                "Your previous request to create the named bucket succeeded and "
                                "you already own it.",
                                req.bucket);
        }
        return bucket_error(409,
                            "BucketAlreadyExists",
                            "The requested bucket name is not available. The bucket namespace is "
                            "shared by all users of the system. Please select a different name "
                            "and try again.",
                            req.bucket);
    }
    if (!files_.create_bucket(req.bucket)) {
        return internal_error();
    }
    BucketInfo bucket;
    bucket.row.account_id = call.principal.account_id;
    bucket.row.region = region;
    bucket.row.type = std::string(kBucketType);
    bucket.row.name = req.bucket;
    bucket.row.arn = bucket_arn(req.bucket);
    bucket.doc = {{"acl", {{"canned", canned}, {"grants", canned_grants(canned)}}},
                  {"publicAccessBlock", default_public_access_block()},
                  {"encryption", default_encryption()},
                  {"objectOwnership", "BucketOwnerEnforced"}};
    if (!save_bucket(bucket, call.time)) {
        return internal_error();
    }
    HttpResponse r = empty_reply(200);
    r.headers.emplace("Location", "/" + req.bucket);
    return r;
}

ServiceReply S3Service::delete_bucket(ApiCall& call, Request& req) {
    std::lock_guard lock(mutex_);
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    auto objects = store_.list(bucket.row.account_id, bucket.region(), object_type(req.bucket));
    if (!objects) {
        return internal_error();
    }
    if (!objects->empty()) {
        return bucket_error(
            409, "BucketNotEmpty", "The bucket you tried to delete is not empty", req.bucket);
    }
    // In-progress multipart uploads go with the bucket.
    if (auto uploads =
            store_.list(bucket.row.account_id, bucket.region(), upload_type(req.bucket))) {
        for (const auto& upload : *uploads) {
            (void)store_.remove(upload.account_id, upload.region, upload.type, upload.name);
        }
    }
    if (!store_.remove(bucket.row.account_id, bucket.region(), kBucketType, req.bucket)) {
        return internal_error();
    }
    (void)files_.remove_bucket(req.bucket);
    return empty_reply(204);
}

ServiceReply S3Service::head_bucket(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    HttpResponse r = empty_reply(200);
    r.headers.emplace("x-amz-bucket-region", bucket.region());
    r.headers.emplace("x-amz-access-point-alias", "false");
    return r;
}

ServiceReply S3Service::get_bucket_location(ApiCall& call, Request& req) {
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    std::string region = bucket.region() == "us-east-1" ? "" : bucket.region();
    return xml_reply("<LocationConstraint xmlns=\"" + std::string(kS3Namespace) + "\">" +
                     xml_escape(region) + "</LocationConstraint>");
}

ServiceReply S3Service::bucket_policy(ApiCall& call, Request& req) {
    std::lock_guard lock(mutex_);
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    const std::string& op = call.operation;
    if (op == "GetBucketPolicy") {
        if (!bucket.doc.contains("policy") || !bucket.doc["policy"].is_string()) {
            return bucket_error(
                404, "NoSuchBucketPolicy", "The bucket policy does not exist", req.bucket);
        }
        HttpResponse r;
        r.content_type = "application/json";
        r.body = bucket.doc["policy"].get<std::string>();
        return r;
    }
    if (op == "PutBucketPolicy") {
        auto policy = nlohmann::json::parse(req.body, nullptr, false);
        if (policy.is_discarded() || !policy.is_object()) {
            return s3_error(400,
                            "MalformedPolicy",
                            "Policies must be valid JSON and the first byte must be '{'");
        }
        (*call.request_parameters)["bucketPolicy"] = policy;
        bucket.doc["policy"] = std::string(req.body);  // verbatim, as GetBucketPolicy returns it
    } else {
        bucket.doc.erase("policy");
    }
    if (!save_bucket(bucket, call.time)) {
        return internal_error();
    }
    return empty_reply(204);
}

ServiceReply S3Service::public_access_block(ApiCall& call, Request& req) {
    static constexpr std::array<std::string_view, 4> kFields = {
        "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"};
    std::lock_guard lock(mutex_);
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    const std::string& op = call.operation;
    if (op == "GetBucketPublicAccessBlock") {
        const auto& pab = bucket.doc["publicAccessBlock"];
        if (!pab.is_object()) {
            return bucket_error(404,
                                "NoSuchPublicAccessBlockConfiguration",
                                "The public access block configuration was not found",
                                req.bucket);
        }
        XmlWriter xml;
        xml.open("PublicAccessBlockConfiguration", kS3Namespace);
        for (std::string_view field : kFields) {
            xml.element(field, pab.value(std::string(field), false) ? "true" : "false");
        }
        xml.close("PublicAccessBlockConfiguration");
        return xml_reply(xml.take());
    }
    if (op == "PutBucketPublicAccessBlock") {
        auto config = parse_xml(req.body);
        if (!config || config->name != "PublicAccessBlockConfiguration") {
            return malformed_xml();
        }
        nlohmann::json pab = nlohmann::json::object();
        for (std::string_view field : kFields) {
            std::string value = config->child_text(field, "false");
            if (value != "true" && value != "false") {
                return malformed_xml();
            }
            pab[std::string(field)] = value == "true";
        }
        (*call.request_parameters)["PublicAccessBlockConfiguration"] = xml_to_json(*config);
        bucket.doc["publicAccessBlock"] = pab;
        if (!save_bucket(bucket, call.time)) {
            return internal_error();
        }
        return empty_reply(200);
    }
    bucket.doc["publicAccessBlock"] = nullptr;
    if (!save_bucket(bucket, call.time)) {
        return internal_error();
    }
    return empty_reply(204);
}

ServiceReply S3Service::bucket_encryption(ApiCall& call, Request& req) {
    std::lock_guard lock(mutex_);
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    const std::string& op = call.operation;
    if (op == "GetBucketEncryption") {
        nlohmann::json enc = bucket.doc.value("encryption", default_encryption());
        XmlWriter xml;
        xml.open("ServerSideEncryptionConfiguration", kS3Namespace);
        for (const auto& rule : enc["rules"]) {
            xml.open("Rule").open("ApplyServerSideEncryptionByDefault");
            xml.element("SSEAlgorithm", rule.value("SSEAlgorithm", "AES256"));
            if (rule.contains("KMSMasterKeyID")) {
                xml.element("KMSMasterKeyID", rule.value("KMSMasterKeyID", ""));
            }
            xml.close("ApplyServerSideEncryptionByDefault")
                .element("BucketKeyEnabled",
                         rule.value("BucketKeyEnabled", false) ? "true" : "false")
                .close("Rule");
        }
        xml.close("ServerSideEncryptionConfiguration");
        return xml_reply(xml.take());
    }
    if (op == "PutBucketEncryption") {
        if (auto e = verify_integrity(req, req.body)) {
            return *e;
        }
        auto config = parse_xml(req.body);
        if (!config || config->name != "ServerSideEncryptionConfiguration") {
            return malformed_xml();
        }
        nlohmann::json rules = nlohmann::json::array();
        for (const XmlNode* rule : config->all("Rule")) {
            const XmlNode* by_default = rule->child("ApplyServerSideEncryptionByDefault");
            if (by_default == nullptr) {
                return malformed_xml();
            }
            std::string algorithm = by_default->child_text("SSEAlgorithm");
            if (algorithm != "AES256" && algorithm != "aws:kms" && algorithm != "aws:kms:dsse") {
                return malformed_xml();
            }
            nlohmann::json out = {
                {"SSEAlgorithm", algorithm},
                {"BucketKeyEnabled", rule->child_text("BucketKeyEnabled") == "true"}};
            if (const XmlNode* key = by_default->child("KMSMasterKeyID")) {
                if (algorithm == "AES256") {
                    return invalid_argument(
                        "a KMSMasterKeyID is not applicable if the default sse algorithm is not "
                        "aws:kms or aws:kms:dsse",
                        "ApplyServerSideEncryptionByDefault",
                        "");
                }
                out["KMSMasterKeyID"] = key->text;
            }
            rules.push_back(std::move(out));
        }
        if (rules.empty() || rules.size() > 1) {
            return malformed_xml();
        }
        (*call.request_parameters)["ServerSideEncryptionConfiguration"] = xml_to_json(*config);
        bucket.doc["encryption"] = {{"rules", rules}};
        if (!save_bucket(bucket, call.time)) {
            return internal_error();
        }
        return empty_reply(200);
    }
    // DeleteBucketEncryption: back to the default every bucket has had since 2023 (SSE-S3).
    bucket.doc["encryption"] = default_encryption();
    if (!save_bucket(bucket, call.time)) {
        return internal_error();
    }
    return empty_reply(204);
}

ServiceReply S3Service::bucket_acl(ApiCall& call, Request& req) {
    std::lock_guard lock(mutex_);
    BucketInfo bucket;
    if (auto e = load_bucket(call, req.bucket, bucket)) {
        return *e;
    }
    const std::string& owner = bucket.row.account_id;
    if (call.operation == "GetBucketAcl") {
        XmlWriter xml;
        xml.open("AccessControlPolicy", kS3Namespace);
        owner_xml(xml, owner);
        xml.open("AccessControlList");
        auto open_grant = [&xml](std::string_view type) {
            xml.open("Grant").raw(
                "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"" +
                xml_escape(type) + "\">");
        };
        open_grant("CanonicalUser");
        xml.element("ID", canonical_user_id(owner)).element("DisplayName", owner);
        xml.close("Grantee").element("Permission", "FULL_CONTROL").close("Grant");
        const auto& acl = bucket.doc["acl"];
        if (acl.is_object() && acl.contains("grants")) {
            for (const auto& grant : acl["grants"]) {
                std::string type = grant.value("type", "CanonicalUser");
                open_grant(type);
                if (type == "Group") {
                    xml.element("URI", grant.value("uri", ""));
                } else if (type == "AmazonCustomerByEmail") {
                    xml.element("EmailAddress", grant.value("email", ""));
                } else {
                    xml.element("ID", grant.value("id", ""));
                }
                xml.close("Grantee").element("Permission", grant.value("permission", ""));
                xml.close("Grant");
            }
        }
        xml.close("AccessControlList").close("AccessControlPolicy");
        return xml_reply(xml.take());
    }
    // PutBucketAcl: a canned ACL header or an AccessControlPolicy body.
    nlohmann::json acl;
    if (req.has_header("x-amz-acl")) {
        std::string canned = req.header("x-amz-acl");
        if (!is_canned_acl(canned)) {
            return invalid_argument("", "x-amz-acl", canned);
        }
        acl = {{"canned", canned}, {"grants", canned_grants(canned)}};
    } else if (!is_blank(req.body)) {
        auto policy = parse_xml(req.body);
        if (!policy || policy->name != "AccessControlPolicy") {
            return s3_error(400,
                            "MalformedACLError",
                            "The XML you provided was not well-formed or did not validate "
                            "against our published schema");
        }
        (*call.request_parameters)["AccessControlPolicy"] = xml_to_json(*policy);
        nlohmann::json grants = nlohmann::json::array();
        const XmlNode* list = policy->child("AccessControlList");
        for (const XmlNode* grant :
             list != nullptr ? list->all("Grant") : std::vector<const XmlNode*>{}) {
            const XmlNode* grantee = grant->child("Grantee");
            std::string permission = grant->child_text("Permission");
            static constexpr std::array<std::string_view, 5> kPermissions = {
                "FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"};
            if (grantee == nullptr ||
                std::find(kPermissions.begin(), kPermissions.end(), permission) ==
                    kPermissions.end()) {
                return s3_error(400,
                                "MalformedACLError",
                                "The XML you provided was not well-formed or did not validate "
                                "against our published schema");
            }
            std::string type = "CanonicalUser";
            for (const auto& [name, value] : grantee->attributes) {
                if (name.ends_with(":type")) {
                    type = value;
                }
            }
            nlohmann::json out = {{"type", type}, {"permission", permission}};
            if (type == "Group") {
                out["uri"] = grantee->child_text("URI");
            } else if (type == "AmazonCustomerByEmail") {
                out["email"] = grantee->child_text("EmailAddress");
            } else {
                out["id"] = grantee->child_text("ID");
            }
            // The owner's FULL_CONTROL is always shown first; keep only the other grants.
            if (!(type == "CanonicalUser" && out["id"] == canonical_user_id(owner) &&
                  permission == "FULL_CONTROL")) {
                grants.push_back(std::move(out));
            }
        }
        acl = {{"grants", grants}};
    } else {
        ApiError e =
            s3_error(400, "MissingSecurityHeader", "Your request was missing a required header");
        e.details = {{"MissingHeaderName", "x-amz-acl"}};
        return e;
    }
    bucket.doc["acl"] = acl;
    if (!save_bucket(bucket, call.time)) {
        return internal_error();
    }
    return empty_reply(200);
}

}  // namespace tripline::api::services
