#include "notify/message_signer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <regex>
#include <thread>

#include "test_support.h"

namespace tripline::notify {
namespace {

using tripline::testing::TempDir;

class MessageSignerTest : public ::testing::Test {
protected:
    // One key for the fixture: RSA-2048 generation takes a moment.
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        FakeClock clock;
        auto signer = MessageSigner::open(dir_->path() / "sns", clock);
        ASSERT_TRUE(signer.has_value()) << signer.error().message;
        signer_ = signer->release();
    }
    static void TearDownTestSuite() {
        delete signer_;
        delete dir_;
    }
    static inline TempDir* dir_ = nullptr;
    static inline MessageSigner* signer_ = nullptr;
};

TEST_F(MessageSignerTest, CreatesKeyAndCertificateFilesOnFirstStart) {
    struct stat st {};
    ASSERT_EQ(::stat((dir_->path() / "sns/signing-key.pem").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat((dir_->path() / "sns/signing-cert.pem").c_str(), &st), 0);
    EXPECT_TRUE(signer_->certificate_pem().starts_with("-----BEGIN CERTIFICATE-----\n"));
    EXPECT_TRUE(std::regex_match(signer_->certificate_file_name(),
                                 std::regex("SimpleNotificationService-[0-9a-f]{32}\\.pem")));
    EXPECT_EQ(signer_->signing_cert_url("http://127.0.0.1:4566/"),
              "http://127.0.0.1:4566/" + signer_->certificate_file_name());
}

TEST_F(MessageSignerTest, ReloadsTheSameIdentity) {
    FakeClock clock;
    auto again = MessageSigner::open(dir_->path() / "sns", clock);
    ASSERT_TRUE(again.has_value()) << again.error().message;
    EXPECT_EQ((*again)->certificate_pem(), signer_->certificate_pem());
    EXPECT_EQ((*again)->certificate_file_name(), signer_->certificate_file_name());
    auto signature = (*again)->sign("text\n", "2");
    ASSERT_TRUE(signature.has_value());
    EXPECT_TRUE(MessageSigner::verify("text\n", *signature, "2", signer_->certificate_pem()));
}

TEST_F(MessageSignerTest, SignsAndVerifiesWithBothVersions) {
    const std::string text = "Message\nHello world!\nMessageId\nx\nType\nNotification\n";
    for (const char* version : {"1", "2"}) {
        auto signature = signer_->sign(text, version);
        ASSERT_TRUE(signature.has_value()) << signature.error().message;
        EXPECT_EQ(signature->size(), 344u);  // base64 of 256 bytes
        EXPECT_TRUE(MessageSigner::verify(text, *signature, version, signer_->certificate_pem()))
            << "version " << version;
        // Tampered text, the other version, or a broken signature do not verify.
        EXPECT_FALSE(
            MessageSigner::verify(text + "x", *signature, version, signer_->certificate_pem()));
        const char* other = std::string(version) == "1" ? "2" : "1";
        EXPECT_FALSE(MessageSigner::verify(text, *signature, other, signer_->certificate_pem()));
        std::string broken = *signature;
        broken[10] = broken[10] == 'A' ? 'B' : 'A';
        EXPECT_FALSE(MessageSigner::verify(text, broken, version, signer_->certificate_pem()));
    }
}

TEST_F(MessageSignerTest, RefusesUnknownVersions) {
    auto signature = signer_->sign("x", "3");
    ASSERT_FALSE(signature.has_value());
    EXPECT_EQ(signature.error().code, Errc::kInvalidArgument);
    EXPECT_FALSE(MessageSigner::verify("x", "AAAA", "1", "not a certificate"));
}

TEST_F(MessageSignerTest, SignsFromManyThreads) {
    std::vector<std::thread> threads;
    std::atomic<int> verified{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                std::string text = "thread " + std::to_string(t) + " message " + std::to_string(i);
                auto signature = signer_->sign(text, i % 2 == 0 ? "1" : "2");
                if (signature &&
                    MessageSigner::verify(
                        text, *signature, i % 2 == 0 ? "1" : "2", signer_->certificate_pem())) {
                    ++verified;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(verified.load(), 40);
}

TEST(MessageSigner, RefusesACorruptKeyFile) {
    TempDir dir;
    FakeClock clock;
    std::filesystem::create_directories(dir.path() / "sns");
    { std::ofstream(dir.path() / "sns/signing-key.pem") << "garbage"; }
    auto signer = MessageSigner::open(dir.path() / "sns", clock);
    ASSERT_FALSE(signer.has_value());
    EXPECT_EQ(signer.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tripline::notify
