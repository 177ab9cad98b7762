#include "api/services/guardduty/guardduty_service.h"

#include "api/services/rest_path.h"
#include "detect/detect_service.h"
#include "detect/finding_document.h"

namespace tripline::api::services {

using namespace guardduty;  // NOLINT(google-build-using-namespace): this service's own helpers

namespace guardduty {

ApiError bad_request(std::string message) {
    return ApiError{400, "BadRequestException", std::move(message)};
}

ApiError from_error(const Error& error) {
    switch (error.code) {
        case Errc::kInvalidArgument:
        case Errc::kNotFound:
        case Errc::kAlreadyExists:
        case Errc::kFailedPrecondition:
        case Errc::kLimitExceeded:
            return bad_request(error.message);
        default:
            return ApiError{500, "InternalServerErrorException", error.message, false};
    }
}

std::optional<ApiError> string_list(const ApiCall& call,
                                    const char* member,
                                    std::vector<std::string>& out) {
    auto it = call.input.find(member);
    if (it == call.input.end() || it->is_null()) {
        return std::nullopt;
    }
    if (!it->is_array() || it->size() > 50) {
        return bad_request(std::string("The request is rejected because ") + member +
                           " must be a list of at most 50 strings.");
    }
    for (const auto& value : *it) {
        if (!value.is_string()) {
            return bad_request(std::string("The request is rejected because ") + member +
                               " must contain strings.");
        }
        out.push_back(value.get<std::string>());
    }
    return std::nullopt;
}

}  // namespace guardduty

namespace {

std::string detector_arn(const detect::Detector& d) {
    return "arn:aws:guardduty:" + d.region + ":" + d.account_id + ":detector/" + d.id;
}

void record_detector(ApiCall& call, const detect::Detector& d) {
    call.resources.push_back(
        RecordedResource{"AWS::GuardDuty::Detector", detector_arn(d), d.account_id});
}

Result<detect::DetectorSettings> settings_of(const nlohmann::json& input) {
    detect::DetectorSettings settings;
    if (auto it = input.find("enable"); it != input.end() && !it->is_null()) {
        if (!it->is_boolean()) {
            return make_error(Errc::kInvalidArgument,
                              "The request is rejected because enable must be a boolean.");
        }
        settings.enable = it->get<bool>();
    }
    if (auto it = input.find("findingPublishingFrequency"); it != input.end() && !it->is_null()) {
        if (!it->is_string()) {
            return make_error(Errc::kInvalidArgument,
                              "The request is rejected because findingPublishingFrequency must "
                              "be a string.");
        }
        settings.finding_publishing_frequency = it->get<std::string>();
    }
    if (auto it = input.find("tags"); it != input.end() && !it->is_null()) {
        settings.tags = *it;
    }
    return settings;
}

}  // namespace

std::string GuardDutyService::rest_operation(const HttpRequest& request) const {
    const std::vector<std::string> parts = rest_path_parts(request.path);
    const std::string& m = request.method;
    if (parts.empty() || parts[0] != "detector") {
        return {};
    }
    if (parts.size() == 1) {
        return m == "POST" ? "CreateDetector" : m == "GET" ? "ListDetectors" : "";
    }
    if (parts.size() == 2) {
        return m == "GET"      ? "GetDetector"
               : m == "POST"   ? "UpdateDetector"
               : m == "DELETE" ? "DeleteDetector"
                               : "";
    }
    const std::string& kind = parts[2];
    if (kind == "findings" && m == "POST") {
        if (parts.size() == 3) {
            return "ListFindings";
        }
        static const std::pair<std::string_view, std::string_view> kFindingOps[] = {
            {"create", "CreateSampleFindings"},
            {"get", "GetFindings"},
            {"archive", "ArchiveFindings"},
            {"unarchive", "UnarchiveFindings"},
            {"statistics", "GetFindingsStatistics"},
            {"feedback", "UpdateFindingsFeedback"}};
        for (const auto& [suffix, op] : kFindingOps) {
            if (parts.size() == 4 && parts[3] == suffix) {
                return std::string(op);
            }
        }
        return {};
    }
    static const std::pair<std::string_view, std::string_view> kCollections[] = {
        {"filter", "Filter"}, {"ipset", "IPSet"}, {"threatintelset", "ThreatIntelSet"}};
    for (const auto& [path, noun] : kCollections) {
        if (kind != path) {
            continue;
        }
        const std::string n(noun);
        if (parts.size() == 3) {
            return m == "POST" ? "Create" + n : m == "GET" ? "List" + n + "s" : "";
        }
        return m == "GET"      ? "Get" + n
               : m == "POST"   ? "Update" + n
               : m == "DELETE" ? "Delete" + n
                               : "";
    }
    return {};
}

ServiceReply GuardDutyService::handle(ApiCall& call) {
    if (call.operation == "CreateDetector") {
        return create_detector(call);
    }
    if (call.operation == "ListDetectors") {
        return list_detectors(call);
    }
    const std::vector<std::string> parts = rest_path_parts(call.http->path);
    if (parts.size() < 2) {
        return ApiError{400, "UnknownOperationException", "Unknown GuardDuty operation."};
    }
    auto detector = detect_.get_detector(call.principal.account_id, call.region, parts[1]);
    if (!detector) {
        return from_error(detector.error());
    }
    record_detector(call, *detector);
    using Handler = ServiceReply (GuardDutyService::*)(ApiCall&, const detect::Detector&);
    static const std::pair<std::string_view, Handler> kOperations[] = {
        {"GetDetector", &GuardDutyService::get_detector},
        {"UpdateDetector", &GuardDutyService::update_detector},
        {"DeleteDetector", &GuardDutyService::delete_detector},
        {"ListFindings", &GuardDutyService::list_findings},
        {"GetFindings", &GuardDutyService::get_findings},
        {"UpdateFindingsFeedback", &GuardDutyService::update_feedback},
        {"GetFindingsStatistics", &GuardDutyService::get_statistics},
        {"CreateSampleFindings", &GuardDutyService::create_samples},
    };
    for (const auto& [name, handler] : kOperations) {
        if (call.operation == name) {
            return (this->*handler)(call, *detector);
        }
    }
    if (call.operation == "ArchiveFindings" || call.operation == "UnarchiveFindings") {
        return set_archived(call, *detector, call.operation == "ArchiveFindings");
    }
    if (call.operation.ends_with("Filter") || call.operation == "ListFilters") {
        return filter_operation(call, *detector);
    }
    if (call.operation.find("IPSet") != std::string::npos ||
        call.operation.find("ThreatIntelSet") != std::string::npos) {
        return intel_set_operation(call, *detector);
    }
    return ApiError{
        400,
        "UnknownOperationException",
        "Tripline does not implement the GuardDuty operation " +
            (call.operation.empty() ? call.http->method + " " + call.http->path : call.operation) +
            " (see docs/guardduty.md)."};
}

ServiceReply GuardDutyService::create_detector(ApiCall& call) {
    if (!call.input.contains("enable")) {
        return bad_request("The request is rejected because enable is required.");
    }
    auto settings = settings_of(call.input);
    if (!settings) {
        return from_error(settings.error());
    }
    auto created = detect_.create_detector(call.principal.account_id, call.region, *settings);
    if (!created) {
        return from_error(created.error());
    }
    record_detector(call, *created);
    nlohmann::json out = {{"detectorId", created->id}};
    call.response_elements = out;
    return json_reply(call, out);
}

ServiceReply GuardDutyService::list_detectors(ApiCall& call) {
    auto detectors = detect_.list_detectors(call.principal.account_id, call.region);
    if (!detectors) {
        return from_error(detectors.error());
    }
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& d : *detectors) {
        ids.push_back(d.id);
    }
    return json_reply(call, {{"detectorIds", ids}});
}

