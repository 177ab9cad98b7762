// The `cloudtrail_logs` view: Athena's CloudTrail table (athena.md §1) over the stored records.
#include <gtest/gtest.h>

#include "query/trail_store.h"
#include "query_test_util.h"

namespace tripline::query {
namespace {

using test_util::assumed_role_event;
using test_util::iam_user_event;
using test_util::record_from_json;
using test_util::TrailStoreTest;

class AthenaViewTest : public TrailStoreTest {
protected:
    void SetUp() override {
        TrailStoreTest::SetUp();
        append({iam_user_event("e1", 0), assumed_role_event("e2", 1)});
    }
};

TEST_F(AthenaViewTest, HasAthenasColumnsInOrderThenThePartitionColumns) {
    auto table = store_->execute("SELECT * FROM cloudtrail_logs LIMIT 0");
    ASSERT_TRUE(table.has_value()) << table.error().to_string();
    EXPECT_EQ(table->columns,
              (std::vector<std::string>{"eventversion",
                                        "useridentity",
                                        "eventtime",
                                        "eventsource",
                                        "eventname",
                                        "awsregion",
                                        "sourceipaddress",
                                        "useragent",
                                        "errorcode",
                                        "errormessage",
                                        "requestparameters",
                                        "responseelements",
                                        "additionaleventdata",
                                        "requestid",
                                        "eventid",
                                        "resources",
                                        "eventtype",
                                        "apiversion",
                                        "readonly",
                                        "recipientaccountid",
                                        "serviceeventdetails",
                                        "sharedeventid",
                                        "vpcendpointid",
                                        "tlsdetails",
                                        "region",
                                        "year",
                                        "month",
                                        "day",
                                        "timestamp"}));
}

TEST_F(AthenaViewTest, ColumnTypesFollowTheDdl) {
    auto table = store_->execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = "
        "'cloudtrail_logs' AND column_name IN ('useridentity', 'resources', 'tlsdetails', "
        "'readonly', 'eventtime') ORDER BY column_name");
    ASSERT_TRUE(table.has_value()) << table.error().to_string();
    ASSERT_EQ(table->rows.size(), 5U);
    EXPECT_EQ(table->rows[0][1], "VARCHAR");  // eventtime
    EXPECT_EQ(table->rows[1][1], "VARCHAR");  // readonly
    EXPECT_EQ(table->rows[2][1], "STRUCT(arn VARCHAR, accountid VARCHAR, \"type\" VARCHAR)[]");
    EXPECT_EQ(table->rows[3][1],
              "STRUCT(tlsversion VARCHAR, ciphersuite VARCHAR, clientprovidedhostheader VARCHAR)");
    EXPECT_NE(table->rows[4][1]->find("sessioncontext STRUCT(attributes STRUCT(mfaauthenticated "
                                      "VARCHAR, creationdate VARCHAR), sessionissuer STRUCT("),
              std::string::npos)
        << *table->rows[4][1];
}

TEST_F(AthenaViewTest, StructMembersByDotAccess) {
    EXPECT_EQ(scalar("SELECT useridentity.arn FROM cloudtrail_logs WHERE eventid = 'e1'"),
              "arn:aws:iam::123456789012:user/alice");
    EXPECT_EQ(scalar("SELECT useridentity.username FROM cloudtrail_logs WHERE eventid = 'e1'"),
              "alice");
    EXPECT_EQ(scalar("SELECT useridentity.sessioncontext.sessionissuer.arn FROM cloudtrail_logs "
                     "WHERE eventid = 'e2'"),
              "arn:aws:iam::123456789012:role/web");
    EXPECT_EQ(scalar("SELECT useridentity.sessioncontext.attributes.mfaauthenticated FROM "
                     "cloudtrail_logs WHERE eventid = 'e2'"),
              "false");
    EXPECT_EQ(scalar("SELECT useridentity.sessioncontext.ec2roledelivery FROM cloudtrail_logs "
                     "WHERE eventid = 'e2'"),
              "2.0");
    EXPECT_EQ(scalar("SELECT cardinality(useridentity.sessioncontext.webidfederationdata) FROM "
                     "cloudtrail_logs WHERE eventid = 'e2'"),
              "0");
    EXPECT_EQ(scalar("SELECT useridentity.sessioncontext FROM cloudtrail_logs WHERE eventid = "
                     "'e1'"),
              "<NULL>");
    EXPECT_EQ(scalar("SELECT tlsdetails.tlsversion FROM cloudtrail_logs WHERE eventid = 'e1'"),
              "TLSv1.3");
    EXPECT_EQ(
        scalar("SELECT count(*) FROM cloudtrail_logs WHERE useridentity.type = 'AssumedRole'"),
        "1");
}

TEST_F(AthenaViewTest, ScalarColumnsAsAthenaRendersThem) {
    EXPECT_EQ(scalar("SELECT readonly FROM cloudtrail_logs WHERE eventid = 'e1'"), "true");
    EXPECT_EQ(scalar("SELECT readonly FROM cloudtrail_logs WHERE eventid = 'e2'"), "false");
    EXPECT_EQ(scalar("SELECT eventtime FROM cloudtrail_logs WHERE eventid = 'e1'"),
              "2026-11-22T08:00:00Z");
    EXPECT_EQ(scalar("SELECT requestparameters FROM cloudtrail_logs WHERE eventid = 'e1'"),
              R"({"bucketName":"logs"})");
    EXPECT_EQ(scalar("SELECT responseelements FROM cloudtrail_logs WHERE eventid = 'e1'"), "<NULL>")
        << "a JSON null is NULL";
    EXPECT_EQ(scalar("SELECT json_extract_string(responseelements, "
                     "'$.instancesSet.items[0].instanceId') FROM cloudtrail_logs WHERE eventid = "
                     "'e2'"),
              "i-0def");
    EXPECT_EQ(scalar("SELECT errorcode FROM cloudtrail_logs WHERE eventid = 'e1'"), "<NULL>");
}

TEST_F(AthenaViewTest, ResourcesUnnestLikeAthena) {
    EXPECT_EQ(scalar("SELECT replace(r.arn, 'arn:aws:s3:::', '') FROM cloudtrail_logs CROSS JOIN "
                     "UNNEST(resources) AS t(r) WHERE eventid = 'e1'"),
              "logs");
    EXPECT_EQ(scalar("SELECT resources[1].type FROM cloudtrail_logs WHERE eventid = 'e1'"),
              "AWS::S3::Bucket");
    EXPECT_EQ(scalar("SELECT resources FROM cloudtrail_logs WHERE eventid = 'e2'"), "<NULL>");
    EXPECT_EQ(
        scalar("SELECT resources FROM cloudtrail_logs WHERE eventid = 'e1'"),
        "[{'arn': 'arn:aws:s3:::logs', 'accountid': 123456789012, 'type': 'AWS::S3::Bucket'}]")
        << "nested values rendered by DuckDB";
}

TEST_F(AthenaViewTest, PartitionColumns) {
    EXPECT_EQ(scalar("SELECT region || ' ' || year || '/' || month || '/' || day || ' ' || "
                     "\"timestamp\" FROM cloudtrail_logs WHERE eventid = 'e1'"),
              "us-east-1 2026/11/22 2026/11/22");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudtrail_logs WHERE \"timestamp\" >= '2026/11/01'"),
              "2");
}

