#include "app/record_pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <span>

#include "app/trail_log_forwarder.h"
#include "app/trail_store_feeder.h"
#include "base/uuid.h"
#include "bus/bus_arns.h"
#include "bus/bus_service.h"
#include "detect/detect_service.h"
#include "discover/macie_service.h"
#include "event/event_envelope.h"
#include "insights/insight_service.h"
#include "query/trail_store.h"
#include "trail/trail_service.h"

namespace tripline::app {

namespace {

// Events per bus dispatch, hence per outbox transaction (one fsync): an ingest batch (5,000 by
// default) goes in one. Matching and rendering happen before the transaction begins, so it holds
// the state store only for the inserts of the matches.
constexpr std::size_t kDispatchChunk = 10'000;

}  // namespace

RecordPipeline::RecordPipeline(std::unique_ptr<RecordJournal> journal)
    : journal_(std::move(journal)) {}

namespace {

// A successful call that changed a bucket's policy, ACL, Block Public Access or encryption.
void observe_bucket_change(discover::MacieService& macie, const event::CloudTrailRecord& record) {
    static constexpr std::string_view kApis[] = {"PutBucketPolicy",
                                                 "DeleteBucketPolicy",
                                                 "PutBucketAcl",
                                                 "PutBucketPublicAccessBlock",
                                                 "DeleteBucketPublicAccessBlock",
                                                 "PutBucketEncryption",
                                                 "DeleteBucketEncryption"};
    if (record.event_source.value_or("") != "s3.amazonaws.com" || record.error_code ||
        std::find(std::begin(kApis), std::end(kApis), record.event_name.value_or("")) ==
            std::end(kApis) ||
        !record.request_parameters) {
        return;
    }
    const auto parameters =
        nlohmann::json::parse(std::string_view(*record.request_parameters), nullptr, false);
    const auto full = nlohmann::json::parse(event::to_json(record), nullptr, false);
    if (!parameters.is_object() || !parameters.value("bucketName", nlohmann::json()).is_string() ||
        full.is_discarded()) {
        return;
    }
    discover::BucketChange change;
    change.scope = discover::MacieScope{record.recipient_account_id.value_or(""),
                                        record.aws_region.value_or("")};
    change.bucket = parameters["bucketName"].get<std::string>();
    change.api = *record.event_name;
    change.user_identity = full.value("userIdentity", nlohmann::json::object());
    change.source_ip = record.source_ip_address.value_or("");
    TimePoint at;
    change.time = parse_iso8601(record.event_time.value_or(""), at) ? at : TimePoint{};
    if (auto observed = macie.observe_bucket_change(change); !observed) {
        spdlog::error("Macie: {}", observed.error().to_string());
    }
}

}  // namespace

void RecordPipeline::record(const event::CloudTrailRecord& record) {
    journal_->record(record);
    if (trail::TrailService* trails = trails_.load()) {
        trails->on_record(record);
    }
    if (bus::BusService* bus = bus_.load()) {
        event::EventEnvelope envelope = event::envelope_for_cloudtrail_record(record, make_uuid());
        auto id = bus->put_event(
            envelope.account, envelope.region, bus::kDefaultBusName, event::to_json(envelope));
        if (!id) {
            // The record is in the journal; the bus refusing it (e.g. an oversized record) must
            // not fail the caller's request, but it must be visible.
            spdlog::error("event bus refused the record of {} ({}): {}",
                          envelope.detail_type,
                          envelope.id,
                          id.error().to_string());
        }
    }
    if (detect::DetectService* detect = detect_.load()) {
        if (auto observed = detect->observe(std::span(&record, 1)); !observed) {
            spdlog::error("GuardDuty: {}", observed.error().to_string());
        }
    }
    if (insights::InsightService* insights = insights_.load()) {
        insights->observe(std::span(&record, 1), /*ingested=*/false);
    }
    if (discover::MacieService* macie = macie_.load()) {
        observe_bucket_change(*macie, record);
    }
    if (query::TrailStore* store = store_.load()) {
        if (auto appended = store->append(std::span(&record, 1)); !appended) {
            spdlog::error("trail store: {}", appended.error().to_string());
        }
    }
}

Status RecordPipeline::accept(std::vector<event::CloudTrailRecord> records,
                              trail::RecordOrigin origin) {
    if (origin == trail::RecordOrigin::kRecorded) {
        for (const auto& record : records) {
            journal_->record(record);
        }
    }
    trail::TrailService* trails = trails_.load();
    bus::BusService* bus = bus_.load();
    const bool to_monitoring_bus =
        origin == trail::RecordOrigin::kIngested && !monitoring_account_.empty();
    TrailLogForwarder* to_log_group =
        origin == trail::RecordOrigin::kIngested ? ingested_forwarder_.load() : nullptr;
    std::vector<bus::BusEvent> events;
    if (bus != nullptr) {
        events.reserve(std::min(records.size(), kDispatchChunk));
    }
    // Each record is serialised once, for its trails' log files and for its bus event.
    std::string json;
    for (std::size_t i = 0; i < records.size(); ++i) {
        json.clear();
        event::append_json(json, records[i]);
        if (trails != nullptr) {
            trails->on_record(records[i], json);
        }
        if (to_log_group != nullptr) {
            to_log_group->add("", ingested_group_arn_, records[i], json);
        }
        if (bus == nullptr) {
            continue;
        }
        event::EventEnvelope envelope =
            event::envelope_for_cloudtrail_record(records[i], make_uuid(), json);
        // A record naming no account or region has no default bus to go to (hand-edited
        // samples); it is still logged and stored.
        const bool routable =
            to_monitoring_bus || (!envelope.account.empty() && !envelope.region.empty());
        if (routable) {
            bus::BusEvent event;
            event.account_id = to_monitoring_bus ? monitoring_account_ : envelope.account;
            event.region = to_monitoring_bus ? monitoring_region_ : envelope.region;
            event.bus_name = std::string(bus::kDefaultBusName);
            event.event_json = event::to_json(envelope);
            events.push_back(std::move(event));
        }
        if ((events.size() == kDispatchChunk || i + 1 == records.size()) && !events.empty()) {
            TRIPLINE_TRY(bus->dispatch(events));
            events.clear();
        }
    }
    if (detect::DetectService* detect = detect_.load()) {
        // Findings are derived: a failure to store them is logged, and does not make the source
        // re-deliver records that already reached the bus.
        if (auto observed = detect->observe(records); !observed) {
            spdlog::error("GuardDuty: {}", observed.error().to_string());
        }
    }
    if (insights::InsightService* insights = insights_.load()) {
        insights->observe(records, origin == trail::RecordOrigin::kIngested);
    }
    if (TrailStoreFeeder* feeder = feeder_.load()) {
        feeder->push(std::move(records));
    }
    return ok_status();
}

}  // namespace tripline::app
