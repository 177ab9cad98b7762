// QueueService: SQS queues (minimal, durable); owned by the SQS helper.
// Placeholder declaration so the engine compiles while the service is being written.
#pragma once

namespace tripline::notify {

class QueueService {
public:
    virtual ~QueueService() = default;
};

}  // namespace tripline::notify
