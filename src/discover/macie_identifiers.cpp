// Custom data identifiers and allow lists (macie.md §6-§7).
#include <algorithm>
#include <cctype>

#include "base/uuid.h"
#include "discover/macie_json.h"
#include "discover/macie_service.h"
#include "scan/allow_list.h"
#include "scan/custom_identifier.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

constexpr std::string_view kCdi = "macie2:cdi";
constexpr std::string_view kAllowList = "macie2:allow-list";
constexpr std::size_t kMaxAllowLists = 10;

std::string lower_alnum_id(std::size_t length) {
    std::string id = random_upper_alnum(length);
    std::transform(
        id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
    return id;
}

Status check_allow_list_criteria(const json& criteria) {
    if (!criteria.is_object()) {
        return make_error(Errc::kInvalidArgument, "criteria is required");
    }
    const bool regex = criteria.contains("regex") && !criteria["regex"].is_null();
    const bool words = criteria.contains("s3WordsList") && !criteria["s3WordsList"].is_null();
    if (regex == words) {
        return make_error(Errc::kInvalidArgument,
                          "criteria must specify exactly one of regex or s3WordsList");
    }
    if (regex) {
        if (!criteria["regex"].is_string()) {
            return make_error(Errc::kInvalidArgument, "criteria.regex must be a string");
        }
        auto list = scan::AllowList::from_regex(criteria["regex"].get<std::string>());
        if (!list) {
            return make_error(Errc::kInvalidArgument, "criteria.regex: " + list.error().message);
        }
        return ok_status();
    }
    const json& s3 = criteria["s3WordsList"];
    if (!s3.is_object() || !s3.value("bucketName", json()).is_string() ||
        !s3.value("objectKey", json()).is_string()) {
        return make_error(Errc::kInvalidArgument,
                          "criteria.s3WordsList needs bucketName and objectKey");
    }
    return ok_status();
}

}  // namespace

Result<std::string> MacieService::create_custom_identifier(const MacieScope& scope,
                                                           const json& input) {
    TRIPLINE_TRY(require_enabled(scope));
    TRIPLINE_ASSIGN_OR_RETURN(scan::CustomIdentifierSpec spec, custom_spec_from_json(input));
    const std::string id = make_uuid();
    spec.id = id;
    spec.arn = arn(scope, "custom-data-identifier", id);
    TRIPLINE_TRY(scan::validate_custom_identifier(spec));
    if (input.contains("description") && input["description"].is_string() &&
        input["description"].get<std::string>().size() > 512) {
        return make_error(Errc::kInvalidArgument, "description must be at most 512 characters");
    }
    json doc = custom_spec_to_json(spec);
    doc["description"] = input.value("description", json());
    doc["createdAt"] = format_iso8601_millis(clock_.now());
    doc["deleted"] = false;
    doc["tags"] = input.value("tags", json::object());
    TRIPLINE_TRY(save(scope, kCdi, id, spec.arn, doc));
    return id;
}

Result<json> MacieService::get_custom_identifier(const MacieScope& scope, const std::string& id) {
    TRIPLINE_TRY(require_enabled(scope));
    auto row = load(scope, kCdi, id);
    if (!row) {
        return make_error(Errc::kNotFound, "The custom data identifier " + id + " does not exist.");
    }
    return json::parse(row->document);
}

Result<json> MacieService::list_custom_identifiers(const MacieScope& scope) {
    TRIPLINE_TRY(require_enabled(scope));
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store_.list(scope.account_id, scope.region, kCdi));
    json items = json::array();
    for (const auto& row : rows) {
        json doc = json::parse(row.document);
        if (doc.value("deleted", false)) {
            continue;
        }
        items.push_back(json{{"arn", doc["arn"]},
                             {"id", doc["id"]},
                             {"name", doc["name"]},
                             {"description", doc.value("description", json())},
                             {"createdAt", doc["createdAt"]}});
    }
    return items;
}

Status MacieService::delete_custom_identifier(const MacieScope& scope, const std::string& id) {
    TRIPLINE_ASSIGN_OR_RETURN(json doc, get_custom_identifier(scope, id));
    if (doc.value("deleted", false)) {
        return make_error(Errc::kNotFound, "The custom data identifier " + id + " does not exist.");
    }
    doc["deleted"] = true;  // a soft delete: Get still answers (macie.md §6)
    return save(scope, kCdi, id, doc["arn"].get<std::string>(), doc);
}

