// Fuzzes SigV4 parsing and verification. The input is a raw HTTP/1.1 request:
//   "METHOD TARGET\n" *("Name: value\n") "\n" body
// It is parsed as HttpServer would present it, then run through the Authorization-header and
// presigned-query parsers, the routing helper, the full verifier (against one known key, at the
// time of its X-Amz-Date when that parses) and the aws-chunked decoder. Never a crash; canonical
// query and path normalisation must be idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/auth/amz_date.h"
#include "api/auth/canonical_request.h"
#include "api/auth/chunked_payload.h"
#include "api/auth/sigv4_parser.h"
#include "api/auth/sigv4_verifier.h"
#include "base/uri_encoding.h"

using namespace tripline;
using namespace tripline::api;
using namespace tripline::api::auth;

namespace {

HttpRequest to_request(std::string_view text) {
    HttpRequest r;
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    std::size_t sp = line.find(' ');
    r.method = std::string(line.substr(0, sp));
    r.target = sp == std::string_view::npos ? "/" : std::string(line.substr(sp + 1));
    RawTarget parts = split_target(r.target);
    r.path = percent_decode(parts.path);
    r.query = std::string(parts.query);
    std::size_t pos = eol == std::string_view::npos ? text.size() : eol + 1;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view header = text.substr(pos, end - pos);
        pos = end + 1;
        if (header.empty()) {
            break;
        }
        std::size_t colon = header.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        std::string name(header.substr(0, colon));
        for (char& c : name) {
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        std::string_view value = header.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') {
            value.remove_prefix(1);
        }
        r.headers.emplace(std::move(name), std::string(value));
    }
    if (pos < text.size()) {
        r.body = std::string(text.substr(pos));
    }
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    HttpRequest request = to_request(text);

    auto it = request.headers.find("authorization");
    if (it != request.headers.end()) {
        (void)parse_authorization_header(it->second);
    }
    (void)parse_presigned_query(request.query);
    (void)parse_signed_request(request);
    (void)credential_scope_service(request);

    std::string query = canonical_query(request.query, false);
    if (canonical_query(query, false) != query) {
        std::abort();
    }
    std::string path = normalize_path(request.path);
    if (normalize_path(path) != path) {
        std::abort();
    }

    TimePoint now{std::chrono::seconds{1'795'000'000}};
    auto date = request.headers.find("x-amz-date");
    if (date != request.headers.end()) {
        if (auto t = parse_amz_date(date->second)) {
            now = *t;
        }
    }
    FakeClock clock(now);
    SigV4Verifier verifier(
        [](std::string_view akid, std::string_view token) {
            KeyLookupResult result;
            if (akid == "AKIAIOSFODNN7EXAMPLE") {
                result.status =
                    token.empty() ? KeyLookupStatus::kFound : KeyLookupStatus::kInvalidToken;
                result.record.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
            }
            return result;
        },
        clock);
    AuthOutcome outcome = verifier.verify(request);
    if (outcome.ok() && outcome.caller().access_key_id != "AKIAIOSFODNN7EXAMPLE") {
        std::abort();
    }

    (void)decode_aws_chunked(request.body, nullptr, false);
    ChunkSignatureChain chain;
    chain.amz_date = "20261127T101122Z";
    chain.credential_scope = "20261127/us-east-1/s3/aws4_request";
    chain.seed_signature = std::string(64, '0');
    (void)decode_aws_chunked(request.body, &chain, true);
    return 0;
}
