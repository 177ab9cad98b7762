#include "awsclient/sigv4_signer.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "base/sha256.h"
#include "base/uri_encoding.h"

namespace tripline::awsclient {
namespace {

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool is_unsigned_header(const std::string& lower_name) {
    return lower_name == "authorization" || lower_name == "user-agent" || lower_name == "expect" ||
           lower_name == "content-length" || lower_name == "transfer-encoding" ||
           lower_name == "connection" || lower_name == "x-amzn-trace-id";
}

std::string_view as_view(const Sha256Digest& d) {
    return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace

std::string amz_date(TimePoint t) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
    return buffer;
}

UriEncodingStyle uri_style_for(const std::string& service) {
    return service == "s3" ? UriEncodingStyle::kS3 : UriEncodingStyle::kStandard;
}

std::string canonical_uri(const std::string& path, UriEncodingStyle style) {
    if (path.empty()) {
        return "/";
    }
    if (style == UriEncodingStyle::kS3) {
        return path;
    }
    return uri_encode(normalize_path(path), true);
}

std::string canonical_header_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    bool in_space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t') {
            in_space = true;
            continue;
        }
        if (in_space && !out.empty()) {
            out.push_back(' ');
        }
        in_space = false;
        out.push_back(c);
    }
    return out;
}

SignatureDetails SigV4Signer::sign(HttpRequest& request,
                                   const SigningScope& scope,
                                   TimePoint now) const {
    const std::string date_time = amz_date(now);
    const std::string date = date_time.substr(0, 8);
    const bool s3 = scope.service == "s3";

    request.remove_header("Authorization");
    request.set_header("X-Amz-Date", date_time);
    if (credentials_.session_token.empty()) {
        request.remove_header("X-Amz-Security-Token");
    } else {
        request.set_header("X-Amz-Security-Token", credentials_.session_token);
    }
    std::string payload_hash;
    if (const std::string* given = request.header("X-Amz-Content-SHA256")) {
        payload_hash = *given;
    } else {
        payload_hash =
            request.body.empty() ? std::string(kEmptySha256Hex) : sha256_hex(request.body);
        if (s3) {
            request.set_header("X-Amz-Content-SHA256", payload_hash);
        }
    }

    // Lower-cased names, values trimmed and joined with ',' in the order given.
    std::map<std::string, std::string> canonical_headers;
    if (request.header("Host") == nullptr) {
        canonical_headers["host"] = request.host_header();
    }
    for (const HttpHeader& h : request.headers) {
        std::string name = to_lower(h.name);
        if (is_unsigned_header(name)) {
            continue;
        }
        std::string value = canonical_header_value(h.value);
        auto [it, inserted] = canonical_headers.emplace(name, value);
        if (!inserted) {
            it->second.append(",").append(value);
        }
    }

    SignatureDetails details;
    std::string header_block;
    for (const auto& [name, value] : canonical_headers) {
        header_block.append(name).append(":").append(value).append("\n");
        if (!details.signed_headers.empty()) {
            details.signed_headers.push_back(';');
        }
        details.signed_headers.append(name);
    }
    details.canonical_request = request.method + "\n" +
                                canonical_uri(request.path, uri_style_for(scope.service)) + "\n" +
                                encode_query(request.query) + "\n" + header_block + "\n" +
                                details.signed_headers + "\n" + payload_hash;
    const std::string credential_scope =
        date + "/" + scope.region + "/" + scope.service + "/aws4_request";
    details.string_to_sign = "AWS4-HMAC-SHA256\n" + date_time + "\n" + credential_scope + "\n" +
                             sha256_hex(details.canonical_request);
    Sha256Digest key =
        derive_sigv4_signing_key(credentials_.secret_access_key, date, scope.region, scope.service);
    details.signature = to_hex(hmac_sha256(as_view(key), details.string_to_sign));
    request.set_header("Authorization",
                       "AWS4-HMAC-SHA256 Credential=" + credentials_.access_key_id + "/" +
                           credential_scope + ", SignedHeaders=" + details.signed_headers +
                           ", Signature=" + details.signature);
    return details;
}

}  // namespace tripline::awsclient
