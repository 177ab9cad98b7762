// GuardDuty's filters (Create/Get/Update/Delete/ListFilters) and IP lists
// (Create/Get/Update/Delete/List IPSets and ThreatIntelSets).
#include "api/query_form.h"
#include "api/services/guardduty/guardduty_service.h"
#include "api/services/rest_path.h"
#include "detect/detect_service.h"

namespace tripline::api::services {

using namespace guardduty;  // NOLINT(google-build-using-namespace): this service's own helpers

namespace {

std::string record_arn(const detect::Detector& d, std::string_view kind, std::string_view name) {
    return "arn:aws:guardduty:" + d.region + ":" + d.account_id + ":detector/" + d.id + "/" +
           std::string(kind) + "/" + std::string(name);
}

// The last path component: the filter's name or the set's id.
std::string path_name(const ApiCall& call) {
    std::vector<std::string> parts = rest_path_parts(call.http->path);
    if (parts.size() < 4) {
        return {};
    }
    auto decoded = url_decode(parts[3]);
    return decoded ? *decoded : parts[3];
}

std::optional<ApiError> optional_string(const ApiCall& call,
                                        const char* member,
                                        std::optional<std::string>& out) {
    auto it = call.input.find(member);
    if (it == call.input.end() || it->is_null()) {
        return std::nullopt;
    }
    if (!it->is_string()) {
        return bad_request(std::string("The request is rejected because ") + member +
                           " must be a string.");
    }
    out = it->get<std::string>();
    return std::nullopt;
}

std::optional<ApiError> optional_bool(const ApiCall& call,
                                      const char* member,
                                      std::optional<bool>& out) {
    auto it = call.input.find(member);
    if (it == call.input.end() || it->is_null()) {
        return std::nullopt;
    }
    if (!it->is_boolean()) {
        return bad_request(std::string("The request is rejected because ") + member +
                           " must be a boolean.");
    }
    out = it->get<bool>();
    return std::nullopt;
}

// maxResults (1–50, default 50) and nextToken (an offset) from the query string.
Result<nlohmann::json> paged(const ApiCall& call,
                             const std::vector<std::string>& names,
                             const char* member) {
    auto query = QueryForm::parse(call.http->query);
    if (!query) {
        return make_error(Errc::kInvalidArgument, query.error().message);
    }
    std::size_t max_results = 50;
    if (auto value = query->get("maxResults")) {
        char* end = nullptr;
        const std::string text(*value);
        long parsed = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || parsed < 1 || parsed > 50) {
            return make_error(Errc::kInvalidArgument,
                              "The request is rejected because maxResults must be between 1 "
                              "and 50.");
        }
        max_results = static_cast<std::size_t>(parsed);
    }
    std::size_t offset = 0;
    if (auto token = query->get("nextToken"); token && !token->empty()) {
        char* end = nullptr;
        const std::string text(*token);
        unsigned long long parsed = std::strtoull(text.c_str(), &end, 10);
        if (*end != '\0' || parsed > names.size()) {
            return make_error(Errc::kInvalidArgument,
                              "The request is rejected because the nextToken is invalid.");
        }
        offset = parsed;
    }
    const std::size_t stop = std::min(names.size(), offset + max_results);
    nlohmann::json out = {
        {member,
         std::vector<std::string>(names.begin() + static_cast<std::ptrdiff_t>(offset),
                                  names.begin() + static_cast<std::ptrdiff_t>(stop))}};
    if (stop < names.size()) {
        out["nextToken"] = std::to_string(stop);
    }
    return out;
}

detect::IntelSetKind kind_of(const std::string& operation) {
    return operation.find("IPSet") != std::string::npos ? detect::IntelSetKind::kTrusted
                                                        : detect::IntelSetKind::kThreat;
}

const char* id_member(detect::IntelSetKind kind) {
    return kind == detect::IntelSetKind::kTrusted ? "ipSetId" : "threatIntelSetId";
}

const char* path_kind(detect::IntelSetKind kind) {
    return kind == detect::IntelSetKind::kTrusted ? "ipset" : "threatintelset";
}

const char* resource_type(detect::IntelSetKind kind) {
    return kind == detect::IntelSetKind::kTrusted ? "AWS::GuardDuty::IPSet"
                                                  : "AWS::GuardDuty::ThreatIntelSet";
}

}  // namespace

