// NetworkService over a real (temporary) state store: the default VPC and group, creating and
// finding groups, authorizing and revoking rules with EC2's validation and duplicates, deleting.
#include "ec2/network_service.h"

#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::ec2 {
namespace {

const Ec2Scope kScope{"111122223333", "us-east-1"};

SecurityGroupRule tcp(int from, int to, std::string cidr) {
    SecurityGroupRule r;
    r.protocol = "tcp";
    r.from_port = from;
    r.to_port = to;
    r.cidr_ipv4 = std::move(cidr);
    return r;
}

class NetworkServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        network_ = std::make_unique<NetworkService>(*db_, clock_);
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<NetworkService> network_;
};

TEST_F(NetworkServiceTest, EveryAccountRegionHasADefaultVpcWithItsDefaultGroup) {
    auto vpc = network_->default_vpc(kScope);
    ASSERT_TRUE(vpc) << vpc.error().message;
    EXPECT_TRUE(vpc->id.starts_with("vpc-"));
    EXPECT_EQ(vpc->id.size(), 21u);
    EXPECT_EQ(vpc->cidr_block, "172.31.0.0/16");
    auto again = network_->default_vpc(kScope);
    EXPECT_EQ(again->id, vpc->id);
    auto other = network_->default_vpc(Ec2Scope{"111122223333", "eu-west-1"});
    EXPECT_NE(other->id, vpc->id);

    auto groups = network_->describe_groups(kScope, {}, {});
    ASSERT_TRUE(groups);
    ASSERT_EQ(groups->size(), 1u);
    const SecurityGroup& def = groups->front();
    EXPECT_EQ(def.name, "default");
    EXPECT_EQ(def.vpc_id, vpc->id);
    ASSERT_EQ(def.rules.size(), 2u);
    EXPECT_EQ(def.rules[0].referenced_group_id, def.id);  // all traffic from itself
    EXPECT_TRUE(def.rules[1].egress);
    EXPECT_EQ(def.rules[1].cidr_ipv4, "0.0.0.0/0");

    auto deleted = network_->delete_group(kScope, GroupRef{"", "default"});
    ASSERT_FALSE(deleted);
    EXPECT_EQ(deleted.error().code, "CannotDelete");
}

TEST_F(NetworkServiceTest, CreateFindDuplicateAndValidate) {
    auto web = network_->create_group(kScope, "web", "web servers", "", nlohmann::json::array());
    ASSERT_TRUE(web) << web.error().message;
    EXPECT_TRUE(web->id.starts_with("sg-"));
    ASSERT_EQ(web->rules.size(), 1u);  // all outbound
    EXPECT_EQ(network_->create_group(kScope, "web", "again", "", {}).error().code,
              "InvalidGroup.Duplicate");
    EXPECT_EQ(network_->create_group(kScope, "db", "", "", {}).error().code, "MissingParameter");
    EXPECT_EQ(network_->create_group(kScope, "sg-x", "d", "", {}).error().code,
              "InvalidParameterValue");
    EXPECT_EQ(network_->create_group(kScope, "db", "d", "vpc-0000", {}).error().code,
              "InvalidVpcID.NotFound");

    EXPECT_EQ(network_->find_group(kScope, GroupRef{"", "web"})->id, web->id);
    EXPECT_EQ(network_->find_group(kScope, GroupRef{"sg-0123456789abcdef0", ""}).error().code,
              "InvalidGroup.NotFound");
    EXPECT_EQ(network_->find_group(kScope, GroupRef{"web", ""}).error().code,
              "InvalidGroupId.Malformed");
    EXPECT_EQ(network_->describe_groups(kScope, {}, {"nope"}).error().code,
              "InvalidGroup.NotFound");
}

