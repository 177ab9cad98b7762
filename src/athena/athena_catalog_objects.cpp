// Named queries and workgroups of AthenaService.
#include <algorithm>

#include "athena/athena_service.h"
#include "athena/result_files.h"
#include "base/uuid.h"

namespace tripline::athena {

namespace {

constexpr const char* kNamedQueryType = "athena:named-query";
constexpr const char* kNamedTokenType = "athena:named-query-token";
constexpr const char* kWorkGroupType = "athena:workgroup";
constexpr const char* kPrimary = "primary";

Error invalid(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

bool valid_workgroup_name(const std::string& name) {
    return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
    });
}

}  // namespace

std::string arn_of(const AthenaScope& scope, std::string_view kind, std::string_view name) {
    return "arn:aws:athena:" + scope.region + ":" + scope.account_id + ":" + std::string(kind) +
           "/" + std::string(name);
}

Result<std::string> AthenaService::create_named_query(const AthenaScope& scope,
                                                      NamedQuery query,
                                                      const std::string& client_token) {
    if (query.name.empty() || query.name.size() > 128) {
        return invalid(
            "1 validation error detected: Value at 'name' failed to satisfy "
            "constraint: Member must have length between 1 and 128");
    }
    if (query.database.empty() || query.query.empty()) {
        return invalid("1 validation error detected: Value null at '" +
                       std::string(query.database.empty() ? "database" : "queryString") +
                       "' failed to satisfy constraint: Member must not be null");
    }
    if (!client_token.empty()) {
        auto existing =
            resources_.get(scope.account_id, scope.region, kNamedTokenType, client_token);
        if (existing) {
            return nlohmann::json::parse(existing->document, nullptr, false).value("id", "");
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        WorkGroup group,
        get_workgroup(scope, query.workgroup.empty() ? kPrimary : query.workgroup));
    query.workgroup = group.name;
    query.id = make_uuid();
    storage::StoredResource row{scope.account_id,
                                scope.region,
                                kNamedQueryType,
                                query.id,
                                arn_of(scope, "namedquery", query.id),
                                query.to_api().dump(),
                                {},
                                {}};
    TRIPLINE_TRY(resources_.put(row, clock_.now()));
    if (!client_token.empty()) {
        storage::StoredResource token{scope.account_id,
                                      scope.region,
                                      kNamedTokenType,
                                      client_token,
                                      arn_of(scope, "namedquerytoken", client_token),
                                      nlohmann::json{{"id", query.id}}.dump(),
                                      {},
                                      {}};
        TRIPLINE_TRY(resources_.put(token, clock_.now()));
    }
    return query.id;
}

Result<NamedQuery> AthenaService::get_named_query(const AthenaScope& scope, const std::string& id) {
    auto row = resources_.get(scope.account_id, scope.region, kNamedQueryType, id);
    if (!row) {
        if (row.error().code == Errc::kNotFound) {
            return invalid("NamedQuery " + id + " was not found");
        }
        return row.error();
    }
    return NamedQuery::from_api(nlohmann::json::parse(row->document, nullptr, false));
}

Result<std::vector<std::string>> AthenaService::list_named_queries(const AthenaScope& scope,
                                                                   const std::string& workgroup) {
    const std::string group = workgroup.empty() ? kPrimary : workgroup;
    TRIPLINE_ASSIGN_OR_RETURN(auto rows,
                              resources_.list(scope.account_id, scope.region, kNamedQueryType));
    std::vector<std::string> ids;
    for (const storage::StoredResource& row : rows) {
        NamedQuery q = NamedQuery::from_api(nlohmann::json::parse(row.document, nullptr, false));
        if (q.workgroup == group) {
            ids.push_back(q.id);
        }
    }
    return ids;
}

Status AthenaService::delete_named_query(const AthenaScope& scope, const std::string& id) {
    TRIPLINE_TRY(get_named_query(scope, id));
    return resources_.remove(scope.account_id, scope.region, kNamedQueryType, id);
}

Result<std::vector<WorkGroup>> AthenaService::list_workgroups(const AthenaScope& scope) {
    TRIPLINE_ASSIGN_OR_RETURN(WorkGroup primary, get_workgroup(scope, kPrimary));
    std::vector<WorkGroup> out = {primary};
    TRIPLINE_ASSIGN_OR_RETURN(auto rows,
                              resources_.list(scope.account_id, scope.region, kWorkGroupType));
    for (const storage::StoredResource& row : rows) {
        if (row.name != kPrimary) {
            out.push_back(WorkGroup::from_document(
                row.name, nlohmann::json::parse(row.document, nullptr, false)));
        }
    }
    std::sort(out.begin() + 1, out.end(), [](const WorkGroup& a, const WorkGroup& b) {
        return a.name < b.name;
    });
    return out;
}

Result<WorkGroup> AthenaService::get_workgroup(const AthenaScope& scope, const std::string& name) {
    auto row = resources_.get(scope.account_id, scope.region, kWorkGroupType, name);
    if (row) {
        return WorkGroup::from_document(name, nlohmann::json::parse(row->document, nullptr, false));
    }
    if (row.error().code != Errc::kNotFound) {
        return row.error();
    }
    if (name == kPrimary) {
        WorkGroup primary;
        primary.name = kPrimary;
        primary.output_location = options_.default_output_location;
        return primary;
    }
    return invalid("WorkGroup " + name + " is not found.");
}

Status AthenaService::create_workgroup(const AthenaScope& scope, WorkGroup group) {
    if (!valid_workgroup_name(group.name)) {
        return invalid("1 validation error detected: Value '" + group.name +
                       "' at 'name' failed to satisfy constraint: Member must satisfy regular "
                       "expression pattern: [a-zA-Z0-9._-]{1,128}");
    }
    if (group.name == kPrimary ||
        resources_.get(scope.account_id, scope.region, kWorkGroupType, group.name)) {
        return invalid("WorkGroup is already created");
    }
    if (!group.output_location.empty()) {
        TRIPLINE_TRY(parse_s3_location(group.output_location));
    }
    group.created = clock_.now();
    storage::StoredResource row{scope.account_id,
                                scope.region,
                                kWorkGroupType,
                                group.name,
                                arn_of(scope, "workgroup", group.name),
                                group.to_document().dump(),
                                {},
                                {}};
    TRIPLINE_TRY(resources_.put(row, clock_.now()));
    return ok_status();
}

Status AthenaService::delete_workgroup(const AthenaScope& scope, const std::string& name) {
    if (name == kPrimary) {
        return invalid("Primary workgroup can not be deleted");
    }
    TRIPLINE_TRY(get_workgroup(scope, name));
    return resources_.remove(scope.account_id, scope.region, kWorkGroupType, name);
}

}  // namespace tripline::athena
