#include "base/uuid.h"

#include <gtest/gtest.h>

#include <set>

namespace tripline {
namespace {

TEST(Uuid, IsVersion4AndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        std::string id = make_uuid();
        ASSERT_TRUE(is_uuid(id)) << id;
        EXPECT_EQ(id[14], '4');
        EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
        EXPECT_TRUE(seen.insert(id).second);
    }
    EXPECT_FALSE(is_uuid("not-a-uuid"));
}

TEST(Uuid, RandomKeyMaterial) {
    std::string id = random_upper_alnum(16);
    EXPECT_EQ(id.size(), 16u);
    for (char c : id) {
        EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')) << c;
    }
    EXPECT_EQ(random_base64_chars(40).size(), 40u);
    EXPECT_NE(random_base64_chars(40), random_base64_chars(40));
}

}  // namespace
}  // namespace tripline
