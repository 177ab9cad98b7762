// ListFindings / GetFindings / GetFindingStatistics (macie.md §12): findingCriteria over dotted
// field names of the finding JSON, sorting, grouping.
#include <algorithm>
#include <cmath>
#include <map>

#include "discover/macie_service.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

constexpr std::string_view kFinding = "macie2:finding";

const json* field(const json& finding, const std::string& path) {
    const json* at = &finding;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t dot = path.find('.', start);
        if (dot == std::string::npos) {
            dot = path.size();
        }
        const std::string name = path.substr(start, dot - start);
        if (!at->is_object()) {
            return nullptr;
        }
        auto it = at->find(name);
        if (it == at->end()) {
            return nullptr;
        }
        at = &*it;
        start = dot + 1;
    }
    return at;
}

// Times compare as epoch milliseconds (Macie's criterion values for createdAt/updatedAt).
std::optional<double> number_of(const json& value) {
    if (value.is_number()) {
        return value.get<double>();
    }
    TimePoint t;
    if (value.is_string() && parse_iso8601(value.get<std::string>(), t)) {
        return static_cast<double>(
            std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
    }
    return std::nullopt;
}

std::string text_of(const json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

bool condition_holds(const json& actual, const std::string& op, const json& wanted) {
    if (op == "eq" || op == "eqExactMatch" || op == "neq") {
        const json list = wanted.is_array() ? wanted : json::array({wanted});
        bool any = false;
        for (const json& w : list) {
            any = any || text_of(actual) == text_of(w);
        }
        return op == "neq" ? !any : any;
    }
    auto a = number_of(actual);
    auto w = number_of(wanted);
    if (!a || !w) {
        return false;
    }
    return op == "gt"    ? *a > *w
           : op == "gte" ? *a >= *w
           : op == "lt"  ? *a < *w
           : op == "lte" ? *a <= *w
                         : false;
}

Status check_criteria(const json& criteria) {
    if (criteria.is_null()) {
        return ok_status();
    }
    if (!criteria.is_object() || !criteria.value("criterion", json::object()).is_object()) {
        return make_error(Errc::kInvalidArgument, "findingCriteria must be {\"criterion\": {...}}");
    }
    static const std::vector<std::string> kOps = {
        "eq", "neq", "gt", "gte", "lt", "lte", "eqExactMatch"};
    const json criterion = criteria.value("criterion", json::object());
    for (const auto& [name, conditions] : criterion.items()) {
        if (!conditions.is_object()) {
            return make_error(Errc::kInvalidArgument,
                              "findingCriteria." + name + " must be an object");
        }
        for (const auto& [op, value] : conditions.items()) {
            if (std::find(kOps.begin(), kOps.end(), op) == kOps.end()) {
                return make_error(Errc::kInvalidArgument,
                                  "findingCriteria." + name + ": unknown operator " + op);
            }
        }
    }
    return ok_status();
}

bool matches(const json& finding, const json& criteria) {
    if (!criteria.is_object()) {
        return true;
    }
    const json criterion = criteria.value("criterion", json::object());
    for (const auto& [name, conditions] : criterion.items()) {
        const json* actual = field(finding, name);
        for (const auto& [op, value] : conditions.items()) {
            if (actual == nullptr) {
                if (op != "neq") {
                    return false;
                }
                continue;
            }
            if (!condition_holds(*actual, op, value)) {
                return false;
            }
        }
    }
    return true;
}

void sort_findings(std::vector<json>& findings, const json& sort) {
    if (!sort.is_object()) {
        return;
    }
    const std::string attribute = sort.value("attributeName", "createdAt");
    const bool descending = sort.value("orderBy", "ASC") == "DESC";
    std::stable_sort(findings.begin(), findings.end(), [&](const json& a, const json& b) {
        const json* x = field(a, attribute);
        const json* y = field(b, attribute);
        const std::string xs = x ? text_of(*x) : "";
        const std::string ys = y ? text_of(*y) : "";
        const double xn = x ? number_of(*x).value_or(std::nan("")) : std::nan("");
        const double yn = y ? number_of(*y).value_or(std::nan("")) : std::nan("");
        const bool numeric = !std::isnan(xn) && !std::isnan(yn);
        const bool less = numeric ? xn < yn : xs < ys;
        const bool greater = numeric ? yn < xn : ys < xs;
        return descending ? greater : less;
    });
}

}  // namespace

Result<std::vector<json>> MacieService::findings(const MacieScope& scope) {
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store_.list(scope.account_id, scope.region, kFinding));
    std::vector<json> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        out.push_back(json::parse(row.document));
    }
    std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
        return a.value("createdAt", "") > b.value("createdAt", "");
    });
    return out;
}

