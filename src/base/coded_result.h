// CodedError / CodedResult<T>: failures of a domain service that carry the AWS service's own error
// code ("InvalidGroup.NotFound", "DisabledException", ...), which its API returns as is; the
// generic Errc cannot tell those apart. A storage failure becomes "InternalError" (HTTP 500).
// Thread-safety: plain values.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "base/result.h"

namespace tripline {

struct CodedError {
    std::string code;  // the service's error code
    std::string message;
    int status = 400;

    // For callers that report through Status.
    Error to_error() const {
        return make_error(status >= 500 ? Errc::kInternal : Errc::kInvalidArgument,
                          code + ": " + message);
    }
};

inline CodedError coded_error(std::string code, std::string message) {
    return CodedError{std::move(code), std::move(message), 400};
}
inline CodedError coded_internal(const Error& error) {
    return CodedError{"InternalError", error.message, 500};
}

template <typename T>
class [[nodiscard]] CodedResult {
public:
    CodedResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}           // NOLINT
    CodedResult(CodedError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

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
    const CodedError& error() const {
        assert(v_.index() == 1);
        return std::get<1>(v_);
    }

private:
    std::variant<T, CodedError> v_;
};

}  // namespace tripline

// Propagates a storage Result's error (as InternalError) or an CodedResult's error.
#define CODED_CONCAT_INNER(a, b) a##b
#define CODED_CONCAT(a, b) CODED_CONCAT_INNER(a, b)
#define CODED_STORAGE(lhs, expr) \
    CODED_STORAGE_IMPL(CODED_CONCAT(coded_result_, __LINE__), lhs, expr)
#define CODED_STORAGE_IMPL(tmp, lhs, expr)              \
    auto tmp = (expr);                                  \
    if (!tmp) {                                         \
        return ::tripline::coded_internal(tmp.error()); \
    }                                                   \
    lhs = std::move(tmp).value()
#define CODED_STORAGE_TRY(expr)                                      \
    do {                                                             \
        auto coded_status = (expr);                                  \
        if (!coded_status) {                                         \
            return ::tripline::coded_internal(coded_status.error()); \
        }                                                            \
    } while (0)
#define CODED_ASSIGN(lhs, expr) CODED_ASSIGN_IMPL(CODED_CONCAT(coded_value_, __LINE__), lhs, expr)
#define CODED_ASSIGN_IMPL(tmp, lhs, expr) \
    auto tmp = (expr);                    \
    if (!tmp) {                           \
        return tmp.error();               \
    }                                     \
    lhs = std::move(*tmp)
