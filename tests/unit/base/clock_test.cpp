#include "base/clock.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

using namespace std::chrono_literals;

TEST(Clock, FakeClockMovesOnlyWhenTold) {
    FakeClock clock;
    TimePoint t0 = clock.now();
    auto s0 = clock.steady_now();
    EXPECT_EQ(clock.now(), t0);
    clock.advance(90s);
    EXPECT_EQ(clock.now() - t0, 90s);
    EXPECT_EQ(clock.steady_now() - s0, 90s);
}

TEST(Clock, FormatsIso8601) {
    TimePoint t{std::chrono::seconds{1'700'000'000} + 123ms};
    EXPECT_EQ(format_iso8601(t), "2023-11-14T22:13:20Z");
    EXPECT_EQ(format_iso8601_millis(t), "2023-11-14T22:13:20.123Z");
}

TEST(Clock, ParsesIso8601) {
    TimePoint t;
    ASSERT_TRUE(parse_iso8601("2023-11-14T22:13:20Z", t));
    EXPECT_EQ(t, TimePoint{std::chrono::seconds{1'700'000'000}});
    ASSERT_TRUE(parse_iso8601("2023-11-14T22:13:20.5Z", t));
    EXPECT_EQ(t, TimePoint{std::chrono::seconds{1'700'000'000} + 500ms});
    ASSERT_TRUE(parse_iso8601("2000-02-29T00:00:00+00:00", t));
    EXPECT_EQ(format_iso8601(t), "2000-02-29T00:00:00Z");
    EXPECT_FALSE(parse_iso8601("2023-13-14T22:13:20Z", t));
    EXPECT_FALSE(parse_iso8601("2023-11-14", t));
    EXPECT_FALSE(parse_iso8601("2023-11-14T22:13:20+02:00", t));
}

TEST(Clock, RoundTripsThroughText) {
    FakeClock clock;
    TimePoint t;
    ASSERT_TRUE(parse_iso8601(format_iso8601(clock.now()), t));
    EXPECT_EQ(t, clock.now());
}

}  // namespace
}  // namespace tripline
