// The row layout: every record written by RecordChunkWriter and stored in DuckDB comes back from
// RecordChunkReader as exactly event::to_json(record) - checked over all the real CloudTrail
// samples in ../shared/testdata/cloudtrail and over records that use every optional member.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "query/duck.h"
#include "query/lookup_token.h"
#include "query/record_chunk_reader.h"
#include "query/record_chunk_writer.h"
#include "query/record_derived.h"
#include "query/trail_schema.h"
#include "query_test_util.h"

namespace tripline::query {
namespace {

std::vector<event::CloudTrailRecord> sample_records() {
    std::vector<event::CloudTrailRecord> records;
    const auto root = tripline::testing::shared_dir() / "testdata" / "cloudtrail";
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name.find("manifest") != std::string::npos) {
            continue;
        }
        const std::string text = tripline::testing::read_file(entry.path());
        if (name.ends_with(".jsonl")) {
            std::istringstream lines(text);
            for (std::string line; std::getline(lines, line);) {
                if (auto record = event::parse_cloudtrail_record(line)) {
                    records.push_back(std::move(*record));
                }
            }
        } else if (name.ends_with(".json")) {
            if (auto file = event::parse_cloudtrail_log_file(text)) {
                records.insert(records.end(), file->begin(), file->end());
            }
        }
    }
    return records;
}

// Writes the records through the Appender into an in-memory trail_records and reads them back.
std::vector<std::string> round_trip(const std::vector<event::CloudTrailRecord>& records) {
    auto db = duck::Database::open(":memory:", {});
    EXPECT_TRUE(db.has_value());
    auto con = (*db)->connect();
    EXPECT_TRUE(con.has_value());
    EXPECT_TRUE(schema::create_schema(*con).has_value());
    {
        auto appender = con->appender(schema::kRecordsTable);
        EXPECT_TRUE(appender.has_value()) << appender.error().to_string();
        RecordChunkWriter writer;
        for (const event::CloudTrailRecord& record : records) {
            writer.add(record);
            if (writer.full()) {
                EXPECT_TRUE(appender->append(writer.take()).has_value());
            }
        }
        EXPECT_TRUE(appender->append(writer.take()).has_value());
        EXPECT_TRUE(appender->flush().has_value());
    }
    auto result = con->query("SELECT rowid, * FROM trail_records ORDER BY rowid");
    EXPECT_TRUE(result.has_value()) << result.error().to_string();
    std::vector<std::string> json;
    while (duck::DataChunk chunk{result->fetch_chunk()}) {
        RecordChunkReader reader(chunk, 1);
        for (std::size_t row = 0; row < reader.size(); ++row) {
            json.push_back(reader.record_json(row));
        }
    }
    return json;
}

TEST(RecordRowsTest, EverySampleRecordComesBackExactly) {
    std::vector<event::CloudTrailRecord> records = sample_records();
    ASSERT_GT(records.size(), 800U);
    std::vector<std::string> back = round_trip(records);
    ASSERT_EQ(back.size(), records.size());
    int rebuilt = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(back[i], event::to_json(records[i])) << "record " << i;
        rebuilt += needs_json_copy(records[i]) ? 0 : 1;
    }
    EXPECT_GT(rebuilt, 500) << "most records are rebuilt from their columns, not copied";
}

