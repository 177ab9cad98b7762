#include "notify/queue_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "notify/queue_message_md5.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::notify {
namespace {

using namespace std::chrono_literals;

class QueueServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        open();
        ASSERT_TRUE(service_->create_queue(ref_, {}, {}).has_value());
    }

    void open() {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db.has_value()) << db.error().to_string();
        db_ = std::move(*db);
        service_ = std::make_unique<QueueService>(
            *db_, clock_, [] { return std::string("http://127.0.0.1:4566/"); });
    }

    SentQueueMessage send(std::string body, std::optional<int> delay = std::nullopt) {
        OutgoingQueueMessage m;
        m.body = std::move(body);
        m.delay_seconds = delay;
        m.sender_id = "AIDATEST";
        auto sent = service_->send_message(ref_, m);
        EXPECT_TRUE(sent.has_value()) << sent.error().to_string();
        return sent.value_or(SentQueueMessage{});
    }

    std::vector<ReceivedQueueMessage> receive(int max = 10,
                                              std::optional<int> visibility = std::nullopt,
                                              std::optional<int> wait = std::nullopt) {
        QueueReceiveRequest r;
        r.max_messages = max;
        r.visibility_timeout = visibility;
        r.wait_seconds = wait;
        auto got = service_->receive_messages(ref_, r);
        EXPECT_TRUE(got.has_value()) << got.error().to_string();
        return got.value_or(std::vector<ReceivedQueueMessage>{});
    }

    std::string attribute(const std::string& name) {
        auto attributes = service_->get_queue_attributes(ref_, {name});
        EXPECT_TRUE(attributes.has_value());
        auto it = attributes->find(name);
        return it == attributes->end() ? "" : it->second;
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<QueueService> service_;
    QueueRef ref_{"123456789012", "us-east-1", "jobs"};
};

TEST_F(QueueServiceTest, UrlsAndArns) {
    auto queue = service_->get_queue(ref_);
    ASSERT_TRUE(queue.has_value());
    EXPECT_EQ(queue->url, "http://127.0.0.1:4566/123456789012/jobs");
    EXPECT_EQ(queue->arn, "arn:aws:sqs:us-east-1:123456789012:jobs");
    auto parsed =
        QueueService::parse_queue_url("https://sqs.us-east-1.amazonaws.com/123456789012/q");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->first, "123456789012");
    EXPECT_EQ(parsed->second, "q");
    EXPECT_TRUE(QueueService::parse_queue_url("/123456789012/q").has_value());
    EXPECT_FALSE(QueueService::parse_queue_url("http://host/q").has_value());
    EXPECT_FALSE(QueueService::parse_queue_url("http://host/notanaccount/q").has_value());
}

TEST_F(QueueServiceTest, CreateIsIdempotentOnlyWithTheSameAttributes) {
    QueueRef ref{"123456789012", "us-east-1", "tuned"};
    ASSERT_TRUE(service_->create_queue(ref, {{"VisibilityTimeout", "60"}}, {}).has_value());
    EXPECT_TRUE(service_->create_queue(ref, {{"VisibilityTimeout", "60"}}, {}).has_value());
    EXPECT_TRUE(service_->create_queue(ref, {}, {}).has_value());
    auto conflict = service_->create_queue(ref, {{"VisibilityTimeout", "61"}}, {});
    ASSERT_FALSE(conflict.has_value());
    EXPECT_EQ(conflict.error().code, Errc::kAlreadyExists);
    EXPECT_EQ(conflict.error().message,
              "A queue already exists with the same name and a different value for attribute "
              "VisibilityTimeout");
}

TEST_F(QueueServiceTest, RefusesFifoBadNamesAndBadValues) {
    auto fifo = service_->create_queue({"123456789012", "us-east-1", "q.fifo"}, {}, {});
    EXPECT_EQ(fifo.error().code, Errc::kFailedPrecondition);
    auto fifo_attribute =
        service_->create_queue({"123456789012", "us-east-1", "q"}, {{"FifoQueue", "true"}}, {});
    EXPECT_EQ(fifo_attribute.error().code, Errc::kFailedPrecondition);
    auto name = service_->create_queue({"123456789012", "us-east-1", "bad name"}, {}, {});
    EXPECT_EQ(name.error().code, Errc::kInvalidArgument);
    auto value =
        service_->create_queue({"123456789012", "us-east-1", "q"}, {{"DelaySeconds", "901"}}, {});
    EXPECT_EQ(value.error().code, Errc::kInvalidArgument);
    auto dlq = service_->create_queue(
        {"123456789012", "us-east-1", "q"},
        {{"RedrivePolicy",
          R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:none","maxReceiveCount":3})"}},
        {});
    ASSERT_FALSE(dlq.has_value());
    EXPECT_NE(dlq.error().message.find("Dead letter target does not exist"), std::string::npos);
}

