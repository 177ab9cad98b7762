#include <spdlog/spdlog.h>

#include "app/record_journal.h"
#include "app/record_pipeline.h"
#include "app/steps/steps.h"

namespace tripline::app::steps {

Status open_record_journal(EngineState& state) {
    auto path = state.data_dir / "records.jsonl";
    TRIPLINE_ASSIGN_OR_RETURN(auto journal, RecordJournal::open(path));
    auto pipeline = std::make_unique<RecordPipeline>(std::move(journal));
    state.records = pipeline.get();
    state.record_sink = std::move(pipeline);
    spdlog::info("recording API calls to {}", path.string());
    return ok_status();
}

}  // namespace tripline::app::steps
