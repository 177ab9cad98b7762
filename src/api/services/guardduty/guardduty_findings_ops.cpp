// GuardDuty's findings operations: ListFindings, GetFindings, Archive/UnarchiveFindings,
// UpdateFindingsFeedback, GetFindingsStatistics, CreateSampleFindings.
#include "api/services/guardduty/guardduty_service.h"
#include "detect/detect_service.h"
#include "detect/finding_criteria.h"

namespace tripline::api::services {

using namespace guardduty;  // NOLINT(google-build-using-namespace): this service's own helpers

namespace {

Result<detect::FindingCriteria> criteria_of(const ApiCall& call) {
    auto it = call.input.find("findingCriteria");
    return detect::FindingCriteria::parse(it == call.input.end() ? nlohmann::json() : *it);
}

}  // namespace

ServiceReply GuardDutyService::list_findings(ApiCall& call, const detect::Detector& detector) {
    auto criteria = criteria_of(call);
    if (!criteria) {
        return from_error(criteria.error());
    }
    std::size_t max_results = 50;
    if (auto it = call.input.find("maxResults"); it != call.input.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 50) {
            return bad_request(
                "The request is rejected because maxResults must be between 1 and 50.");
        }
        max_results = it->get<std::size_t>();
    }
    std::string sort_attribute;
    bool descending = false;
    if (auto it = call.input.find("sortCriteria"); it != call.input.end() && it->is_object()) {
        sort_attribute = it->value("attributeName", "");
        descending = it->value("orderBy", "ASC") == "DESC";
    }
    std::string token = call.input.value("nextToken", "");
    auto page =
        detect_.list_findings(detector, *criteria, sort_attribute, descending, max_results, token);
    if (!page) {
        return from_error(page.error());
    }
    nlohmann::json out = {{"findingIds", page->ids}};
    if (!page->next_token.empty()) {
        out["nextToken"] = page->next_token;
    }
    call.read_only = true;
    return json_reply(call, out);
}

ServiceReply GuardDutyService::get_findings(ApiCall& call, const detect::Detector& detector) {
    std::vector<std::string> ids;
    if (auto error = string_list(call, "findingIds", ids)) {
        return *error;
    }
    auto findings = detect_.get_findings(detector, ids);
    if (!findings) {
        return from_error(findings.error());
    }
    if (auto it = call.input.find("sortCriteria"); it != call.input.end() && it->is_object()) {
        std::string attribute = it->value("attributeName", "");
        bool descending = it->value("orderBy", "ASC") == "DESC";
        if (!attribute.empty()) {
            std::stable_sort(findings->begin(), findings->end(), [&](const auto& a, const auto& b) {
                return descending ? detect::finding_less(b, a, attribute)
                                  : detect::finding_less(a, b, attribute);
            });
        }
    }
    call.read_only = true;
    return json_reply(call, {{"findings", *findings}});
}

ServiceReply GuardDutyService::set_archived(ApiCall& call,
                                            const detect::Detector& detector,
                                            bool archived) {
    std::vector<std::string> ids;
    if (auto error = string_list(call, "findingIds", ids)) {
        return *error;
    }
    if (auto done = detect_.set_archived(detector, ids, archived); !done) {
        return from_error(done.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply GuardDutyService::update_feedback(ApiCall& call, const detect::Detector& detector) {
    std::vector<std::string> ids;
    if (auto error = string_list(call, "findingIds", ids)) {
        return *error;
    }
    auto done = detect_.set_feedback(
        detector, ids, call.input.value("feedback", ""), call.input.value("comments", ""));
    if (!done) {
        return from_error(done.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply GuardDutyService::get_statistics(ApiCall& call, const detect::Detector& detector) {
    auto criteria = criteria_of(call);
    if (!criteria) {
        return from_error(criteria.error());
    }
    auto statistics = detect_.statistics(detector, *criteria);
    if (!statistics) {
        return from_error(statistics.error());
    }
    call.read_only = true;
    return json_reply(call, {{"findingStatistics", *statistics}});
}

ServiceReply GuardDutyService::create_samples(ApiCall& call, const detect::Detector& detector) {
    std::vector<std::string> types;
    if (auto error = string_list(call, "findingTypes", types)) {
        return *error;
    }
    if (auto done = detect_.create_sample_findings(detector, types); !done) {
        return from_error(done.error());
    }
    return json_reply(call, nlohmann::json::object());
}

}  // namespace tripline::api::services
