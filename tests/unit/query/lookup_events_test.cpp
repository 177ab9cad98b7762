// TrailStore::lookup: CloudTrail's LookupEvents (cloudtrail.md §9).
#include <gtest/gtest.h>

#include <set>

#include "query/trail_store.h"
#include "query_test_util.h"

namespace tripline::query {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using test_util::assumed_role_event;
using test_util::base_time;
using test_util::iam_user_event;
using test_util::record_from_json;
using test_util::TrailStoreTest;

class LookupTest : public TrailStoreTest {
protected:
    LookupQuery query() {
        LookupQuery q;
        q.account_id = test_util::kAccount;
        q.region = test_util::kRegion;
        return q;
    }

    LookupQuery by(const std::string& key, const std::string& value) {
        LookupQuery q = query();
        q.attribute = {key, value};
        return q;
    }

    // Event IDs of one page, newest first.
    std::vector<std::string> ids(const LookupQuery& q, TimePoint now = base_time() + hours(1)) {
        auto page = store_->lookup(q, now);
        EXPECT_TRUE(page.has_value()) << page.error().to_string();
        std::vector<std::string> out;
        if (page) {
            for (const LookupEvent& e : page->events) {
                out.push_back(e.event_id);
            }
        }
        return out;
    }

    Error lookup_error(const LookupQuery& q) {
        auto page = store_->lookup(q, base_time());
        EXPECT_FALSE(page.has_value());
        return page ? Error{} : page.error();
    }
};

using Ids = std::vector<std::string>;

TEST_F(LookupTest, NewestFirstWithTheEventsFields) {
    append({iam_user_event("e1", 0), assumed_role_event("e2", 10), iam_user_event("e3", 5)});
    EXPECT_EQ(ids(query()), (Ids{"e2", "e3", "e1"}));

    auto page = store_->lookup(query(), base_time() + hours(1));
    ASSERT_TRUE(page.has_value());
    const LookupEvent& e = page->events[1];
    EXPECT_EQ(e.event_id, "e3");
    EXPECT_EQ(e.event_name, "ListBuckets");
    EXPECT_EQ(e.read_only, "true");
    EXPECT_EQ(e.access_key_id, "AKIAEXAMPLEalice");
    EXPECT_EQ(e.event_time, base_time() + seconds(5));
    EXPECT_EQ(e.event_source, "s3.amazonaws.com");
    EXPECT_EQ(e.username, "alice");
    ASSERT_EQ(e.resources.size(), 1U);
    EXPECT_EQ(e.resources[0].type, "AWS::S3::Bucket");
    EXPECT_EQ(e.resources[0].name, "logs");
    EXPECT_EQ(e.cloudtrail_event, event::to_json(iam_user_event("e3", 5)));
    EXPECT_TRUE(page->next_token.empty());

    const LookupEvent& role = page->events[0];
    EXPECT_EQ(role.username, "i-0abc") << "an assumed role's session name";
    EXPECT_EQ(role.read_only, "false");
    EXPECT_TRUE(role.resources.empty());
    EXPECT_EQ(role.cloudtrail_event, event::to_json(assumed_role_event("e2", 10)));
}

TEST_F(LookupTest, ScopedToTheAccountAndRegion) {
    event::CloudTrailRecord other_account = iam_user_event("acct", 0);
    other_account.recipient_account_id = "210987654321";
    event::CloudTrailRecord other_region = iam_user_event("region", 0);
    other_region.aws_region = "eu-west-1";
    event::CloudTrailRecord identity_account_only = iam_user_event("identity", 0);
    identity_account_only.recipient_account_id.reset();
    append({iam_user_event("mine", 0), other_account, other_region, identity_account_only});
    std::set<std::string> found;
    for (const std::string& id : ids(query())) {
        found.insert(id);
    }
    EXPECT_EQ(found, (std::set<std::string>{"mine", "identity"}));
}

TEST_F(LookupTest, ByEachAttribute) {
    append({iam_user_event("e1", 0, "ListBuckets", "alice"),
            iam_user_event("e2", 1, "DeleteBucket", "bob"),
            assumed_role_event("e3", 2)});
    EXPECT_EQ(ids(by("EventId", "e2")), (Ids{"e2"}));
    EXPECT_EQ(ids(by("EventName", "DeleteBucket")), (Ids{"e2"}));
    EXPECT_EQ(ids(by("ReadOnly", "true")), (Ids{"e2", "e1"}));
    EXPECT_EQ(ids(by("ReadOnly", "false")), (Ids{"e3"}));
    EXPECT_EQ(ids(by("Username", "bob")), (Ids{"e2"}));
    EXPECT_EQ(ids(by("Username", "i-0abc")), (Ids{"e3"}));
    EXPECT_EQ(ids(by("ResourceType", "AWS::S3::Bucket")), (Ids{"e2", "e1"}));
    EXPECT_EQ(ids(by("ResourceName", "logs")), (Ids{"e2", "e1"}));
    EXPECT_EQ(ids(by("ResourceName", "arn:aws:s3:::logs")), (Ids{"e2", "e1"}));
    EXPECT_EQ(ids(by("EventSource", "ec2.amazonaws.com")), (Ids{"e3"}));
    EXPECT_EQ(ids(by("AccessKeyId", "AKIAEXAMPLEalice")), (Ids{"e1"}));
    EXPECT_EQ(ids(by("AccessKeyId", "ASIAEXAMPLE")), (Ids{"e3"}));
    EXPECT_TRUE(ids(by("EventName", "listbuckets")).empty()) << "case-sensitive";
}

TEST_F(LookupTest, UnknownAttributeKeyIsInvalid) {
    Error error = lookup_error(by("Color", "red"));
    EXPECT_EQ(error.code, Errc::kInvalidArgument);
    EXPECT_EQ(error.message, "Invalid lookup attribute key: Color");
}

TEST_F(LookupTest, TimeRangeIsInclusive) {
    append({iam_user_event("e0", 0), iam_user_event("e1", 10), iam_user_event("e2", 20)});
    LookupQuery q = query();
    q.start_time = base_time() + seconds(10);
    q.end_time = base_time() + seconds(20);
    EXPECT_EQ(ids(q), (Ids{"e2", "e1"}));
    q.end_time = base_time() + seconds(10);
    EXPECT_EQ(ids(q), (Ids{"e1"}));

    q.start_time = base_time() + seconds(30);
    q.end_time = base_time() + seconds(20);
    Error error = lookup_error(q);
    EXPECT_EQ(error.code, Errc::kInvalidArgument);
    EXPECT_TRUE(error.message.starts_with("Invalid time range")) << error.message;
}

TEST_F(LookupTest, OnlyTheLastNinetyDays) {
    append({iam_user_event("old", 0), iam_user_event("recent", 3600)});
    const TimePoint now = base_time() + hours(24 * 90) + seconds(1800);
    EXPECT_EQ(ids(query(), now), (Ids{"recent"}));
    LookupQuery q = query();
    q.start_time = base_time() - hours(1);  // an older start does not reach past 90 days
    EXPECT_EQ(ids(q, now), (Ids{"recent"}));
}

TEST_F(LookupTest, PagesWithTokens) {
    std::vector<event::CloudTrailRecord> records;
    for (int i = 0; i < 25; ++i) {
        // Pairs of events share a second: the token must tie-break on the event ID.
        records.push_back(iam_user_event("e" + std::to_string(100 + i), i / 2));
    }
    append(records);
    LookupQuery q = query();
    q.max_results = 10;
    std::vector<std::string> all;
    int pages = 0;
    while (true) {
        auto page = store_->lookup(q, base_time() + hours(1));
        ASSERT_TRUE(page.has_value()) << page.error().to_string();
        ++pages;
        for (const LookupEvent& e : page->events) {
            all.push_back(e.event_id);
        }
        if (page->next_token.empty()) {
            break;
        }
        q.next_token = page->next_token;
    }
    EXPECT_EQ(pages, 3);
    ASSERT_EQ(all.size(), 25U);
    EXPECT_EQ(all.front(), "e124");
    EXPECT_EQ(all.back(), "e100");
    EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 25U) << "no repeats";
}

