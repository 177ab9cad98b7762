// Fuzzes the event-pattern parser and compiler: any input is either rejected with an error or
// compiles into a pattern that matches fixed events without crashing, and the RuleSet built from it
// agrees with the reference matcher on every one of them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pattern/matcher.h"
#include "pattern/rule_set.h"

namespace {

constexpr std::string_view kEvents[] = {
    R"({"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.sts",)"
    R"("account":"123456789012","time":"2024-05-01T12:00:00Z","region":"us-east-1","resources":[],)"
    R"("detail":{"eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity",)"
    R"("sourceIPAddress":"10.1.2.3","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"}}})",
    R"({"source":"aws.guardduty","detail-type":"GuardDuty Finding","detail":{"severity":8.5,)"
    R"("tags":["a","b",null,1e2,true],"items":[{"k":"x","n":1},{"k":"y","n":-0.0},[]]}})",
    R"({"a":"1","b":2,"c":null,"d":{"e":[{"f":"ab*c"},{"f":"2001:db8::1"}]},"$or":"x","e.f":"q"})",
    R"({})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto pattern = tripline::pattern::parse_event_pattern(text);
    if (!pattern) {
        return 0;
    }
    tripline::pattern::RuleSet::Builder builder;
    if (!builder.add(7, *pattern)) {
        std::abort();
    }
    auto rules = std::move(builder).build();
    for (std::string_view event : kEvents) {
        auto verdict = tripline::pattern::matches(*pattern, event);
        auto ids = rules->match(event);
        if (!verdict || !ids || *verdict != !ids->empty()) {
            std::abort();
        }
    }
    return 0;
}
