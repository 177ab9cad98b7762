#include "api/auth/amz_date.h"

#include <gtest/gtest.h>

namespace tripline::api::auth {
namespace {

TEST(AmzDate, ParsesTheBasicFormAndFormatsItBack) {
    auto t = parse_amz_date("20261127T101122Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_iso8601(*t), "2026-11-27T10:11:22Z");
    EXPECT_EQ(format_amz_date(*t), "20261127T101122Z");
    EXPECT_TRUE(parse_amz_date("20240229T235959Z"));
}

TEST(AmzDate, RejectsAnythingElse) {
    for (const char* bad : {"",
                            "20261127T101122",
                            "2026-11-27T10:11:22Z",
                            "20261127T241122Z",
                            "20230229T000000Z",
                            "20261127t101122Z",
                            "2026112TT101122Z",
                            "20261127T1011220Z",
                            "20261327T101122Z",
                            "19691231T235959Z"}) {
        EXPECT_FALSE(parse_amz_date(bad)) << bad;
    }
}

TEST(AmzDate, ParsesRfc1123DateHeader) {
    auto t = parse_http_date("Fri, 27 Nov 2026 10:11:22 GMT");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_amz_date(*t), "20261127T101122Z");
    EXPECT_FALSE(parse_http_date("Fri, 27 Nov 2026 10:11:22 UTC"));
    EXPECT_FALSE(parse_http_date("Fri, 27 Foo 2026 10:11:22 GMT"));
    EXPECT_FALSE(parse_http_date("Friday, 27-Nov-26 10:11:22 GMT"));
}

TEST(AmzDate, ScopeDate) {
    EXPECT_TRUE(is_scope_date("20261127"));
    EXPECT_FALSE(is_scope_date("20261131"));
    EXPECT_FALSE(is_scope_date("2026112"));
    EXPECT_FALSE(is_scope_date("2026112a"));
    EXPECT_FALSE(is_scope_date("99991231"));
    EXPECT_FALSE(parse_http_date("Fri, 27 Nov 9999 10:11:22 GMT"));
}

}  // namespace
}  // namespace tripline::api::auth
