#include "event/cloudtrail_record.h"

#include <gtest/gtest.h>

#include <string>

namespace tripline::event {
namespace {

// The record `aws sts get-caller-identity` leaves (specs/cloudtrail.md §3), in AWS's order.
constexpr std::string_view kGetCallerIdentity =
    R"({"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEUSERID01",)"
    R"("arn":"arn:aws:iam::123456789012:user/alice","accountId":"123456789012",)"
    R"("accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"alice"},"eventTime":"2026-11-22T08:00:00Z",)"
    R"("eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1",)"
    R"("sourceIPAddress":"127.0.0.1","userAgent":"aws-cli/2.9.19","requestParameters":null,)"
    R"("responseElements":null,"requestID":"9d45ab0e-5ca0-43e5-87f1-2e7673edb2f7",)"
    R"("eventID":"9823f31d-26e8-408d-9b68-cb78c944e0eb","readOnly":true,"eventType":"AwsApiCall",)"
    R"("managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management",)"
    R"("tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256",)"
    R"("clientProvidedHostHeader":"sts.us-east-1.amazonaws.com"}})";

TEST(CloudTrailRecordTest, ParsesTypedFields) {
    auto r = parse_cloudtrail_record(kGetCallerIdentity);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->event_version, "1.11");
    ASSERT_TRUE(r->user_identity);
    EXPECT_EQ(r->user_identity->type, "IAMUser");
    EXPECT_EQ(r->user_identity->user_name, "alice");
    EXPECT_EQ(r->user_identity->access_key_id, "AKIAIOSFODNN7EXAMPLE");
    EXPECT_FALSE(r->user_identity->session_context);
    EXPECT_EQ(r->event_source, "sts.amazonaws.com");
    EXPECT_EQ(r->event_name, "GetCallerIdentity");
    EXPECT_EQ(r->request_parameters, "null");
    EXPECT_EQ(r->response_elements, "null");
    EXPECT_FALSE(r->additional_event_data);
    EXPECT_FALSE(r->error_code);
    EXPECT_EQ(r->read_only, true);
    EXPECT_EQ(r->management_event, true);
    EXPECT_EQ(r->request_id, "9d45ab0e-5ca0-43e5-87f1-2e7673edb2f7");
    ASSERT_TRUE(r->tls_details);
    EXPECT_EQ(r->tls_details->client_provided_host_header, "sts.us-east-1.amazonaws.com");
    EXPECT_TRUE(r->other_members.empty());
}

TEST(CloudTrailRecordTest, WritesAwsOrderExactly) {
    auto r = parse_cloudtrail_record(kGetCallerIdentity);
    ASSERT_TRUE(r);
    EXPECT_EQ(to_json(*r), kGetCallerIdentity);
}

TEST(CloudTrailRecordTest, ReordersIntoCloudTrailOrder) {
    auto r = parse_cloudtrail_record(
        R"({"eventID":"e","x-extra":[1,2.50],"eventVersion":"1.08","awsRegion":"eu-west-1"})");
    ASSERT_TRUE(r);
    EXPECT_EQ(to_json(*r),
              R"({"eventVersion":"1.08","awsRegion":"eu-west-1","eventID":"e",)"
              R"("x-extra":[1,2.5]})");
}

