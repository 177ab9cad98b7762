#include "api/api_dispatcher.h"
#include "api/services/ec2/ec2_service.h"
#include "app/steps/steps.h"
#include "ec2/network_service.h"

namespace tripline::app::steps {

Status register_ec2_service(EngineState& state) {
    state.network = std::make_unique<ec2::NetworkService>(*state.database, *state.clock);
    state.dispatcher->add_service(std::make_unique<api::services::Ec2Service>(*state.network));
    return ok_status();
}

}  // namespace tripline::app::steps
