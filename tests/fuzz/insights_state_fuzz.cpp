// Fuzzes the Insights state reader and the duration parser of `insights:`: a saved stream either
// restores into a stream that saves back to the same document and keeps working, or is rejected
// with an error; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "base/duration_text.h"
#include "insights/insight_stream.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)tripline::parse_duration_text(text, "fuzz");
    auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
        return 0;
    }
    tripline::insights::InsightSettings settings;
    auto stream = tripline::insights::InsightStream::from_json(json, settings);
    if (!stream) {
        return 0;
    }
    auto again = tripline::insights::InsightStream::from_json(stream->to_json(), settings);
    if (!again || again->to_json() != stream->to_json()) {
        std::abort();
    }
    std::vector<tripline::insights::InsightEvent> events;
    if (auto newest = stream->newest_minute();
        newest && *newest - stream->next_minute() < 100'000) {
        stream->close_before(*newest + 10, events, [] { return std::string("id"); });
    }
    return 0;
}
