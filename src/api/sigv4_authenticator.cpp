#include "api/sigv4_authenticator.h"

#include "api/auth/auth_error_mapping.h"

namespace tripline::api {

namespace {

auth::ProtocolFamily family_of(Protocol protocol, bool query_compatible) {
    switch (protocol) {
        case Protocol::kQuery:
            return auth::ProtocolFamily::kQuery;
        case Protocol::kJson10:
            return query_compatible ? auth::ProtocolFamily::kQuery : auth::ProtocolFamily::kJson;
        case Protocol::kJson11:
            return auth::ProtocolFamily::kJson;
        case Protocol::kRestJson:
            return auth::ProtocolFamily::kRestJson;
        case Protocol::kRestXml:
            return auth::ProtocolFamily::kRestXml;
    }
    return auth::ProtocolFamily::kQuery;
}

}  // namespace

Principal principal_from_arn(const std::string& arn,
                             const std::string& account_id,
                             const std::string& principal_id,
                             const std::string& access_key_id) {
    Principal p;
    p.account_id = account_id;
    p.arn = arn;
    p.principal_id = principal_id;
    p.access_key_id = access_key_id;
    std::size_t resource = arn.find(':', arn.find(account_id.empty() ? "::" : account_id));
    std::string rest = resource == std::string::npos ? "" : arn.substr(resource + 1);
    if (rest == "root") {
        p.type = "Root";
        p.principal_id = account_id;
    } else if (rest.starts_with("assumed-role/")) {
        p.type = "AssumedRole";
    } else if (rest.starts_with("federated-user/")) {
        p.type = "FederatedUser";
    } else {
        p.type = "IAMUser";
        std::size_t slash = rest.rfind('/');
        p.user_name = slash == std::string::npos ? rest : rest.substr(slash + 1);
    }
    return p;
}

SigV4Authenticator::SigV4Authenticator(CredentialDirectory& directory, const Clock& clock)
    : directory_(directory),
      clock_(clock),
      verifier_(
          [this](std::string_view access_key_id, std::string_view session_token) {
              auth::KeyLookupResult result;
              auto credential = directory_.find(access_key_id);
              if (!credential || !credential->active) {
                  result.status = auth::KeyLookupStatus::kUnknownAccessKey;
                  return result;
              }
              if (credential->session_token != session_token) {
                  result.status = auth::KeyLookupStatus::kInvalidToken;
                  return result;
              }
              if (credential->expires && clock_.now() >= *credential->expires) {
                  result.status = auth::KeyLookupStatus::kExpiredToken;
                  return result;
              }
              result.status = auth::KeyLookupStatus::kFound;
              result.record.secret_access_key = std::move(credential->secret_access_key);
              result.record.account_id = credential->principal.account_id;
              result.record.principal_arn = credential->principal.arn;
              result.record.user_id = credential->principal.principal_id;
              return result;
          },
          clock,
          [] {
              auth::SigV4VerifierOptions options;
              options.accept_sigv2_presigned = true;  // the v1 CLI's `aws s3 presign`
              return options;
          }()) {}

AuthResult SigV4Authenticator::authenticate(const HttpRequest& request,
                                            Protocol protocol,
                                            const std::string& service) {
    auth::AuthOutcome outcome = verifier_.verify(request);
    if (!outcome.ok()) {
        bool query_compatible = false;
        auto mode = request.headers.find("x-amzn-query-mode");
        if (mode != request.headers.end() && mode->second == "true") {
            query_compatible = true;
        }
        const auto& detail = outcome.failure();
        auth::AuthErrorResponse rendered = auth::auth_error_response(
            detail.failure, family_of(protocol, query_compatible), detail.message);
        ApiError error(rendered.http_status, rendered.code, rendered.message);
        return error;
    }
    auth::AuthenticatedCaller& caller = outcome.caller();
    AuthenticatedCaller result;
    result.principal = principal_from_arn(
        caller.principal_arn, caller.account_id, caller.user_id, caller.access_key_id);
    if (result.principal.type == "AssumedRole" || caller.access_key_id.starts_with("ASIA")) {
        // A session's role and attributes (MFA, creation time) come from the directory, not
        // from the ARN.
        if (auto credential = directory_.find(caller.access_key_id)) {
            result.principal = std::move(credential->principal);
        }
    }
    result.decoded_body = std::move(caller.decoded_body);
    directory_.record_use(caller.access_key_id, clock_.now(), service, caller.region);
    return result;
}

}  // namespace tripline::api
