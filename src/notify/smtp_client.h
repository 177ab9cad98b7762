// SmtpClient: sends one e-mail through an SMTP relay with libcurl (the `email` and `email-json`
// transports when an SMTP relay is configured; maildir.h otherwise).
//
// TLS: kNone (plain), kStartTls (upgrade when the server offers STARTTLS; with require_tls the
// message is not sent unless the upgrade happens), kTls (implicit TLS, "smtps://", port 465).
// AUTH is used when a username is set. The password is handed to curl only; it is never logged
// or put into an error message.
//
// Failures are classified for the outbox: Errc::kUnavailable for what may succeed later
// (connection refused, timeouts, resolver and TLS handshake failures, 4xx replies such as 421/450/
// 451/452/454), anything else is permanent: Errc::kFailedPrecondition for 5xx replies (550 mailbox
// unknown, 535 authentication failed) and a relay that refuses STARTTLS when it is required,
// Errc::kInvalidArgument for addresses that fail is_valid_email_address(). Error messages carry the
// server's reply code and curl's text.
//
// Thread-safety: send() may be called from several threads at once (one curl handle per call).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::notify {

enum class SmtpTls { kNone, kStartTls, kTls };

struct SmtpSettings {
    std::string host = "localhost";
    int port = 25;
    SmtpTls tls = SmtpTls::kStartTls;
    bool require_tls = false;  // kStartTls: fail instead of sending in clear text
    std::string username;      // empty: no AUTH
    std::string password;
    std::string from;  // envelope sender and From address; empty: no-reply@sns.amazonaws.com
    std::chrono::milliseconds timeout{30'000};
    bool verify_tls = true;  // verify the relay's certificate and host name
    std::string ca_file;     // empty: the system's CA bundle
};

// "none" | "starttls" | "tls"; nullopt-like error for anything else.
Result<SmtpTls> parse_smtp_tls(std::string_view name);

class SmtpClient {
public:
    explicit SmtpClient(SmtpSettings settings) : settings_(std::move(settings)) {}

    // `message` is the full RFC 5322 text with CRLF line ends (render_email()).
    Status send(std::string_view from, std::string_view to, std::string_view message) const;

    // "smtp://host:port" (no credentials), for logs.
    std::string describe() const;

    const SmtpSettings& settings() const { return settings_; }

private:
    SmtpSettings settings_;
};

}  // namespace tripline::notify
