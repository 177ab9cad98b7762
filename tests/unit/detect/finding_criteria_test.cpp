// FindingCriteria (guardduty.md §7) and finding_less / finding_value.
#include "detect/finding_criteria.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace tripline::detect {
namespace {

// 2026-11-22T08:05:12.345Z is 1795334712345 ms after the epoch.
constexpr long long kUpdatedMs = 1795334712345;

nlohmann::json finding() {
    return nlohmann::json::parse(R"({
      "schemaVersion":"2.0","accountId":"111122223333","region":"us-east-1","partition":"aws",
      "id":"aecd9f3bf3543645c3154b30f2661c3a","type":"Policy:S3/BucketAnonymousAccessGranted",
      "severity":8,"confidence":8,
      "createdAt":"2026-11-22T08:00:00.000Z","updatedAt":"2026-11-22T08:05:12.345Z",
      "resource":{"resourceType":"S3Bucket",
        "accessKeyDetails":{"accessKeyId":"AKIAEXAMPLEALICE0001","userName":"alice",
          "userType":"IAMUser","principalId":"AIDAEXAMPLEALICE0001"},
        "s3BucketDetails":[{"name":"logs-bucket","type":"Destination"},
                           {"name":"public-site","type":"Destination"}]},
      "service":{"serviceName":"guardduty","archived":false,"count":3,"resourceRole":"TARGET",
        "action":{"actionType":"AWS_API_CALL","awsApiCallAction":{"api":"PutBucketPolicy",
          "serviceName":"s3.amazonaws.com","callerType":"Remote IP",
          "remoteIpDetails":{"ipAddressV4":"203.0.113.10",
            "country":{"countryName":"United States"}}}},
        "additionalInfo":{"value":"{\"threatListName\":\"lab-blocklist\",\"sample\":true}",
          "type":"default"}}})");
}

bool matches(std::string_view criterion_json, const nlohmann::json& doc = finding()) {
    auto criteria = FindingCriteria::parse(
        nlohmann::json{{"criterion", nlohmann::json::parse(criterion_json)}});
    EXPECT_TRUE(criteria) << criterion_json << ": " << criteria.error().to_string();
    return criteria && criteria->matches(doc);
}

Error parse_error(std::string_view criterion_json) {
    auto criteria = FindingCriteria::parse(
        nlohmann::json{{"criterion", nlohmann::json::parse(criterion_json)}});
    EXPECT_FALSE(criteria) << criterion_json;
    return criteria ? Error{} : criteria.error();
}

TEST(FindingCriteriaTest, EmptyCriteriaMatchEverything) {
    auto none = FindingCriteria::parse(nullptr);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    EXPECT_TRUE(none->matches(finding()));
    auto empty = FindingCriteria::parse(nlohmann::json::object());
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->matches(finding()));
    EXPECT_TRUE(matches("{}"));
}

TEST(FindingCriteriaTest, EqualsAndNotEquals) {
    EXPECT_TRUE(matches(R"({"type":{"eq":["Recon:IAMUser/TorIPCaller",
        "Policy:S3/BucketAnonymousAccessGranted"]}})"));
    EXPECT_FALSE(matches(R"({"type":{"eq":["Recon:IAMUser/TorIPCaller"]}})"));
    EXPECT_TRUE(matches(R"({"region":{"equals":["us-east-1"]}})"));
    EXPECT_TRUE(matches(R"({"accountId":{"neq":["444455556666"]}})"));
    EXPECT_FALSE(matches(R"({"accountId":{"notEquals":["111122223333"]}})"));
    EXPECT_TRUE(matches(R"({"resource.accessKeyDetails.userName":{"eq":["alice"]}})"));
    EXPECT_TRUE(matches(R"({"service.action.awsApiCallAction.remoteIpDetails.country.countryName":
        {"eq":["United States"]}})"));
    EXPECT_TRUE(matches(R"({"service.additionalInfo.threatListName":{"eq":["lab-blocklist"]}})"));
    EXPECT_FALSE(matches(R"({"service.additionalInfo.threatListName":{"eq":["other"]}})"));
    EXPECT_TRUE(matches(R"({"service.additionalInfo.sample":{"eq":["true"]}})"));
}

TEST(FindingCriteriaTest, AbsentFieldsMatchOnlyNegativeConditions) {
    EXPECT_FALSE(matches(R"({"resource.instanceDetails.instanceId":{"eq":["i-99999999"]}})"));
    EXPECT_TRUE(matches(R"({"resource.instanceDetails.instanceId":{"neq":["i-99999999"]}})"));
    EXPECT_FALSE(matches(R"({"resource.instanceDetails.instanceId":{"gt":0}})"));
}

