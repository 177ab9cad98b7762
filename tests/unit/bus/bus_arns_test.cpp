#include "bus/bus_arns.h"

#include <gtest/gtest.h>

namespace tripline::bus {
namespace {

TEST(BusArns, DefaultBusRulesHaveNoBusSegment) {
    EXPECT_EQ(event_bus_arn("123456789012", "us-east-1", "default"),
              "arn:aws:events:us-east-1:123456789012:event-bus/default");
    EXPECT_EQ(rule_arn("123456789012", "us-east-1", "default", "APICallRule"),
              "arn:aws:events:us-east-1:123456789012:rule/APICallRule");
}

TEST(BusArns, CustomBusRulesNameTheirBus) {
    EXPECT_EQ(rule_arn("123456789012", "eu-west-1", "security", "r1"),
              "arn:aws:events:eu-west-1:123456789012:rule/security/r1");
}

}  // namespace
}  // namespace tripline::bus
