#include "event/event_envelope.h"

#include <gtest/gtest.h>

#include <string>

namespace tripline::event {
namespace {

constexpr std::string_view kGuardDuty =
    R"({"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"GuardDuty Finding",)"
    R"("source":"aws.guardduty","account":"123456789012","time":"2026-11-22T08:00:00Z",)"
    R"("region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],)"
    R"("detail":{"severity":8,"type":"Recon:EC2/PortProbeUnprotectedPort"}})";

TEST(EventEnvelopeTest, ParsesAndWritesBack) {
    auto e = parse_event_envelope(kGuardDuty);
    ASSERT_TRUE(e) << e.error().message;
    EXPECT_EQ(e->version, "0");
    EXPECT_EQ(e->id, "6a7e8feb-b491-4cf7-a9f1-bf3703467718");
    EXPECT_EQ(e->detail_type, "GuardDuty Finding");
    EXPECT_EQ(e->source, "aws.guardduty");
    EXPECT_EQ(e->account, "123456789012");
    EXPECT_EQ(e->time, "2026-11-22T08:00:00Z");
    EXPECT_EQ(e->region, "us-east-1");
    ASSERT_EQ(e->resources.size(), 1u);
    EXPECT_EQ(e->detail, R"({"severity":8,"type":"Recon:EC2/PortProbeUnprotectedPort"})");
    EXPECT_EQ(to_json(*e), kGuardDuty);
}

TEST(EventEnvelopeTest, OrderAndDefaults) {
    auto e = parse_event_envelope(
        R"({"region":"r","time":"t","account":"a","source":"s","detail-type":"d","id":"i","x":1})");
    ASSERT_TRUE(e) << e.error().message;
    EXPECT_EQ(to_json(*e),
              R"({"version":"0","id":"i","detail-type":"d","source":"s","account":"a","time":"t",)"
              R"("region":"r","resources":[],"detail":{}})");
    EventEnvelope blank;
    blank.detail.clear();
    std::string out;
    append_json(out, blank);
    EXPECT_EQ(out,
              R"({"version":"0","id":"","detail-type":"","source":"","account":"","time":"",)"
              R"("region":"","resources":[],"detail":{}})");
}

TEST(EventEnvelopeTest, ErrorsNameTheField) {
    struct Case {
        std::string_view json;
        std::string_view message;
    };
    const Case cases[] = {
        {R"([])", "event must be a JSON object"},
        {R"({"id":"i"})", "missing field 'detail-type'"},
        {R"({"detail-type":"d"})", "missing field 'id'"},
        {R"({"id":"i","detail-type":5})", "field 'detail-type' must be a string"},
        {R"({"id":"i","detail-type":"d","source":"s","account":"a","time":"t","region":"r",)"
         R"("resources":"x"})",
         "field 'resources' must be an array of strings"},
        {R"({"id":"i","detail-type":"d","source":"s","account":"a","time":"t","region":"r",)"
         R"("resources":[1]})",
         "field 'resources' must be an array of strings"},
        {R"({"id":"i","detail-type":"d","source":"s","account":"a","time":"t","region":"r",)"
         R"("detail":"x"})",
         "field 'detail' must be an object"},
        {R"({"version":0,"id":"i"})", "field 'version' must be a string"},
    };
    for (const auto& c : cases) {
        auto e = parse_event_envelope(c.json);
        ASSERT_FALSE(e) << c.json;
        EXPECT_EQ(e.error().code, Errc::kInvalidArgument);
        EXPECT_EQ(e.error().message, c.message) << c.json;
    }
    EXPECT_EQ(parse_event_envelope("{").error().code, Errc::kInvalidArgument);
}