TEST_F(AthenaViewTest, InvestigationQueriesRun) {
    EXPECT_EQ(scalar("SELECT count(*) FROM (SELECT eventname, count(*) AS n FROM cloudtrail_logs "
                     "GROUP BY eventname ORDER BY n DESC)"),
              "2");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudtrail_logs WHERE useridentity.type = 'Root' AND "
                     "useridentity.invokedby IS NULL AND eventtype <> 'AwsServiceEvent'"),
              "0");
    EXPECT_EQ(scalar("SELECT coalesce(useridentity.arn, useridentity.principalid) FROM "
                     "cloudtrail_logs WHERE eventname = 'RunInstances'"),
              "arn:aws:sts::123456789012:assumed-role/web/i-0abc");
}

TEST_F(AthenaViewTest, MembersInAnotherCaseFillTheColumnsAsAthenaDoes) {
    // JsonSerDe matches names case-insensitively, and reads "readOnly":"true" as 'true'.
    append({record_from_json(
        R"({"eventVersion":"1.08","EventName":"GetObject","eventID":"odd","readOnly":"true",)"
        R"("eventTime":"2026-11-22T08:00:00Z","recipientAccountId":"123456789012"})")});
    EXPECT_EQ(scalar("SELECT eventname || ' ' || readonly FROM cloudtrail_logs WHERE eventid = "
                     "'odd'"),
              "GetObject true");
}

TEST_F(AthenaViewTest, ExtendedViewAddsTheColumnsUsersMayDeclare) {
    EXPECT_EQ(scalar("SELECT eventcategory || ' ' || managementevent FROM "
                     "cloudtrail_logs_extended WHERE eventid = 'e1'"),
              "Management true");
}

TEST_F(AthenaViewTest, WebIdentityFederationDataIsAMap) {
    append({record_from_json(
        R"({"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","accountId":"123456789012",)"
        R"("sessionContext":{"webIdFederationData":{"federatedProvider":"arn:aws:iam::123456789012:)"
        R"(oidc-provider/token.actions.githubusercontent.com","attributes":{"sub":"repo:x"}}}},)"
        R"("eventTime":"2026-11-22T08:00:00Z","eventID":"web","recipientAccountId":"123456789012"})")});
    EXPECT_EQ(scalar("SELECT useridentity.sessioncontext.webidfederationdata['federatedProvider'] "
                     "FROM cloudtrail_logs WHERE eventid = 'web'"),
              "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
    EXPECT_EQ(scalar("SELECT useridentity.sessioncontext.webidfederationdata['attributes'] FROM "
                     "cloudtrail_logs WHERE eventid = 'web'"),
              R"({"sub":"repo:x"})");
}

}  // namespace
}  // namespace tripline::query
