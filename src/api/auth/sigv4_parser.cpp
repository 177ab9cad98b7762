#include "api/auth/sigv4_parser.h"

#include <algorithm>
#include <charconv>

#include "api/auth/amz_date.h"
#include "base/uri_encoding.h"

namespace tripline::api::auth {
namespace {

constexpr std::size_t kMaxAuthorizationBytes = 8 * 1024;
constexpr std::size_t kMaxSignedHeaders = 128;
constexpr std::size_t kMaxHeaderNameBytes = 128;
constexpr std::size_t kMaxAccessKeyIdBytes = 128;
constexpr std::size_t kMaxScopePartBytes = 64;
constexpr std::size_t kMaxSecurityTokenBytes = 16 * 1024;
constexpr std::size_t kMaxQueryParameters = 1000;

Error invalid(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

bool is_lower_alnum_dash(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool is_access_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

bool is_header_name_char(char c) {
    // RFC 9110 token characters, lower-case only (SigV4 lists names lower-cased).
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' ||
           c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
}

bool is_lower_hex_signature(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// A header's only value; nullopt when absent, an error when repeated.
Result<std::optional<std::string_view>> single_header(const HttpRequest& request,
                                                      const std::string& name) {
    auto [begin, end] = request.headers.equal_range(name);
    if (begin == end) {
        return std::optional<std::string_view>{};
    }
    if (std::next(begin) != end) {
        return invalid("the " + name + " header appears more than once");
    }
    return std::optional<std::string_view>{std::string_view(begin->second)};
}

Status parse_credential(std::string_view credential, SignedRequestInfo& out) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (parts.size() < 6) {
        std::size_t slash = credential.find('/', start);
        parts.push_back(credential.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    if (parts.size() != 5) {
        return invalid(
            "the credential must have the form "
            "<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request");
    }
    std::string_view akid = parts[0];
    if (akid.empty() || akid.size() > kMaxAccessKeyIdBytes ||
        !std::all_of(akid.begin(), akid.end(), is_access_key_char)) {
        return invalid(
            "the credential's access key id is empty, too long or has invalid characters");
    }
    if (!is_scope_date(parts[1])) {
        return invalid("the credential's date '" + std::string(parts[1].substr(0, 16)) +
                       "' is not a YYYYMMDD date");
    }
    if (parts[2].empty() || parts[2].size() > kMaxScopePartBytes ||
        !is_lower_alnum_dash(parts[2])) {
        return invalid("the credential's region is empty or not of [a-z0-9-]");
    }
    if (parts[3].empty() || parts[3].size() > kMaxScopePartBytes ||
        !is_lower_alnum_dash(parts[3])) {
        return invalid("the credential's service is empty or not of [a-z0-9-]");
    }
    if (parts[4] != "aws4_request") {
        return invalid("the credential must end in '/aws4_request'");
    }
    out.access_key_id = std::string(akid);
    out.date = std::string(parts[1]);
    out.region = std::string(parts[2]);
    out.service = std::string(parts[3]);
    return ok_status();
}

Status parse_signed_headers(std::string_view text, SignedRequestInfo& out) {
    out.signed_headers.clear();
    if (text.empty()) {
        return invalid("the signed header list is empty");
    }
    std::size_t start = 0;
    while (true) {
        std::size_t semi = text.find(';', start);
        std::string_view name = text.substr(
            start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
        if (name.empty() || name.size() > kMaxHeaderNameBytes ||
            !std::all_of(name.begin(), name.end(), is_header_name_char)) {
            return invalid("the signed header list has an empty, over-long or non-lower-case name");
        }
        if (out.signed_headers.size() == kMaxSignedHeaders) {
            return invalid("more than " + std::to_string(kMaxSignedHeaders) + " signed headers");
        }
        if (std::find(out.signed_headers.begin(), out.signed_headers.end(), name) !=
            out.signed_headers.end()) {
            return invalid("the signed header '" + std::string(name) + "' is listed twice");
        }
        out.signed_headers.emplace_back(name);
        if (semi == std::string_view::npos) {
            break;
        }
        start = semi + 1;
    }
    if (std::find(out.signed_headers.begin(), out.signed_headers.end(), "host") ==
        out.signed_headers.end()) {
        return invalid("'host' must be a signed header");
    }
    return ok_status();
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool starts_with_scheme(std::string_view header, std::string_view scheme) {
    return header.size() > scheme.size() && header.substr(0, scheme.size()) == scheme &&
           (header[scheme.size()] == ' ' || header[scheme.size()] == '\t');
}

bool query_has(std::string_view raw_query, std::string_view name) {
    // Cheap scan without decoding: "name=" at the start or after '&'.
    std::size_t pos = 0;
    while ((pos = raw_query.find(name, pos)) != std::string_view::npos) {
        bool at_start = pos == 0 || raw_query[pos - 1] == '&';
        std::size_t after = pos + name.size();
        bool at_end =
            after == raw_query.size() || raw_query[after] == '=' || raw_query[after] == '&';
        if (at_start && at_end) {
            return true;
        }
        pos = after;
    }
    return false;
}

}  // namespace

std::string SignedRequestInfo::credential_scope() const {
    return date + "/" + region + "/" + service + "/aws4_request";
}

std::string SignedRequestInfo::signed_headers_line() const {
    std::string out;
    for (const auto& name : signed_headers) {
        if (!out.empty()) {
            out.push_back(';');
        }
        out += name;
    }
    return out;
}

AuthScheme detect_auth_scheme(const HttpRequest& request) {
    bool presigned_v4 = query_has(request.query, "X-Amz-Algorithm") ||
                        query_has(request.query, "X-Amz-Credential") ||
                        query_has(request.query, "X-Amz-Signature");
    bool presigned_v2 =
        query_has(request.query, "AWSAccessKeyId") && query_has(request.query, "Signature");
    auto it = request.headers.find("authorization");
    if (it != request.headers.end()) {
        if (presigned_v4 || presigned_v2) {
            return AuthScheme::kConflicting;
        }
        std::string_view value = trim_spaces(it->second);
        if (starts_with_scheme(value, kSigV4Algorithm)) {
            return AuthScheme::kSigV4Header;
        }
        if (starts_with_scheme(value, "AWS")) {
            return AuthScheme::kSigV2Header;
        }
        return AuthScheme::kUnknownHeader;
    }
    if (presigned_v4) {
        return AuthScheme::kSigV4Presigned;
    }
    if (presigned_v2) {
        return AuthScheme::kSigV2Presigned;
    }
    return AuthScheme::kNone;
}

Result<SignedRequestInfo> parse_authorization_header(std::string_view value) {
    if (value.size() > kMaxAuthorizationBytes) {
        return invalid("the Authorization header is longer than " +
                       std::to_string(kMaxAuthorizationBytes) + " bytes");
    }
    value = trim_spaces(value);
    if (!starts_with_scheme(value, kSigV4Algorithm)) {
        return invalid("the Authorization header does not start with 'AWS4-HMAC-SHA256 '");
    }
    std::string_view rest = value.substr(kSigV4Algorithm.size());
    SignedRequestInfo info;
    bool have_credential = false;
    bool have_signed_headers = false;
    bool have_signature = false;
    std::size_t start = 0;
    while (start <= rest.size()) {
        std::size_t comma = rest.find(',', start);
        std::string_view param = trim_spaces(rest.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        std::size_t eq = param.find('=');
        if (eq == std::string_view::npos) {
            return invalid(
                "the Authorization header has a parameter without '=' (expected "
                "Credential=…, SignedHeaders=…, Signature=…)");
        }
        std::string_view name = param.substr(0, eq);
        std::string_view text = param.substr(eq + 1);
        bool* seen = nullptr;
        if (name == "Credential") {
            seen = &have_credential;
        } else if (name == "SignedHeaders") {
            seen = &have_signed_headers;
        } else if (name == "Signature") {
            seen = &have_signature;
        } else {
            return invalid("the Authorization header has an unknown parameter '" +
                           std::string(name.substr(0, 32)) + "'");
        }
        if (*seen) {
            return invalid("the Authorization header repeats " + std::string(name));
        }
        *seen = true;
        if (seen == &have_credential) {
            TRIPLINE_TRY(parse_credential(text, info));
        } else if (seen == &have_signed_headers) {
            TRIPLINE_TRY(parse_signed_headers(text, info));
        } else if (!is_lower_hex_signature(text)) {
            return invalid("the Signature must be 64 lower-case hex digits");
        } else {
            info.signature = std::string(text);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    if (!have_credential || !have_signed_headers || !have_signature) {
        std::string missing;
        for (auto [flag, name] : {std::pair{have_credential, "Credential"},
                                  std::pair{have_signed_headers, "SignedHeaders"},
                                  std::pair{have_signature, "Signature"}}) {
            if (!flag) {
                missing += missing.empty() ? "" : ", ";
                missing += name;
            }
        }
        return invalid("the Authorization header lacks " + missing);
    }
    return info;
}

Result<SignedRequestInfo> parse_presigned_query(std::string_view raw_query) {
    auto pairs = decode_query(raw_query);
    if (pairs.size() > kMaxQueryParameters) {
        return invalid("more than " + std::to_string(kMaxQueryParameters) + " query parameters");
    }
    struct Field {
        std::string_view name;
        const std::string* value = nullptr;
    };
    Field algorithm{"X-Amz-Algorithm"}, credential{"X-Amz-Credential"}, date{"X-Amz-Date"},
        expires{"X-Amz-Expires"}, signed_headers{"X-Amz-SignedHeaders"},
        signature{"X-Amz-Signature"}, token{"X-Amz-Security-Token"};
    Field* fields[] = {
        &algorithm, &credential, &date, &expires, &signed_headers, &signature, &token};
    for (const auto& [name, value] : pairs) {
        for (Field* field : fields) {
            if (name == field->name) {
                if (field->value != nullptr) {
                    return invalid("the query parameter " + std::string(field->name) +
                                   " appears more than once");
                }
                field->value = &value;
            }
        }
    }
    std::string missing;
    for (Field* field : fields) {
        if (field->value == nullptr && field != &token) {
            missing += missing.empty() ? "" : ", ";
            missing += field->name;
        }
    }
    if (!missing.empty()) {
        return invalid(
            "query-string authentication version 4 requires the X-Amz-Algorithm, "
            "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires "
            "parameters; missing: " +
            missing);
    }
    if (*algorithm.value != kSigV4Algorithm) {
        return invalid("X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'");
    }
    SignedRequestInfo info;
    info.presigned = true;
    TRIPLINE_TRY(parse_credential(*credential.value, info));
    TRIPLINE_TRY(parse_signed_headers(*signed_headers.value, info));
    if (!parse_amz_date(*date.value)) {
        return invalid("X-Amz-Date must be in the ISO8601 long format YYYYMMDDTHHMMSSZ");
    }
    info.amz_date = *date.value;
    const std::string& exp = *expires.value;
    std::int64_t seconds = -1;
    auto [ptr, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), seconds);
    if (exp.empty() || exp.size() > 7 || ec != std::errc() || ptr != exp.data() + exp.size() ||
        seconds < 1 || seconds > kMaxPresignedExpiresSeconds) {
        return invalid("X-Amz-Expires must be a whole number of seconds from 1 to 604800 (a week)");
    }
    info.expires = seconds;
    if (!is_lower_hex_signature(*signature.value)) {
        return invalid("X-Amz-Signature must be 64 lower-case hex digits");
    }
    info.signature = *signature.value;
    if (token.value != nullptr) {
        if (token.value->empty() || token.value->size() > kMaxSecurityTokenBytes) {
            return invalid("X-Amz-Security-Token is empty or longer than 16 KiB");
        }
        info.security_token = *token.value;
    }
    return info;
}

Result<SignedRequestInfo> parse_signed_request(const HttpRequest& request) {
    switch (detect_auth_scheme(request)) {
        case AuthScheme::kSigV4Presigned:
            return parse_presigned_query(request.query);
        case AuthScheme::kSigV4Header:
            break;
        case AuthScheme::kConflicting:
            return invalid(
                "only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                "Signature query string parameter or the Authorization header should be specified");
        default:
            return invalid("the request is not signed with AWS Signature Version 4");
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto authorization, single_header(request, "authorization"));
    TRIPLINE_ASSIGN_OR_RETURN(SignedRequestInfo info, parse_authorization_header(*authorization));
    TRIPLINE_ASSIGN_OR_RETURN(auto amz_date, single_header(request, "x-amz-date"));
    if (amz_date) {
        if (!parse_amz_date(*amz_date)) {
            return invalid("X-Amz-Date must be in the ISO8601 long format YYYYMMDDTHHMMSSZ");
        }
        info.amz_date = std::string(*amz_date);
    } else {
        TRIPLINE_ASSIGN_OR_RETURN(auto http_date, single_header(request, "date"));
        if (!http_date) {
            return invalid(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                "header");
        }
        auto t = parse_http_date(*http_date);
        if (!t) {
            return invalid(
                "the Date header is not an RFC 1123 date ('Fri, 27 Nov 2026 10:11:22 GMT')");
        }
        info.amz_date = format_amz_date(*t);
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto token, single_header(request, "x-amz-security-token"));
    if (token) {
        if (token->empty() || token->size() > kMaxSecurityTokenBytes) {
            return invalid("X-Amz-Security-Token is empty or longer than 16 KiB");
        }
        info.security_token = std::string(*token);
    }
    return info;
}

std::optional<std::string> credential_scope_service(const HttpRequest& request) {
    std::string credential;
    switch (detect_auth_scheme(request)) {
        case AuthScheme::kSigV2Header:
        case AuthScheme::kSigV2Presigned:
            return std::string("s3");
        case AuthScheme::kSigV4Header: {
            std::string_view header = request.headers.find("authorization")->second;
            std::size_t pos = header.find("Credential=");
            if (pos == std::string_view::npos) {
                return std::nullopt;
            }
            std::size_t end = header.find_first_of(", ", pos);
            credential = std::string(header.substr(
                pos + 11, end == std::string_view::npos ? std::string_view::npos : end - pos - 11));
            break;
        }
        case AuthScheme::kSigV4Presigned: {
            for (auto& [name, value] : decode_query(request.query)) {
                if (name == "X-Amz-Credential") {
                    credential = value;
                    break;
                }
            }
            break;
        }
        default:
            return std::nullopt;
    }
    SignedRequestInfo info;
    if (credential.size() > 512 || !parse_credential(credential, info)) {
        return std::nullopt;
    }
    return info.service;
}

}  // namespace tripline::api::auth
