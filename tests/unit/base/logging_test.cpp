#include "base/logging.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

TEST(Logging, RedactsSecrets) {
    EXPECT_EQ(redact_secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
              "wJal********************************EKEY");
    EXPECT_EQ(redact_secret("short"), "*****");
}

TEST(Logging, RejectsUnknownLevel) {
    auto st = setup_logging(LogOptions{"loud", LogFormat::kText});
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().message.find("loud"), std::string::npos);
}

}  // namespace
}  // namespace tripline
