#include "api/query_form.h"

#include <gtest/gtest.h>

#include "base/uri_encoding.h"

namespace tripline::api {
namespace {

TEST(QueryForm, DecodesPairs) {
    auto form = QueryForm::parse("Action=Publish&Version=2010-03-31&Message=a+b%21&Empty=&Flag");
    ASSERT_TRUE(form) << form.error().message;
    EXPECT_EQ(form->get("Action"), "Publish");
    EXPECT_EQ(form->get("Message"), "a b!");
    EXPECT_EQ(form->get("Empty"), "");
    EXPECT_EQ(form->get("Flag"), "");
    EXPECT_FALSE(form->get("Missing"));
}

TEST(QueryForm, RejectsMalformedEscapes) {
    EXPECT_FALSE(QueryForm::parse("Message=%zz"));
    EXPECT_FALSE(QueryForm::parse("Message=%4"));
}

TEST(QueryForm, RequestParametersAreNestedAndLowerCamel) {
    auto form = QueryForm::parse(
        "Action=Subscribe&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%"
        "3AT"
        "&Protocol=email&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true"
        "&Attributes.entry.2.key=FilterPolicy&Attributes.entry.2.value=%7B%7D");
    ASSERT_TRUE(form);
    nlohmann::json expected = {
        {"topicArn", "arn:aws:sns:us-east-1:123456789012:T"},
        {"protocol", "email"},
        {"attributes", {{"RawMessageDelivery", "true"}, {"FilterPolicy", "{}"}}}};
    EXPECT_EQ(form->to_request_parameters(), expected);
}

TEST(QueryForm, MemberListsBecomeArraysInIndexOrder) {
    auto form = QueryForm::parse(
        "Action=PutMetricAlarm&AlarmActions.member.2=b&AlarmActions.member.1=a"
        "&MetricData.member.1.Dimensions.member.1.Name=Trail"
        "&MetricData.member.1.Dimensions.member.1.Value=mgmt");
    ASSERT_TRUE(form);
    nlohmann::json params = form->to_request_parameters();
    EXPECT_EQ(params["alarmActions"], nlohmann::json::array({"a", "b"}));
    EXPECT_EQ(params["metricData"][0]["dimensions"][0]["value"], "mgmt");
}

TEST(QueryForm, OnlyActionAndVersionGiveNull) {
    auto form = QueryForm::parse("Action=GetCallerIdentity&Version=2011-06-15");
    ASSERT_TRUE(form);
    EXPECT_TRUE(form->to_request_parameters().is_null());
}

TEST(QueryForm, UrlEncodeIsRfc3986) {
    EXPECT_EQ(uri_encode("a b/c~d", false), "a%20b%2Fc~d");
    EXPECT_EQ(uri_encode("a b/c", true), "a%20b/c");
}

}  // namespace
}  // namespace tripline::api
