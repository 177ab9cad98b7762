// Fuzzes the SNS filter-policy parser in both scopes: any input is either rejected with an SNS
// error ("Invalid parameter: ...") or compiles into a policy that evaluates fixed messages without
// crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "pattern/filter_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace p = tripline::pattern;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    static const std::vector<p::MessageAttribute> kAttributes = {
        {"store", "String", "example_corp"},
        {"price", "Number", "150.5"},
        {"tags", "String.Array", R"(["a", 5, true, null, {"x":1}])"},
        {"ip", "String", "10.0.0.7"},
        {"blob", "Binary", "AAEC"},
    };
    constexpr std::string_view kBodies[] = {
        R"({"store":"example_corp","order":{"price":150,"items":[{"sku":"a"},{"sku":"b"}]}})",
        R"(not json)",
        R"([1])",
    };
    for (p::FilterPolicyScope scope :
         {p::FilterPolicyScope::kMessageAttributes, p::FilterPolicyScope::kMessageBody}) {
        auto policy = p::parse_filter_policy(text, scope);
        if (!policy) {
            if (!policy.error().message.starts_with("Invalid parameter: ")) {
                std::abort();
            }
            continue;
        }
        (void)p::matches_attributes(*policy, kAttributes);
        for (std::string_view body : kBodies) {
            (void)p::matches_body(*policy, body);
        }
    }
    return 0;
}
