#include "notify/sns_delivery_handler.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "notify/email_message.h"
#include "test_http_responder.h"
#include "test_smtp_responder.h"
#include "test_support.h"

namespace tripline::notify {
namespace {

using tripline::testing::TempDir;

std::filesystem::path data_dir() {
    return tripline::testing::source_dir() / "tests/unit/notify/data";
}

// Compares with a golden file; TRIPLINE_REWRITE_GOLDEN=1 writes `actual` instead (review the diff).
void expect_golden(const std::string& actual, const std::string& name) {
    if (std::getenv("TRIPLINE_REWRITE_GOLDEN") != nullptr) {
        std::ofstream(data_dir() / name, std::ios::binary) << actual;
        return;
    }
    EXPECT_EQ(actual, tripline::testing::read_file(data_dir() / name)) << name;
}

class RecordingQueueSender : public QueueSender {
public:
    struct Sent {
        std::string queue_arn;
        std::string body;
        std::vector<QueueMessageAttribute> attributes;
    };
    Result<std::string> send(std::string_view queue_arn,
                             std::string_view body,
                             const std::vector<QueueMessageAttribute>& attributes) override {
        std::lock_guard<std::mutex> lock(mutex);
        if (fail_with) {
            return *fail_with;
        }
        sent.push_back({std::string(queue_arn), std::string(body), attributes});
        return std::string("sqs-message-id");
    }
    std::mutex mutex;
    std::vector<Sent> sent;
    std::optional<Error> fail_with;
};

class SnsDeliveryHandlerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        key_dir_ = new TempDir();
        FakeClock clock;
        auto signer = MessageSigner::open(key_dir_->path() / "sns", clock);
        ASSERT_TRUE(signer.has_value()) << signer.error().message;
        signer_ = signer->release();
    }
    static void TearDownTestSuite() {
        delete signer_;
        delete key_dir_;
    }

    std::unique_ptr<SnsDeliveryHandler> make_handler(std::optional<SmtpSettings> smtp = {},
                                                     QueueSender* queues = nullptr,
                                                     double scale = 1.0) {
        auto handler = std::make_unique<SnsDeliveryHandler>(
            clock_,
            *signer_,
            std::move(smtp),
            dir_.path() / "mail",
            queues,
            [] { return std::string("http://127.0.0.1:4566"); },
            scale);
        handler->set_random_source([] { return 0.5; });  // no jitter
        return handler;
    }

    static SnsDelivery delivery(std::string protocol, std::string endpoint) {
        SnsDelivery d;
        d.message_id = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
        d.topic_arn = "arn:aws:sns:us-east-1:123456789012:APICallAlert1";
        d.subscription_arn = d.topic_arn + ":01f9d2e9-fed3-4d5f-8c4e-e3a70bda4b19";
        d.protocol = std::move(protocol);
        d.endpoint = std::move(endpoint);
        d.region = "us-east-1";
        d.message = "Hello world!";
        d.timestamp = "2026-11-27T13:00:00.000Z";
        d.unsubscribe_url =
            d.protocol == "email"
                ? "https://sns.us-east-1.amazonaws.com/unsubscribe.html?SubscriptionArn=" +
                      d.subscription_arn + "&Endpoint=" + d.endpoint
                : "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" +
                      d.subscription_arn;
        return d;
    }

    static storage::OutboxMessage outbox(const SnsDelivery& d) {
        storage::OutboxMessage m;
        m.id = 1;
        m.kind = "sns." + d.protocol;
        m.destination = d.endpoint;
        m.payload = to_json(d);
        return m;
    }

    std::vector<std::filesystem::path> mails() const {
        std::vector<std::filesystem::path> files;
        if (std::filesystem::exists(dir_.path() / "mail/new")) {
            for (const auto& e : std::filesystem::directory_iterator(dir_.path() / "mail/new")) {
                files.push_back(e.path());
            }
        }
        return files;
    }

    // What a subscriber does: rebuild the string to sign from the document and verify it.
    static void expect_verifiable(const nlohmann::json& doc) {
        std::string text;
        const bool notification = doc["Type"] == "Notification";
        for (const char* key : notification ? std::vector<const char*>{"Message",
                                                                       "MessageId",
                                                                       "Subject",
                                                                       "Timestamp",
                                                                       "TopicArn",
                                                                       "Type"}
                                            : std::vector<const char*>{"Message",
                                                                       "MessageId",
                                                                       "SubscribeURL",
                                                                       "Timestamp",
                                                                       "Token",
                                                                       "TopicArn",
                                                                       "Type"}) {
            if (doc.contains(key)) {
                text += std::string(key) + "\n" + doc[key].get<std::string>() + "\n";
            }
        }
        EXPECT_EQ(doc["SigningCertURL"],
                  "http://127.0.0.1:4566/" + signer_->certificate_file_name());
        EXPECT_TRUE(MessageSigner::verify(text,
                                          doc["Signature"].get<std::string>(),
                                          doc["SignatureVersion"].get<std::string>(),
                                          signer_->certificate_pem()));
    }

