// TrailError / TrailResult<T>: the failures of the trail domain service (trail_service.h), each
// with a kind that the CloudTrail API maps one-to-one to AWS's exception (the generic Errc cannot
// tell "trail not found" from "bucket not found" from "insight selectors not enabled", which
// CloudTrail reports as different exceptions). Messages are the text AWS gives after the exception
// name.
//
// TrailResult<T> mirrors Result<T> (has_value/value/error/operator*), converts from a storage
// Error (kind kStorage) and back to an Error for callers outside the API (config application), so
// the rest of Tripline keeps using Result/Status. TRAIL_TRY / TRAIL_ASSIGN_OR_RETURN propagate
// either kind of result from a function that returns a TrailResult.
// Thread-safety: plain values.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "base/result.h"

namespace tripline::trail {

enum class TrailErrc {
    kTrailNotFound,                  // no such trail visible to the caller
    kTrailAlreadyExists,             // the name is taken in the region
    kInvalidTrailName,               // trail_names.h rules
    kInvalidTrailArn,                // a malformed trail ARN, or one of another account
    kInvalidHomeRegion,              // a change requested outside the trail's home region
    kMaximumTrailsExceeded,          // 5 trails per account and region
    kBucketNotFound,                 // S3BucketName names no bucket
    kInvalidBucketName,              // not an S3 bucket name
    kInvalidS3Prefix,                // S3KeyPrefix too long or malformed
    kInvalidSnsTopicName,            // malformed topic name/ARN
    kTopicNotFound,                  // the SNS topic does not exist (AWS: a policy problem)
    kInvalidEventSelectors,          // event_selectors.h validation
    kInvalidInsightSelectors,        // unknown insight type, duplicates, bad categories
    kInsightNotEnabled,              // GetInsightSelectors on a trail without them
    kInvalidParameter,               // a member of the wrong type or out of range
    kInvalidParameterCombination,    // members that cannot go together
    kInvalidCloudWatchLogsGroupArn,  // not a log-group ARN
    kInvalidCloudWatchLogsRoleArn,   // missing or malformed role ARN
    kInvalidKmsKeyId,                // malformed KMS key id
    kResourceNotFound,               // tag operations on an unknown resource
    kTagsLimitExceeded,              // more than 50 tags
    kInvalidTagParameter,            // bad tag key/value
    kStorage,                        // the state store failed (not the caller's fault)
};

// A short stable name for logs and tests ("TrailNotFound"); not the AWS exception name.
const char* trail_errc_name(TrailErrc code);

struct TrailError {
    TrailErrc code = TrailErrc::kStorage;
    std::string message;

    // The generic Error for callers that report through Status (config application).
    Error to_error() const;
};

inline TrailError trail_error(TrailErrc code, std::string message) {
    return TrailError{code, std::move(message)};
}

// A storage or other module failure seen by the trail service.
inline TrailError from_error(const Error& error) {
    return TrailError{TrailErrc::kStorage, error.to_string()};
}

template <typename T>
class [[nodiscard]] TrailResult {
public:
    TrailResult(const T& value) : v_(value) {}  // NOLINT(google-explicit-constructor)
    TrailResult(T&& value) : v_(std::move(value)) {}
    TrailResult(TrailError error) : v_(std::move(error)) {}
    TrailResult(const Error& error) : v_(from_error(error)) {}
    TrailResult(Unexpected u) : v_(from_error(u.error)) {}

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() & {
        assert(has_value());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const TrailError& error() const& {
        assert(!has_value());
        return std::get<1>(v_);
    }
    TrailError&& error() && {
        assert(!has_value());
        return std::get<1>(std::move(v_));
    }
    Result<T> to_result() && {
        if (has_value()) {
            return std::move(*this).value();
        }
        return error().to_error();
    }

private:
    std::variant<T, TrailError> v_;
};

template <>
class [[nodiscard]] TrailResult<void> {
public:
    TrailResult() = default;
    TrailResult(TrailError error) : error_(std::move(error)) {}  // NOLINT
    TrailResult(const Error& error) : error_(from_error(error)) {}
    TrailResult(Unexpected u) : error_(from_error(u.error)) {}

    bool has_value() const { return !error_.has_value(); }
    explicit operator bool() const { return has_value(); }
    const TrailError& error() const& {
        assert(!has_value());
        return *error_;
    }
    TrailError&& error() && {
        assert(!has_value());
        return std::move(*error_);
    }
    Status to_result() const { return has_value() ? ok_status() : Status(error_->to_error()); }

private:
    std::optional<TrailError> error_;
};

using TrailStatus = TrailResult<void>;

}  // namespace tripline::trail

// Returns the error of `expr` (a Result or a TrailResult) from a function returning a TrailResult.
#define TRAIL_TRY(expr) TRAIL_TRY_IMPL(TRIPLINE_CONCAT(trail_try_, __LINE__), expr)
#define TRAIL_TRY_IMPL(tmp, expr)          \
    do {                                   \
        auto&& tmp = (expr);               \
        if (!tmp.has_value()) {            \
            return std::move(tmp).error(); \
        }                                  \
    } while (false)

// `TRAIL_ASSIGN_OR_RETURN(auto x, f());` inside a function returning a TrailResult.
#define TRAIL_ASSIGN_OR_RETURN(lhs, expr) \
    TRAIL_ASSIGN_OR_RETURN_IMPL(TRIPLINE_CONCAT(trail_result_, __LINE__), lhs, expr)
#define TRAIL_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
    auto tmp = (expr);                              \
    if (!tmp.has_value()) {                         \
        return std::move(tmp).error();              \
    }                                               \
    lhs = std::move(tmp).value()