TEST_F(LookupTest, AnExactlyFullLastPageHasNoToken) {
    append({iam_user_event("e1", 0), iam_user_event("e2", 1)});
    LookupQuery q = query();
    q.max_results = 2;
    auto page = store_->lookup(q, base_time() + hours(1));
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->events.size(), 2U);
    EXPECT_TRUE(page->next_token.empty());
}

TEST_F(LookupTest, TokensAreBoundToTheirParameters) {
    std::vector<event::CloudTrailRecord> records;
    for (int i = 0; i < 5; ++i) {
        records.push_back(iam_user_event("e" + std::to_string(i), i));
    }
    append(records);
    LookupQuery q = query();
    q.max_results = 2;
    auto first = store_->lookup(q, base_time() + hours(1));
    ASSERT_TRUE(first.has_value());
    ASSERT_FALSE(first->next_token.empty());

    LookupQuery changed = by("EventName", "ListBuckets");
    changed.next_token = first->next_token;
    Error error = lookup_error(changed);
    EXPECT_EQ(error.code, Errc::kInvalidArgument);
    EXPECT_EQ(error.message, "Invalid NextToken");

    LookupQuery bigger_page = q;
    bigger_page.max_results = 50;  // the page size may change between pages
    bigger_page.next_token = first->next_token;
    EXPECT_EQ(ids(bigger_page), (Ids{"e2", "e1", "e0"}));

    const std::vector<std::string> forged_tokens = {
        "garbage", "zz", "74", first->next_token.substr(2), first->next_token + "00"};
    for (const std::string& bad : forged_tokens) {
        LookupQuery forged = q;
        forged.next_token = bad;
        EXPECT_EQ(lookup_error(forged).message, "Invalid NextToken") << bad;
    }
}

