// EmailMessage: one RFC 5322 / MIME e-mail as SNS sends it (sns.md §4): a single-part text/plain
// (notifications, email-json) or text/html (confirmations) body in UTF-8, quoted-printable encoded,
// with From/To/Subject/Date/Message-ID headers. render_email() produces the wire text with CRLF
// line ends, ready for SMTP (maildir.h converts to the local LF form).
//
// Header injection is impossible by construction: addresses must pass is_valid_email_address()
// (no CR/LF, commas, angle brackets, quotes or spaces), a Subject with a control character is
// refused, and display names have control characters replaced by spaces. Non-ASCII subjects and
// display names become RFC 2047 encoded-words.
//
// Thread-safety: pure functions. Errors: kInvalidArgument naming the bad field.
#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::notify {

// SNS's sender (sns.md §4): "AWS Notifications <no-reply@sns.amazonaws.com>".
inline constexpr std::string_view kSnsFromAddress = "no-reply@sns.amazonaws.com";
inline constexpr std::string_view kSnsFromDisplayName = "AWS Notifications";

enum class EmailContentType { kPlainText, kHtml };

struct EmailMessage {
    std::string from_address = std::string(kSnsFromAddress);           // addr-spec
    std::string from_display_name = std::string(kSnsFromDisplayName);  // empty: address alone
    std::string to;                                                    // addr-spec
    std::string subject;
    std::string body;  // UTF-8; line ends "\n" or "\r\n"
    EmailContentType content_type = EmailContentType::kPlainText;
    TimePoint date;
    std::string message_id;  // "<id@domain>"; empty: "<uuid@domain-of-from>"
};

// The complete message: headers, blank line, quoted-printable body; every line ends in CRLF.
Result<std::string> render_email(const EmailMessage& message);

// A conservative addr-spec check (local@domain): dot-atom local part of RFC 5322 atext, a domain
// of letters/digits/hyphens labels with at least one dot (or a bracketed IPv4 literal), at most
// 254 characters. Quoted local parts, comments and anything with CR, LF, ',', '<', '>' are refused.
bool is_valid_email_address(std::string_view address);

// `text` as is when it is printable ASCII; otherwise RFC 2047 encoded-words ("=?UTF-8?B?...?=")
// of at most 75 characters each, split on character boundaries and joined by CRLF SP (folding).
std::string encode_header_text(std::string_view text);

// RFC 2045 quoted-printable of a text body: line breaks ("\n" or "\r\n") become CRLF, lines are
// kept within 76 characters with soft breaks ("=" CRLF) that never split an escape or a UTF-8
// character, '=' and bytes outside printable ASCII are escaped, whitespace before a line break is
// escaped, and a '.' starting a line is escaped (SMTP's end-of-data marker can never appear).
std::string quoted_printable_encode(std::string_view text);

// Decodes quoted-printable (soft breaks removed, CRLF kept as "\n"); for tests and tools.
std::string quoted_printable_decode(std::string_view encoded);

// "Fri, 27 Nov 2026 13:00:00 +0000" (RFC 5322 date-time, UTC).
std::string format_rfc5322_date(TimePoint time);

}  // namespace tripline::notify
