// SnsDeliveryHandler: delivers the outbox kinds "sns.email", "sns.email-json", "sns.http",
// "sns.https" and "sns.sqs" (payload: SnsDelivery, sns_delivery.h) in SNS's wire forms
// (sns.md §4-7) and tells the DeliveryWorker SNS's retry schedule (§9).
//
//   email       notification text + footer, or the HTML confirmation; SMTP relay or maildir
//   email-json  the signed JSON document as a text/plain mail
//   http/https  POST of the signed JSON document (or the raw Message) with SNS's headers; 2xx is
//               success, connection failures, timeouts, 5xx and 429 are retried, other replies
//               (3xx, 4xx) are permanent failures
//   sqs         the signed JSON document (or the raw Message with its attributes) via QueueSender
//
// A retry rebuilds the same document (same MessageId, same signature input). Mail sent is logged
// at info as "mail to <addr> subject <subject> (maildir <file>)" or "(smtp <url>)"; message
// bodies, signatures and SMTP passwords are never logged. UnsubscribeConfirmation messages are not
// sent by e-mail (SNS sends them only to HTTP/S endpoints); they count as delivered.
//
// Ownership: borrows the clock, signer and queue sender (which must outlive the handler); owns the
// SMTP settings and the maildir writer. Thread-safety: deliver(), retry_delay() and
// send_to_dead_letter_queue() may run concurrently; set_random_source() and set_http_options()
// are for set-up before the first delivery.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "notify/delivery_handler.h"
#include "notify/http_client.h"
#include "notify/maildir.h"
#include "notify/message_signer.h"
#include "notify/queue_sender.h"
#include "notify/smtp_client.h"
#include "notify/sns_delivery.h"

namespace tripline::notify {

class SnsDeliveryHandler final : public DeliveryHandler {
public:
    // smtp: nullopt writes e-mail into `maildir`. queues: null makes sqs deliveries and
    // dead-letter queues fail with a clear error. public_url: Tripline's public endpoint URL
    // (SigningCertURL base), read at delivery time. retry_delay_scale: multiplies every retry
    // delay (1.0 = SNS's schedule; tests and labs use e.g. 0.01).
    SnsDeliveryHandler(Clock& clock,
                       MessageSigner& signer,
                       std::optional<SmtpSettings> smtp,
                       std::filesystem::path maildir,
                       QueueSender* queues,
                       std::function<std::string()> public_url,
                       double retry_delay_scale = 1.0);

    DeliveryOutcome deliver(const storage::OutboxMessage& message) override;
    std::optional<Duration> retry_delay(const storage::OutboxMessage& message,
                                        int failed_attempts,
                                        TimePoint now) const override;
    std::optional<std::string> send_to_dead_letter_queue(const storage::OutboxMessage& message,
                                                         const DeliveryOutcome& last_failure,
                                                         ExhaustedCondition condition,
                                                         int failed_attempts) override;

    // A source of uniform values in [0, 1) for retry jitter (default: a per-thread PRNG); it is
    // called from worker threads, so it must be thread-safe (a constant in tests).
    void set_random_source(std::function<double()> uniform01) { random_ = std::move(uniform01); }
    void set_http_options(HttpClient::Options options) { http_ = HttpClient(std::move(options)); }
    void set_http_timeout(std::chrono::milliseconds timeout) { http_timeout_ = timeout; }

    // The signed JSON document of `delivery` (sns.md §6), as HTTP, SQS and email-json get it.
    Result<std::string> signed_document(const SnsDelivery& delivery) const;

private:
    DeliveryOutcome deliver_email(const SnsDelivery& d, bool json);
    DeliveryOutcome deliver_http(const SnsDelivery& d);
    DeliveryOutcome deliver_sqs(const SnsDelivery& d);
    std::string from_address() const;

    Clock& clock_;
    MessageSigner& signer_;
    std::optional<SmtpClient> smtp_;
    Maildir maildir_;
    QueueSender* queues_;
    std::function<std::string()> public_url_;
    double retry_delay_scale_;
    std::function<double()> random_;
    HttpClient http_;
    std::chrono::milliseconds http_timeout_{15'000};  // SNS's HTTP/S delivery timeout
};

}  // namespace tripline::notify
