#include "discover/bucket_exposure.h"

#include <gtest/gtest.h>

namespace tripline::discover {
namespace {

using nlohmann::json;

const std::string kAccount = "111122223333";

json with_policy(const json& statement) {
    return json{
        {"policy", json{{"Version", "2012-10-17"}, {"Statement", json::array({statement})}}.dump()},
        {"encryption", json{{"rules", json::array({json::object()})}}}};
}

TEST(BucketExposure, APolicyForEveryoneIsPublicUnlessRestricted) {
    json doc = with_policy(json{{"Effect", "Allow"},
                                {"Principal", "*"},
                                {"Action", "s3:GetObject"},
                                {"Resource", "arn:aws:s3:::b/*"}});
    BucketExposure e = evaluate_bucket(doc, kAccount);
    EXPECT_TRUE(e.public_read);
    EXPECT_FALSE(e.public_write);
    EXPECT_TRUE(e.policy_public_read);
    doc["publicAccessBlock"] = json{{"RestrictPublicBuckets", true}};
    EXPECT_FALSE(evaluate_bucket(doc, kAccount).public_read);
}

TEST(BucketExposure, ConditionsAndDenyAreNotAnonymousAccess) {
    EXPECT_FALSE(evaluate_bucket(
                     with_policy(json{
                         {"Effect", "Allow"},
                         {"Principal", json{{"AWS", "*"}}},
                         {"Action", "s3:*"},
                         {"Condition", json{{"IpAddress", json{{"aws:SourceIp", "10.0.0.0/8"}}}}}}),
                     kAccount)
                     .public_read);
    EXPECT_FALSE(
        evaluate_bucket(
            with_policy(json{{"Effect", "Deny"}, {"Principal", "*"}, {"Action", "s3:*"}}), kAccount)
            .public_read);
}

TEST(BucketExposure, AnotherAccountsPrincipalIsSharedExternally) {
    json doc = with_policy(json{{"Effect", "Allow"},
                                {"Principal", json{{"AWS", "arn:aws:iam::999988887777:root"}}},
                                {"Action", "s3:GetObject"}});
    EXPECT_TRUE(evaluate_bucket(doc, kAccount).shared_externally);
    doc = with_policy(json{{"Effect", "Allow"},
                           {"Principal", json{{"AWS", "arn:aws:iam::111122223333:role/r"}}},
                           {"Action", "s3:*"}});
    EXPECT_FALSE(evaluate_bucket(doc, kAccount).shared_externally);
}

TEST(BucketExposure, AclGrantsToAllUsersUnlessIgnored) {
    json doc{{"acl",
              json{{"grants",
                    json::array({json{{"uri", "http://acs.amazonaws.com/groups/global/AllUsers"},
                                      {"permission", "WRITE"}}})}}}};
    BucketExposure e = evaluate_bucket(doc, kAccount);
    EXPECT_TRUE(e.public_write);
    EXPECT_TRUE(e.acl_public_write);
    doc["publicAccessBlock"] = json{{"IgnorePublicAcls", true}};
    EXPECT_FALSE(evaluate_bucket(doc, kAccount).public_write);
}

TEST(BucketExposure, BlockPublicAccessAndEncryption) {
    BucketExposure none = evaluate_bucket(json::object(), kAccount);
    EXPECT_TRUE(none.block_public_access_disabled);
    EXPECT_TRUE(none.encryption_disabled);
    json doc{{"publicAccessBlock", json{{"BlockPublicAcls", true}}},
             {"encryption", json{{"rules", json::array({json::object()})}}}};
    BucketExposure some = evaluate_bucket(doc, kAccount);
    EXPECT_FALSE(some.block_public_access_disabled);
    EXPECT_FALSE(some.encryption_disabled);
    EXPECT_EQ(some.block_public_access["blockPublicAcls"], true);
}

}  // namespace
}  // namespace tripline::discover
