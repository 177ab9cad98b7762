// Fuzzes the SNS delivery payload parser and the pure formatters fed from it: any input is either
// rejected with kInvalidArgument or parses into an SnsDelivery that survives to_json() unchanged,
// whose JSON document parses back to the same Message, whose e-mail body quoted-printable encodes
// and decodes back, and whose e-mail (when the address is valid) carries no injected header line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "notify/email_message.h"
#include "notify/sns_delivery.h"
#include "notify/sns_email_format.h"
#include "notify/sns_http_format.h"
#include "notify/sns_retry_policy.h"

namespace n = tripline::notify;

namespace {

std::string without_crlf(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;
        }
        out += text[i];
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = n::parse_sns_delivery(text);
    if (!parsed) {
        if (parsed.error().code != tripline::Errc::kInvalidArgument) {
            std::abort();
        }
        return 0;
    }
    const n::SnsDelivery& d = *parsed;
    auto again = n::parse_sns_delivery(n::to_json(d));
    if (!again || n::to_json(*again) != n::to_json(d)) {
        std::abort();
    }

    (void)n::sns_string_to_sign(d);
    (void)n::sns_http_headers(d);
    (void)n::parse_sns_http_retry_policy(d.delivery_policy, d.protocol);
    std::string document = n::sns_json_document(d, "c2ln", "http://127.0.0.1/cert.pem");
    nlohmann::json doc = nlohmann::json::parse(document, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        std::abort();
    }

    auto content = n::format_sns_email(d);
    if (!content) {
        return 0;
    }
    std::string encoded = n::quoted_printable_encode(content->body);
    if (n::quoted_printable_decode(encoded) != without_crlf(content->body)) {
        std::abort();
    }
    n::EmailMessage mail;
    mail.to = d.endpoint;
    mail.subject = content->subject;
    mail.from_display_name = d.display_name;
    mail.body = content->body;
    mail.message_id = "<fuzz@sns.amazonaws.com>";
    auto rendered = n::render_email(mail);
    if (rendered) {
        // Every header line is one of ours or a folded continuation: nothing was injected.
        std::string_view rest = *rendered;
        while (!rest.empty()) {
            std::size_t end = rest.find("\r\n");
            std::string_view line = rest.substr(0, end);
            if (line.empty()) {
                break;
            }
            bool ours = line.front() == ' ' || line.starts_with("Date: ") ||
                        line.starts_with("From: ") || line.starts_with("To: ") ||
                        line.starts_with("Subject: ") || line.starts_with("Message-ID: ") ||
                        line.starts_with("MIME-Version: ") || line.starts_with("Content-Type: ") ||
                        line.starts_with("Content-Transfer-Encoding: ");
            if (!ours || line.find('\r') != std::string_view::npos ||
                line.find('\n') != std::string_view::npos) {
                std::abort();
            }
            rest.remove_prefix(end + 2);
        }
    }
    return 0;
}
