// Fuzzes the EC2 query-form readers: any form body is parsed into rules, filters, lists and tags
// or rejected with an error, never a crash, and the rules then validate or fail cleanly.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "api/query_form.h"
#include "api/services/ec2/ec2_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    auto form = tripline::api::QueryForm::parse(body);
    if (!form) {
        return 0;
    }
    namespace req = tripline::api::services::ec2_request;
    (void)req::list(*form, "GroupId");
    (void)req::filter_set(req::filters(*form));
    (void)req::tag_specifications(*form, "security-group");
    for (bool egress : {false, true}) {
        auto parsed = req::rules(*form, egress);
        if (auto* rules = std::get_if<req::ParsedRules>(&parsed)) {
            for (const auto& rule : rules->rules) {
                (void)tripline::ec2::validate_rule(rule);
            }
        }
    }
    return 0;
}
