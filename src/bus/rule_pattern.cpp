#include "bus/rule_pattern.h"

#include "event/event_envelope.h"
#include "pattern/matcher.h"
#include "pattern/pattern_parser.h"

namespace tripline::bus {

Result<pattern::EventPattern> compile_rule_pattern(std::string_view pattern_text) {
    auto compiled = pattern::parse_event_pattern(pattern_text);
    if (!compiled) {
        return make_error(Errc::kInvalidArgument,
                          pattern::format_invalid_pattern_message(compiled.error(), pattern_text));
    }
    return std::move(compiled).value();
}

Status check_test_event(std::string_view event_json) {
    if (!event::parse_event_envelope(event_json)) {
        return make_error(Errc::kInvalidArgument, "Parameter Event is not valid.");
    }
    return ok_status();
}

Result<bool> test_event_pattern(const pattern::EventPattern& pattern, std::string_view event_json) {
    TRIPLINE_TRY(check_test_event(event_json));
    auto verdict = pattern::matches(pattern, event_json);
    if (!verdict) {
        return make_error(Errc::kInvalidArgument, "Parameter Event is not valid.");
    }
    return *verdict;
}

}  // namespace tripline::bus
