#include <spdlog/spdlog.h>

#include "app/steps/steps.h"
#include "notify/message_signer.h"

namespace tripline::app::steps {

Status open_message_signer(EngineState& state) {
    TRIPLINE_ASSIGN_OR_RETURN(state.signer,
                              notify::MessageSigner::open(state.data_dir / "sns", *state.clock));
    spdlog::debug("SNS messages are signed with {}", state.signer->certificate_file_name());
    return ok_status();
}

}  // namespace tripline::app::steps
