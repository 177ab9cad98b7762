// RecordPipeline: where every CloudTrail record goes - recorded API calls (record(), from API
// workers) and ingested log records (accept(), in batches). In order:
//   1. recorded calls are appended to the journal (<data-dir>/records.jsonl), durable before the
//      caller gets its reply (ingested records are durable in their source files; ingestion
//      checkpoints a file only after accept() returned);
//   2. the trails whose selectors select the record buffer it for their log files;
//   3. a default event bus gets it as an "AWS API Call via CloudTrail" (or console sign-in,
//      service event) event: rules match it and the target deliveries enter the outbox in one
//      transaction (cloudtrail.md §5) - the alerting path. A recorded call goes to its account's
//      bus in its region. Ingested records - often many member accounts and regions of an
//      organization - go to the monitoring account's bus (the config's first account, in the
//      server's region), as AWS's centralised set-up forwards member accounts' events to one
//      monitoring bus; the event keeps its own account and region fields;
//   4. threat detection (GuardDuty) analyses it; its findings go to the bus as events of their
//      own; CloudTrail Insights count it, and their Insights events (publish_insights) go to the
//      trails' CloudTrail-Insight files, the bus ("AWS Insight via CloudTrail") and the store;
//   5. the trail store (DuckDB) gets it for LookupEvents and SQL: recorded calls at once (they
//      are few), ingested batches through the feeder thread, off the alerting path.
// Ownership: owns the journal; borrows the bus, trails, store and feeder, each set once it exists
// (before the API listens or ingestion starts).
// Thread-safety: record() and accept() may be called concurrently.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "api/call_recorder.h"
#include "app/record_journal.h"
#include "trail/record_sink.h"

namespace tripline::bus {
class BusService;
}
namespace tripline::detect {
class DetectService;
}
namespace tripline::insights {
class InsightService;
struct InsightEvent;
}  // namespace tripline::insights
namespace tripline::query {
class TrailStore;
}
namespace tripline::discover {
class MacieService;
}
namespace tripline::trail {
class TrailService;
}

namespace tripline::app {

class TrailLogForwarder;
class TrailStoreFeeder;

class RecordPipeline final : public api::CallRecordSink, public trail::RecordSink {
public:
    explicit RecordPipeline(std::unique_ptr<RecordJournal> journal);

    void set_bus(bus::BusService* bus) { bus_.store(bus); }
    void set_trails(trail::TrailService* trails) { trails_.store(trails); }
    void set_detect(detect::DetectService* detect) { detect_.store(detect); }
    void set_insights(insights::InsightService* insights) { insights_.store(insights); }
    // Recorded S3 calls that change a bucket's access settings go to Macie (policy findings).
    void set_macie(discover::MacieService* macie) { macie_.store(macie); }
    void set_trail_store(query::TrailStore* store, TrailStoreFeeder* feeder) {
        feeder_.store(feeder);
        store_.store(store);
    }

    // Where ingested records' events go (see 3. above).
    void set_monitoring_bus(std::string account_id, std::string region) {
        monitoring_account_ = std::move(account_id);
        monitoring_region_ = std::move(region);
    }

    // Ingested records also go to this CloudWatch Logs group (cloudwatch.ingested_log_group), as
    // the trail that wrote them would deliver them, so metric filters and alarms see them.
    void set_ingested_log_group(TrailLogForwarder* forwarder, std::string group_arn) {
        ingested_group_arn_ = std::move(group_arn);
        ingested_forwarder_.store(forwarder);
    }

    void record(const event::CloudTrailRecord& record) override;
    Status accept(std::vector<event::CloudTrailRecord> records,
                  trail::RecordOrigin origin) override;

    // Insights events as records: to the trails that selected their type, to the bus of their
    // account and region (the monitoring bus for insights over ingested logs), to the store.
    void publish_insights(const std::vector<insights::InsightEvent>& events);

private:
    std::unique_ptr<RecordJournal> journal_;
    std::string monitoring_account_;  // set before records flow; read-only afterwards
    std::string monitoring_region_;
    std::atomic<bus::BusService*> bus_{nullptr};
    std::atomic<trail::TrailService*> trails_{nullptr};
    std::atomic<detect::DetectService*> detect_{nullptr};
    std::atomic<insights::InsightService*> insights_{nullptr};
    std::atomic<discover::MacieService*> macie_{nullptr};
    std::atomic<query::TrailStore*> store_{nullptr};
    std::atomic<TrailStoreFeeder*> feeder_{nullptr};
    std::string ingested_group_arn_;  // set before ingestion starts
    std::atomic<TrailLogForwarder*> ingested_forwarder_{nullptr};
};

}  // namespace tripline::app