TEST(CloudTrailRecordTest, NestedSessionContextAndResources) {
    constexpr std::string_view kJson =
        R"({"userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:i-0abc",)"
        R"("arn":"arn:aws:sts::111122223333:assumed-role/r/i-0abc","accountId":"111122223333",)"
        R"("accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role",)"
        R"("principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/r",)"
        R"("accountId":"111122223333","userName":"r"},"webIdFederationData":{},)"
        R"("attributes":{"creationDate":"2024-07-30T21:30:00Z","mfaAuthenticated":"false"},)"
        R"("ec2RoleDelivery":"2.0"},"invokedBy":"ec2.amazonaws.com"},)"
        R"("resources":[{"accountId":"111122223333","type":"AWS::IAM::Role",)"
        R"("ARN":"arn:aws:iam::111122223333:role/r","extra":true}]})";
    auto r = parse_cloudtrail_record(kJson);
    ASSERT_TRUE(r) << r.error().message;
    const auto& ctx = r->user_identity->session_context;
    ASSERT_TRUE(ctx);
    EXPECT_EQ(ctx->session_issuer->user_name, "r");
    EXPECT_EQ(ctx->web_id_federation_data, "{}");
    EXPECT_EQ(ctx->attributes->mfa_authenticated, "false");
    EXPECT_EQ(ctx->ec2_role_delivery, "2.0");
    EXPECT_EQ(r->user_identity->invoked_by, "ec2.amazonaws.com");
    ASSERT_TRUE(r->resources);
    ASSERT_EQ(r->resources->size(), 1u);
    EXPECT_EQ((*r->resources)[0].arn, "arn:aws:iam::111122223333:role/r");
    ASSERT_EQ((*r->resources)[0].other_members.size(), 1u);
    EXPECT_EQ((*r->resources)[0].other_members[0], (JsonMember{"extra", "true"}));
    EXPECT_EQ(to_json(*r), kJson);
}

TEST(CloudTrailRecordTest, AbsentNullAndWrongTypesAreKept) {
    constexpr std::string_view kJson =
        R"({"errorCode":null,"readOnly":"true","resources":null,"managementEvent":1,)"
        R"("requestParameters":"text","userIdentity":{"invokedBy":null,"accesKeyId":"typo"}})";
    auto r = parse_cloudtrail_record(kJson);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->error_code);
    EXPECT_FALSE(r->read_only);
    EXPECT_FALSE(r->resources);
    EXPECT_FALSE(r->management_event);
    EXPECT_EQ(r->request_parameters, "\"text\"");
    EXPECT_FALSE(r->user_identity->invoked_by);
    ASSERT_EQ(r->user_identity->other_members.size(), 2u);
    EXPECT_EQ(r->user_identity->other_members[1], (JsonMember{"accesKeyId", "\"typo\""}));
    ASSERT_NE(r->other_member("errorCode"), nullptr);
    EXPECT_EQ(*r->other_member("errorCode"), "null");
    EXPECT_EQ(*r->other_member("readOnly"), "\"true\"");
    EXPECT_EQ(r->other_member("eventName"), nullptr);
    // Written back: typed fields first, then the kept members in their original order.
    EXPECT_EQ(to_json(*r),
              R"({"userIdentity":{"invokedBy":null,"accesKeyId":"typo"},)"
              R"("requestParameters":"text","errorCode":null,"readOnly":"true",)"
              R"("resources":null,"managementEvent":1})");
    auto again = parse_cloudtrail_record(to_json(*r));
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *r);
}

TEST(CloudTrailRecordTest, ResourcesWithNonObjectsAreKeptVerbatim) {
    auto r = parse_cloudtrail_record(R"({"resources":[{"ARN":"a"},"b"]})");
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->resources);
    EXPECT_EQ(*r->other_member("resources"), R"([{"ARN":"a"},"b"])");
}

TEST(CloudTrailRecordTest, DuplicateKeysAreKept) {
    auto r = parse_cloudtrail_record(R"({"eventName":"A","eventName":"B"})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->event_name, "A");
    EXPECT_EQ(to_json(*r), R"({"eventName":"A","eventName":"B"})");
}

TEST(CloudTrailRecordTest, AllRawAndLateFields) {
    constexpr std::string_view kJson =
        R"({"additionalEventData":{"MFAUsed":"No"},"apiVersion":"2011-06-15",)"
        R"("sharedEventID":"s","serviceEventDetails":{"a":1},"vpcEndpointId":"vpce-1",)"
        R"("vpcEndpointAccountId":"1","addendum":{"reason":"DELIVERY_DELAY"},)"
        R"("sessionCredentialFromConsole":"true","edgeDeviceDetails":{},)"
        R"("tlsDetails":{"tlsVersion":"TLSv1.3","keyExchange":"x25519"},)"
        R"("insightDetails":{"state":"Start"}})";
    auto r = parse_cloudtrail_record(kJson);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->additional_event_data, R"({"MFAUsed":"No"})");
    EXPECT_EQ(r->api_version, "2011-06-15");
    EXPECT_EQ(r->shared_event_id, "s");
    EXPECT_EQ(r->service_event_details, R"({"a":1})");
    EXPECT_EQ(r->vpc_endpoint_id, "vpce-1");
    EXPECT_EQ(r->vpc_endpoint_account_id, "1");
    EXPECT_EQ(r->addendum, R"({"reason":"DELIVERY_DELAY"})");
    EXPECT_EQ(r->session_credential_from_console, "true");
    EXPECT_EQ(r->edge_device_details, "{}");
    EXPECT_EQ(r->tls_details->key_exchange, "x25519");
    EXPECT_EQ(r->insight_details, R"({"state":"Start"})");
    EXPECT_TRUE(r->other_members.empty());
    EXPECT_EQ(to_json(*r), kJson);
}

