// Result<T>: a value or an Error, shaped like std::expected<T, Error> (which GCC 12 lacks in
// C++20). Every function that can fail across a module boundary returns Result<T> or Status (=
// Result<void>); exceptions never cross a module. AWS error names are produced only in api/, from
// Errc.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/text_position.h"

namespace tripline {

enum class Errc {
    kInvalidArgument,     // the caller's input is malformed (a pattern, a config, a request field)
    kNotFound,            // the named resource does not exist
    kAlreadyExists,       // a resource with that name exists
    kFailedPrecondition,  // the state does not allow the operation
    kLimitExceeded,       // a documented size/count/depth limit was passed
    kPermissionDenied,    // authorization refused it
    kUnauthenticated,     // unknown key, bad signature
    kUnavailable,         // a transient failure worth retrying (network, busy database)
    kIo,                  // a file or socket operation failed
    kInternal,            // a bug or an invariant broken
};

const char* errc_name(Errc code);

struct Error {
    Errc code = Errc::kInternal;
    std::string message;
    std::optional<TextSpan> where;  // position in the user's text, when the error is about one

    // "message" or "file:line:col: message" when a position is known.
    std::string to_string() const;
};

inline Error make_error(Errc code, std::string message, std::optional<TextSpan> where = {}) {
    return Error{code, std::move(message), std::move(where)};
}

// Wraps an Error so that `return unexpected(err);` reads like std::expected.
struct Unexpected {
    Error error;
};
inline Unexpected unexpected(Error e) { return Unexpected{std::move(e)}; }

template <typename T>
class [[nodiscard]] Result {
public:
    using value_type = T;

    Result(const T& value) : v_(value) {}  // NOLINT(google-explicit-constructor)
    Result(T&& value) : v_(std::move(value)) {}
    template <typename U>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Error> &&
             !std::is_same_v<std::decay_t<U>, Unexpected>) Result(U&& value)
        : v_(std::in_place_index<0>, T(std::forward<U>(value))) {}
    Result(Error error) : v_(std::move(error)) {}
    Result(Unexpected u) : v_(std::move(u.error)) {}

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
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& {
        assert(!has_value());
        return std::get<1>(v_);
    }
    Error&& error() && {
        assert(!has_value());
        return std::get<1>(std::move(v_));
    }

    template <typename U>
    T value_or(U&& fallback) const& {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    using value_type = void;

    Result() = default;
    Result(Error error) : error_(std::move(error)) {}
    Result(Unexpected u) : error_(std::move(u.error)) {}

    bool has_value() const { return !error_.has_value(); }
    explicit operator bool() const { return has_value(); }
    void value() const { assert(has_value()); }

    const Error& error() const& {
        assert(!has_value());
        return *error_;
    }
    Error&& error() && {
        assert(!has_value());
        return std::move(*error_);
    }

private:
    std::optional<Error> error_;
};

using Status = Result<void>;

inline Status ok_status() { return Status{}; }

}  // namespace tripline

#define TRIPLINE_CONCAT_INNER(a, b) a##b
#define TRIPLINE_CONCAT(a, b) TRIPLINE_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define TRIPLINE_TRY(expr) TRIPLINE_TRY_IMPL(TRIPLINE_CONCAT(tripline_try_, __LINE__), expr)
#define TRIPLINE_TRY_IMPL(tmp, expr)                               \
    do {                                                           \
        auto&& tmp = (expr);                                       \
        if (!tmp.has_value()) {                                    \
            return ::tripline::unexpected(std::move(tmp).error()); \
        }                                                          \
    } while (false)

// `TRIPLINE_ASSIGN_OR_RETURN(auto x, f());` declares x from f()'s value or returns its error.
#define TRIPLINE_ASSIGN_OR_RETURN(lhs, expr) \
    TRIPLINE_ASSIGN_OR_RETURN_IMPL(TRIPLINE_CONCAT(tripline_result_, __LINE__), lhs, expr)
#define TRIPLINE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)         \
    auto tmp = (expr);                                         \
    if (!tmp.has_value()) {                                    \
        return ::tripline::unexpected(std::move(tmp).error()); \
    }                                                          \
    lhs = std::move(tmp).value()
