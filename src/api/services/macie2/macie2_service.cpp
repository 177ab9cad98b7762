#include "api/services/macie2/macie2_service.h"

#include <algorithm>
#include <charconv>

#include "api/query_form.h"
#include "api/services/rest_path.h"
#include "discover/macie_json.h"
#include "discover/macie_service.h"
#include "scan/custom_identifier.h"
#include "scan/managed_catalogue.h"

namespace tripline::api::services {

using nlohmann::json;

namespace {

ApiError validation(std::string message) {
    return ApiError{400, "ValidationException", std::move(message)};
}

ApiError from_error(const Error& error) {
    switch (error.code) {
        case Errc::kInvalidArgument:
            return validation(error.message);
        case Errc::kPermissionDenied:
            return ApiError{403, "AccessDeniedException", error.message};
        case Errc::kNotFound:
            return ApiError{404, "ResourceNotFoundException", error.message};
        case Errc::kFailedPrecondition:
        case Errc::kAlreadyExists:
            return ApiError{409, "ConflictException", error.message};
        case Errc::kLimitExceeded:
            return ApiError{402, "ServiceQuotaExceededException", error.message};
        default:
            return ApiError{500, "InternalServerException", error.message, false};
    }
}

template <typename T>
ServiceReply reply_or_error(const ApiCall& call, const Result<T>& result, json body) {
    if (!result) {
        return from_error(result.error());
    }
    return json_reply(call, body);
}

// One page of `items` (maxResults default `page`, nextToken an offset) under `member`.
ServiceReply page(const ApiCall& call,
                  json items,
                  const char* member,
                  std::size_t page_size,
                  std::string_view token,
                  std::int64_t max_results) {
    std::size_t start = 0;
    if (!token.empty()) {
        if (std::from_chars(token.data(), token.data() + token.size(), start).ec != std::errc() ||
            start > items.size()) {
            return validation("The nextToken is not valid.");
        }
    }
    const std::size_t size = max_results > 0 ? static_cast<std::size_t>(max_results) : page_size;
    const std::size_t stop = std::min(items.size(), start + size);
    json out = json::object();
    out[member] = json(std::vector<json>(items.begin() + static_cast<std::ptrdiff_t>(start),
                                         items.begin() + static_cast<std::ptrdiff_t>(stop)));
    out["nextToken"] = stop < items.size() ? json(std::to_string(stop)) : json(nullptr);
    return json_reply(call, out);
}

ServiceReply page_of_input(const ApiCall& call,
                           json items,
                           const char* member,
                           std::size_t page_size) {
    const json token = call.input.value("nextToken", json());
    const json max = call.input.value("maxResults", json());
    return page(call,
                std::move(items),
                member,
                page_size,
                token.is_string() ? token.get_ref<const std::string&>() : "",
                max.is_number_integer() ? max.get<std::int64_t>() : 0);
}

void record(ApiCall& call, std::string type, const json& arn, const std::string& account) {
    if (arn.is_string()) {
        call.resources.push_back(
            RecordedResource{std::move(type), arn.get<std::string>(), account});
    }
}

}  // namespace

std::string Macie2Service::rest_operation(const HttpRequest& request) const {
    const std::vector<std::string> p = rest_path_parts(request.path);
    const std::string& m = request.method;
    if (p.empty()) {
        return {};
    }
    const std::size_t n = p.size();
    const std::string& head = p[0];
    if (head == "macie" && n == 1) {
        return m == "POST"     ? "EnableMacie"
               : m == "GET"    ? "GetMacieSession"
               : m == "PATCH"  ? "UpdateMacieSession"
               : m == "DELETE" ? "DisableMacie"
                               : "";
    }
    if (head == "jobs") {
        if (n == 1 && m == "POST") {
            return "CreateClassificationJob";
        }
        if (n == 2 && p[1] == "list" && m == "POST") {
            return "ListClassificationJobs";
        }
        if (n == 2) {
            return m == "GET"     ? "DescribeClassificationJob"
                   : m == "PATCH" ? "UpdateClassificationJob"
                                  : "";
        }
    }
    if (head == "findings" && m == "POST") {
        if (n == 1) {
            return "ListFindings";
        }
        if (n == 2) {
            return p[1] == "describe"     ? "GetFindings"
                   : p[1] == "statistics" ? "GetFindingStatistics"
                                          : "";
        }
    }
    if (head == "custom-data-identifiers") {
        if (n == 1 && m == "POST") {
            return "CreateCustomDataIdentifier";
        }
        if (n == 2 && m == "POST") {
            return p[1] == "list"   ? "ListCustomDataIdentifiers"
                   : p[1] == "test" ? "TestCustomDataIdentifier"
                                    : "";
        }
        if (n == 2) {
            return m == "GET"      ? "GetCustomDataIdentifier"
                   : m == "DELETE" ? "DeleteCustomDataIdentifier"
                                   : "";
        }
    }
    if (head == "allow-lists") {
        if (n == 1) {
            return m == "POST" ? "CreateAllowList" : m == "GET" ? "ListAllowLists" : "";
        }
        if (n == 2) {
            return m == "GET"      ? "GetAllowList"
                   : m == "PUT"    ? "UpdateAllowList"
                   : m == "DELETE" ? "DeleteAllowList"
                                   : "";
        }
    }
    if (head == "managed-data-identifiers" && n == 2 && p[1] == "list" && m == "POST") {
        return "ListManagedDataIdentifiers";
    }
    if (head == "datasources" && n == 2 && p[1] == "s3" && m == "POST") {
        return "DescribeBuckets";
    }
    return {};
}

ServiceReply Macie2Service::handle(ApiCall& call) {
    return dispatch(call, rest_path_parts(call.http->path));
}

ServiceReply Macie2Service::dispatch(ApiCall& call, const std::vector<std::string>& parts) {
    const discover::MacieScope scope{call.principal.account_id, call.region};
    const std::string& op = call.operation;
    if (op == "EnableMacie") {
        return reply_or_error(call, macie_.enable(scope, call.input), json::object());
    }
    if (op == "GetMacieSession") {
        auto session = macie_.get_session(scope);
        return session ? json_reply(call, *session) : ServiceReply(from_error(session.error()));
    }
    if (op == "UpdateMacieSession") {
        return reply_or_error(call, macie_.update_session(scope, call.input), json::object());
    }
    if (op == "DisableMacie") {
        return reply_or_error(call, macie_.disable(scope), json::object());
    }
    if (op == "CreateClassificationJob") {
        auto created = macie_.create_job(scope, call.input);
        if (!created) {
            return from_error(created.error());
        }
        record(call, "AWS::Macie2::ClassificationJob", (*created)["jobArn"], scope.account_id);
        return json_reply(call, *created);
    }
    if (op == "DescribeClassificationJob") {
        auto job = macie_.describe_job(scope, parts[1]);
        return job ? json_reply(call, *job) : ServiceReply(from_error(job.error()));
    }
    if (op == "ListClassificationJobs") {
        auto jobs = macie_.list_jobs(scope, call.input);
        return jobs ? page_of_input(call, *jobs, "items", 100)
                    : ServiceReply(from_error(jobs.error()));
    }
    if (op == "UpdateClassificationJob") {
        const json status = call.input.value("jobStatus", json());
        if (!status.is_string()) {
            return validation("jobStatus is required");
        }
        return reply_or_error(
            call, macie_.update_job(scope, parts[1], status.get<std::string>()), json::object());
    }
    if (op == "ListFindings") {
        auto ids = macie_.list_findings(scope, call.input);
        return ids ? page_of_input(call, json(*ids), "findingIds", 50)
                   : ServiceReply(from_error(ids.error()));
    }
    if (op == "GetFindings") {
        const json ids = call.input.value("findingIds", json());
        if (!ids.is_array() ||
            !std::all_of(ids.begin(), ids.end(), [](const json& v) { return v.is_string(); })) {
            return validation("findingIds must be a list of strings");
        }
        auto found = macie_.get_findings(scope, ids.get<std::vector<std::string>>());
        return found ? json_reply(call, json{{"findings", *found}})
                     : ServiceReply(from_error(found.error()));
    }
    if (op == "GetFindingStatistics") {
        auto stats = macie_.finding_statistics(scope, call.input);
        return stats ? json_reply(call, json{{"countsByGroup", *stats}})
                     : ServiceReply(from_error(stats.error()));
    }
    if (op == "ListManagedDataIdentifiers") {
        if (auto enabled = macie_.require_enabled(scope); !enabled) {
            return from_error(enabled.error());
        }
        json items = json::array();
        for (const scan::ManagedIdentifier& id : scan::managed_catalogue()) {
            items.push_back(json{{"id", id.id}, {"category", scan::category_name(id.category)}});
        }
        return page_of_input(call, std::move(items), "items", 500);
    }
    if (op == "DescribeBuckets") {
        auto buckets = macie_.describe_buckets(scope, call.input);
        return buckets ? page_of_input(call, *buckets, "buckets", 50)
                       : ServiceReply(from_error(buckets.error()));
    }
    if (op.find("CustomDataIdentifier") != std::string::npos) {
        return custom_identifiers(call, parts);
    }
    return allow_lists(call, parts);
}

ServiceReply Macie2Service::custom_identifiers(ApiCall& call,
                                               const std::vector<std::string>& parts) {
    const discover::MacieScope scope{call.principal.account_id, call.region};
    const std::string& op = call.operation;
    if (op == "CreateCustomDataIdentifier") {
        auto id = macie_.create_custom_identifier(scope, call.input);
        return id ? json_reply(call, json{{"customDataIdentifierId", *id}})
                  : ServiceReply(from_error(id.error()));
    }
    if (op == "GetCustomDataIdentifier") {
        auto doc = macie_.get_custom_identifier(scope, parts[1]);
        return doc ? json_reply(call, *doc) : ServiceReply(from_error(doc.error()));
    }
    if (op == "ListCustomDataIdentifiers") {
        auto items = macie_.list_custom_identifiers(scope);
        return items ? page_of_input(call, *items, "items", 100)
                     : ServiceReply(from_error(items.error()));
    }
    if (op == "DeleteCustomDataIdentifier") {
        return reply_or_error(
            call, macie_.delete_custom_identifier(scope, parts[1]), json::object());
    }
    // TestCustomDataIdentifier
    if (auto enabled = macie_.require_enabled(scope); !enabled) {
        return from_error(enabled.error());
    }
    json input = call.input;
    input["name"] = "test";
    auto spec = discover::custom_spec_from_json(input);
    if (!spec) {
        return from_error(spec.error());
    }
    const json sample = call.input.value("sampleText", json());
    if (!sample.is_string()) {
        return validation("sampleText is required");
    }
    if (auto valid = scan::validate_custom_identifier(*spec); !valid) {
        return from_error(valid.error());
    }
    auto count = scan::test_custom_identifier(*spec, sample.get<std::string>());
    return count ? json_reply(call, json{{"matchCount", *count}})
                 : ServiceReply(from_error(count.error()));
}

ServiceReply Macie2Service::allow_lists(ApiCall& call, const std::vector<std::string>& parts) {
    const discover::MacieScope scope{call.principal.account_id, call.region};
    const std::string& op = call.operation;
    auto query = QueryForm::parse(call.http->query);
    if (op == "CreateAllowList") {
        auto created = macie_.create_allow_list(scope, call.input);
        return created ? json_reply(call, *created) : ServiceReply(from_error(created.error()));
    }
    if (op == "GetAllowList") {
        auto doc = macie_.get_allow_list(scope, parts[1]);
        return doc ? json_reply(call, *doc) : ServiceReply(from_error(doc.error()));
    }
    if (op == "ListAllowLists") {
        auto items = macie_.list_allow_lists(scope);
        if (!items) {
            return from_error(items.error());
        }
        std::string_view token;
        std::int64_t max = 0;
        if (query) {
            token = query->get("nextToken").value_or("");
            const std::string_view max_text = query->get("maxResults").value_or("");
            std::from_chars(max_text.data(), max_text.data() + max_text.size(), max);
        }
        return page(call, *items, "allowLists", 100, token, max);
    }
    if (op == "UpdateAllowList") {
        auto updated = macie_.update_allow_list(scope, parts[1], call.input);
        return updated ? json_reply(call, *updated) : ServiceReply(from_error(updated.error()));
    }
    if (op == "DeleteAllowList") {
        const bool ignore = query && query->get("ignoreJobChecks").value_or("") == "true";
        return reply_or_error(
            call, macie_.delete_allow_list(scope, parts[1], ignore), json::object());
    }
    return validation("Unsupported operation " + op);
}

}  // namespace tripline::api::services
