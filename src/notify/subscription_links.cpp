#include "notify/subscription_links.h"

#include <openssl/rand.h>

#include <array>
#include <cstdlib>

namespace tripline::notify {

namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string base(std::string_view public_url) {
    std::string out(public_url);
    while (!out.empty() && out.back() == '/') {
        out.pop_back();
    }
    return out;
}

}  // namespace

std::string make_subscription_token() {
    std::array<unsigned char, kSubscriptionTokenHexChars / 2> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        // A predictable token would let anyone confirm subscriptions: never fall back.
        std::abort();
    }
    std::string out;
    out.reserve(kSubscriptionTokenHexChars);
    for (unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 0x0F];
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    static constexpr char kUpperHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        // ':' and '@' are legal in a query (RFC 3986 pchar) and keep ARNs and addresses readable,
        // as in AWS's own links; everything else, '+' above all, is escaped.
        if (unreserved || c == ':' || c == '@') {
            out += ch;
        } else {
            out += '%';
            out += kUpperHex[c >> 4];
            out += kUpperHex[c & 0x0F];
        }
    }
    return out;
}

std::string confirmation_link(std::string_view public_url,
                              std::string_view topic_arn,
                              std::string_view token,
                              std::string_view endpoint) {
    return base(public_url) + "/confirmation.html?TopicArn=" + percent_encode(topic_arn) +
           "&Token=" + percent_encode(token) + "&Endpoint=" + percent_encode(endpoint);
}

std::string subscribe_url(std::string_view public_url,
                          std::string_view topic_arn,
                          std::string_view token) {
    return base(public_url) + "/?Action=ConfirmSubscription&TopicArn=" + percent_encode(topic_arn) +
           "&Token=" + percent_encode(token);
}

std::string unsubscribe_link(std::string_view public_url,
                             std::string_view subscription_arn,
                             std::string_view endpoint) {
    return base(public_url) +
           "/unsubscribe.html?SubscriptionArn=" + percent_encode(subscription_arn) +
           "&Endpoint=" + percent_encode(endpoint);
}

std::string unsubscribe_url(std::string_view public_url, std::string_view subscription_arn) {
    return base(public_url) +
           "/?Action=Unsubscribe&SubscriptionArn=" + percent_encode(subscription_arn);
}

}  // namespace tripline::notify