TEST_F(NetworkServiceTest, AuthorizeRevokeAndDuplicates) {
    auto web = network_->create_group(kScope, "web", "web servers", "", {});
    ASSERT_TRUE(web);
    const GroupRef ref{web->id, ""};
    auto added =
        network_->authorize(kScope, ref, {tcp(22, 22, "0.0.0.0/0"), tcp(443, 443, "10.0.0.0/8")});
    ASSERT_TRUE(added) << added.error().message;
    ASSERT_EQ(added->size(), 2u);
    EXPECT_TRUE((*added)[0].id.starts_with("sgr-"));

    auto duplicate = network_->authorize(kScope, ref, {tcp(22, 22, "0.0.0.0/0")});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, "InvalidPermission.Duplicate");
    EXPECT_NE(
        duplicate.error().message.find("peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW"),
        std::string::npos);

    EXPECT_EQ(network_->authorize(kScope, ref, {tcp(22, 20, "0.0.0.0/0")}).error().code,
              "InvalidParameterValue");
    EXPECT_EQ(network_->authorize(kScope, ref, {tcp(22, 22, "300.0.0.0/0")}).error().code,
              "InvalidParameterValue");
    SecurityGroupRule no_peer = tcp(80, 80, "");
    EXPECT_EQ(network_->authorize(kScope, ref, {no_peer}).error().code, "MissingParameter");
    SecurityGroupRule bad_protocol = tcp(80, 80, "0.0.0.0/0");
    bad_protocol.protocol = "gopher";
    EXPECT_EQ(network_->authorize(kScope, ref, {bad_protocol}).error().code,
              "InvalidParameterValue");
    SecurityGroupRule all;  // -1: ports dropped
    all.protocol = "all";
    all.from_port = 5;
    all.cidr_ipv6 = "::/0";
    auto all_added = network_->authorize(kScope, ref, {all});
    ASSERT_TRUE(all_added) << all_added.error().message;
    EXPECT_EQ((*all_added)[0].protocol, "-1");
    EXPECT_EQ((*all_added)[0].from_port, -1);

    auto revoked = network_->revoke(
        kScope, ref, false, {tcp(22, 22, "0.0.0.0/0"), tcp(25, 25, "0.0.0.0/0")}, {});
    ASSERT_TRUE(revoked) << revoked.error().message;
    EXPECT_EQ(revoked->revoked.size(), 1u);
    ASSERT_EQ(revoked->unknown.size(), 1u);
    EXPECT_EQ(revoked->unknown[0].from_port, 25);
    auto by_id = network_->revoke(kScope, ref, false, {}, {(*added)[1].id});
    ASSERT_TRUE(by_id);
    EXPECT_EQ(by_id->revoked.size(), 1u);
    EXPECT_EQ(network_->revoke(kScope, ref, false, {}, {"sgr-00000000000000000"}).error().code,
              "InvalidSecurityGroupRuleId.NotFound");

    // The state survives a new service over the same store.
    network_ = std::make_unique<NetworkService>(*db_, clock_);
    auto reloaded = network_->find_group(kScope, ref);
    ASSERT_TRUE(reloaded);
    ASSERT_EQ(reloaded->rules.size(), 2u);  // egress to anywhere + ::/0 all traffic
}

TEST_F(NetworkServiceTest, DeleteRefusesAReferencedGroup) {
    auto app = network_->create_group(kScope, "app", "app", "", {});
    auto db = network_->create_group(kScope, "db", "db", "", {});
    ASSERT_TRUE(app && db);
    SecurityGroupRule from_app;
    from_app.protocol = "tcp";
    from_app.from_port = from_app.to_port = 5432;
    from_app.referenced_group_id = app->id;
    ASSERT_TRUE(network_->authorize(kScope, GroupRef{db->id, ""}, {from_app}));
    EXPECT_EQ(network_->delete_group(kScope, GroupRef{app->id, ""}).error().code,
              "DependencyViolation");
    auto gone = network_->delete_group(kScope, GroupRef{"", "db"});
    ASSERT_TRUE(gone) << gone.error().message;
    EXPECT_EQ(*gone, db->id);
    EXPECT_TRUE(network_->delete_group(kScope, GroupRef{app->id, ""}));
    EXPECT_EQ(network_->describe_groups(kScope, {}, {})->size(), 1u);
}

}  // namespace
}  // namespace tripline::ec2
