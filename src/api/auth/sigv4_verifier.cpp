#include "api/auth/sigv4_verifier.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "api/auth/amz_date.h"
#include "api/auth/canonical_request.h"
#include "api/auth/chunked_payload.h"
#include "api/auth/sigv2_presign.h"
#include "api/auth/sigv4_parser.h"
#include "base/sha256.h"
#include "base/uri_encoding.h"

namespace tripline::api::auth {

AuthOutcome AuthOutcome::succeeded(AuthenticatedCaller caller) {
    return AuthOutcome(std::variant<AuthenticatedCaller, AuthFailureDetail>(std::in_place_index<0>,
                                                                            std::move(caller)));
}

AuthOutcome AuthOutcome::failed(AuthFailureDetail detail) {
    return AuthOutcome(std::variant<AuthenticatedCaller, AuthFailureDetail>(std::in_place_index<1>,
                                                                            std::move(detail)));
}

AuthOutcome AuthOutcome::failed(AuthFailure failure, std::string message) {
    AuthFailureDetail detail;
    detail.failure = failure;
    detail.message = std::move(message);
    return AuthOutcome::failed(std::move(detail));
}

namespace {

// How the body is covered by the signature.
enum class PayloadMode {
    kHashed,                  // canonical payload hash is the body's SHA-256 (checked)
    kUnsigned,                // UNSIGNED-PAYLOAD
    kStreamingSigned,         // STREAMING-AWS4-HMAC-SHA256-PAYLOAD
    kStreamingSignedTrailer,  // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
    kStreamingUnsignedTrailer,
};

bool is_hex64(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0;
           });
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

// The raw target of a request that did not come through HttpServer: botocore percent-encodes
// paths with '/' and '~' kept, so re-encoding the decoded path reproduces its wire form.
std::string rebuild_target(const HttpRequest& request) {
    std::string target = uri_encode(request.path.empty() ? "/" : request.path, true);
    if (!request.query.empty()) {
        target += '?';
        target += request.query;
    }
    return target;
}

std::string skew_message(TimePoint request_time, TimePoint now, std::chrono::seconds skew) {
    std::string minutes = std::to_string(skew.count() / 60) + " min.)";
    if (request_time < now) {
        return "Signature expired: " + format_amz_date(request_time) + " is now earlier than " +
               format_amz_date(now - skew) + " (" + format_amz_date(now) + " - " + minutes;
    }
    return "Signature not yet current: " + format_amz_date(request_time) + " is still later than " +
           format_amz_date(now + skew) + " (" + format_amz_date(now) + " + " + minutes;
}

struct PayloadPlan {
    PayloadMode mode = PayloadMode::kHashed;
    std::string canonical_hash;  // the line in the canonical request
    std::string claimed_hash;    // x-amz-content-sha256 as a hash, to compare with the body
};

// Decides the canonical payload hash and how the body must be checked.
std::optional<AuthOutcome> plan_payload(const HttpRequest& request,
                                        const SignedRequestInfo& info,
                                        PayloadPlan& plan) {
    auto [begin, end] = request.headers.equal_range("x-amz-content-sha256");
    if (begin != end && std::next(begin) != end) {
        return AuthOutcome::failed(AuthFailure::kInvalidPayloadHash,
                                   "x-amz-content-sha256 appears more than once");
    }
    if (info.presigned && info.service == "s3") {
        // A presigned S3 URL cannot know its payload (aws-api.md §6, presigned URL).
        plan.mode = PayloadMode::kUnsigned;
        plan.canonical_hash = std::string(kUnsignedPayload);
        return std::nullopt;
    }
    if (begin == end) {
        plan.mode = PayloadMode::kHashed;
        plan.canonical_hash = sha256_hex(request.body);
        return std::nullopt;
    }
    const std::string& value = begin->second;
    plan.canonical_hash = value;
    if (value == kUnsignedPayload) {
        plan.mode = PayloadMode::kUnsigned;
    } else if (value == kStreamingSignedPayload) {
        plan.mode = PayloadMode::kStreamingSigned;
    } else if (value == kStreamingSignedPayloadTrailer) {
        plan.mode = PayloadMode::kStreamingSignedTrailer;
    } else if (value == kStreamingUnsignedPayloadTrailer) {
        plan.mode = PayloadMode::kStreamingUnsignedTrailer;
    } else if (is_hex64(value)) {
        plan.mode = PayloadMode::kHashed;
        plan.claimed_hash = lower(value);
    } else {
        return AuthOutcome::failed(
            AuthFailure::kInvalidPayloadHash,
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a "
            "valid sha256 value.");
    }
    return std::nullopt;
}

}  // namespace

