#include "notify/sns_email_format.h"

namespace tripline::notify {

namespace {

// Attribute-value escaping: the confirmation URL carries '&' between its query parameters.
std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

Status check_email_type(const SnsDelivery& d) {
    if (d.type == kSnsNotification || d.type == kSnsSubscriptionConfirmation) {
        return ok_status();
    }
    return make_error(Errc::kInvalidArgument,
                      "SNS sends no '" + d.type + "' message to e-mail subscriptions");
}

}  // namespace

std::string sns_email_subject(const SnsDelivery& d) {
    if (d.type == kSnsSubscriptionConfirmation) {
        return std::string(kSnsConfirmationEmailSubject);
    }
    return d.subject.empty() ? std::string(kSnsDefaultEmailSubject) : d.subject;
}

std::string sns_notification_email_body(const SnsDelivery& d) {
    // Footer sentences verbatim from real SNS mails (sns.md §4).
    std::string body = d.message;
    body += "\n\n--\n";
    body +=
        "If you wish to stop receiving notifications from this topic, please click or visit the "
        "link below to unsubscribe:\n";
    body += d.unsubscribe_url;
    body += "\n\n";
    body +=
        "Please do not reply directly to this email. If you have any questions or comments "
        "regarding this email, please contact us at https://aws.amazon.com/support\n";
    return body;
}

std::string sns_confirmation_email_html(const SnsDelivery& d) {
    // One line of HTML, sentences verbatim from real SNS confirmation mails (sns.md §4).
    std::string html = "<html><body>You have chosen to subscribe to the topic: <br><b>";
    html += html_escape(d.topic_arn);
    html += "</b><br><br>";
    html +=
        "To confirm this subscription, click or visit the link below (If this was in error no "
        "action is necessary): <br>";
    html += "<a href=\"" + html_escape(d.confirmation_url) + "\">Confirm subscription</a><br><br>";
    html +=
        "<small>Please do not reply directly to this email. If you wish to remove yourself from "
        "receiving all future SNS subscription confirmation requests please send an email to "
        "<a href=\"mailto:sns-opt-out@amazon.com\">sns-opt-out</a></small></body></html>";
    return html;
}

Result<SnsEmailContent> format_sns_email(const SnsDelivery& d) {
    TRIPLINE_TRY(check_email_type(d));
    if (d.type == kSnsSubscriptionConfirmation) {
        return SnsEmailContent{
            sns_email_subject(d), sns_confirmation_email_html(d), EmailContentType::kHtml};
    }
    return SnsEmailContent{
        sns_email_subject(d), sns_notification_email_body(d), EmailContentType::kPlainText};
}

Result<SnsEmailContent> format_sns_email_json(const SnsDelivery& d, std::string json_document) {
    TRIPLINE_TRY(check_email_type(d));
    return SnsEmailContent{
        sns_email_subject(d), std::move(json_document), EmailContentType::kPlainText};
}

}  // namespace tripline::notify
