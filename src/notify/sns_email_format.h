// The text SNS puts in its e-mails (sns.md §4-5): the notification body (the Message exactly, then
// the unsubscribe footer), the HTML confirmation mail, the subjects, and the email-json form (the
// HTTP JSON document of sns_http_format.h as a text/plain body). The caller renders the result
// with email_message.h.
//
// Thread-safety: pure functions. Errors: kInvalidArgument for a message type e-mail never carries
// (SNS sends no UnsubscribeConfirmation by e-mail).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "notify/email_message.h"
#include "notify/sns_delivery.h"

namespace tripline::notify {

inline constexpr std::string_view kSnsDefaultEmailSubject = "AWS Notification Message";
inline constexpr std::string_view kSnsConfirmationEmailSubject =
    "AWS Notification - Subscription Confirmation";

struct SnsEmailContent {
    std::string subject;
    std::string body;
    EmailContentType content_type = EmailContentType::kPlainText;
};

// Notification: the Publish Subject, else "AWS Notification Message"; SubscriptionConfirmation:
// "AWS Notification - Subscription Confirmation".
std::string sns_email_subject(const SnsDelivery& delivery);

// "<Message>\n\n--\nIf you wish to stop receiving ...\n<unsubscribe_url>\n\nPlease do not reply
// ...\n".
std::string sns_notification_email_body(const SnsDelivery& delivery);

// The one-line HTML confirmation body; the link is delivery.confirmation_url, HTML-escaped
// ('&' becomes "&amp;").
std::string sns_confirmation_email_html(const SnsDelivery& delivery);

// An `email` delivery: the notification (text/plain) or the confirmation (text/html).
Result<SnsEmailContent> format_sns_email(const SnsDelivery& delivery);

// An `email-json` delivery: `json_document` (sns_http_format.h, signed) as a text/plain body under
// the same subject rules.
Result<SnsEmailContent> format_sns_email_json(const SnsDelivery& delivery,
                                              std::string json_document);

}  // namespace tripline::notify
