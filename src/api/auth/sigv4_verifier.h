// SigV4Verifier: decides whether a request is signed by a known access key (aws-api.md §6), for
// both the Authorization-header form and presigned URLs, including session tokens, the ±15 minute
// clock-skew window, presigned expiry, the x-amz-content-sha256 payload hash and S3's aws-chunked
// streaming uploads (whose decoded payload it returns).
//
// Who owns what: the verifier holds a SecretLookup (the identity store's view: access key id and
// session token → secret and principal) and borrows a Clock that must outlive it. verify() borrows
// the request for the duration of the call; the outcome owns everything it holds.
// Thread-safety: verify() is const and may run on many threads at once provided the SecretLookup
// may (the verifier itself keeps no mutable state).
// Errors: never thrown; every failure is an AuthOutcome carrying an AuthFailure and a message
// (auth_error_mapping.h renders it per protocol). Messages never contain the secret.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "api/auth/auth_failure.h"
#include "api/http_server.h"
#include "base/clock.h"

namespace tripline::api::auth {

struct AccessKeyRecord {
    std::string secret_access_key;
    std::string account_id;     // "123456789012"
    std::string principal_arn;  // "arn:aws:iam::123456789012:user/alice"
    std::string user_id;        // "AIDA…" (or "AROA…:session" for assumed roles)
};

enum class KeyLookupStatus {
    kFound,
    kUnknownAccessKey,  // no such access key id
    kInvalidToken,      // the key exists but the session token is missing, wrong or not its own
    kExpiredToken,      // the session token belonged to the key but has expired
};

struct KeyLookupResult {
    KeyLookupStatus status = KeyLookupStatus::kUnknownAccessKey;
    AccessKeyRecord record;  // meaningful when status == kFound
};

// Called once per request with the access key id and the session token ("" when none was sent).
// Long-term keys sent with a token, and temporary keys sent without one, are the lookup's to
// reject (kInvalidToken).
using SecretLookup =
    std::function<KeyLookupResult(std::string_view access_key_id, std::string_view session_token)>;

struct AuthenticatedCaller {
    std::string access_key_id;
    std::string account_id;
    std::string principal_arn;
    std::string user_id;
    std::string session_token;  // "" for long-term keys
    std::string region;         // credential-scope region: the request's region
    std::string service;        // credential-scope service (signing name)
    TimePoint request_time;     // X-Amz-Date (or Date)
    bool presigned = false;
    // For aws-chunked uploads: the decoded payload (request.body holds the chunk framing) and any
    // trailers (e.g. x-amz-checksum-crc32). nullopt for ordinary bodies.
    std::optional<std::string> decoded_body;
    std::vector<std::pair<std::string, std::string>> trailers;
};

struct AuthFailureDetail {
    AuthFailure failure = AuthFailure::kMissingAuthentication;
    std::string message;        // what went wrong, in words (AWS's where request-specific)
    std::string access_key_id;  // when the request named one
    // Set for kSignatureMismatch of the request signature (S3 echoes them in its error body). They
    // hold the request's own header values, a session token included: fine to return to the
    // caller who sent them, not to write to logs.
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature_provided;
};

class AuthOutcome {
public:
    static AuthOutcome succeeded(AuthenticatedCaller caller);
    static AuthOutcome failed(AuthFailureDetail detail);
    static AuthOutcome failed(AuthFailure failure, std::string message);

    bool ok() const { return v_.index() == 0; }
    const AuthenticatedCaller& caller() const { return std::get<0>(v_); }
    AuthenticatedCaller& caller() { return std::get<0>(v_); }
    const AuthFailureDetail& failure() const { return std::get<1>(v_); }

private:
    explicit AuthOutcome(std::variant<AuthenticatedCaller, AuthFailureDetail> v)
        : v_(std::move(v)) {}
    std::variant<AuthenticatedCaller, AuthFailureDetail> v_;
};

struct SigV4VerifierOptions {
    std::chrono::seconds max_clock_skew{15 * 60};
    std::size_t max_decoded_chunked_bytes = 64 * 1024 * 1024;
    // Verify SigV2 query authentication (S3 presigned URLs of the v1 CLI, auth/sigv2_presign.h)
    // instead of refusing it as an unsupported signature version.
    bool accept_sigv2_presigned = false;
};

class SigV4Verifier {
public:
    SigV4Verifier(SecretLookup lookup, const Clock& clock, SigV4VerifierOptions options = {});

    // Verifies with request.target as the raw request target; when that is empty (a request not
    // built by HttpServer) the target is rebuilt from the decoded path, percent-encoded the way
    // botocore encodes it, and the raw query.
    AuthOutcome verify(const HttpRequest& request) const;
    // `raw_target` is the request target exactly as received ("/b/a%20key?x=1"): the canonical URI
    // must be computed from the undecoded path.
    AuthOutcome verify(const HttpRequest& request, std::string_view raw_target) const;

private:
    SecretLookup lookup_;
    const Clock& clock_;
    SigV4VerifierOptions options_;
};

}  // namespace tripline::api::auth