Result<std::vector<std::string>> MacieService::list_findings(const MacieScope& scope,
                                                             const json& input) {
    TRIPLINE_TRY(require_enabled(scope));
    const json criteria = input.value("findingCriteria", json());
    TRIPLINE_TRY(check_criteria(criteria));
    TRIPLINE_ASSIGN_OR_RETURN(auto all, findings(scope));
    std::vector<json> kept;
    for (json& f : all) {
        if (matches(f, criteria)) {
            kept.push_back(std::move(f));
        }
    }
    sort_findings(kept, input.value("sortCriteria", json()));
    std::vector<std::string> ids;
    for (const json& f : kept) {
        ids.push_back(f.value("id", ""));
    }
    return ids;
}

Result<json> MacieService::get_findings(const MacieScope& scope,
                                        const std::vector<std::string>& ids) {
    TRIPLINE_TRY(require_enabled(scope));
    if (ids.size() > 50) {
        return make_error(Errc::kInvalidArgument, "findingIds can list at most 50 findings");
    }
    json out = json::array();
    for (const std::string& id : ids) {
        if (auto row = store_.get(scope.account_id, scope.region, kFinding, id)) {
            out.push_back(json::parse(row->document));
        }
    }
    return out;
}

Result<json> MacieService::finding_statistics(const MacieScope& scope, const json& input) {
    TRIPLINE_TRY(require_enabled(scope));
    const std::string group_by = input.value("groupBy", "");
    static const std::vector<std::string> kGroups = {"classificationDetails.jobId",
                                                     "resourcesAffected.s3Bucket.name",
                                                     "severity.description",
                                                     "type"};
    if (std::find(kGroups.begin(), kGroups.end(), group_by) == kGroups.end()) {
        return make_error(
            Errc::kInvalidArgument,
            "groupBy must be classificationDetails.jobId, resourcesAffected.s3Bucket.name, "
            "severity.description or type");
    }
    const json criteria = input.value("findingCriteria", json());
    TRIPLINE_TRY(check_criteria(criteria));
    TRIPLINE_ASSIGN_OR_RETURN(auto all, findings(scope));
    std::map<std::string, std::int64_t> counts;
    for (const json& f : all) {
        if (!matches(f, criteria)) {
            continue;
        }
        const json* key = field(f, group_by);
        counts[key && !key->is_null() ? text_of(*key) : ""]++;
    }
    std::vector<json> groups;
    for (const auto& [key, count] : counts) {
        groups.push_back(json{{"groupKey", key}, {"count", count}});
    }
    const json sort = input.value("sortCriteria", json::object());
    const bool by_count = sort.value("attributeName", "groupKey") == "count";
    const bool descending = sort.value("orderBy", "ASC") == "DESC";
    std::stable_sort(groups.begin(), groups.end(), [&](const json& a, const json& b) {
        const bool less = by_count
                              ? a["count"].get<std::int64_t>() < b["count"].get<std::int64_t>()
                              : a["groupKey"].get<std::string>() < b["groupKey"].get<std::string>();
        const bool greater =
            by_count ? b["count"].get<std::int64_t>() < a["count"].get<std::int64_t>()
                     : b["groupKey"].get<std::string>() < a["groupKey"].get<std::string>();
        return descending ? greater : less;
    });
    if (auto size = input.value("size", 0);
        size > 0 && groups.size() > static_cast<std::size_t>(size)) {
        groups.resize(static_cast<std::size_t>(size));
    }
    return json(groups);
}

}  // namespace tripline::discover
