// RecordPipeline::publish_insights: where Insights events go (cloudtrail.md §10).
#include <spdlog/spdlog.h>

#include <span>

#include "app/record_pipeline.h"
#include "base/uuid.h"
#include "bus/bus_arns.h"
#include "bus/bus_service.h"
#include "event/event_envelope.h"
#include "insights/insight_record.h"
#include "query/trail_store.h"
#include "trail/trail_service.h"

namespace tripline::app {

void RecordPipeline::publish_insights(const std::vector<insights::InsightEvent>& events) {
    std::vector<event::CloudTrailRecord> records;
    records.reserve(events.size());
    trail::TrailService* trails = trails_.load();
    bus::BusService* bus = bus_.load();
    for (const insights::InsightEvent& insight : events) {
        event::CloudTrailRecord record = insights::insight_record(insight, make_uuid());
        const std::string json = event::to_json(record);
        if (trails != nullptr) {
            trails->on_insight(record, json, insight.type);
        }
        if (bus != nullptr) {
            event::EventEnvelope envelope =
                event::envelope_for_cloudtrail_record(record, make_uuid(), json);
            const bool to_monitoring_bus = insight.ingested && !monitoring_account_.empty();
            auto id = bus->put_event(to_monitoring_bus ? monitoring_account_ : envelope.account,
                                     to_monitoring_bus ? monitoring_region_ : envelope.region,
                                     bus::kDefaultBusName,
                                     event::to_json(envelope));
            if (!id) {
                spdlog::error("event bus refused the Insights event {}: {}",
                              envelope.id,
                              id.error().to_string());
            }
        }
        records.push_back(std::move(record));
    }
    if (query::TrailStore* store = store_.load()) {
        if (auto appended = store->append(records); !appended) {
            spdlog::error("trail store: {}", appended.error().to_string());
        }
    }
}

}  // namespace tripline::app
