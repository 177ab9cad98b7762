#include "insights/top_values.h"

#include <gtest/gtest.h>

namespace tripline::insights {
namespace {

TEST(TopValuesTest, CountsAndSortsByCount) {
    TopValues values(4);
    values.add("a", 1);
    values.add("b", 3);
    values.add("a", 1);
    values.add("c", 2);
    auto top = values.top(2);
    ASSERT_EQ(top.size(), 2u);
    EXPECT_EQ(top[0].value, "b");
    EXPECT_EQ(top[1].value, "a");  // 2, before "c" with 2 by value
    EXPECT_DOUBLE_EQ(values.total(), 7);
}

TEST(TopValuesTest, StaysBoundedAndKeepsFrequentValues) {
    TopValues values(3);
    for (int i = 0; i < 1000; ++i) {
        values.add("frequent", 1);
        values.add("rare-" + std::to_string(i), 1);
    }
    EXPECT_EQ(values.entries().size(), 3u);
    EXPECT_EQ(values.top(1)[0].value, "frequent");
    EXPECT_DOUBLE_EQ(values.total(), 2000);  // counts move with the replaced entries
}

TEST(TopValuesTest, ScalesAndMerges) {
    TopValues a(4);
    a.add("x", 4);
    a.scale(0.5);
    TopValues b(4);
    b.add("x", 1);
    b.add("y", 1);
    a.merge(b);
    EXPECT_DOUBLE_EQ(a.top(1)[0].count, 3);
    EXPECT_EQ(a.entries().size(), 2u);
}

}  // namespace
}  // namespace tripline::insights