    static inline TempDir* key_dir_ = nullptr;
    static inline MessageSigner* signer_ = nullptr;
    FakeClock clock_{TimePoint{std::chrono::seconds{1'795'784'400}}};  // 2026-11-27T13:00:00Z
    TempDir dir_;
};

std::string mail_body(const std::string& stored) {
    std::size_t blank = stored.find("\n\n");
    return quoted_printable_decode(stored.substr(blank + 2));
}

TEST_F(SnsDeliveryHandlerTest, CloudTrailMissionMailInMaildirMatchesGolden) {
    SnsDelivery d = delivery("email", "secops@example.com");
    d.message = tripline::testing::read_file(data_dir() / "cloudtrail_event_message.json");
    auto handler = make_handler();
    DeliveryOutcome outcome = handler->deliver(outbox(d));
    ASSERT_EQ(outcome.kind, DeliveryOutcome::Kind::kDelivered) << outcome.error;
    auto files = mails();
    ASSERT_EQ(files.size(), 1u);
    std::string stored = tripline::testing::read_file(files[0]);
    expect_golden(stored, "sns_email_cloudtrail.eml");
    EXPECT_EQ(mail_body(stored),
              tripline::testing::read_file(data_dir() / "sns_email_cloudtrail_body.txt"));
}

TEST_F(SnsDeliveryHandlerTest, GuardDutyMissionMailInMaildirMatchesGolden) {
    SnsDelivery d = delivery("email", "secops@example.com");
    d.message = tripline::testing::read_file(data_dir() / "guardduty_transformed_message.txt");
    auto handler = make_handler();
    ASSERT_EQ(handler->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    auto files = mails();
    ASSERT_EQ(files.size(), 1u);
    std::string stored = tripline::testing::read_file(files[0]);
    expect_golden(stored, "sns_email_guardduty.eml");
    EXPECT_EQ(mail_body(stored),
              tripline::testing::read_file(data_dir() / "sns_email_guardduty_body.txt"));
}

TEST_F(SnsDeliveryHandlerTest, ConfirmationMailUsesTheTopicDisplayName) {
    SnsDelivery d = delivery("email", "secops@example.com");
    d.type = std::string(kSnsSubscriptionConfirmation);
    d.display_name = "SecOps";
    d.token = "abc123";
    d.confirmation_url = "http://127.0.0.1:4566/confirmation.html?TopicArn=" + d.topic_arn +
                         "&Token=abc123&Endpoint=secops@example.com";
    ASSERT_EQ(make_handler()->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    auto files = mails();
    ASSERT_EQ(files.size(), 1u);
    std::string stored = tripline::testing::read_file(files[0]);
    EXPECT_NE(stored.find("From: SecOps <no-reply@sns.amazonaws.com>\n"), std::string::npos);
    EXPECT_NE(stored.find("Subject: AWS Notification - Subscription Confirmation\n"),
              std::string::npos);
    EXPECT_NE(stored.find("Content-Type: text/html; charset=\"utf-8\"\n"), std::string::npos);
    EXPECT_NE(mail_body(stored).find("&amp;Token=abc123&amp;Endpoint="), std::string::npos);
}

TEST_F(SnsDeliveryHandlerTest, EmailJsonMailCarriesASignedDocument) {
    SnsDelivery d = delivery("email-json", "secops@example.com");
    d.subject = "Root login";
    ASSERT_EQ(make_handler()->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    auto files = mails();
    ASSERT_EQ(files.size(), 1u);
    std::string stored = tripline::testing::read_file(files[0]);
    EXPECT_NE(stored.find("Subject: Root login\n"), std::string::npos);
    std::string body = mail_body(stored);
    while (!body.empty() && body.back() == '\n') {
        body.pop_back();
    }
    auto doc = nlohmann::json::parse(body);
    EXPECT_EQ(doc["Type"], "Notification");
    EXPECT_EQ(doc["Subject"], "Root login");
    expect_verifiable(doc);
}

TEST_F(SnsDeliveryHandlerTest, NoUnsubscribeConfirmationMails) {
    SnsDelivery d = delivery("email", "secops@example.com");
    d.type = std::string(kSnsUnsubscribeConfirmation);
    EXPECT_EQ(make_handler()->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    EXPECT_TRUE(mails().empty());
}

TEST_F(SnsDeliveryHandlerTest, BadPayloadsAndAddressesArePermanent) {
    auto handler = make_handler();
    storage::OutboxMessage m;
    m.kind = "sns.email";
    m.payload = "{not json";
    EXPECT_EQ(handler->deliver(m).kind, DeliveryOutcome::Kind::kPermanent);
    SnsDelivery d = delivery("email", "a@example.com\r\nBcc: b@example.com");
    DeliveryOutcome outcome = handler->deliver(outbox(d));
    EXPECT_EQ(outcome.kind, DeliveryOutcome::Kind::kPermanent);
    EXPECT_NE(outcome.error.find("invalid e-mail address"), std::string::npos);
    SnsDelivery subject = delivery("email", "a@example.com");
    subject.subject = "x\r\nBcc: b@example.com";
    EXPECT_EQ(handler->deliver(outbox(subject)).kind, DeliveryOutcome::Kind::kPermanent);
    storage::OutboxMessage mismatch = outbox(delivery("email", "a@example.com"));
    mismatch.kind = "sns.http";
    EXPECT_EQ(handler->deliver(mismatch).kind, DeliveryOutcome::Kind::kPermanent);
    EXPECT_TRUE(mails().empty());
}

TEST_F(SnsDeliveryHandlerTest, EmailThroughSmtp) {
    testing::SmtpResponder relay;
    SmtpSettings settings = relay.settings();
    settings.from = "alerts@tripline.example";
    auto handler = make_handler(settings);
    ASSERT_EQ(handler->deliver(outbox(delivery("email", "secops@example.com"))).kind,
              DeliveryOutcome::Kind::kDelivered);
    std::string data = relay.data();
    EXPECT_NE(data.find("From: AWS Notifications <alerts@tripline.example>\r\n"),
              std::string::npos);
    EXPECT_NE(data.find("Message-ID: <22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324."
                        "01f9d2e9-fed3-4d5f-8c4e-e3a70bda4b19@tripline.example>\r\n"),
              std::string::npos);
    auto commands = relay.commands();
    EXPECT_NE(std::find(commands.begin(), commands.end(), "MAIL FROM:<alerts@tripline.example>"),
              commands.end());
    EXPECT_TRUE(mails().empty());
}

TEST_F(SnsDeliveryHandlerTest, SmtpFailuresAreClassified) {
    testing::SmtpResponder unknown("550 5.1.1 mailbox unknown");
    EXPECT_EQ(make_handler(unknown.settings())
                  ->deliver(outbox(delivery("email", "secops@example.com")))
                  .kind,
              DeliveryOutcome::Kind::kPermanent);
    testing::SmtpResponder busy("452 4.3.1 insufficient storage");
    EXPECT_EQ(make_handler(busy.settings())
                  ->deliver(outbox(delivery("email", "secops@example.com")))
                  .kind,
              DeliveryOutcome::Kind::kRetriable);
}

TEST_F(SnsDeliveryHandlerTest, HttpNotificationIsSignedWithSnsHeaders) {
    testing::TestHttpResponder endpoint;
    SnsDelivery d = delivery("http", endpoint.url());
    d.subject = "Test";
    d.signature_version = "2";
    d.message_attributes.push_back({"sev", "Number", "5"});
    ASSERT_EQ(make_handler()->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    auto requests = endpoint.requests();
    ASSERT_EQ(requests.size(), 1u);
    const auto& r = requests[0];
    EXPECT_EQ(r.header("x-amz-sns-message-type"), "Notification");
    EXPECT_EQ(r.header("x-amz-sns-message-id"), d.message_id);
    EXPECT_EQ(r.header("x-amz-sns-topic-arn"), d.topic_arn);
    EXPECT_EQ(r.header("x-amz-sns-subscription-arn"), d.subscription_arn);
    EXPECT_EQ(r.header("content-type"), "text/plain; charset=UTF-8");
    EXPECT_EQ(r.header("user-agent"), "Amazon Simple Notification Service Agent");
    auto doc = nlohmann::json::parse(r.body);
    EXPECT_EQ(doc["SignatureVersion"], "2");
    EXPECT_EQ(doc["MessageAttributes"]["sev"]["Value"], "5");
    expect_verifiable(doc);
}

TEST_F(SnsDeliveryHandlerTest, HttpConfirmationIsSigned) {
    testing::TestHttpResponder endpoint;
    SnsDelivery d = delivery("http", endpoint.url());
    d.type = std::string(kSnsSubscriptionConfirmation);
    d.message.clear();
    d.token = "2336412f37fb687f5d51e6e2425a";
    d.subscribe_url = "http://127.0.0.1:4566/?Action=ConfirmSubscription&TopicArn=" + d.topic_arn +
                      "&Token=" + d.token;
    ASSERT_EQ(make_handler()->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    auto requests = endpoint.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_FALSE(requests[0].has_header("x-amz-sns-subscription-arn"));
    auto doc = nlohmann::json::parse(requests[0].body);
    EXPECT_EQ(doc["SubscribeURL"], d.subscribe_url);
    expect_verifiable(doc);
}

TEST_F(SnsDeliveryHandlerTest, HttpRawDelivery) {
    testing::TestHttpResponder endpoint;
    SnsDelivery d = delivery("http", endpoint.url());
    d.raw_message_delivery = true;
    d.message = "{\"alarm\":true}";
    d.delivery_policy = R"({"requestPolicy":{"headerContentType":"application/json"}})";
    ASSERT_EQ(make_handler()->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    auto requests = endpoint.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].body, "{\"alarm\":true}");
    EXPECT_EQ(requests[0].header("x-amz-sns-rawdelivery"), "true");
    EXPECT_EQ(requests[0].header("content-type"), "application/json");
}

TEST_F(SnsDeliveryHandlerTest, HttpFailuresAreClassified) {
    auto handler = make_handler();
    struct Case {
        int status;
        DeliveryOutcome::Kind kind;
    };
    for (Case c : {Case{500, DeliveryOutcome::Kind::kRetriable},
                   Case{503, DeliveryOutcome::Kind::kRetriable},
                   Case{429, DeliveryOutcome::Kind::kRetriable},
                   Case{404, DeliveryOutcome::Kind::kPermanent},
                   Case{403, DeliveryOutcome::Kind::kPermanent},
                   Case{301, DeliveryOutcome::Kind::kPermanent},
                   Case{204, DeliveryOutcome::Kind::kDelivered}}) {
        testing::TestHttpResponder endpoint({c.status});
        DeliveryOutcome outcome = handler->deliver(outbox(delivery("http", endpoint.url())));
        EXPECT_EQ(outcome.kind, c.kind) << c.status << ": " << outcome.error;
        if (outcome.kind != DeliveryOutcome::Kind::kDelivered) {
            EXPECT_NE(outcome.error.find(std::to_string(c.status)), std::string::npos);
        }
    }
    std::string refused = "http://127.0.0.1:" + std::to_string(testing::unused_port()) + "/";
    EXPECT_EQ(handler->deliver(outbox(delivery("http", refused))).kind,
              DeliveryOutcome::Kind::kRetriable);
    EXPECT_EQ(handler->deliver(outbox(delivery("https", "http://example.com/"))).kind,
              DeliveryOutcome::Kind::kPermanent);
}

TEST_F(SnsDeliveryHandlerTest, SqsGetsTheDocumentOrTheRawMessage) {
    RecordingQueueSender queues;
    auto handler = make_handler({}, &queues);
    const std::string queue = "arn:aws:sqs:us-east-1:123456789012:alerts";
    SnsDelivery d = delivery("sqs", queue);
    d.message_attributes.push_back({"tags", "String.Array", "[\"a\"]"});
    ASSERT_EQ(handler->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    d.raw_message_delivery = true;
    ASSERT_EQ(handler->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kDelivered);
    ASSERT_EQ(queues.sent.size(), 2u);
    EXPECT_EQ(queues.sent[0].queue_arn, queue);
    auto doc = nlohmann::json::parse(queues.sent[0].body);
    expect_verifiable(doc);
    EXPECT_TRUE(queues.sent[0].attributes.empty());
    EXPECT_EQ(queues.sent[1].body, "Hello world!");
    ASSERT_EQ(queues.sent[1].attributes.size(), 1u);
    EXPECT_EQ(queues.sent[1].attributes[0].data_type, "String");
}

TEST_F(SnsDeliveryHandlerTest, SqsFailuresAreClassified) {
    RecordingQueueSender queues;
    auto handler = make_handler({}, &queues);
    SnsDelivery d = delivery("sqs", "arn:aws:sqs:us-east-1:123456789012:gone");
    queues.fail_with = make_error(Errc::kNotFound, "no queue");
    EXPECT_EQ(handler->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kPermanent);
    queues.fail_with = make_error(Errc::kUnavailable, "database busy");
    EXPECT_EQ(handler->deliver(outbox(d)).kind, DeliveryOutcome::Kind::kRetriable);
    DeliveryOutcome none = make_handler()->deliver(outbox(d));
    EXPECT_EQ(none.kind, DeliveryOutcome::Kind::kPermanent);
    EXPECT_NE(none.error.find("no queue service"), std::string::npos);
}

TEST_F(SnsDeliveryHandlerTest, RetryDelaysFollowTheProtocolScaled) {
    using std::chrono::milliseconds;
    auto handler = make_handler({}, nullptr, 0.01);
    auto email = outbox(delivery("email", "a@example.com"));
    EXPECT_EQ(handler->retry_delay(email, 1, clock_.now()), Duration(milliseconds(100)));
    EXPECT_EQ(handler->retry_delay(email, 12, clock_.now()), Duration(milliseconds(6000)));
    EXPECT_TRUE(handler->retry_delay(email, 50, clock_.now()).has_value());
    EXPECT_FALSE(handler->retry_delay(email, 51, clock_.now()).has_value());

    auto http = outbox(delivery("http", "http://127.0.0.1:9/"));
    EXPECT_EQ(handler->retry_delay(http, 1, clock_.now()), Duration(milliseconds(200)));
    EXPECT_EQ(handler->retry_delay(http, 3, clock_.now()), Duration(milliseconds(200)));
    EXPECT_FALSE(handler->retry_delay(http, 4, clock_.now()).has_value());

    SnsDelivery custom = delivery("https", "https://example.com/");
    custom.delivery_policy =
        R"({"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":1}})";
    EXPECT_EQ(handler->retry_delay(outbox(custom), 1, clock_.now()), Duration(milliseconds(10)));
    EXPECT_FALSE(handler->retry_delay(outbox(custom), 2, clock_.now()).has_value());
    custom.delivery_policy = R"({"healthyRetryPolicy":{"numRetries":1000}})";  // invalid: default
    EXPECT_TRUE(handler->retry_delay(outbox(custom), 3, clock_.now()).has_value());

    auto sqs = outbox(delivery("sqs", "arn:aws:sqs:us-east-1:123456789012:q"));
    EXPECT_EQ(handler->retry_delay(sqs, 1, clock_.now()), Duration::zero());
    EXPECT_EQ(handler->retry_delay(sqs, 4, clock_.now()), Duration(milliseconds(10)));

    handler->set_random_source([] { return 0.0; });  // jitter -10%
    EXPECT_EQ(handler->retry_delay(http, 1, clock_.now()), Duration(milliseconds(180)));
}

TEST_F(SnsDeliveryHandlerTest, DeadLetterQueueGetsTheMessage) {
    RecordingQueueSender queues;
    auto handler = make_handler({}, &queues);
    testing::TestHttpResponder endpoint({500});
    SnsDelivery d = delivery("http", endpoint.url());
    auto no_redrive = outbox(d);
    DeliveryOutcome failure = DeliveryOutcome::retriable("HTTP 500");
    EXPECT_FALSE(handler
                     ->send_to_dead_letter_queue(
                         no_redrive, failure, ExhaustedCondition::kMaximumRetryAttempts, 4)
                     .has_value());
    const std::string dlq = "arn:aws:sqs:us-east-1:123456789012:sns-dlq";
    d.redrive_policy = R"({"deadLetterTargetArn":")" + dlq + R"("})";
    auto arn = handler->send_to_dead_letter_queue(
        outbox(d), failure, ExhaustedCondition::kMaximumRetryAttempts, 4);
    ASSERT_EQ(arn, dlq);
    ASSERT_EQ(queues.sent.size(), 1u);
    EXPECT_EQ(queues.sent[0].queue_arn, dlq);
    expect_verifiable(nlohmann::json::parse(queues.sent[0].body));

    queues.fail_with = make_error(Errc::kNotFound, "no such queue");
    EXPECT_FALSE(handler
                     ->send_to_dead_letter_queue(
                         outbox(d), failure, ExhaustedCondition::kMaximumRetryAttempts, 4)
                     .has_value());
}

}  // namespace
}  // namespace tripline::notify
