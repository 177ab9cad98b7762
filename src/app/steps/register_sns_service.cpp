#include <memory>
#include <optional>

#include "api/api_dispatcher.h"
#include "api/request_router.h"
#include "api/services/sns/sns_links.h"
#include "api/services/sns/sns_service.h"
#include "app/steps/steps.h"
#include "notify/delivery_worker.h"
#include "notify/message_signer.h"
#include "notify/topic_service.h"

namespace tripline::app::steps {

// Builds the SNS topic service over the state store, serves the SNS API, and adds the unsigned
// link endpoints (confirmation.html, unsubscribe.html, SubscribeURL/UnsubscribeURL, signing
// certificate) to the router ahead of the AWS dispatcher. Links in messages use state.public_url,
// read when each message is built. The certificate link serves the message signer's certificate
// (404 for any other name, or when no signer was opened); on_enqueued wakes the delivery worker
// once it exists.
Status register_sns_service(EngineState& state) {
    notify::TopicServiceOptions options;
    options.public_url = [&state] { return state.public_url; };
    options.on_enqueued = [&state] {
        if (state.delivery) {
            state.delivery->wake();
        }
    };
    state.topics =
        std::make_unique<notify::TopicService>(*state.database, *state.clock, std::move(options));
    state.dispatcher->add_service(std::make_unique<api::services::SnsService>(*state.topics));

    auto certificates = [&state](std::string_view file_name) -> std::optional<std::string> {
        if (state.signer && file_name == state.signer->certificate_file_name()) {
            return state.signer->certificate_pem();
        }
        return std::nullopt;
    };
    auto links = std::make_shared<api::services::SnsLinks>(*state.topics, std::move(certificates));
    state.router->add(
        "sns-links",
        [links](const api::HttpRequest& request) { return links->matches(request); },
        [links](const api::HttpRequest& request) { return links->handle(request); });
    return ok_status();
}

}  // namespace tripline::app::steps
