#include "base/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace tripline {
namespace {

Result<int> parse_positive(int v) {
    if (v <= 0) {
        return make_error(Errc::kInvalidArgument, "not positive");
    }
    return v;
}

Result<int> doubled(int v) {
    TRIPLINE_ASSIGN_OR_RETURN(int x, parse_positive(v));
    return x * 2;
}

Status check(int v) {
    TRIPLINE_TRY(parse_positive(v));
    return ok_status();
}

TEST(Result, CarriesValueOrError) {
    auto ok = doubled(4);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 8);
    auto bad = doubled(-1);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(bad.error().message, "not positive");
    EXPECT_EQ(bad.value_or(7), 7);
}

TEST(Result, StatusPropagates) {
    EXPECT_TRUE(check(1));
    EXPECT_FALSE(check(0));
}

TEST(Result, MoveOnlyValues) {
    Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
    ASSERT_TRUE(r);
    std::unique_ptr<int> p = std::move(r).value();
    EXPECT_EQ(*p, 5);
}

TEST(Result, ErrorWithPositionFormats) {
    Error e = make_error(Errc::kInvalidArgument,
                         "unknown key 'topcis'",
                         TextSpan{"tripline.yaml", TextPosition{10, 3, 5}});
    EXPECT_EQ(e.to_string(), "tripline.yaml:3:5: unknown key 'topcis'");
    EXPECT_STREQ(errc_name(Errc::kNotFound), "not_found");
}

TEST(Result, ConvertsCompatibleValues) {
    Result<std::string> r = "text";
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "text");
}

}  // namespace
}  // namespace tripline