TEST(FindingCriteriaTest, FieldsAreAnded) {
    EXPECT_TRUE(matches(R"({"region":{"eq":["us-east-1"]},"severity":{"gte":7}})"));
    EXPECT_FALSE(matches(R"({"region":{"eq":["us-east-1"]},"severity":{"lt":7}})"));
    // Two conditions on one field: a range.
    EXPECT_TRUE(matches(R"({"severity":{"gte":7,"lt":9}})"));
    EXPECT_FALSE(matches(R"({"severity":{"gte":4,"lt":7}})"));
}

TEST(FindingCriteriaTest, NumericShortAndLongForms) {
    EXPECT_TRUE(matches(R"({"severity":{"gt":7}})"));
    EXPECT_FALSE(matches(R"({"severity":{"gt":8}})"));
    EXPECT_TRUE(matches(R"({"severity":{"gte":8}})"));
    EXPECT_TRUE(matches(R"({"severity":{"lt":9}})"));
    EXPECT_FALSE(matches(R"({"severity":{"lt":8}})"));
    EXPECT_TRUE(matches(R"({"severity":{"lte":8}})"));
    EXPECT_TRUE(matches(R"({"severity":{"greaterThan":7}})"));
    EXPECT_TRUE(matches(R"({"severity":{"greaterThanOrEqual":8}})"));
    EXPECT_TRUE(matches(R"({"severity":{"lessThan":8.5}})"));
    EXPECT_TRUE(matches(R"({"severity":{"lessThanOrEqual":8}})"));
    EXPECT_FALSE(matches(R"({"severity":{"lessThanOrEqual":7}})"));
    EXPECT_TRUE(matches(R"({"service.count":{"gte":3}})"));
}

TEST(FindingCriteriaTest, SeverityEqualsComparesNumerically) {
    EXPECT_TRUE(matches(R"({"severity":{"eq":["8"]}})"));
    EXPECT_TRUE(matches(R"({"severity":{"eq":["8.0"]}})"));
    EXPECT_FALSE(matches(R"({"severity":{"eq":["5"]}})"));
    EXPECT_TRUE(matches(R"({"severity":{"neq":["2","5"]}})"));
    nlohmann::json fractional = finding();
    fractional["severity"] = 5.5;
    EXPECT_TRUE(matches(R"({"severity":{"eq":["5.5"]}})", fractional));
    EXPECT_FALSE(matches(R"({"severity":{"eq":["5"]}})", fractional));
}

TEST(FindingCriteriaTest, UpdatedAtComparesInEpochMilliseconds) {
    const std::string ms = std::to_string(kUpdatedMs);
    EXPECT_TRUE(matches(R"({"updatedAt":{"gte":)" + ms + "}}"));
    EXPECT_FALSE(matches(R"({"updatedAt":{"gt":)" + ms + "}}"));
    EXPECT_TRUE(matches(R"({"updatedAt":{"lt":)" + std::to_string(kUpdatedMs + 1) + "}}"));
    EXPECT_TRUE(matches(R"({"updatedAt":{"greaterThan":1795334400000}})"));
    EXPECT_FALSE(matches(R"({"updatedAt":{"lessThan":1795334400000}})"));
}

TEST(FindingCriteriaTest, ArchivedTakesTrueOrFalse) {
    EXPECT_TRUE(matches(R"({"service.archived":{"eq":["false"]}})"));
    EXPECT_FALSE(matches(R"({"service.archived":{"eq":["true"]}})"));
    nlohmann::json archived = finding();
    archived["service"]["archived"] = true;
    EXPECT_TRUE(matches(R"({"service.archived":{"eq":["true"]}})", archived));
    EXPECT_TRUE(matches(R"({"service.archived":{"neq":["false"]}})", archived));
}

