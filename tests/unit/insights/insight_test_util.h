// Feeding InsightStreams in tests: a seeded week of ordinary activity and bursts on top of it.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "insights/insight_stream.h"

namespace tripline::insights::testing {

inline constexpr std::int64_t kDay = 24 * 60;
// 2026-11-01T00:00Z in minutes since the epoch.
inline constexpr std::int64_t kStart = 29'891'520;

inline std::string new_test_id() {
    static int next = 0;
    return "id-" + std::to_string(++next);
}

struct Calls {
    Calls(std::string source_,
          std::string name_,
          bool write_ = true,
          std::string error_ = "",
          std::string arn_ = "arn:aws:iam::111122223333:user/alice",
          std::string agent_ = "aws-cli/2.15.0")
        : source(std::move(source_)),
          name(std::move(name_)),
          write(write_),
          error(std::move(error_)),
          arn(std::move(arn_)),
          agent(std::move(agent_)) {}

    std::string source;
    std::string name;
    bool write;
    std::string error;
    std::string arn;
    std::string agent;
};

inline void add(InsightStream& stream,
                std::int64_t minute,
                int n,
                const Calls& calls,
                trail::InsightTypes types = {true, true}) {
    for (int i = 0; i < n; ++i) {
        ObservedCall call;
        call.event_source = calls.source;
        call.event_name = calls.name;
        call.error_code = calls.error;
        call.user_arn = calls.arn;
        call.user_agent = calls.agent;
        call.write = calls.write;
        call.minute = minute;
        stream.observe(call, types);
    }
}

// Ordinary activity of one minute: reads, a few writes and rare errors by a handful of users.
inline void add_noise(InsightStream& stream, std::int64_t minute, std::mt19937& random) {
    static const std::vector<std::string> users = {"arn:aws:iam::111122223333:user/alice",
                                                   "arn:aws:iam::111122223333:user/bob",
                                                   "arn:aws:sts::111122223333:assumed-role/ci/job"};
    auto poisson = [&](double mean) { return std::poisson_distribution<int>(mean)(random); };
    const std::string& user = users[random() % users.size()];
    add(stream, minute, poisson(2.0), {"ec2.amazonaws.com", "DescribeInstances", false, "", user});
    add(stream, minute, poisson(0.3), {"ec2.amazonaws.com", "CreateTags", true, "", user});
    add(stream, minute, poisson(0.05), {"ec2.amazonaws.com", "RunInstances", true, "", user});
    add(stream, minute, poisson(0.002), {"s3.amazonaws.com", "PutBucketPolicy", true, "", user});
    add(stream,
        minute,
        poisson(0.02),
        {"ec2.amazonaws.com", "DescribeInstances", false, "Client.UnauthorizedOperation", user});
}

// Noise for minutes [from, to), closing each minute as it passes; returns the events.
inline std::vector<InsightEvent> run_noise(InsightStream& stream,
                                           std::int64_t from,
                                           std::int64_t to,
                                           std::mt19937& random) {
    std::vector<InsightEvent> events;
    for (std::int64_t m = from; m < to; ++m) {
        add_noise(stream, m, random);
        stream.close_before(m, events, new_test_id);
    }
    stream.close_before(to, events, new_test_id);
    return events;
}

}  // namespace tripline::insights::testing
