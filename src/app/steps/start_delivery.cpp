#include <spdlog/spdlog.h>

#include "app/api_destination_caller.h"
#include "app/delivery_metrics.h"
#include "app/event_target_delivery.h"
#include "app/steps/steps.h"
#include "bus/bus_service.h"
#include "bus/target_invocation.h"
#include "notify/delivery_worker.h"
#include "notify/queue_service.h"
#include "notify/sns_delivery_handler.h"
#include "notify/topic_service.h"

namespace tripline::app::steps {

namespace {

Result<std::optional<notify::SmtpSettings>> smtp_settings(const SmtpConfig& config) {
    if (config.host.empty()) {
        return std::optional<notify::SmtpSettings>();
    }
    notify::SmtpSettings smtp;
    smtp.host = config.host;
    smtp.port = static_cast<int>(config.port);
    TRIPLINE_ASSIGN_OR_RETURN(smtp.tls, notify::parse_smtp_tls(config.tls));
    smtp.username = config.username;
    smtp.password = config.password;
    smtp.from = config.from;
    return std::optional<notify::SmtpSettings>(std::move(smtp));
}

}  // namespace

Status create_delivery_worker(EngineState& state) {
    notify::DeliveryWorkerOptions options;
    options.threads = static_cast<int>(state.config.delivery.threads);
    options.sole_worker = true;  // prepare_data_dir took the data directory's lock
    options.keep_delivered =
        std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::ratio<3600>>(
            state.config.delivery.keep_delivered_hours));
    state.delivery =
        std::make_unique<notify::DeliveryWorker>(*state.database, *state.clock, options);
    return ok_status();
}

Status start_delivery(EngineState& state) {
    TRIPLINE_ASSIGN_OR_RETURN(auto smtp, smtp_settings(state.config.smtp));
    const double scale = state.config.delivery.retry_delay_scale;
    const std::filesystem::path maildir = state.data_dir / "mail";
    if (smtp) {
        spdlog::info("e-mail goes through the SMTP relay {}:{} (tls {})",
                     smtp->host,
                     smtp->port,
                     state.config.smtp.tls);
    } else {
        spdlog::info("no SMTP relay configured: e-mail goes to the maildir {}", maildir.string());
    }
    auto sns = std::make_unique<notify::SnsDeliveryHandler>(
        *state.clock,
        *state.signer,
        std::move(smtp),
        maildir,
        state.queues.get(),
        [&state] { return state.public_url; },
        scale);
    auto targets = std::make_unique<EventTargetDelivery>(
        *state.clock, state.topics.get(), state.queues.get(), state.buses.get(), scale);
    if (state.api_destinations) {
        state.api_destination_caller =
            std::make_unique<ApiDestinationCaller>(*state.api_destinations, *state.clock);
        targets->set_api_destinations(state.api_destination_caller.get());
    }

    if (state.metrics) {
        state.delivery_metrics = std::make_unique<DeliveryMetrics>(*state.metrics);
        DeliveryMetrics* metrics = state.delivery_metrics.get();
        state.delivery->set_observer([metrics](const storage::OutboxMessage& message,
                                               notify::DeliveryObservation observation) {
            metrics->observe(message, observation);
        });
    }
    state.delivery->add_handler("sns.", *sns);
    state.delivery->add_handler(std::string(bus::kTargetInvocationKind), *targets);
    state.delivery_handlers.push_back(std::move(sns));
    state.delivery_handlers.push_back(std::move(targets));
    state.delivery->start();
    return ok_status();
}

}  // namespace tripline::app::steps
