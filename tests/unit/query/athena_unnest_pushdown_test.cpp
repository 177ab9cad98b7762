// The UNNEST filter pushdown: conjuncts that do not name the unnested side move into a derived
// table; anything else (OR, subqueries, other shapes) is left alone.
#include "query/athena_unnest_pushdown.h"

#include <gtest/gtest.h>

namespace tripline::query::athena::detail {
namespace {

TEST(UnnestPushdown, MovesConjunctsThatDoNotNameTheUnnestedSide) {
    EXPECT_EQ(push_filters_below_unnest(
                  "SELECT r.arn FROM cloudtrail_logs CROSS JOIN UNNEST(resources) AS t(r) WHERE "
                  "eventname = 'DeleteBucket' AND r.type = 'AWS::S3::Bucket' ORDER BY 1"),
              "SELECT r.arn FROM (SELECT * FROM cloudtrail_logs WHERE (eventname = "
              "'DeleteBucket')) AS \"cloudtrail_logs\" CROSS JOIN UNNEST(resources) AS t(r) WHERE "
              "(r.type = 'AWS::S3::Bucket') ORDER BY 1");
    EXPECT_EQ(push_filters_below_unnest(
                  "SELECT x FROM main.cloudtrail_logs c, UNNEST(c.resources) u(x) WHERE "
                  "c.eventtime BETWEEN 'a' AND 'b' AND eventsource = 's3'"),
              "SELECT x FROM (SELECT * FROM main.cloudtrail_logs c WHERE (c.eventtime BETWEEN "
              "'a' AND 'b') AND (eventsource = 's3')) AS \"c\", UNNEST(c.resources) u(x) ");
}

TEST(UnnestPushdown, LeavesOtherShapesAlone) {
    for (const char* sql : {
             "SELECT 1 FROM t CROSS JOIN UNNEST(a) AS u(x) WHERE b = 1 OR x = 2",
             "SELECT 1 FROM t CROSS JOIN UNNEST(a) AS u(x) WHERE x = 1",
             "SELECT 1 FROM t CROSS JOIN UNNEST(a) AS u(x)",
             "SELECT 1 FROM t WHERE b = 1",
             "SELECT 1 FROM (SELECT * FROM t) CROSS JOIN UNNEST(a) AS u(x) WHERE b = 1",
             "SELECT 1 FROM t CROSS JOIN UNNEST(a) WHERE b = 1",
             "SELECT 1 FROM t CROSS JOIN UNNEST(a) AS u(x) WHERE b IN (SELECT 1)",
         }) {
        EXPECT_EQ(push_filters_below_unnest(sql), sql);
    }
}

}  // namespace
}  // namespace tripline::query::athena::detail
