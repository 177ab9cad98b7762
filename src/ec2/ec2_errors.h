// Ec2Error / Ec2Result<T>: failures of the EC2 domain carry EC2's own error code
// ("InvalidGroup.NotFound", "InvalidPermission.Duplicate", ...), which the API returns as is; the
// generic Errc cannot tell those apart. A storage failure becomes "InternalError" (HTTP 500).
// Thread-safety: plain values.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "base/result.h"

namespace tripline::ec2 {

struct Ec2Error {
    std::string code;  // EC2's error code
    std::string message;
    int status = 400;

    Error to_error() const;  // for callers that report through Status
};

inline Ec2Error ec2_error(std::string code, std::string message) {
    return Ec2Error{std::move(code), std::move(message), 400};
}
inline Ec2Error internal_error(const Error& error) {
    return Ec2Error{"InternalError", error.message, 500};
}

template <typename T>
class [[nodiscard]] Ec2Result {
public:
    Ec2Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}         // NOLINT
    Ec2Result(Ec2Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    explicit operator bool() const { return v_.index() == 0; }
    T& operator*() {
        assert(v_.index() == 0);
        return std::get<0>(v_);
    }
    const T& operator*() const {
        assert(v_.index() == 0);
        return std::get<0>(v_);
    }
    T* operator->() { return &**this; }
    const T* operator->() const { return &**this; }
    const Ec2Error& error() const {
        assert(v_.index() == 1);
        return std::get<1>(v_);
    }

private:
    std::variant<T, Ec2Error> v_;
};

}  // namespace tripline::ec2

// Propagates a storage Result's error (as InternalError) or an Ec2Result's error.
#define EC2_CONCAT_INNER(a, b) a##b
#define EC2_CONCAT(a, b) EC2_CONCAT_INNER(a, b)
#define EC2_STORAGE(lhs, expr) EC2_STORAGE_IMPL(EC2_CONCAT(ec2_result_, __LINE__), lhs, expr)
#define EC2_STORAGE_IMPL(tmp, lhs, expr)                     \
    auto tmp = (expr);                                       \
    if (!tmp) {                                              \
        return ::tripline::ec2::internal_error(tmp.error()); \
    }                                                        \
    lhs = std::move(tmp).value()
#define EC2_STORAGE_TRY(expr)                                           \
    do {                                                                \
        auto ec2_status = (expr);                                       \
        if (!ec2_status) {                                              \
            return ::tripline::ec2::internal_error(ec2_status.error()); \
        }                                                               \
    } while (0)
#define EC2_ASSIGN(lhs, expr) EC2_ASSIGN_IMPL(EC2_CONCAT(ec2_value_, __LINE__), lhs, expr)
#define EC2_ASSIGN_IMPL(tmp, lhs, expr) \
    auto tmp = (expr);                  \
    if (!tmp) {                         \
        return tmp.error();             \
    }                                   \
    lhs = std::move(*tmp)
