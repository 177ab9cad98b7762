// SnsLinks: the SNS endpoints that subscribers reach without AWS credentials — the links Tripline
// puts in confirmation requests, notifications and e-mails (notify/subscription_links.h):
//   GET /confirmation.html?TopicArn&Token&Endpoint  confirms; HTML "Subscription confirmed!"
//   GET /unsubscribe.html?SubscriptionArn&Endpoint  unsubscribes; HTML "Subscription removed!"
//                                                    with a link that restores it
//   GET|POST /?Action=ConfirmSubscription&TopicArn&Token[&AuthenticateOnUnsubscribe]
//                                                    ConfirmSubscriptionResponse XML
//   GET|POST /?Action=Unsubscribe&SubscriptionArn   UnsubscribeResponse XML
//   GET /SimpleNotificationService-<hex>.pem        the message-signing certificate
// Only requests without a SigV4/SigV2 signature match (signed ones go to the AWS dispatcher), so
// an S3 bucket named "confirmation.html" stays reachable. Like AWS, these unauthenticated calls
// reach no CloudTrail record. Register on the RequestRouter before the "aws" route.
//
// Ownership: borrows the TopicService; owns the certificate provider. Thread-safety: matches()
// and handle() run concurrently on the HTTP workers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_server.h"
#include "notify/topic_service.h"

namespace tripline::api::services {

class SnsLinks {
public:
    // The PEM text of a certificate file name ("SimpleNotificationService-<hex>.pem"), or
    // nullopt (404) when the signer has no such certificate.
    using CertificateProvider = std::function<std::optional<std::string>(std::string_view)>;

    SnsLinks(notify::TopicService& topics, CertificateProvider certificates);

    bool matches(const HttpRequest& request) const;
    HttpResponse handle(const HttpRequest& request);

private:
    HttpResponse confirmation_page(const HttpRequest& request);
    HttpResponse unsubscribe_page(const HttpRequest& request);
    HttpResponse action(const HttpRequest& request, std::string_view form_text);
    HttpResponse certificate(std::string_view file_name) const;

    notify::TopicService& topics_;
    CertificateProvider certificates_;
};

}  // namespace tripline::api::services