SigV4Verifier::SigV4Verifier(SecretLookup lookup, const Clock& clock, SigV4VerifierOptions options)
    : lookup_(std::move(lookup)), clock_(clock), options_(options) {}

AuthOutcome SigV4Verifier::verify(const HttpRequest& request) const {
    if (!request.target.empty()) {
        return verify(request, request.target);
    }
    std::string target = rebuild_target(request);
    return verify(request, target);
}

AuthOutcome SigV4Verifier::verify(const HttpRequest& request, std::string_view raw_target) const {
    // 1. Which scheme, and its parameters.
    switch (detect_auth_scheme(request)) {
        case AuthScheme::kNone:
            return AuthOutcome::failed(AuthFailure::kMissingAuthentication,
                                       "Request is missing Authentication Token");
        case AuthScheme::kSigV2Presigned:
            // The v1 CLI's `aws s3 presign` (auth/sigv2_presign.h), when enabled.
            if (options_.accept_sigv2_presigned) {
                return verify_sigv2_presigned(request, raw_target, lookup_, clock_);
            }
            [[fallthrough]];
        case AuthScheme::kSigV2Header:
        case AuthScheme::kUnknownHeader:
            return AuthOutcome::failed(
                AuthFailure::kUnsupportedSignatureVersion,
                "The authorization mechanism you have provided is not supported. Please use "
                "AWS4-HMAC-SHA256.");
        default:
            break;
    }
    auto parsed = parse_signed_request(request);
    if (!parsed) {
        return AuthOutcome::failed(AuthFailure::kIncompleteSignature, parsed.error().message);
    }
    SignedRequestInfo& info = *parsed;

    // 2. Whose key.
    KeyLookupResult key = lookup_(info.access_key_id, info.security_token);
    auto fail = [&](AuthFailure failure, std::string message) {
        AuthFailureDetail detail;
        detail.failure = failure;
        detail.message = std::move(message);
        detail.access_key_id = info.access_key_id;
        return AuthOutcome::failed(std::move(detail));
    };
    switch (key.status) {
        case KeyLookupStatus::kFound:
            break;
        case KeyLookupStatus::kUnknownAccessKey:
            return fail(AuthFailure::kUnknownAccessKey,
                        "The security token included in the request is invalid.");
        case KeyLookupStatus::kInvalidToken:
            return fail(AuthFailure::kInvalidToken,
                        "The security token included in the request is invalid.");
        case KeyLookupStatus::kExpiredToken:
            return fail(AuthFailure::kExpiredToken,
                        "The security token included in the request is expired");
    }

    // 3. When: within the skew window (header form) or before expiry (presigned).
    TimePoint request_time = *parse_amz_date(info.amz_date);  // validated by the parser
    TimePoint now = clock_.now();
    auto skew = options_.max_clock_skew;
    if (info.presigned) {
        if (request_time - now > skew) {
            return fail(AuthFailure::kRequestTimeTooSkewed, skew_message(request_time, now, skew));
        }
        if (now > request_time + std::chrono::seconds(*info.expires)) {
            return fail(AuthFailure::kRequestExpired, "Request has expired");
        }
    } else if (request_time - now > skew || now - request_time > skew) {
        return fail(AuthFailure::kRequestTimeTooSkewed, skew_message(request_time, now, skew));
    }
    if (info.amz_date.compare(0, 8, info.date) != 0) {
        return fail(AuthFailure::kSignatureMismatch,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                    "date from HTTP: '" +
                        info.date + "' != '" + info.amz_date.substr(0, 8) + "', from '" +
                        info.amz_date + "'.");
    }

    // 4. The canonical request, as the client must have built it.
    PayloadPlan payload;
    if (auto rejected = plan_payload(request, info, payload)) {
        return fail(rejected->failure().failure, rejected->failure().message);
    }
    RawTarget target = split_target(raw_target);
    CanonicalRequest canonical;
    canonical.method = request.method;
    canonical.uri = canonical_uri(target.path, path_canonicalization_for(info.service));
    canonical.query = canonical_query(target.query, info.presigned);
    auto headers = canonical_headers(request.headers, info.signed_headers);
    if (!headers) {
        return fail(AuthFailure::kSignatureMismatch, headers.error().message);
    }
    canonical.headers = std::move(*headers);
    canonical.signed_headers = info.signed_headers_line();
    canonical.payload_hash = payload.canonical_hash;

    // 5. The signature.
    std::string scope = info.credential_scope();
    std::string canonical_text = canonical.text();
    std::string sts = string_to_sign(info.amz_date, scope, canonical_text);
    Sha256Digest signing_key = derive_sigv4_signing_key(
        key.record.secret_access_key, info.date, info.region, info.service);
    std::string expected = hmac_sha256_hex(signing_key, sts);
    if (!constant_time_equal(expected, info.signature)) {
        AuthFailureDetail detail;
        detail.failure = AuthFailure::kSignatureMismatch;
        detail.message =
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.";
        detail.access_key_id = info.access_key_id;
        detail.canonical_request = std::move(canonical_text);
        detail.string_to_sign = std::move(sts);
        detail.signature_provided = info.signature;
        return AuthOutcome::failed(std::move(detail));
    }

    // 6. The body against what was signed.
    AuthenticatedCaller caller;
    switch (payload.mode) {
        case PayloadMode::kHashed:
            if (!payload.claimed_hash.empty() &&
                !constant_time_equal(payload.claimed_hash, sha256_hex(request.body))) {
                return fail(AuthFailure::kPayloadHashMismatch,
                            "The provided 'x-amz-content-sha256' header does not match what was "
                            "computed.");
            }
            break;
        case PayloadMode::kUnsigned:
            break;
        case PayloadMode::kStreamingSigned:
        case PayloadMode::kStreamingSignedTrailer:
        case PayloadMode::kStreamingUnsignedTrailer: {
            ChunkSignatureChain chain{signing_key, info.amz_date, scope, info.signature};
            bool is_signed = payload.mode != PayloadMode::kStreamingUnsignedTrailer;
            auto decoded = decode_aws_chunked(request.body,
                                              is_signed ? &chain : nullptr,
                                              payload.mode == PayloadMode::kStreamingSignedTrailer);
            if (!decoded) {
                bool bad_signature = decoded.error().code == Errc::kUnauthenticated;
                return fail(bad_signature ? AuthFailure::kSignatureMismatch
                                          : AuthFailure::kMalformedChunkedBody,
                            decoded.error().message);
            }
            if (decoded->payload.size() > options_.max_decoded_chunked_bytes) {
                return fail(AuthFailure::kMalformedChunkedBody,
                            "the decoded aws-chunked payload is too large");
            }
            auto length = request.headers.find("x-amz-decoded-content-length");
            if (length != request.headers.end()) {
                std::size_t declared = 0;
                const std::string& text = length->second;
                auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), declared);
                if (ec != std::errc() || ptr != text.data() + text.size() ||
                    declared != decoded->payload.size()) {
                    return fail(AuthFailure::kMalformedChunkedBody,
                                "x-amz-decoded-content-length does not match the decoded payload "
                                "length " +
                                    std::to_string(decoded->payload.size()));
                }
            }
            caller.decoded_body = std::move(decoded->payload);
            caller.trailers = std::move(decoded->trailers);
            break;
        }
    }

    caller.access_key_id = std::move(info.access_key_id);
    caller.account_id = std::move(key.record.account_id);
    caller.principal_arn = std::move(key.record.principal_arn);
    caller.user_id = std::move(key.record.user_id);
    caller.session_token = std::move(info.security_token);
    caller.region = std::move(info.region);
    caller.service = std::move(info.service);
    caller.request_time = request_time;
    caller.presigned = info.presigned;
    return AuthOutcome::succeeded(std::move(caller));
}

}  // namespace tripline::api::auth