TEST_F(LookupTest, MaxResultsMustBeOneToFifty) {
    for (int max : {0, 51, -1}) {
        LookupQuery q = query();
        q.max_results = max;
        Error error = lookup_error(q);
        EXPECT_EQ(error.code, Errc::kInvalidArgument);
        EXPECT_TRUE(error.message.starts_with("MaxResults")) << error.message;
    }
}

TEST_F(LookupTest, InsightsOnlyWhenAskedAndNeverDataEvents) {
    event::CloudTrailRecord data_event = iam_user_event("data", 1, "GetObject");
    data_event.management_event = false;
    data_event.event_category = "Data";
    event::CloudTrailRecord insight = record_from_json(
        R"({"eventVersion":"1.08","eventTime":"2026-11-22T08:00:02Z","awsRegion":"us-east-1",)"
        R"("eventID":"insight","eventType":"AwsCloudTrailInsight","recipientAccountId":"123456789012",)"
        R"("sharedEventID":"s1","insightDetails":{"state":"Start","eventSource":"iam.amazonaws.com",)"
        R"("eventName":"CreateUser","insightType":"ApiCallRateInsight"},"eventCategory":"Insight",)"
        R"("eventSource":"iam.amazonaws.com","eventName":"CreateUser"})");
    append({iam_user_event("mgmt", 0), data_event, insight});

    EXPECT_EQ(ids(query()), (Ids{"mgmt"}));
    LookupQuery insights = query();
    insights.insights = true;
    EXPECT_EQ(ids(insights), (Ids{"insight"}));
    insights.attribute = {"EventName", "CreateUser"};
    EXPECT_EQ(ids(insights), (Ids{"insight"}));

    auto page = store_->lookup(insights, base_time() + hours(1));
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->events.size(), 1U);
    EXPECT_EQ(page->events[0].cloudtrail_event, event::to_json(insight))
        << "insightDetails comes back";

    insights.attribute = {"Username", "alice"};
    Error error = lookup_error(insights);
    EXPECT_EQ(error.code, Errc::kInvalidArgument);
    EXPECT_NE(error.message.find("Insights"), std::string::npos) << error.message;
}

TEST_F(LookupTest, RecordsWithUnmodelledMembersComeBackExactly) {
    event::CloudTrailRecord odd = record_from_json(
        R"({"eventVersion":"1.11","userIdentity":{"type":"IAMUser","userName":"alice",)"
        R"("accountId":"123456789012","newThing":[1,2]},"eventTime":"2026-11-22T08:00:00Z",)"
        R"("eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1",)"
        R"("eventID":"odd","readOnly":"true","recipientAccountId":"123456789012","x":{"y":null}})");
    append({odd});
    auto page = store_->lookup(by("EventId", "odd"), base_time() + hours(1));
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->events.size(), 1U);
    EXPECT_EQ(page->events[0].cloudtrail_event, event::to_json(odd));
    EXPECT_EQ(page->events[0].read_only, "true") << "Athena's reading of \"readOnly\":\"true\"";
}

}  // namespace
}  // namespace tripline::query
