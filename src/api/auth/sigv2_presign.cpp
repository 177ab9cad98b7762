#include "api/auth/sigv2_presign.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "api/auth/canonical_request.h"
#include "api/query_form.h"
#include "base/sha256.h"

namespace tripline::api::auth {

namespace {

// The query parameters botocore's HmacV1Auth puts in the canonical resource.
constexpr std::array<std::string_view, 35> kSignedSubResources = {
    "accelerate",
    "acl",
    "cors",
    "defaultObjectAcl",
    "location",
    "logging",
    "partNumber",
    "policy",
    "requestPayment",
    "torrent",
    "versioning",
    "versionId",
    "versions",
    "website",
    "uploads",
    "uploadId",
    "response-content-type",
    "response-content-language",
    "response-expires",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "delete",
    "lifecycle",
    "tagging",
    "restore",
    "storageClass",
    "notification",
    "replication",
    "analytics",
    "metrics",
    "inventory",
    "select",
    "select-type",
    "object-lock",
};

std::string header(const HttpRequest& request, const char* name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : it->second;
}

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

}  // namespace

std::string sigv2_string_to_sign(const HttpRequest& request,
                                 std::string_view raw_path,
                                 std::string_view raw_query,
                                 std::string_view expires) {
    std::string sts = request.method + "\n" + header(request, "content-md5") + "\n" +
                      header(request, "content-type") + "\n" + std::string(expires) + "\n";
    std::vector<std::pair<std::string, std::string>> amz;
    for (const auto& [name, value] : request.headers) {
        if (name.starts_with("x-amz-")) {
            amz.emplace_back(name, canonical_header_value(value));
        }
    }
    std::sort(amz.begin(), amz.end());
    for (std::size_t i = 0; i < amz.size(); ++i) {
        if (i > 0 && amz[i].first == amz[i - 1].first) {
            sts.back() = ',';  // repeated headers joined
            sts += amz[i].second + "\n";
            continue;
        }
        sts += amz[i].first + ":" + amz[i].second + "\n";
    }
    sts += std::string(raw_path.empty() ? "/" : raw_path);
    std::vector<std::pair<std::string, std::optional<std::string>>> sub;
    std::size_t start = 0;
    while (start < raw_query.size()) {
        std::size_t amp = raw_query.find('&', start);
        std::string_view item = raw_query.substr(
            start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        std::size_t eq = item.find('=');
        std::string name(item.substr(0, eq));
        if (std::find(kSignedSubResources.begin(), kSignedSubResources.end(), name) !=
            kSignedSubResources.end()) {
            std::optional<std::string> value;
            if (eq != std::string_view::npos) {
                auto decoded = url_decode(item.substr(eq + 1));
                value = decoded ? *decoded : std::string(item.substr(eq + 1));
            }
            sub.emplace_back(std::move(name), std::move(value));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    std::stable_sort(
        sub.begin(), sub.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < sub.size(); ++i) {
        sts += (i == 0 ? "?" : "&") + sub[i].first;
        if (sub[i].second) {
            sts += "=" + *sub[i].second;
        }
    }
    return sts;
}

AuthOutcome verify_sigv2_presigned(const HttpRequest& request,
                                   std::string_view raw_target,
                                   const SecretLookup& lookup,
                                   const Clock& clock) {
    auto form = QueryForm::parse(request.query);
    if (!form) {
        return AuthOutcome::failed(AuthFailure::kIncompleteSignature,
                                   "Query-string authentication requires the Signature, Expires "
                                   "and AWSAccessKeyId parameters");
    }
    auto key_id = form->get("AWSAccessKeyId");
    auto signature = form->get("Signature");
    auto expires_text = form->get("Expires");
    if (!key_id || !signature || !expires_text || key_id->empty()) {
        return AuthOutcome::failed(AuthFailure::kIncompleteSignature,
                                   "Query-string authentication requires the Signature, Expires "
                                   "and AWSAccessKeyId parameters");
    }
    std::int64_t expires = 0;
    auto [ptr, ec] =
        std::from_chars(expires_text->data(), expires_text->data() + expires_text->size(), expires);
    if (ec != std::errc() || ptr != expires_text->data() + expires_text->size()) {
        return AuthOutcome::failed(
            AuthFailure::kIncompleteSignature,
            "Invalid date (should be seconds since epoch): " + std::string(*expires_text));
    }
    std::string token(form->get("x-amz-security-token").value_or(""));
    KeyLookupResult key = lookup(*key_id, token);
    auto fail = [&](AuthFailure failure, std::string message) {
        AuthFailureDetail detail;
        detail.failure = failure;
        detail.message = std::move(message);
        detail.access_key_id = std::string(*key_id);
        return AuthOutcome::failed(std::move(detail));
    };
    switch (key.status) {
        case KeyLookupStatus::kFound:
            break;
        case KeyLookupStatus::kUnknownAccessKey:
            return fail(AuthFailure::kUnknownAccessKey,
                        "The AWS Access Key Id you provided does not exist in our records.");
        case KeyLookupStatus::kInvalidToken:
            return fail(AuthFailure::kInvalidToken,
                        "The provided token is malformed or otherwise invalid.");
        case KeyLookupStatus::kExpiredToken:
            return fail(AuthFailure::kExpiredToken, "The provided token has expired.");
    }
    auto now = std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch());
    if (now.count() > expires) {
        return fail(AuthFailure::kRequestExpired, "Request has expired");
    }
    RawTarget target = split_target(raw_target);
    std::string sts = sigv2_string_to_sign(request, target.path, target.query, *expires_text);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    const std::string& secret = key.record.secret_access_key;
    HMAC(EVP_sha1(),
         secret.data(),
         static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(sts.data()),
         sts.size(),
         mac,
         &mac_len);
    std::string expected = base64(mac, mac_len);
    if (!constant_time_equal(expected, *signature)) {
        AuthFailureDetail detail;
        detail.failure = AuthFailure::kSignatureMismatch;
        detail.message =
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.";
        detail.access_key_id = std::string(*key_id);
        detail.string_to_sign = std::move(sts);
        detail.signature_provided = std::string(*signature);
        return AuthOutcome::failed(std::move(detail));
    }
    AuthenticatedCaller caller;
    caller.access_key_id = std::string(*key_id);
    caller.account_id = std::move(key.record.account_id);
    caller.principal_arn = std::move(key.record.principal_arn);
    caller.user_id = std::move(key.record.user_id);
    caller.session_token = std::move(token);
    caller.region = "us-east-1";
    caller.service = "s3";
    caller.request_time = clock.now();
    caller.presigned = true;
    return AuthOutcome::succeeded(std::move(caller));
}

}  // namespace tripline::api::auth
