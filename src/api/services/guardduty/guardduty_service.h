// GuardDuty (REST-JSON, API version 2017-11-28, signing name "guardduty"): detectors, findings
// (list, get, archive, feedback, statistics, samples), filters, IPSets and ThreatIntelSets over
// detect::DetectService. Routes are
// method + path as in the botocore model (/detector, /detector/{id}/findings/get, ...); wire
// names are lower-camel-case. Errors are GuardDuty's BadRequestException (400, also for an
// unknown detector, as GuardDuty answers) and InternalServerErrorException (500).
// Each call is recorded with the detector as its resource.
//
// Ownership: borrows the service (must outlive it). Thread-safety: handle() runs concurrently;
// state lives in DetectService.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/service.h"

namespace tripline::detect {
class DetectService;
struct Detector;
}  // namespace tripline::detect

namespace tripline::api::services {

class GuardDutyService final : public Service {
public:
    explicit GuardDutyService(detect::DetectService& detect) : detect_(detect) {}

    std::string_view signing_name() const override { return "guardduty"; }
    std::string_view event_source() const override { return "guardduty.amazonaws.com"; }
    std::string_view api_version() const override { return "2017-11-28"; }
    bool is_rest() const override { return true; }
    std::string rest_operation(const HttpRequest& request) const override;
    ServiceReply handle(ApiCall& call) override;

private:
    // Detectors (guardduty_service.cpp).
    ServiceReply create_detector(ApiCall& call);
    ServiceReply get_detector(ApiCall& call, const detect::Detector& detector);
    ServiceReply list_detectors(ApiCall& call);
    ServiceReply update_detector(ApiCall& call, const detect::Detector& detector);
    ServiceReply delete_detector(ApiCall& call, const detect::Detector& detector);
    // Findings (guardduty_findings_ops.cpp).
    ServiceReply list_findings(ApiCall& call, const detect::Detector& detector);
    ServiceReply get_findings(ApiCall& call, const detect::Detector& detector);
    ServiceReply set_archived(ApiCall& call, const detect::Detector& detector, bool archived);
    ServiceReply update_feedback(ApiCall& call, const detect::Detector& detector);
    ServiceReply get_statistics(ApiCall& call, const detect::Detector& detector);
    ServiceReply create_samples(ApiCall& call, const detect::Detector& detector);
    // Filters and IP lists (guardduty_lists_ops.cpp).
    ServiceReply filter_operation(ApiCall& call, const detect::Detector& detector);
    ServiceReply intel_set_operation(ApiCall& call, const detect::Detector& detector);

    detect::DetectService& detect_;
};

namespace guardduty {

ApiError bad_request(std::string message);
ApiError from_error(const Error& error);
// A list of strings in the input (findingIds, findingTypes); an error names the member.
std::optional<ApiError> string_list(const ApiCall& call,
                                    const char* member,
                                    std::vector<std::string>& out);

}  // namespace guardduty

}  // namespace tripline::api::services
