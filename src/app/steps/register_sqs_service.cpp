#include "api/api_dispatcher.h"
#include "api/services/sqs/sqs_service.h"
#include "app/steps/steps.h"
#include "notify/queue_service.h"

namespace tripline::app::steps {

// SQS: the queue service (queues as resources, messages in state.db) and its API. Queue URLs are
// built from state.public_url when they are handed out, so they follow the listening address.
Status register_sqs_service(EngineState& state) {
    state.queues = std::make_unique<notify::QueueService>(
        *state.database, *state.clock, [&state] { return state.public_url; });
    state.dispatcher->add_service(std::make_unique<api::services::SqsService>(*state.queues));
    return ok_status();
}

}  // namespace tripline::app::steps
