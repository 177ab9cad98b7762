// Fuzzes GuardDuty's FindingCriteria (ListFindings, GetFindingsStatistics, filters), the
// learning-period syntax and IP-list S3 locations: any input is parsed or rejected with an error,
// never a crash; parsed criteria evaluate against a finding without crashing.
// Input: "<learning period or S3 location>\n<criteria JSON>".
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "detect/anomaly_tracker.h"
#include "detect/detector_resources.h"
#include "detect/finding_criteria.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t newline = input.find('\n');
    (void)tripline::detect::parse_learning_period(input.substr(0, newline));
    (void)tripline::detect::parse_s3_location(input.substr(0, newline));
    if (newline == std::string_view::npos) {
        return 0;
    }
    nlohmann::json criteria =
        nlohmann::json::parse(input.substr(newline + 1), nullptr, false, true);
    if (criteria.is_discarded()) {
        return 0;
    }
    auto parsed = tripline::detect::FindingCriteria::parse(criteria);
    if (parsed) {
        static const nlohmann::json kFinding = nlohmann::json::parse(R"({
            "id":"0123456789abcdef0123456789abcdef","type":"Recon:IAMUser/TorIPCaller",
            "severity":5,"updatedAt":"2026-11-22T08:05:12.345Z",
            "resource":{"resourceType":"S3Bucket","s3BucketDetails":[{"name":"a"},{"name":"b"}]},
            "service":{"archived":false,"count":3,
              "additionalInfo":{"value":"{\"threatListName\":\"lab\"}","type":"default"}}})");
        (void)parsed->matches(kFinding);
        (void)tripline::detect::finding_less(kFinding, kFinding, "service.count");
    }
    return 0;
}
