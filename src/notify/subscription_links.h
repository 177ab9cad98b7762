// The links Tripline puts in SNS messages and e-mails, hosted on its own endpoint instead of
// sns.<region>.amazonaws.com (sns.md §2, §4, §6), and the confirmation tokens they carry:
//   confirmation (e-mail link)  <public_url>/confirmation.html?TopicArn=…&Token=…&Endpoint=…
//   SubscribeURL (HTTP, JSON)   <public_url>/?Action=ConfirmSubscription&TopicArn=…&Token=…
//   unsubscribe (e-mail link)   <public_url>/unsubscribe.html?SubscriptionArn=…&Endpoint=…
//   UnsubscribeURL (JSON)       <public_url>/?Action=Unsubscribe&SubscriptionArn=…
// Query values are percent-encoded (RFC 3986; ':' and '@' kept), so '+' in an address survives.
// Pure functions, except make_subscription_token (OpenSSL's CSPRNG; thread-safe).
#pragma once

#include <string>
#include <string_view>

namespace tripline::notify {

inline constexpr std::size_t kSubscriptionTokenHexChars = 256;

// 256 lower-case hex characters (128 random bytes), like the long tokens SNS sends.
std::string make_subscription_token();

// Unreserved characters, ':' and '@' stay; every other byte becomes %XX.
std::string percent_encode(std::string_view text);

std::string confirmation_link(std::string_view public_url,
                              std::string_view topic_arn,
                              std::string_view token,
                              std::string_view endpoint);
std::string subscribe_url(std::string_view public_url,
                          std::string_view topic_arn,
                          std::string_view token);
std::string unsubscribe_link(std::string_view public_url,
                             std::string_view subscription_arn,
                             std::string_view endpoint);
std::string unsubscribe_url(std::string_view public_url, std::string_view subscription_arn);

}  // namespace tripline::notify
