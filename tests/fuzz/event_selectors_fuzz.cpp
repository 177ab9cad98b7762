// Fuzzes trail event selectors and trail names. The input is read three ways:
// - as an EventSelectors / AdvancedEventSelectors array (or a stored document): it is rejected
//   with an error or accepted, and then its API JSON survives to_document/from_document, and the
//   re-read selectors give the same verdict as the original on fixed records;
// - as a CloudTrail record, run through fixed selectors of every form (selects() must not crash on
//   any record the model accepts);
// - as a trail name or ARN.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "event/cloudtrail_record.h"
#include "trail/event_selectors.h"
#include "trail/trail_names.h"

namespace {

using tripline::trail::TrailSelectors;

constexpr std::string_view kRecords[] = {
    R"({"eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","readOnly":true,)"
    R"("managementEvent":true,"eventCategory":"Management","eventType":"AwsApiCall",)"
    R"("userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"}})",
    R"({"eventSource":"kms.amazonaws.com","eventName":"Decrypt","readOnly":true})",
    R"({"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin"})",
    R"({"eventSource":"s3.amazonaws.com","eventName":"PutObject","readOnly":false,)"
    R"("managementEvent":false,"eventCategory":"Data","resources":[{"type":"AWS::S3::Object",)"
    R"("ARN":"arn:aws:s3:::bucket-a/logs/a.gz"},{"type":"AWS::S3::Object",)"
    R"("ARNPrefix":"arn:aws:s3:::bucket-b/"}]})",
    R"({"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventCategory":"Data",)"
    R"("sessionCredentialFromConsole":"true","requestParameters":{"bucketName":"b","key":"k"}})",
    R"({"eventSource":"lambda.amazonaws.com","eventName":"Invoke","eventCategory":"Data",)"
    R"("resources":[{"type":"AWS::Lambda::Function",)"
    R"("ARN":"arn:aws:lambda:us-east-1:111122223333:function:f"}]})",
    R"({"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventCategory":"NetworkActivity",)"
    R"("errorCode":"VpceAccessDenied","vpcEndpointId":"vpce-1"})",
    R"({"eventType":"AwsCloudTrailInsight","eventCategory":"Insight"})",
};

const std::vector<tripline::event::CloudTrailRecord>& records() {
    static const auto parsed = [] {
        std::vector<tripline::event::CloudTrailRecord> out;
        for (std::string_view text : kRecords) {
            auto r = tripline::event::parse_cloudtrail_record(text);
            if (!r) {
                std::abort();
            }
            out.push_back(std::move(*r));
        }
        return out;
    }();
    return parsed;
}

const std::vector<TrailSelectors>& fixed_selectors() {
    static const auto selectors = [] {
        std::vector<TrailSelectors> out(1);
        auto basic = TrailSelectors::from_event_selectors(nlohmann::json::parse(
            R"([{"ReadWriteType":"ReadOnly","ExcludeManagementEventSources":["kms.amazonaws.com"]},)"
            R"({"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::b/"]},)"
            R"({"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda"]}]}])"));
        auto advanced = TrailSelectors::from_advanced_event_selectors(nlohmann::json::parse(
            R"([{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},)"
            R"({"Field":"resources.type","Equals":["AWS::S3::Object"]},)"
            R"({"Field":"resources.ARN","StartsWith":["arn:aws:s3:::"],"NotEndsWith":[".exe"]},)"
            R"({"Field":"sessionCredentialFromConsole","NotEquals":["true"]}]},)"
            R"({"FieldSelectors":[{"Field":"eventCategory","Equals":["NetworkActivity"]},)"
            R"({"Field":"eventSource","Equals":["s3.amazonaws.com"]},)"
            R"({"Field":"vpcEndpointId","StartsWith":["vpce-"]}]}])"));
        if (!basic || !advanced) {
            std::abort();
        }
        out.push_back(std::move(*basic));
        out.push_back(std::move(*advanced));
        return out;
    }();
    return selectors;
}

void check_selectors(const TrailSelectors& selectors) {
    nlohmann::json api = selectors.to_api_json();
    auto again = TrailSelectors::from_document(selectors.to_document());
    if (!again || again->to_api_json() != api ||
        again->has_custom_selectors() != selectors.has_custom_selectors() ||
        again->is_advanced() != selectors.is_advanced()) {
        std::abort();
    }
    for (const auto& record : records()) {
        if (selectors.selects(record) != again->selects(record)) {
            std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);

    auto document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!document.is_discarded()) {
        if (auto s = TrailSelectors::from_event_selectors(document)) {
            check_selectors(*s);
        }
        if (auto s = TrailSelectors::from_advanced_event_selectors(document)) {
            check_selectors(*s);
        }
        if (auto s = TrailSelectors::from_document(document)) {
            check_selectors(*s);
        }
    }

    if (auto record = tripline::event::parse_cloudtrail_record(text)) {
        for (const auto& selectors : fixed_selectors()) {
            (void)selectors.selects(*record);
        }
    }

    if (tripline::trail::looks_like_trail_arn(text)) {
        // A parsed ARN names a valid trail and, in the aws partition, is rebuilt byte for byte.
        if (auto arn = tripline::trail::parse_trail_arn(text)) {
            if (!tripline::trail::validate_trail_name(arn->name) ||
                (text.starts_with("arn:aws:cloudtrail:") &&
                 tripline::trail::trail_arn(arn->account, arn->region, arn->name) != text)) {
                std::abort();
            }
        }
    } else {
        (void)tripline::trail::validate_trail_name(text);
    }
    return 0;
}
