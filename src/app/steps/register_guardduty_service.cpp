#include <spdlog/spdlog.h>

#include <memory>

#include "api/api_dispatcher.h"
#include "api/services/guardduty/guardduty_service.h"
#include "app/record_pipeline.h"
#include "app/steps/steps.h"
#include "bus/bus_arns.h"
#include "bus/bus_service.h"
#include "detect/detect_service.h"
#include "detect/intel/threat_intel.h"
#include "storage/bucket_store.h"
#include "storage/identity_store.h"
#include "trail/trail_service.h"

namespace tripline::app::steps {

namespace {

// Findings go to their account's default bus when the account is one of this server's (GuardDuty
// publishes to the detector's own account), and otherwise - member accounts of ingested
// organisation logs - to the monitoring account's bus, as a delegated administrator receives its
// members' findings (guardduty.md §9). The event keeps the finding's account.
Status publish_findings(EngineState& state, const std::vector<detect::FindingEvent>& findings) {
    if (!state.buses) {
        return make_error(Errc::kUnavailable, "the event bus is not running");
    }
    const std::string monitoring_account = state.config.accounts.empty()
                                               ? std::string(kDefaultAccountId)
                                               : state.config.accounts.front().id;
    std::vector<bus::BusEvent> events;
    events.reserve(findings.size());
    for (const detect::FindingEvent& finding : findings) {
        bus::BusEvent event;
        const bool local = state.identities->get_account(finding.account_id).has_value();
        event.account_id = local ? finding.account_id : monitoring_account;
        event.region = local ? finding.region : state.config.server.region;
        event.bus_name = std::string(bus::kDefaultBusName);
        event.event_json = finding.event_json;
        events.push_back(std::move(event));
    }
    TRIPLINE_TRY(state.buses->dispatch(events));
    return ok_status();
}

}  // namespace

Status register_guardduty_service(EngineState& state) {
    detect::DetectOptions options;
    options.implicit_detectors = state.config.guardduty.implicit_detectors;
    TRIPLINE_ASSIGN_OR_RETURN(
        options.learning_period,
        detect::parse_learning_period(state.config.guardduty.learning_period));
    state.detect = std::make_unique<detect::DetectService>(*state.database, *state.clock, options);
    TRIPLINE_TRY(state.detect->load());
    const std::string& intel_dir = state.config.guardduty.intel_dir;
    if (!intel_dir.empty()) {
        auto intel = detect::ThreatIntel::load_directory(intel_dir);
        if (!intel) {
            return make_error(intel.error().code,
                              "guardduty.intel_dir: " + intel.error().to_string());
        }
        spdlog::info("GuardDuty: threat intel loaded from {}", intel_dir);
        state.detect->set_intel(std::make_shared<const detect::ThreatIntel>(std::move(*intel)));
    }
    if (state.buckets) {
        // IPSets and ThreatIntelSets are read from this server's own S3 buckets.
        state.detect->set_list_reader([&state](std::string_view bucket,
                                               std::string_view key) -> Result<detect::ListObject> {
            TRIPLINE_ASSIGN_OR_RETURN(auto row, state.buckets->find_bucket(bucket));
            TRIPLINE_ASSIGN_OR_RETURN(std::string content, state.buckets->read_object(bucket, key));
            return detect::ListObject{row.account_id, std::move(content)};
        });
    }
    state.detect->set_publisher([&state](const std::vector<detect::FindingEvent>& findings) {
        return publish_findings(state, findings);
    });
    if (state.trails) {
        state.detect->set_trail_bucket_lookup(
            [&state](std::string_view account_id, std::string_view bucket) {
                std::vector<std::string> arns;
                for (const trail::Trail& t :
                     state.trails->list_trails(trail::TrailScope{std::string(account_id), ""})) {
                    if (t.s3_bucket == bucket) {
                        arns.push_back(t.arn);
                    }
                }
                return arns;
            });
    }
    TRIPLINE_TRY(apply_guardduty_config(state));
    if (state.records != nullptr) {
        state.records->set_detect(state.detect.get());
    }
    // Findings stored but not yet published by a previous run (a crash in between) go out now.
    if (auto published = state.detect->publish_due(); !published) {
        spdlog::warn("GuardDuty: publishing findings failed: {}", published.error().to_string());
    }
    state.dispatcher->add_service(std::make_unique<api::services::GuardDutyService>(*state.detect));
    return ok_status();
}

}  // namespace tripline::app::steps