TEST(FindingCriteriaTest, MatchesAndNotMatchesUseWildcards) {
    EXPECT_TRUE(matches(R"({"type":{"matches":["Policy:S3/*"]}})"));
    EXPECT_TRUE(matches(R"({"type":{"matches":["Recon:*","*Anonymous*"]}})"));
    EXPECT_TRUE(matches(R"({"region":{"matches":["us-east-?"]}})"));
    EXPECT_FALSE(matches(R"({"region":{"matches":["eu-*"]}})"));
    EXPECT_FALSE(matches(R"({"type":{"matches":["Policy:S3"]}})"));  // whole value
    EXPECT_TRUE(matches(R"({"type":{"notMatches":["Recon:*"]}})"));
    EXPECT_FALSE(matches(R"({"type":{"notMatches":["*S3*"]}})"));
    EXPECT_TRUE(matches(R"({"resource.accessKeyDetails.accessKeyId":{"matches":["AKIA*0001"]}})"));
}

TEST(FindingCriteriaTest, PathsThroughArraysMatchAnyElement) {
    EXPECT_TRUE(matches(R"({"resource.s3BucketDetails.name":{"eq":["public-site"]}})"));
    EXPECT_TRUE(matches(R"({"resource.s3BucketDetails.name":{"eq":["logs-bucket"]}})"));
    EXPECT_FALSE(matches(R"({"resource.s3BucketDetails.name":{"eq":["other"]}})"));
    EXPECT_FALSE(matches(R"({"resource.s3BucketDetails.name":{"neq":["public-site"]}})"));
    EXPECT_TRUE(matches(R"({"resource.s3BucketDetails.name":{"matches":["public-*"]}})"));
}

TEST(FindingCriteriaTest, RejectsBadConditions) {
    Error unknown = parse_error(R"({"severity":{"between":[1,2]}})");
    EXPECT_EQ(unknown.code, Errc::kInvalidArgument);
    EXPECT_NE(unknown.message.find("severity"), std::string::npos) << unknown.message;
    EXPECT_NE(unknown.message.find("between"), std::string::npos) << unknown.message;

    nlohmann::json many = nlohmann::json::array();
    for (int i = 0; i < 51; ++i) {
        many.push_back("type-" + std::to_string(i));
    }
    EXPECT_EQ(parse_error(nlohmann::json{{"type", {{"eq", many}}}}.dump()).code,
              Errc::kInvalidArgument);
    many.erase(many.begin());  // exactly 50 is allowed
    EXPECT_TRUE(FindingCriteria::parse({{"criterion", {{"type", {{"eq", many}}}}}}));

    EXPECT_EQ(parse_error(R"({"type":{"matches":["a","b","c","d","e","f"]}})").code,
              Errc::kInvalidArgument);
    EXPECT_EQ(parse_error(R"({"severity":{"gt":"5"}})").code, Errc::kInvalidArgument);
    EXPECT_EQ(parse_error(R"({"type":{"eq":"Recon:IAMUser/TorIPCaller"}})").code,
              Errc::kInvalidArgument);
    EXPECT_EQ(parse_error(R"({"type":"Recon:IAMUser/TorIPCaller"})").code, Errc::kInvalidArgument);
    EXPECT_FALSE(FindingCriteria::parse(nlohmann::json::array()));
    EXPECT_FALSE(FindingCriteria::parse({{"criterion", "x"}}));
}

TEST(FindingValueTest, ReadsDottedPaths) {
    const nlohmann::json doc = finding();
    ASSERT_TRUE(finding_value(doc, "service.count").has_value());
    EXPECT_EQ(*finding_value(doc, "service.count"), 3);
    ASSERT_TRUE(finding_value(doc, "resource.s3BucketDetails.name").has_value());
    EXPECT_EQ(*finding_value(doc, "resource.s3BucketDetails.name"), "logs-bucket");
    EXPECT_FALSE(finding_value(doc, "service.nothing").has_value());
    // service.additionalInfo members live in its JSON text.
    ASSERT_TRUE(finding_value(doc, "service.additionalInfo.threatListName").has_value());
    EXPECT_EQ(*finding_value(doc, "service.additionalInfo.threatListName"), "lab-blocklist");
    EXPECT_FALSE(finding_value(doc, "service.additionalInfo.other").has_value());
}

TEST(FindingLessTest, SortsNumbersNumericallyAndTextLexically) {
    std::vector<nlohmann::json> docs;
    for (double severity : {8.0, 2.0, 10.0, 5.5}) {
        nlohmann::json doc = finding();
        doc["severity"] = severity;
        doc["id"] = "id-" + std::to_string(static_cast<int>(severity * 10));
        docs.push_back(doc);
    }
    std::ranges::sort(docs, [](const nlohmann::json& a, const nlohmann::json& b) {
        return finding_less(a, b, "severity");
    });
    std::vector<double> order;
    for (const auto& doc : docs) {
        order.push_back(doc["severity"].get<double>());
    }
    EXPECT_EQ(order, (std::vector<double>{2.0, 5.5, 8.0, 10.0}));  // 10 after 8: not as text

    nlohmann::json a = finding();
    nlohmann::json b = finding();
    a["updatedAt"] = "2026-11-22T08:00:00.000Z";
    b["updatedAt"] = "2026-11-22T09:00:00.000Z";
    EXPECT_TRUE(finding_less(a, b, "updatedAt"));
    EXPECT_FALSE(finding_less(b, a, "updatedAt"));
    EXPECT_FALSE(finding_less(a, a, "updatedAt"));
}

TEST(FindingLessTest, MissingValuesSortFirst) {
    nlohmann::json with = finding();
    nlohmann::json without = finding();
    without["service"].erase("count");
    EXPECT_TRUE(finding_less(without, with, "service.count"));
    EXPECT_FALSE(finding_less(with, without, "service.count"));
    EXPECT_FALSE(finding_less(without, without, "service.count"));
}

}  // namespace
}  // namespace tripline::detect