TEST_F(QueueServiceTest, SendReceiveDelete) {
    const SentQueueMessage sent = send("This is a test message");
    EXPECT_EQ(sent.md5_of_body, "fafb00f5732ab283681e124bf8747ed1");
    EXPECT_EQ(sent.md5_of_attributes, "");
    auto got = receive();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].message_id, sent.message_id);
    EXPECT_EQ(got[0].body, "This is a test message");
    EXPECT_EQ(got[0].md5_of_body, sent.md5_of_body);
    EXPECT_EQ(got[0].sender_id, "AIDATEST");
    EXPECT_EQ(got[0].sent_at, clock_.now());
    EXPECT_EQ(got[0].receive_count, 1);
    EXPECT_EQ(service_->delete_message(ref_, got[0].receipt_handle).value(),
              ReceiptOutcome::kApplied);
    clock_.advance(31s);
    EXPECT_TRUE(receive().empty());
    EXPECT_EQ(service_->delete_message(ref_, got[0].receipt_handle).value(),
              ReceiptOutcome::kMessageGone);
    EXPECT_EQ(service_->delete_message(ref_, "garbage").value(), ReceiptOutcome::kInvalidHandle);
}

TEST_F(QueueServiceTest, MessageAttributesAndTheirDigest) {
    OutgoingQueueMessage m;
    m.body = "x";
    m.attributes = {{"timestamp", "Number", "1493147359900"}};
    auto sent = service_->send_message(ref_, m);
    ASSERT_TRUE(sent.has_value());
    EXPECT_EQ(sent->md5_of_attributes, "235c5c510d26fb653d073faed50ae77c");
    auto got = receive();
    ASSERT_EQ(got.size(), 1u);
    ASSERT_EQ(got[0].attributes.size(), 1u);
    EXPECT_EQ(got[0].attributes[0].value, "1493147359900");
    m.attributes = {{"AWS.reserved", "String", "x"}};
    EXPECT_EQ(service_->send_message(ref_, m).error().code, Errc::kInvalidArgument);
}

TEST_F(QueueServiceTest, VisibilityTimeoutAndReceiveCount) {
    send("m");
    auto first = receive(1, 10);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(attribute("ApproximateNumberOfMessagesNotVisible"), "1");
    clock_.advance(9s);
    EXPECT_TRUE(receive().empty());
    clock_.advance(1s);
    auto second = receive();
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].receive_count, 2);
    EXPECT_NE(second[0].receipt_handle, first[0].receipt_handle);
    EXPECT_EQ(second[0].first_received_at, clock_.now() - 10s);
    // The old handle is stale: deleting with it succeeds without deleting.
    EXPECT_EQ(service_->delete_message(ref_, first[0].receipt_handle).value(),
              ReceiptOutcome::kStaleHandle);
    EXPECT_EQ(attribute("ApproximateNumberOfMessagesNotVisible"), "1");
}

TEST_F(QueueServiceTest, ChangeMessageVisibility) {
    send("m");
    auto got = receive(1, 30);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(service_->change_message_visibility(ref_, got[0].receipt_handle, 0).value(),
              ReceiptOutcome::kApplied);
    EXPECT_EQ(service_->change_message_visibility(ref_, got[0].receipt_handle, 10).value(),
              ReceiptOutcome::kNotInFlight);
    auto again = receive(1, 30);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(service_->change_message_visibility(ref_, got[0].receipt_handle, 10).value(),
              ReceiptOutcome::kStaleHandle);
    EXPECT_EQ(service_->change_message_visibility(ref_, again[0].receipt_handle, 100).value(),
              ReceiptOutcome::kApplied);
    clock_.advance(99s);
    EXPECT_TRUE(receive().empty());
    clock_.advance(1s);
    EXPECT_EQ(receive().size(), 1u);
    EXPECT_EQ(service_->change_message_visibility(ref_, "x", 10).value(),
              ReceiptOutcome::kInvalidHandle);
    EXPECT_EQ(
        service_->change_message_visibility(ref_, again[0].receipt_handle, 43201).error().code,
        Errc::kInvalidArgument);
}