ServiceReply GuardDutyService::filter_operation(ApiCall& call, const detect::Detector& detector) {
    const std::string& op = call.operation;
    if (op == "ListFilters") {
        auto filters = detect_.list_filters(detector);
        if (!filters) {
            return from_error(filters.error());
        }
        std::vector<std::string> names;
        for (const auto& f : *filters) {
            names.push_back(f.name);
        }
        auto out = paged(call, names, "filterNames");
        if (!out) {
            return from_error(out.error());
        }
        return json_reply(call, *out);
    }
    std::optional<std::string> description;
    std::optional<std::string> action;
    if (auto error = optional_string(call, "description", description)) {
        return *error;
    }
    if (auto error = optional_string(call, "action", action)) {
        return *error;
    }
    detect::FilterSettings settings{description, action, std::nullopt, std::nullopt};
    if (auto it = call.input.find("rank"); it != call.input.end() && !it->is_null()) {
        if (!it->is_number_integer()) {
            return bad_request("The request is rejected because rank must be an integer.");
        }
        settings.rank = it->get<int>();
    }
    if (auto it = call.input.find("findingCriteria"); it != call.input.end() && !it->is_null()) {
        settings.criteria = *it;
    }
    std::string name = op == "CreateFilter" ? call.input.value("name", "") : path_name(call);
    call.resources.push_back(RecordedResource{
        "AWS::GuardDuty::Filter", record_arn(detector, "filter", name), detector.account_id});
    if (op == "CreateFilter") {
        if (!call.input.contains("name") || !settings.criteria) {
            return bad_request(
                "The request is rejected because name and findingCriteria are required.");
        }
        detect::FindingFilter filter;
        filter.name = name;
        filter.description = description.value_or("");
        filter.action = action.value_or("NOOP");
        filter.criteria = *settings.criteria;
        if (settings.rank) {
            filter.rank = *settings.rank;
        } else if (auto existing = detect_.list_filters(detector); existing) {
            filter.rank = static_cast<int>(std::min<std::size_t>(existing->size() + 1, 100));
        }
        filter.tags = call.input.value("tags", nlohmann::json::object());
        auto created = detect_.create_filter(detector, filter);
        if (!created) {
            return from_error(created.error());
        }
        call.response_elements = nlohmann::json{{"name", created->name}};
        return json_reply(call, {{"name", created->name}});
    }
    if (op == "GetFilter") {
        auto filter = detect_.get_filter(detector, name);
        if (!filter) {
            return from_error(filter.error());
        }
        nlohmann::json out = {{"name", filter->name},
                              {"action", filter->action},
                              {"rank", filter->rank},
                              {"findingCriteria", filter->criteria},
                              {"tags", filter->tags}};
        if (!filter->description.empty()) {
            out["description"] = filter->description;
        }
        return json_reply(call, out);
    }
    if (op == "UpdateFilter") {
        auto updated = detect_.update_filter(detector, name, settings);
        if (!updated) {
            return from_error(updated.error());
        }
        call.read_only = false;
        return json_reply(call, {{"name", updated->name}});
    }
    if (auto deleted = detect_.delete_filter(detector, name); !deleted) {
        return from_error(deleted.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply GuardDutyService::intel_set_operation(ApiCall& call,
                                                   const detect::Detector& detector) {
    const std::string& op = call.operation;
    const detect::IntelSetKind kind = kind_of(op);
    if (op.starts_with("List")) {
        auto sets = detect_.list_intel_sets(detector, kind);
        if (!sets) {
            return from_error(sets.error());
        }
        std::vector<std::string> ids;
        for (const auto& s : *sets) {
            ids.push_back(s.id);
        }
        auto out = paged(
            call, ids, kind == detect::IntelSetKind::kTrusted ? "ipSetIds" : "threatIntelSetIds");
        if (!out) {
            return from_error(out.error());
        }
        return json_reply(call, *out);
    }
    detect::IntelSetSettings settings;
    for (auto [member, target] :
         {std::pair{"name", &settings.name},
          std::pair{"location", &settings.location},
          std::pair{"expectedBucketOwner", &settings.expected_bucket_owner}}) {
        if (auto error = optional_string(call, member, *target)) {
            return *error;
        }
    }
    if (auto error = optional_bool(call, "activate", settings.activate)) {
        return *error;
    }
    if (op.starts_with("Create")) {
        if (!settings.name || !settings.location || !settings.activate ||
            !call.input.contains("format")) {
            return bad_request(
                "The request is rejected because name, format, location and activate are "
                "required.");
        }
        detect::IntelSet set;
        set.kind = kind;
        set.name = *settings.name;
        set.format = call.input.value("format", "");
        set.location = *settings.location;
        set.expected_bucket_owner = settings.expected_bucket_owner.value_or("");
        set.tags = call.input.value("tags", nlohmann::json::object());
        auto created = detect_.create_intel_set(detector, set, *settings.activate);
        if (!created) {
            return from_error(created.error());
        }
        call.resources.push_back(
            RecordedResource{resource_type(kind),
                             record_arn(detector, path_kind(kind), created->id),
                             detector.account_id});
        nlohmann::json out = {{id_member(kind), created->id}};
        call.response_elements = out;
        return json_reply(call, out);
    }
    const std::string id = path_name(call);
    call.resources.push_back(RecordedResource{
        resource_type(kind), record_arn(detector, path_kind(kind), id), detector.account_id});
    if (op.starts_with("Get")) {
        auto set = detect_.get_intel_set(detector, kind, id);
        if (!set) {
            return from_error(set.error());
        }
        nlohmann::json out = {{"name", set->name},
                              {"format", set->format},
                              {"location", set->location},
                              {"status", set->status},
                              {"tags", set->tags}};
        if (!set->expected_bucket_owner.empty()) {
            out["expectedBucketOwner"] = set->expected_bucket_owner;
        }
        return json_reply(call, out);
    }
    if (op.starts_with("Update")) {
        auto updated = detect_.update_intel_set(detector, kind, id, settings);
        if (!updated) {
            return from_error(updated.error());
        }
        call.read_only = false;
        return json_reply(call, nlohmann::json::object());
    }
    if (auto deleted = detect_.delete_intel_set(detector, kind, id); !deleted) {
        return from_error(deleted.error());
    }
    return json_reply(call, nlohmann::json::object());
}

}  // namespace tripline::api::services
