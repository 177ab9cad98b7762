// Event patterns as the EventBridge API sees them: compiling a rule's EventPattern with AWS's
// InvalidEventPatternException wording, and TestEventPattern (eventbridge.md §8).
//
// Pure functions; thread-safe.
// Errors: compile_rule_pattern: kInvalidArgument whose message is AWS's full text ("Event pattern
// is not valid. Reason: …" with the parser's reason and position). check_test_event:
// kInvalidArgument "Parameter Event is not valid.".
#pragma once

#include <string_view>

#include "base/result.h"
#include "pattern/event_pattern.h"

namespace tripline::bus {

// The model's bound on EventPattern (checked separately, as a ValidationException).
inline constexpr std::size_t kMaxEventPatternLength = 4096;

Result<pattern::EventPattern> compile_rule_pattern(std::string_view pattern_text);

// TestEventPattern's event: a JSON object with string id, account, source, time, region and
// detail-type ("resources" may be absent, as recorded AWS calls show).
Status check_test_event(std::string_view event_json);

// The rule matcher's verdict; no rule state applies and the event is not enriched.
Result<bool> test_event_pattern(const pattern::EventPattern& pattern, std::string_view event_json);

}  // namespace tripline::bus
