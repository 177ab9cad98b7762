#include <spdlog/spdlog.h>

#include "app/steps/steps.h"
#include "iam/iam_service.h"
#include "storage/bucket_store.h"
#include "storage/identity_store.h"
#include "storage/migrations.h"

namespace tripline::app::steps {

Status open_state_store(EngineState& state) {
    auto path = state.data_dir / "state.db";
    TRIPLINE_ASSIGN_OR_RETURN(state.database, storage::open_state_store(path));
    state.identities = std::make_unique<storage::IdentityStore>(*state.database);
    state.iam = std::make_unique<iam::IamService>(*state.database, *state.clock);
    state.buckets =
        std::make_unique<storage::BucketStore>(*state.database, state.data_dir / "buckets");
    spdlog::info("state store {}", path.string());
    return ok_status();
}

}  // namespace tripline::app::steps
