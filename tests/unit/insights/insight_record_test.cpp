#include "insights/insight_record.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "event/event_envelope.h"

namespace tripline::insights {
namespace {

InsightEvent sample(bool start, trail::InsightType type) {
    InsightEvent e;
    e.account_id = "123456789012";
    e.region = "us-east-1";
    e.type = type;
    e.start = start;
    e.shared_event_id = "shared-1";
    e.event_source = "ssm.amazonaws.com";
    e.event_name = "UpdateInstanceInformation";
    if (type == trail::InsightType::kApiErrorRate) {
        e.error_code = "AccessDeniedException";
    }
    e.minute = 26'228'211;  // 2019-11-14T00:51:00Z
    e.baseline_average = 85.42023809523809;
    e.baseline_duration = 10080;
    e.insight_average = 664;
    e.insight_duration = 1;
    e.attributions.push_back(Attribution{"userIdentityArn",
                                         {{"arn:aws:sts::123456789012:assumed-role/x/i", 664}},
                                         {{"arn:aws:sts::123456789012:assumed-role/x/i", 85.42}}});
    return e;
}

TEST(InsightRecordTest, HasAwsInsightsSchema) {
    event::CloudTrailRecord record =
        insight_record(sample(true, trail::InsightType::kApiCallRate), "event-1");
    auto json = nlohmann::json::parse(event::to_json(record));
    EXPECT_EQ(json["eventVersion"], "1.08");
    EXPECT_EQ(json["eventTime"], "2019-11-14T00:51:00Z");
    EXPECT_EQ(json["awsRegion"], "us-east-1");
    EXPECT_EQ(json["eventID"], "event-1");
    EXPECT_EQ(json["eventType"], "AwsCloudTrailInsight");
    EXPECT_EQ(json["recipientAccountId"], "123456789012");
    EXPECT_EQ(json["sharedEventID"], "shared-1");
    EXPECT_EQ(json["eventCategory"], "Insight");
    for (const char* absent :
         {"userIdentity", "eventSource", "eventName", "sourceIPAddress", "userAgent"}) {
        EXPECT_FALSE(json.contains(absent)) << absent;
    }
    const auto& details = json["insightDetails"];
    EXPECT_EQ(details["state"], "Start");
    EXPECT_EQ(details["eventSource"], "ssm.amazonaws.com");
    EXPECT_EQ(details["eventName"], "UpdateInstanceInformation");
    EXPECT_EQ(details["insightType"], "ApiCallRateInsight");
    EXPECT_FALSE(details.contains("errorCode"));
    const auto& statistics = details["insightContext"]["statistics"];
    EXPECT_EQ(statistics["baseline"]["average"].dump(), "85.4202380952");
    EXPECT_EQ(statistics["insight"]["average"].dump(), "664");  // whole numbers as integers
    EXPECT_EQ(statistics["insightDuration"], 1);
    EXPECT_EQ(statistics["baselineDuration"], 10080);
    const auto& attribution = details["insightContext"]["attributions"][0];
    EXPECT_EQ(attribution["attribute"], "userIdentityArn");
    EXPECT_EQ(attribution["insight"][0]["average"], 664);
    EXPECT_EQ(attribution["baseline"][0]["value"], "arn:aws:sts::123456789012:assumed-role/x/i");
}

TEST(InsightRecordTest, ErrorRateInsightsNameTheirErrorCode) {
    event::CloudTrailRecord record =
        insight_record(sample(false, trail::InsightType::kApiErrorRate), "event-2");
    auto details = nlohmann::json::parse(*record.insight_details);
    EXPECT_EQ(details["state"], "End");
    EXPECT_EQ(details["insightType"], "ApiErrorRateInsight");
    EXPECT_EQ(details["errorCode"], "AccessDeniedException");
    EXPECT_EQ(details["sourceEventCategory"], "Management");
}

TEST(InsightRecordTest, GoesToTheBusAsAwsInsightViaCloudTrail) {
    event::CloudTrailRecord record =
        insight_record(sample(true, trail::InsightType::kApiCallRate), "event-3");
    event::EventEnvelope envelope = event::envelope_for_cloudtrail_record(record, "bus-id");
    EXPECT_EQ(envelope.detail_type, "AWS Insight via CloudTrail");
    EXPECT_EQ(envelope.source, "aws.cloudtrail");
    EXPECT_EQ(envelope.account, "123456789012");
    EXPECT_EQ(envelope.region, "us-east-1");
}

}  // namespace
}  // namespace tripline::insights