TEST(EventEnvelopeTest, DetailTypes) {
    EXPECT_EQ(cloudtrail_detail_type("AwsApiCall"), "AWS API Call via CloudTrail");
    EXPECT_EQ(cloudtrail_detail_type("AwsConsoleSignIn"), "AWS Console Sign In via CloudTrail");
    EXPECT_EQ(cloudtrail_detail_type("AwsConsoleAction"), "AWS Console Action via CloudTrail");
    EXPECT_EQ(cloudtrail_detail_type("AwsServiceEvent"), "AWS Service Event via CloudTrail");
    EXPECT_EQ(cloudtrail_detail_type("AwsCloudTrailInsight"), "AWS Insight via CloudTrail");
    EXPECT_EQ(cloudtrail_detail_type("AwsVpceEvents"), "AWS Network Activity Event via CloudTrail");
    EXPECT_EQ(cloudtrail_detail_type(""), "AWS API Call via CloudTrail");
}

TEST(EventEnvelopeTest, Sources) {
    EXPECT_EQ(cloudtrail_event_bus_source("sts.amazonaws.com"), "aws.sts");
    EXPECT_EQ(cloudtrail_event_bus_source("monitoring.amazonaws.com"), "aws.monitoring");
    EXPECT_EQ(cloudtrail_event_bus_source("signin.amazonaws.com"), "aws.signin");
    EXPECT_EQ(cloudtrail_event_bus_source("custom"), "aws.custom");
    EXPECT_EQ(cloudtrail_event_bus_source(""), "aws.cloudtrail");
}

TEST(EventEnvelopeTest, EnvelopeForApiCall) {
    auto r = parse_cloudtrail_record(
        R"({"eventVersion":"1.11","eventTime":"2026-11-22T08:00:00Z",)"
        R"("eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity",)"
        R"("awsRegion":"us-east-1","eventType":"AwsApiCall","recipientAccountId":"123456789012"})");
    ASSERT_TRUE(r);
    EventEnvelope e = envelope_for_cloudtrail_record(*r, "id-1");
    EXPECT_EQ(to_json(e),
              R"({"version":"0","id":"id-1","detail-type":"AWS API Call via CloudTrail",)"
              R"("source":"aws.sts","account":"123456789012","time":"2026-11-22T08:00:00Z",)"
              R"("region":"us-east-1","resources":[],"detail":{"eventVersion":"1.11",)"
              R"("eventTime":"2026-11-22T08:00:00Z","eventSource":"sts.amazonaws.com",)"
              R"("eventName":"GetCallerIdentity","awsRegion":"us-east-1","eventType":"AwsApiCall",)"
              R"("recipientAccountId":"123456789012"}})");
    auto back = parse_event_envelope(to_json(e));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, e);
}

TEST(EventEnvelopeTest, EnvelopeForSignInAndInsight) {
    auto signin = parse_cloudtrail_record(
        R"({"eventSource":"signin.amazonaws.com","eventType":"AwsConsoleSignIn",)"
        R"("userIdentity":{"type":"Root","accountId":"111122223333"},"awsRegion":"us-east-1"})");
    ASSERT_TRUE(signin);
    EventEnvelope e = envelope_for_cloudtrail_record(*signin, "x");
    EXPECT_EQ(e.detail_type, "AWS Console Sign In via CloudTrail");
    EXPECT_EQ(e.source, "aws.signin");
    EXPECT_EQ(e.account, "111122223333");  // no recipientAccountId: the caller's account
    EXPECT_EQ(e.time, "");

    auto insight =
        parse_cloudtrail_record(R"({"eventType":"AwsCloudTrailInsight","recipientAccountId":"1",)"
                                R"("insightDetails":{"eventSource":"ssm.amazonaws.com"}})");
    ASSERT_TRUE(insight);
    EventEnvelope i = envelope_for_cloudtrail_record(*insight, "y");
    EXPECT_EQ(i.detail_type, "AWS Insight via CloudTrail");
    EXPECT_EQ(i.source, "aws.cloudtrail");
    EXPECT_EQ(i.account, "1");
}

}  // namespace
}  // namespace tripline::event
