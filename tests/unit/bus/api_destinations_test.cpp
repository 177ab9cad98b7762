#include "bus/api_destinations.h"

#include <gtest/gtest.h>

#include "bus_test_util.h"

namespace tripline::bus {
namespace {

const nlohmann::json kApiKeyConnection = nlohmann::json::parse(R"({
  "Name": "pager", "AuthorizationType": "API_KEY",
  "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "x-key", "ApiKeyValue": "s3cr3t"},
    "InvocationHttpParameters": {"HeaderParameters": [
      {"Key": "x-team", "Value": "secops", "IsValueSecret": false},
      {"Key": "x-token", "Value": "hidden-value", "IsValueSecret": true}]}}})");

class ApiDestinationsTest : public test_util::BusTest {
protected:
    ApiDestinations destinations() { return ApiDestinations(*db_, clock_); }
};

TEST_F(ApiDestinationsTest, ConnectionsKeepSecretsButNeverShowThem) {
    auto d = destinations();
    auto c = d.create_connection(scope_, kApiKeyConnection);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->state, "AUTHORIZED");
    EXPECT_TRUE(c->arn.starts_with("arn:aws:events:us-east-1:123456789012:connection/pager/"));
    auto described = d.describe_connection(scope_, "pager");
    ASSERT_TRUE(described);
    EXPECT_EQ(described->auth_parameters["ApiKeyAuthParameters"]["ApiKeyValue"], "s3cr3t");
    const std::string shown = described->public_auth_parameters().dump();
    EXPECT_EQ(shown.find("s3cr3t"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("hidden-value"), std::string::npos) << shown;
    EXPECT_NE(shown.find("secops"), std::string::npos) << shown;
    const std::string recorded = redact_connection_request(kApiKeyConnection).dump();
    EXPECT_EQ(recorded.find("s3cr3t"), std::string::npos) << recorded;
    EXPECT_EQ(recorded.find("hidden-value"), std::string::npos) << recorded;
    EXPECT_NE(recorded.find("HIDDEN_DUE_TO_SECURITY_REASONS"), std::string::npos);

    auto again = d.create_connection(scope_, kApiKeyConnection);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::kAlreadyExists);
}

TEST_F(ApiDestinationsTest, AuthParametersMustMatchTheType) {
    auto d = destinations();
    nlohmann::json wrong = kApiKeyConnection;
    wrong["AuthorizationType"] = "BASIC";
    auto c = d.create_connection(scope_, wrong);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Errc::kInvalidArgument);
    wrong["AuthorizationType"] = "KERBEROS";
    EXPECT_FALSE(d.create_connection(scope_, wrong));
    wrong = kApiKeyConnection;
    wrong["Name"] = "bad name!";
    EXPECT_FALSE(d.create_connection(scope_, wrong));
}

TEST_F(ApiDestinationsTest, DestinationsNeedTheirConnectionAndResolveByArn) {
    auto d = destinations();
    auto c = d.create_connection(scope_, kApiKeyConnection);
    ASSERT_TRUE(c);
    nlohmann::json input = {{"Name", "hook"},
                            {"ConnectionArn", c->arn},
                            {"InvocationEndpoint", "https://example.com/hook/*"},
                            {"HttpMethod", "POST"}};
    auto created = d.create_api_destination(scope_, input);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->rate_limit_per_second, 300);
    auto resolved = d.resolve(created->arn);
    ASSERT_TRUE(resolved) << resolved.error().message;
    EXPECT_EQ(resolved->connection.name, "pager");
    // Config files name destinations without the uuid they get at creation.
    EXPECT_TRUE(d.resolve("arn:aws:events:us-east-1:123456789012:api-destination/hook"));
    EXPECT_FALSE(
        d.resolve("arn:aws:events:us-east-1:123456789012:api-destination/hook/"
                  "00000000-0000-0000-0000-000000000000"));

    nlohmann::json bad = input;
    bad["Name"] = "other";
    bad["HttpMethod"] = "TRACE";
    EXPECT_FALSE(d.create_api_destination(scope_, bad));
    bad["HttpMethod"] = "POST";
    bad["ConnectionArn"] = "arn:aws:events:us-east-1:123456789012:connection/none/x";
    auto missing = d.create_api_destination(scope_, bad);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::kNotFound);

    auto updated =
        d.update_api_destination(scope_, {{"Name", "hook"}, {"InvocationRateLimitPerSecond", 5}});
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->rate_limit_per_second, 5);
    EXPECT_EQ(updated->endpoint, "https://example.com/hook/*");
    ASSERT_TRUE(d.delete_api_destination(scope_, "hook"));
    EXPECT_FALSE(d.resolve(created->arn));
}

}  // namespace
}  // namespace tripline::bus
