// Clock: the only source of time. Services take a Clock& so that alarms, retries, baselines and
// schedules are tested on a FakeClock; nothing else reads the real time.
// Thread-safety: both implementations may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace tripline {

using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    // Monotonic time for measuring intervals (timeouts, backoff); never goes backwards.
    virtual std::chrono::steady_clock::time_point steady_now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
    std::chrono::steady_clock::time_point steady_now() const override {
        return std::chrono::steady_clock::now();
    }
    static SystemClock& instance();
};

// A clock that moves only when told to.
class FakeClock final : public Clock {
public:
    explicit FakeClock(TimePoint start = TimePoint{std::chrono::seconds{1'700'000'000}})
        : now_ns_(to_ns(start)) {}

    TimePoint now() const override {
        return TimePoint{std::chrono::duration_cast<Duration>(
            std::chrono::nanoseconds{now_ns_.load(std::memory_order_acquire)})};
    }
    std::chrono::steady_clock::time_point steady_now() const override {
        return std::chrono::steady_clock::time_point{
            std::chrono::nanoseconds{now_ns_.load(std::memory_order_acquire)}};
    }
    void advance(std::chrono::nanoseconds by) { now_ns_.fetch_add(by.count()); }
    void set(TimePoint t) { now_ns_.store(to_ns(t)); }

private:
    static std::int64_t to_ns(TimePoint t) {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    }
    std::atomic<std::int64_t> now_ns_;
};

// "2026-11-27T10:11:22Z", CloudTrail's and EventBridge's time format (seconds precision, UTC).
std::string format_iso8601(TimePoint t);
// Milliseconds precision: "2026-11-27T10:11:22.123Z".
std::string format_iso8601_millis(TimePoint t);
// Seconds since the epoch with millisecond precision: the timestamp of AWS's JSON protocols
// (KMS CreationDate, Secrets Manager LastChangedDate).
double json_timestamp(TimePoint t);
// Parses "YYYY-MM-DDTHH:MM:SS[.fff]Z" (and a "+00:00" offset); returns false when malformed.
bool parse_iso8601(std::string_view text, TimePoint& out);

}  // namespace tripline
