// SQS (2012-11-05), minimal standard queues over notify::QueueService, in both protocols the aws
// CLIs speak: JSON 1.0 with X-Amz-Target "AmazonSQS.<Operation>" (CLI v1 / botocore 1.43, in
// query-compatible mode) and the query protocol with Action=<Operation> and XML replies (CLI
// v2.9). Requests may go to the endpoint or to a QueueUrl's path. Message operations are recorded
// as CloudTrail data events, with bodies hidden as AWS does. See docs/sqs.md for what is served.
// Thread-safety: handle() runs concurrently; ReceiveMessage may block for its wait time.
#pragma once

#include "api/service.h"
#include "notify/queue_service.h"

namespace tripline::api::services {

class SqsService final : public Service {
public:
    explicit SqsService(notify::QueueService& queues) : queues_(queues) {}

    std::string_view signing_name() const override { return "sqs"; }
    std::string_view event_source() const override { return "sqs.amazonaws.com"; }
    std::string_view api_version() const override { return "2012-11-05"; }
    std::string_view xml_namespace() const override {
        return "http://queue.amazonaws.com/doc/2012-11-05/";
    }
    ServiceReply handle(ApiCall& call) override;

private:
    notify::QueueService& queues_;
};

}  // namespace tripline::api::services
