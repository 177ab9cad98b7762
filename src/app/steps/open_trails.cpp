#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "app/record_pipeline.h"
#include "app/steps/steps.h"
#include "app/trail_log_forwarder.h"
#include "app/trail_store_feeder.h"
#include "app/trail_ticker.h"
#include "detect/detect_service.h"
#include "insights/insight_service.h"
#include "notify/topic_arns.h"
#include "notify/topic_service.h"
#include "query/trail_store.h"
#include "storage/bucket_store.h"
#include "trail/digest_keys.h"
#include "trail/log_delivery.h"
#include "trail/trail_service.h"

namespace tripline::app::steps {

namespace {

std::optional<std::string> resolve_topic(EngineState& state,
                                         std::string_view account,
                                         std::string_view region,
                                         std::string_view name_or_arn) {
    if (!state.topics) {
        return std::nullopt;
    }
    std::string arn = name_or_arn.starts_with("arn:")
                          ? std::string(name_or_arn)
                          : notify::make_topic_arn(region, account, name_or_arn);
    auto exists = state.topics->topic_exists(arn);
    if (!exists || !*exists) {
        return std::nullopt;
    }
    return arn;
}

// CloudTrail's notification of a delivered log file (cloudtrail.md §6): no subject, the message
// {"s3Bucket":"…","s3ObjectKey":["…"]}.
void publish_file_delivered(EngineState& state,
                            const trail::Trail& trail,
                            const trail::DeliveredFile& file) {
    if (!state.topics || !trail.sns_topic_arn) {
        return;
    }
    notify::PublishRequest request;
    request.caller.aws_service = true;
    request.caller.account_id = trail.account_id;
    request.caller.region = file.region;
    request.topic_arn = *trail.sns_topic_arn;
    request.message = nlohmann::json{{"s3Bucket", file.bucket},
                                     {"s3ObjectKey", nlohmann::json::array({file.key})}}
                          .dump();
    if (auto published = state.topics->publish(request); !published) {
        spdlog::warn("trail {}: cannot notify {} of {}: {}",
                     trail.name,
                     *trail.sns_topic_arn,
                     file.key,
                     published.error().to_string());
    }
}

}  // namespace

Status open_trail_store(EngineState& state) {
    auto path = state.data_dir / "trail.duckdb";
    auto store = query::TrailStore::open(path);
    if (!store) {
        return make_error(
            store.error().code,
            "cannot open the trail store " + path.string() + ": " + store.error().message);
    }
    state.trail_store = std::move(*store);
    const auto retention =
        std::chrono::hours(24) * static_cast<long>(state.config.trail.lookup_retention_days);
    if (auto pruned = state.trail_store->prune_before(state.clock->now() - retention); !pruned) {
        spdlog::warn("trail store: retention: {}", pruned.error().to_string());
    }
    state.trail_feeder = std::make_unique<TrailStoreFeeder>(*state.trail_store);
    state.records->set_trail_store(state.trail_store.get(), state.trail_feeder.get());
    spdlog::info("trail store {}", path.string());
    return ok_status();
}

Status open_trails(EngineState& state) {
    TRIPLINE_ASSIGN_OR_RETURN(
        state.digest_keys,
        trail::DigestKeys::open(state.data_dir / "cloudtrail" / "keys", *state.clock));
    trail::LogDeliveryOptions options;
    options.flush_interval = std::chrono::seconds(state.config.trail.flush_seconds);
    options.digest_interval = std::chrono::seconds(state.config.trail.digest_interval_seconds);
    options.spool_dir = state.data_dir / "cloudtrail" / "spool";
    state.trail_resources = std::make_unique<storage::ResourceStore>(*state.database);
    state.log_delivery = std::make_unique<trail::LogDelivery>(
        *state.buckets, *state.trail_resources, *state.digest_keys, *state.clock, options);
    // Records a previous process accepted but had not written to a log file yet.
    TRIPLINE_ASSIGN_OR_RETURN(std::size_t recovered, state.log_delivery->recover_spool());
    if (recovered > 0) {
        spdlog::warn("cloudtrail: {} records recovered from {}; they go into the next log files",
                     recovered,
                     options.spool_dir.string());
    }
    trail::TrailHooks hooks;
    hooks.resolve_topic =
        [&state](std::string_view account, std::string_view region, std::string_view topic) {
            return resolve_topic(state, account, region, topic);
        };
    hooks.file_delivered = [&state](const trail::Trail& trail, const trail::DeliveredFile& file) {
        publish_file_delivered(state, trail, file);
    };
    // The forwarder exists once CloudWatch is registered, before the API accepts calls.
    hooks.log_record = [&state](const std::string& trail_arn,
                                const std::string& group_arn,
                                const event::CloudTrailRecord& record,
                                std::string_view json) {
        if (TrailLogForwarder* forwarder = state.trail_log_forwarder.get()) {
            forwarder->add(trail_arn, group_arn, record, json);
        }
    };
    state.trails = std::make_unique<trail::TrailService>(*state.trail_resources,
                                                         *state.buckets,
                                                         *state.log_delivery,
                                                         *state.clock,
                                                         std::move(hooks));
    state.records->set_trails(state.trails.get());
    const Config& config = state.config;
    state.records->set_monitoring_bus(
        config.accounts.empty() ? std::string(kDefaultAccountId) : config.accounts.front().id,
        config.server.region);
    return ok_status();
}

Status open_insights(EngineState& state) {
    insights::InsightServiceOptions options;
    options.settings = state.config.insights.settings;
    options.ingested = state.config.insights.ingested;
    state.insights =
        std::make_unique<insights::InsightService>(*state.database, *state.clock, options);
    TRIPLINE_TRY(state.insights->load());
    trail::TrailService* trails = state.trails.get();
    state.insights->set_types([trails](std::string_view account, std::string_view region) {
        return trails->insight_types(account, region);
    });
    RecordPipeline* records = state.records;
    state.insights->set_publisher([records](const std::vector<insights::InsightEvent>& events) {
        records->publish_insights(events);
    });
    state.records->set_insights(state.insights.get());
    return ok_status();
}

Status start_trail_delivery(EngineState& state) {
    state.trail_ticker = std::make_unique<TrailTicker>(state.trails.get(), state.trail_store.get());
    add_cloudwatch_tasks(state, *state.trail_ticker);
    if (insights::InsightService* insights = state.insights.get()) {
        // Recorded calls' minutes are evaluated a few seconds after they end.
        state.trail_ticker->add_periodic_task([insights] { insights->tick(); },
                                              TrailTicker::kTicksPerStoreFlush,
                                              /*on_stop=*/true);
    }
    if (detect::DetectService* detect = state.detect.get()) {
        // Finding updates fall due with their detector's publishing frequency; baselines are saved
        // every DetectService::kBaselineFlushInterval.
        state.trail_ticker->set_periodic_task([detect] {
            if (auto published = detect->publish_due(); !published) {
                spdlog::warn("GuardDuty: publishing findings failed: {}",
                             published.error().to_string());
            }
            if (auto flushed = detect->flush_baselines(false); !flushed) {
                spdlog::warn("GuardDuty: saving baselines failed: {}", flushed.error().to_string());
            }
        });
    }
    state.trail_ticker->start();
    spdlog::info("trail log files every {} s, digests every {} s",
                 state.config.trail.flush_seconds,
                 state.config.trail.digest_interval_seconds);
    return ok_status();
}

}  // namespace tripline::app::steps
