#include "pattern/filter_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pattern/matcher.h"

namespace tripline::pattern {
namespace {

std::vector<MessageAttribute> attrs(std::initializer_list<MessageAttribute> list) { return list; }

TEST(FilterPolicy, ScopeNames) {
    EXPECT_EQ(*parse_filter_policy_scope("MessageAttributes"),
              FilterPolicyScope::kMessageAttributes);
    EXPECT_EQ(*parse_filter_policy_scope("MessageBody"), FilterPolicyScope::kMessageBody);
    auto bad = parse_filter_policy_scope("messagebody");
    ASSERT_FALSE(bad);
    EXPECT_EQ(
        bad.error().message,
        "Invalid parameter: FilterPolicyScope: Invalid value [messagebody]. Please use either "
        "MessageBody or MessageAttributes");
}

TEST(FilterPolicy, DefaultScopeIsMessageAttributes) {
    auto policy = parse_filter_policy(R"({"sev":[{"numeric":[">=",4]}]})");
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->scope(), FilterPolicyScope::kMessageAttributes);
    EXPECT_TRUE(matches_attributes(*policy, attrs({{"sev", "Number", "5"}})));
    EXPECT_FALSE(matches_attributes(*policy, attrs({{"sev", "Number", "2"}})));
    EXPECT_FALSE(matches_attributes(*policy, {}));
    EXPECT_FALSE(matches_body(*policy, R"({"sev":5})"));  // wrong scope
}

TEST(FilterPolicy, ErrorsAreLocatedAndWordedLikeSns) {
    auto err = parse_filter_policy(R"({"a":[{"exactly":"x"}]})");
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().code, Errc::kInvalidArgument);
    EXPECT_TRUE(err.error().message.starts_with(
        "Invalid parameter: FilterPolicy: Unrecognized match type exactly\n at [Source: (String)"));
    ASSERT_TRUE(err.error().where);
    EXPECT_EQ(err.error().where->begin.column, 8u);
}

TEST(FilterPolicy, SizeLimit) {
    std::string big = R"({"a":[")" + std::string(kMaxFilterPolicyBytes, 'x') + R"("]})";
    auto err = parse_filter_policy(big);
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().code, Errc::kLimitExceeded);
}

TEST(FilterPolicy, LongPoliciesBeyondThePatternLimitAreAccepted) {
    // EventBridge caps patterns at 4096 characters; SNS policies may be up to 256 KiB.
    std::string value(5000, 'v');
    auto policy = parse_filter_policy(R"({"a":[")" + value + R"("]})");
    ASSERT_TRUE(policy) << policy.error().message;
    EXPECT_TRUE(matches_attributes(*policy, attrs({{"a", "String", value}})));
}

TEST(FilterPolicy, CombinationsSumOverOrBranches) {
    // 3 x 50 = 150 fits; one more alternative of 1 does not.
    std::string fifty;
    for (int i = 0; i < 50; ++i) {
        fifty += (i ? "," : "") + std::string("\"") + std::to_string(i) + "\"";
    }
    std::string ok = R"({"a":["x","y","z"],"b":[)" + fifty + "]}";
    EXPECT_TRUE(parse_filter_policy(ok));
    std::string too_many = R"({"$or":[{"a":["x","y","z"],"b":[)" + fifty + R"(]},{"c":["1"]}]})";
    auto err = parse_filter_policy(too_many);
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().message, "Invalid parameter: FilterPolicy: Filter policy is too complex");
}

TEST(FilterPolicy, NumberAttributesThatAreNotNumbersAreAbsent) {
    auto policy = parse_filter_policy(R"({"n":[{"exists":false}],"k":["v"]})");
    ASSERT_TRUE(policy);
    EXPECT_TRUE(matches_attributes(*policy, attrs({{"n", "Number", "abc"}, {"k", "String", "v"}})));
    EXPECT_FALSE(matches_attributes(*policy, attrs({{"n", "Number", "1"}, {"k", "String", "v"}})));
}

TEST(FilterPolicy, InvalidStringArrayIsAPlainString) {
    auto policy = parse_filter_policy(R"({"t":["[oops"]})");
    ASSERT_TRUE(policy);
    EXPECT_TRUE(matches_attributes(*policy, attrs({{"t", "String.Array", "[oops"}})));
}

// MessageBody policies are event patterns: on policies valid in both dialects the verdicts agree
// with the EventBridge reference matcher.
TEST(FilterPolicy, BodyScopeAgreesWithThePatternMatcher) {
    const std::vector<std::string> policies = {
        R"({"a":["x"]})",
        R"({"a":[{"prefix":"x"}],"b":{"c":[1,2]}})",
        R"({"a":[{"anything-but":["x","y"]}]})",
        R"({"items":{"k":["x"],"n":[{"numeric":[">",0]}]}})",
        R"({"a":[{"exists":false}],"b":[null]})",
        R"({"$or":[{"a":["x"]},{"b":[{"cidr":"10.0.0.0/8"}]}]})",
    };
    const std::vector<std::string> bodies = {
        R"({"a":"x"})",
        R"({"a":"xy","b":{"c":2}})",
        R"({"a":["x","z"]})",
        R"({"items":[{"k":"x","n":0},{"k":"y","n":3}]})",
        R"({"items":[{"k":"x","n":5}]})",
        R"({"b":null})",
        R"({"b":"10.2.3.4"})",
        R"({})",
    };
    for (const std::string& text : policies) {
        auto policy = parse_filter_policy(text, FilterPolicyScope::kMessageBody);
        ASSERT_TRUE(policy) << text;
        auto pattern = parse_event_pattern(text);
        ASSERT_TRUE(pattern) << text;
        for (const std::string& body : bodies) {
            auto expected = matches(*pattern, body);
            ASSERT_TRUE(expected);
            EXPECT_EQ(matches_body(*policy, body), *expected) << text << " vs " << body;
        }
    }
}

}  // namespace
}  // namespace tripline::pattern
