#include <spdlog/spdlog.h>

#include "app/record_journal.h"
#include "app/steps/steps.h"

namespace tripline::app::steps {

Status open_record_journal(EngineState& state) {
    auto path = state.data_dir / "records.jsonl";
    TRIPLINE_ASSIGN_OR_RETURN(state.record_sink, RecordJournal::open(path));
    spdlog::info("recording API calls to {}", path.string());
    return ok_status();
}

}  // namespace tripline::app::steps
