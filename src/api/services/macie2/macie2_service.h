// Macie (REST-JSON, API version 2020-01-01, signing name "macie2"): the session, classification
// jobs, findings, custom data identifiers, allow lists, managed identifiers and bucket inventory
// over discover::MacieService (macie.md §12). Errors are Macie's: ValidationException 400,
// AccessDeniedException 403 (also "Macie is not enabled."), ResourceNotFoundException 404,
// ConflictException 409, ServiceQuotaExceededException 402, InternalServerException 500.
//
// Ownership: borrows the service (must outlive it). Thread-safety: handle() runs concurrently.
#pragma once

#include <string>

#include "api/service.h"

namespace tripline::discover {
class MacieService;
}

namespace tripline::api::services {

class Macie2Service final : public Service {
public:
    explicit Macie2Service(discover::MacieService& macie) : macie_(macie) {}

    std::string_view signing_name() const override { return "macie2"; }
    std::string_view event_source() const override { return "macie2.amazonaws.com"; }
    std::string_view api_version() const override { return "2020-01-01"; }
    bool is_rest() const override { return true; }
    std::string rest_operation(const HttpRequest& request) const override;
    ServiceReply handle(ApiCall& call) override;

private:
    ServiceReply dispatch(ApiCall& call, const std::vector<std::string>& parts);
    ServiceReply custom_identifiers(ApiCall& call, const std::vector<std::string>& parts);
    ServiceReply allow_lists(ApiCall& call, const std::vector<std::string>& parts);

    discover::MacieService& macie_;
};

}  // namespace tripline::api::services
