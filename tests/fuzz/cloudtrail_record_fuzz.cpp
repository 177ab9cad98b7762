// Fuzzes the CloudTrail record parser: any input is either rejected with an error, or parses into a
// record whose to_json() re-parses into the same record and serialises to the same text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "event/cloudtrail_record.h"
#include "event/event_envelope.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto record = tripline::event::parse_cloudtrail_record(text);
    if (!record) {
        return 0;
    }
    const std::string json = tripline::event::to_json(*record);
    auto again = tripline::event::parse_cloudtrail_record(json);
    if (!again || !(*again == *record) || tripline::event::to_json(*again) != json) {
        std::abort();
    }
    auto event = tripline::event::envelope_for_cloudtrail_record(*record, "fuzz");
    auto parsed_event = tripline::event::parse_event_envelope(tripline::event::to_json(event));
    if (!parsed_event || !(*parsed_event == event)) {
        std::abort();
    }
    return 0;
}