TEST(RecordRowsTest, EveryOptionalMemberComesBackExactly) {
    const std::vector<std::string> texts = {
        // Everything modelled, nothing unmodelled: rebuilt from the columns.
        R"({"eventVersion":"1.11","userIdentity":{"type":"AssumedRole","principalId":"AROA:s",)"
        R"("arn":"arn:aws:sts::1:assumed-role/r/s","accountId":"1","accessKeyId":"ASIA",)"
        R"("sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA","arn":"arn:r",)"
        R"("accountId":"1","userName":"r"},"webIdFederationData":{"federatedProvider":"p",)"
        R"("attributes":{"a":1}},"attributes":{"creationDate":"2026-01-01T00:00:00Z",)"
        R"("mfaAuthenticated":"true"},"sourceIdentity":"src","ec2RoleDelivery":"2.0"},)"
        R"("invokedBy":"svc","identityProvider":"idp","onBehalfOf":{"userId":"u"},)"
        R"("credentialId":"cred"},"eventTime":"2026-11-22T08:00:00Z","eventSource":"s",)"
        R"("eventName":"n","awsRegion":"r","sourceIPAddress":"1.2.3.4","userAgent":"ua",)"
        R"("errorCode":"E","errorMessage":"m","requestParameters":null,"responseElements":null,)"
        R"("additionalEventData":null,"requestID":"q","eventID":"id","readOnly":false,)"
        R"("resources":[{"accountId":"1","type":"T","ARN":"arn:x"},{}],"eventType":"AwsApiCall",)"
        R"("apiVersion":"v","managementEvent":false,"recipientAccountId":"1",)"
        R"("sharedEventID":"sh","serviceEventDetails":null,"vpcEndpointId":"vpce",)"
        R"("vpcEndpointAccountId":"2","eventCategory":"NetworkActivity","addendum":{"reason":"x"},)"
        R"("sessionCredentialFromConsole":"true","edgeDeviceDetails":{"d":[]},)"
        R"("tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"c","clientProvidedHostHeader":"h",)"
        R"("keyExchange":"x25519"},"insightDetails":{"i":true}})",
        // Empty objects and lists, and an eventCategory without a code.
        R"({"userIdentity":{"sessionContext":{"attributes":{},"sessionIssuer":{}}},"resources":[],)"
        R"("tlsDetails":{},"eventCategory":"Future","requestParameters":{},)"
        R"("serviceEventDetails":{"a":"b"}})",
        // A JSON null where an object is expected: kept as the record's JSON.
        R"({"userIdentity":{"sessionContext":{"webIdFederationData":null}},"eventID":"n"})",
        R"({})",
    };
    std::vector<event::CloudTrailRecord> records;
    for (const std::string& text : texts) {
        records.push_back(test_util::record_from_json(text));
    }
    std::vector<std::string> back = round_trip(records);
    ASSERT_EQ(back.size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(back[i], event::to_json(records[i])) << "record " << i;
    }
    EXPECT_FALSE(needs_json_copy(records[0]));
    EXPECT_FALSE(needs_json_copy(records[1]));
}

TEST(RecordRowsTest, DerivedLookupValues) {
    EXPECT_EQ(resource_name("arn:aws:iam::123456789012:user/path/alice"), "alice");
    EXPECT_EQ(resource_name("arn:aws:s3:::bucket"), "bucket");
    EXPECT_EQ(resource_name("arn:aws:lambda:us-east-1:1:function:f"), "f");
    EXPECT_EQ(resource_name("i-0abc"), "i-0abc");

    event::CloudTrailRecord root = test_util::record_from_json(
        R"({"userIdentity":{"type":"Root","accountId":"1"},"recipientAccountId":""})");
    EXPECT_EQ(lookup_username(root), "root");
    EXPECT_EQ(history_account(root), "1") << "an empty recipientAccountId falls back";
    event::CloudTrailRecord service = test_util::record_from_json(
        R"({"userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}})");
    EXPECT_EQ(lookup_username(service), "ec2.amazonaws.com");
    event::CloudTrailRecord federated = test_util::record_from_json(
        R"({"userIdentity":{"type":"FederatedUser","principalId":"1:bob"}})");
    EXPECT_EQ(lookup_username(federated), "bob");

    EXPECT_EQ(dedup_key("a", "b"), dedup_key("a", "b"));
    EXPECT_NE(dedup_key("a", "bc"), dedup_key("ab", "c"));
    EXPECT_NE(dedup_key_128("a", "b"), dedup_key_128("a", "c"));
}

TEST(RecordRowsTest, LookupTokensRoundTrip) {
    LookupQuery q;
    q.account_id = "1";
    q.region = "r";
    const std::uint64_t hash = lookup_parameters_hash(q);
    std::string token = encode_lookup_token(hash, LookupCursor{123456789, "id:with:colons"});
    auto cursor = decode_lookup_token(token, hash);
    ASSERT_TRUE(cursor.has_value());
    EXPECT_EQ(cursor->time_micros, 123456789);
    EXPECT_EQ(cursor->event_id, "id:with:colons");
    EXPECT_FALSE(decode_lookup_token(token, hash + 1).has_value());
    q.insights = true;
    EXPECT_NE(lookup_parameters_hash(q), hash);
}

}  // namespace
}  // namespace tripline::query