TEST_F(QueueServiceTest, DelaysFromTheMessageOrTheQueue) {
    send("now");
    send("later", 5);
    EXPECT_EQ(attribute("ApproximateNumberOfMessagesDelayed"), "1");
    // Received messages stay invisible for the rest of the test.
    EXPECT_EQ(receive(10, 43200).size(), 1u);
    clock_.advance(5s);
    EXPECT_EQ(receive(10, 43200).size(), 1u);
    ASSERT_TRUE(service_->set_queue_attributes(ref_, {{"DelaySeconds", "60"}}));
    send("queue delay");
    clock_.advance(59s);
    EXPECT_TRUE(receive().empty());
    clock_.advance(1s);
    EXPECT_EQ(receive().size(), 1u);
    OutgoingQueueMessage m{"x", 901, {}, ""};
    EXPECT_EQ(service_->send_message(ref_, m).error().code, Errc::kInvalidArgument);
}

TEST_F(QueueServiceTest, RetentionExpiresMessages) {
    ASSERT_TRUE(service_->set_queue_attributes(ref_, {{"MessageRetentionPeriod", "60"}}));
    send("old");
    clock_.advance(30s);
    send("new");
    EXPECT_EQ(attribute("ApproximateNumberOfMessages"), "2");
    clock_.advance(30s);
    EXPECT_EQ(attribute("ApproximateNumberOfMessages"), "1");
    auto got = receive();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].body, "new");
}

TEST_F(QueueServiceTest, AttributesAll) {
    clock_.advance(5s);
    ASSERT_TRUE(service_->set_queue_attributes(ref_, {{"VisibilityTimeout", "45"}}));
    send("a");
    auto all = service_->get_queue_attributes(ref_, {"All"});
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(all->at("QueueArn"), "arn:aws:sqs:us-east-1:123456789012:jobs");
    EXPECT_EQ(all->at("VisibilityTimeout"), "45");
    EXPECT_EQ(all->at("ApproximateNumberOfMessages"), "1");
    EXPECT_EQ(all->at("CreatedTimestamp"), "1700000000");
    EXPECT_EQ(all->at("LastModifiedTimestamp"), "1700000005");
    EXPECT_EQ(all->at("MessageRetentionPeriod"), "345600");
    EXPECT_EQ(all->count("RedrivePolicy"), 0u);
    EXPECT_TRUE(service_->get_queue_attributes(ref_, {}).value().empty());
    EXPECT_EQ(service_->get_queue_attributes(ref_, {"Nope"}).error().code, Errc::kInvalidArgument);
}

TEST_F(QueueServiceTest, RedrivePolicyMovesPoisonMessagesToTheDeadLetterQueue) {
    QueueRef dlq{"123456789012", "us-east-1", "jobs-dlq"};
    ASSERT_TRUE(service_->create_queue(dlq, {}, {}).has_value());
    ASSERT_TRUE(service_->set_queue_attributes(
        ref_,
        {{"RedrivePolicy",
          R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:jobs-dlq","maxReceiveCount":"2"})"}}));
    const SentQueueMessage sent = send("poison");
    for (int i = 0; i < 2; ++i) {
        ASSERT_EQ(receive(1, 0).size(), 1u);
    }
    EXPECT_TRUE(receive(1, 0).empty());
    QueueReceiveRequest r;
    auto moved = service_->receive_messages(dlq, r);
    ASSERT_TRUE(moved.has_value());
    ASSERT_EQ(moved->size(), 1u);
    EXPECT_EQ((*moved)[0].message_id, sent.message_id);
    EXPECT_EQ((*moved)[0].dead_letter_source_arn, "arn:aws:sqs:us-east-1:123456789012:jobs");
    EXPECT_EQ((*moved)[0].receive_count, 1);
}

