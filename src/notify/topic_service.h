// TopicService: SNS topics and subscriptions (sns.md); owned by the SNS helper.
// Placeholder declaration so the engine compiles while the service is being written.
#pragma once

namespace tripline::notify {

class TopicService {
public:
    virtual ~TopicService() = default;
};

}  // namespace tripline::notify
