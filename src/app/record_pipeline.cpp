#include "app/record_pipeline.h"

#include <spdlog/spdlog.h>

#include "base/uuid.h"
#include "bus/bus_arns.h"
#include "bus/bus_service.h"
#include "event/event_envelope.h"

namespace tripline::app {

RecordPipeline::RecordPipeline(std::unique_ptr<RecordJournal> journal)
    : journal_(std::move(journal)) {}

void RecordPipeline::record(const event::CloudTrailRecord& record) {
    journal_->record(record);
    bus::BusService* bus = bus_.load();
    if (bus == nullptr) {
        return;
    }
    event::EventEnvelope envelope = event::envelope_for_cloudtrail_record(record, make_uuid());
    auto id = bus->put_event(
        envelope.account, envelope.region, bus::kDefaultBusName, event::to_json(envelope));
    if (!id) {
        // The record is in the journal; the bus refusing it (e.g. an oversized record) must not
        // fail the caller's request, but it must be visible.
        spdlog::error("event bus refused the record of {} ({}): {}",
                      envelope.detail_type,
                      envelope.id,
                      id.error().to_string());
    }
}

}  // namespace tripline::app
