#include "notify/smtp_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "test_smtp_responder.h"

namespace tripline::notify {
namespace {

using testing::SmtpResponder;
using testing::TestTcpServer;

constexpr std::string_view kMessage =
    "From: AWS Notifications <no-reply@sns.amazonaws.com>\r\n"
    "To: secops@example.com\r\n"
    "Subject: AWS Notification Message\r\n"
    "\r\n"
    "Hello\r\n";

TEST(SmtpClient, SendsEnvelopeAndMessage) {
    SmtpResponder server;
    SmtpClient client(server.settings());
    Status sent = client.send("no-reply@sns.amazonaws.com", "secops@example.com", kMessage);
    ASSERT_TRUE(sent.has_value()) << sent.error().message;
    auto commands = server.commands();
    EXPECT_NE(std::find(commands.begin(), commands.end(), "MAIL FROM:<no-reply@sns.amazonaws.com>"),
              commands.end());
    EXPECT_NE(std::find(commands.begin(), commands.end(), "RCPT TO:<secops@example.com>"),
              commands.end());
    EXPECT_EQ(server.data(), std::string(kMessage) + ".\r\n");
}

TEST(SmtpClient, MailboxUnknownIsPermanent) {
    SmtpResponder server("550 5.1.1 <secops@example.com>: mailbox unknown");
    SmtpClient client(server.settings());
    Status sent = client.send("no-reply@sns.amazonaws.com", "secops@example.com", kMessage);
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, Errc::kFailedPrecondition);
    EXPECT_NE(sent.error().message.find("550"), std::string::npos) << sent.error().message;
}

TEST(SmtpClient, TemporaryRefusalIsRetriable) {
    SmtpResponder server("451 4.7.1 greylisted, try again later");
    SmtpClient client(server.settings());
    Status sent = client.send("no-reply@sns.amazonaws.com", "secops@example.com", kMessage);
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, Errc::kUnavailable);
    EXPECT_NE(sent.error().message.find("451"), std::string::npos) << sent.error().message;
}

TEST(SmtpClient, ConnectionRefusedIsRetriable) {
    SmtpSettings settings;
    settings.host = "127.0.0.1";
    settings.port = testing::unused_port();
    settings.tls = SmtpTls::kNone;
    settings.timeout = std::chrono::seconds(2);
    Status sent = SmtpClient(settings).send("a@example.com", "b@example.com", kMessage);
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, Errc::kUnavailable);
}

TEST(SmtpClient, SilentServerTimesOutAsRetriable) {
    TestTcpServer silent([](int) { std::this_thread::sleep_for(std::chrono::milliseconds(600)); });
    SmtpSettings settings;
    settings.host = "127.0.0.1";
    settings.port = silent.port();
    settings.tls = SmtpTls::kNone;
    settings.timeout = std::chrono::milliseconds(300);
    Status sent = SmtpClient(settings).send("a@example.com", "b@example.com", kMessage);
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, Errc::kUnavailable);
}

TEST(SmtpClient, AuthenticatesWithoutLeakingThePassword) {
    SmtpResponder server("250 ok", /*offer_auth=*/true);
    SmtpSettings settings = server.settings();
    settings.username = "relay-user";
    settings.password = "s3cret-Passw0rd";
    Status sent = SmtpClient(settings).send("a@example.com", "b@example.com", kMessage);
    ASSERT_TRUE(sent.has_value()) << sent.error().message;
    bool authenticated = false;
    for (const std::string& c : server.commands()) {
        // base64("\0relay-user\0s3cret-Passw0rd")
        authenticated |= c == "AUTH PLAIN AHJlbGF5LXVzZXIAczNjcmV0LVBhc3N3MHJk";
    }
    EXPECT_TRUE(authenticated);

    // A failure message names the relay but never the password.
    settings.port = testing::unused_port();
    Status failed = SmtpClient(settings).send("a@example.com", "b@example.com", kMessage);
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().message.find("s3cret"), std::string::npos);
    EXPECT_EQ(SmtpClient(settings).describe().find("s3cret"), std::string::npos);
}

TEST(SmtpClient, OpportunisticStartTlsSendsInClearWhenNotOffered) {
    SmtpResponder server;
    SmtpSettings settings = server.settings();
    settings.tls = SmtpTls::kStartTls;
    Status sent = SmtpClient(settings).send("a@example.com", "b@example.com", kMessage);
    EXPECT_TRUE(sent.has_value()) << sent.error().message;
}

TEST(SmtpClient, RequiredStartTlsRefusesToSendInClear) {
    SmtpResponder server;
    SmtpSettings settings = server.settings();
    settings.tls = SmtpTls::kStartTls;
    settings.require_tls = true;
    Status sent = SmtpClient(settings).send("a@example.com", "b@example.com", kMessage);
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, Errc::kFailedPrecondition);
    EXPECT_TRUE(server.data().empty());
}

TEST(SmtpClient, RefusesInvalidAddressesBeforeConnecting) {
    SmtpResponder server;
    Status sent = SmtpClient(server.settings())
                      .send("a@example.com", "b@example.com>\r\nRCPT TO:<c@example.com", kMessage);
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(server.commands().size(), 0u);
}

TEST(SmtpTls, ParsesConfigNames) {
    EXPECT_EQ(*parse_smtp_tls("none"), SmtpTls::kNone);
    EXPECT_EQ(*parse_smtp_tls("starttls"), SmtpTls::kStartTls);
    EXPECT_EQ(*parse_smtp_tls("tls"), SmtpTls::kTls);
    EXPECT_FALSE(parse_smtp_tls("ssl").has_value());
}

}  // namespace
}  // namespace tripline::notify