Result<json> MacieService::create_allow_list(const MacieScope& scope, const json& input) {
    TRIPLINE_TRY(require_enabled(scope));
    const json name = input.value("name", json());
    if (!name.is_string() || name.get<std::string>().empty() ||
        name.get<std::string>().size() > 128) {
        return make_error(Errc::kInvalidArgument, "name is required (at most 128 characters)");
    }
    TRIPLINE_TRY(check_allow_list_criteria(input.value("criteria", json())));
    TRIPLINE_ASSIGN_OR_RETURN(auto existing,
                              store_.list(scope.account_id, scope.region, kAllowList));
    if (existing.size() >= kMaxAllowLists) {
        return make_error(Errc::kLimitExceeded, "An account can have at most 10 allow lists.");
    }
    const std::string id = lower_alnum_id(22);
    const std::string list_arn = arn(scope, "allow-list", id);
    const std::string now = format_iso8601_millis(clock_.now());
    json doc{{"arn", list_arn},
             {"id", id},
             {"name", name},
             {"description", input.value("description", json())},
             {"criteria", input["criteria"]},
             {"status", json{{"code", "OK"}, {"description", nullptr}}},
             {"createdAt", now},
             {"updatedAt", now},
             {"tags", input.value("tags", json::object())}};
    TRIPLINE_TRY(save(scope, kAllowList, id, list_arn, doc));
    return json{{"arn", list_arn}, {"id", id}};
}

Result<json> MacieService::get_allow_list(const MacieScope& scope, const std::string& id) {
    TRIPLINE_TRY(require_enabled(scope));
    auto row = load(scope, kAllowList, id);
    if (!row) {
        return make_error(Errc::kNotFound, "The allow list " + id + " does not exist.");
    }
    json doc = json::parse(row->document);
    // A word list's status reflects its S3 object now.
    if (doc["criteria"].contains("s3WordsList")) {
        const json& s3 = doc["criteria"]["s3WordsList"];
        auto object = buckets_.head_object(s3.value("bucketName", ""), s3.value("objectKey", ""));
        if (!object) {
            doc["status"] = json{{"code", "S3_OBJECT_NOT_FOUND"},
                                 {"description", "The S3 object does not exist."}};
        } else if (object->size == 0) {
            doc["status"] =
                json{{"code", "S3_OBJECT_EMPTY"}, {"description", "The S3 object is empty."}};
        } else if (object->size > (35u << 20)) {
            doc["status"] = json{{"code", "S3_OBJECT_OVERSIZE"},
                                 {"description", "The S3 object exceeds 35 MB."}};
        }
    }
    return doc;
}

Result<json> MacieService::list_allow_lists(const MacieScope& scope) {
    TRIPLINE_TRY(require_enabled(scope));
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store_.list(scope.account_id, scope.region, kAllowList));
    json items = json::array();
    for (const auto& row : rows) {
        json doc = json::parse(row.document);
        items.push_back(json{{"arn", doc["arn"]},
                             {"id", doc["id"]},
                             {"name", doc["name"]},
                             {"description", doc.value("description", json())},
                             {"createdAt", doc["createdAt"]},
                             {"updatedAt", doc["updatedAt"]}});
    }
    return items;
}

Result<json> MacieService::update_allow_list(const MacieScope& scope,
                                             const std::string& id,
                                             const json& input) {
    TRIPLINE_ASSIGN_OR_RETURN(json doc, get_allow_list(scope, id));
    const json criteria = input.value("criteria", json());
    TRIPLINE_TRY(check_allow_list_criteria(criteria));
    if (criteria.contains("regex") != doc["criteria"].contains("regex")) {
        return make_error(Errc::kInvalidArgument, "The type of an allow list cannot change.");
    }
    if (!input.value("name", json()).is_string()) {
        return make_error(Errc::kInvalidArgument, "name is required");
    }
    doc["name"] = input["name"];
    doc["criteria"] = criteria;
    if (input.contains("description")) {
        doc["description"] = input["description"];
    }
    doc["updatedAt"] = format_iso8601_millis(clock_.now());
    TRIPLINE_TRY(save(scope, kAllowList, id, doc["arn"].get<std::string>(), doc));
    return json{{"arn", doc["arn"]}, {"id", id}};
}

Status MacieService::delete_allow_list(const MacieScope& scope,
                                       const std::string& id,
                                       bool ignore_job_checks) {
    TRIPLINE_ASSIGN_OR_RETURN(json doc, get_allow_list(scope, id));
    if (!ignore_job_checks) {
        TRIPLINE_ASSIGN_OR_RETURN(auto jobs,
                                  store_.list(scope.account_id, scope.region, "macie2:job"));
        for (const auto& row : jobs) {
            json job = json::parse(row.document);
            const std::string status = job.value("jobStatus", "");
            const json ids = job.value("allowListIds", json::array());
            if (status != "COMPLETE" && status != "CANCELLED" && ids.is_array() &&
                std::find(ids.begin(), ids.end(), json(id)) != ids.end()) {
                return make_error(Errc::kInvalidArgument,
                                  "The allow list is used by job " + row.name +
                                      "; set ignoreJobChecks to true to delete it anyway.");
            }
        }
    }
    return store_.remove(scope.account_id, scope.region, kAllowList, id);
}

}  // namespace tripline::discover