TEST(CloudTrailRecordTest, Errors) {
    auto not_object = parse_cloudtrail_record("[1]");
    ASSERT_FALSE(not_object);
    EXPECT_EQ(not_object.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(not_object.error().message, "CloudTrail record must be a JSON object");
    auto invalid = parse_cloudtrail_record("{\"a\":");
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, Errc::kInvalidArgument);
    std::string huge = R"({"a":")" + std::string(kMaxCloudTrailRecordBytes, 'x') + R"("})";
    auto too_big = parse_cloudtrail_record(huge);
    ASSERT_FALSE(too_big);
    EXPECT_EQ(too_big.error().code, Errc::kLimitExceeded);
    std::string deep = std::string(100, '[') + std::string(100, ']');
    auto too_deep = parse_cloudtrail_record(R"({"requestParameters":)" + deep + "}");
    ASSERT_FALSE(too_deep);
    EXPECT_EQ(too_deep.error().code, Errc::kLimitExceeded);
}

TEST(CloudTrailRecordTest, ExplicitParser) {
    json::JsonParser parser;
    auto r = parse_cloudtrail_record(R"({"eventName":"X"})", parser);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->event_name, "X");
}

TEST(CloudTrailLogFileTest, ParsesRecordsArray) {
    auto records = parse_cloudtrail_log_file(
        R"({"Records":[{"eventName":"A"},{"eventName":"B","k":1}],"other":true})");
    ASSERT_TRUE(records) << records.error().message;
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ((*records)[1].event_name, "B");
    EXPECT_EQ(to_cloudtrail_log_file(*records),
              R"({"Records":[{"eventName":"A"},{"eventName":"B","k":1}]})");
    EXPECT_EQ(to_cloudtrail_log_file({}), R"({"Records":[]})");
}

TEST(CloudTrailLogFileTest, Errors) {
    EXPECT_EQ(parse_cloudtrail_log_file("[]").error().message,
              "CloudTrail log file must be a JSON object with a \"Records\" array");
    EXPECT_EQ(parse_cloudtrail_log_file(R"({"Records":{}})").error().message,
              "CloudTrail log file must have a \"Records\" array");
    EXPECT_EQ(parse_cloudtrail_log_file(R"({"records":[]})").error().message,
              "CloudTrail log file must have a \"Records\" array");
    EXPECT_EQ(parse_cloudtrail_log_file(R"({"Records":[{},{},3]})").error().message,
              "Records[2]: CloudTrail record must be a JSON object");
    EXPECT_EQ(parse_cloudtrail_log_file("{").error().code, Errc::kInvalidArgument);
}

TEST(CloudTrailRecordTest, AppendJson) {
    CloudTrailRecord r;
    r.event_name = "PutObject";
    r.read_only = false;
    r.other_members.push_back({"custom", R"({"x":null})"});
    std::string out = "> ";
    append_json(out, r);
    EXPECT_EQ(out, R"(> {"eventName":"PutObject","readOnly":false,"custom":{"x":null}})");
    EXPECT_EQ(to_json(CloudTrailRecord{}), "{}");
}

}  // namespace
}  // namespace tripline::event