TEST_F(QueueServiceTest, QueueSenderFindsTheQueueByArn) {
    auto id = service_->send("arn:aws:sqs:us-east-1:123456789012:jobs",
                             R"({"Type":"Notification"})",
                             {{"source", "String", "sns"}});
    ASSERT_TRUE(id.has_value()) << id.error().to_string();
    auto got = receive();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].message_id, *id);
    EXPECT_EQ(got[0].sender_id, "123456789012");
    auto missing = service_->send("arn:aws:sqs:us-east-1:123456789012:nope", "x", {});
    EXPECT_EQ(missing.error().code, Errc::kNotFound);
    auto invalid =
        service_->send("arn:aws:sqs:us-east-1:123456789012:jobs", std::string("\x01", 1), {});
    EXPECT_EQ(invalid.error().code, Errc::kInvalidArgument);
}

TEST_F(QueueServiceTest, LongPollingWakesOnSend) {
    auto waiting = std::async(std::launch::async, [&] { return receive(1, std::nullopt, 20); });
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(waiting.wait_for(0s), std::future_status::timeout);  // it is waiting
    send("wake up");
    ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready);
    auto got = waiting.get();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].body, "wake up");
}

TEST_F(QueueServiceTest, LongPollingUsesTheQueueWaitTimeAndEndsEmpty) {
    ASSERT_TRUE(service_->set_queue_attributes(ref_, {{"ReceiveMessageWaitTimeSeconds", "1"}}));
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(receive().empty());
    const auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_GE(waited, 900ms);
    EXPECT_TRUE(receive(1, std::nullopt, 0).empty());  // an explicit 0 does not wait
}

TEST_F(QueueServiceTest, ShutdownReleasesWaitingReceivers) {
    auto waiting = std::async(std::launch::async, [&] { return receive(1, std::nullopt, 20); });
    std::this_thread::sleep_for(100ms);
    service_->shutdown();
    ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready);
    EXPECT_TRUE(waiting.get().empty());
}

TEST_F(QueueServiceTest, PurgeListAndDelete) {
    send("a");
    send("b");
    EXPECT_EQ(service_->purge_queue(ref_).value_or(-1), 2);
    EXPECT_TRUE(receive().empty());
    ASSERT_TRUE(service_->create_queue({"123456789012", "us-east-1", "jobs-2"}, {}, {}));
    ASSERT_TRUE(service_->create_queue({"123456789012", "eu-west-1", "jobs-3"}, {}, {}));
    auto listed = service_->list_queues("123456789012", "us-east-1", "jobs");
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[1].ref.name, "jobs-2");
    send("c");
    ASSERT_TRUE(service_->delete_queue(ref_));
    EXPECT_EQ(service_->get_queue(ref_).error().code, Errc::kNotFound);
    EXPECT_EQ(service_->delete_queue(ref_).error().code, Errc::kNotFound);
    // A queue created again with the name starts empty.
    ASSERT_TRUE(service_->create_queue(ref_, {}, {}));
    EXPECT_TRUE(receive().empty());
}

TEST_F(QueueServiceTest, TagsAreKept) {
    ASSERT_TRUE(service_->tag_queue(ref_, {{"team", "sec"}, {"env", "lab"}}));
    ASSERT_TRUE(service_->untag_queue(ref_, {"env"}));
    auto queue = service_->get_queue(ref_);
    ASSERT_TRUE(queue.has_value());
    EXPECT_EQ(queue->tags, (std::map<std::string, std::string>{{"team", "sec"}}));
}

TEST_F(QueueServiceTest, MessagesAndQueuesSurviveARestart) {
    send("durable");
    service_.reset();
    db_.reset();
    open();
    auto got = receive();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].body, "durable");
}

TEST_F(QueueServiceTest, TooLargeMessagesAreRefused) {
    ASSERT_TRUE(service_->set_queue_attributes(ref_, {{"MaximumMessageSize", "1024"}}));
    OutgoingQueueMessage m;
    m.body = std::string(1025, 'x');
    auto sent = service_->send_message(ref_, m);
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().message,
              "One or more parameters are invalid. Reason: Message must be shorter than 1024 "
              "bytes.");
    m.body = std::string(1024, 'x');
    EXPECT_TRUE(service_->send_message(ref_, m).has_value());
}

}  // namespace
}  // namespace tripline::notify
