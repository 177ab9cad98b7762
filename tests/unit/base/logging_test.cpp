#include "base/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

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

TEST(Logging, JsonLinesEscapeTheMessage) {
    ASSERT_TRUE(setup_logging(LogOptions{"info", LogFormat::kJson}));
    ::testing::internal::CaptureStderr();
    spdlog::info("key \"{}\" at C:\\tmp\nnext", "AKIA");
    spdlog::default_logger()->flush();
    std::string line = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(line.find(R"("level":"info")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("message":"key \"AKIA\" at C:\\tmp\nnext"})"), std::string::npos)
        << line;
    ASSERT_TRUE(setup_logging(LogOptions{"info", LogFormat::kText}));
}

}  // namespace
}  // namespace tripline