ServiceReply GuardDutyService::get_detector(ApiCall& call, const detect::Detector& d) {
    nlohmann::json out = {
        {"createdAt", detect::finding_time(d.created_at)},
        {"updatedAt", detect::finding_time(d.updated_at)},
        {"findingPublishingFrequency", d.finding_publishing_frequency},
        {"serviceRole",
         "arn:aws:iam::" + d.account_id +
             ":role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty"},
        {"status", d.enabled ? "ENABLED" : "DISABLED"},
        {"dataSources",
         {{"cloudTrail", {{"status", "ENABLED"}}},
          {"dnsLogs", {{"status", "DISABLED"}}},
          {"flowLogs", {{"status", "DISABLED"}}},
          {"s3Logs", {{"status", d.enabled ? "ENABLED" : "DISABLED"}}}}},
        {"tags", d.tags}};
    return json_reply(call, out);
}

ServiceReply GuardDutyService::update_detector(ApiCall& call, const detect::Detector& d) {
    auto settings = settings_of(call.input);
    if (!settings) {
        return from_error(settings.error());
    }
    auto updated = detect_.update_detector(call.principal.account_id, call.region, d.id, *settings);
    if (!updated) {
        return from_error(updated.error());
    }
    call.read_only = false;
    return json_reply(call, nlohmann::json::object());
}

ServiceReply GuardDutyService::delete_detector(ApiCall& call, const detect::Detector& d) {
    if (auto deleted = detect_.delete_detector(call.principal.account_id, call.region, d.id);
        !deleted) {
        return from_error(deleted.error());
    }
    return json_reply(call, nlohmann::json::object());
}

}  // namespace tripline::api::services
