// SigV4Authenticator: the Authenticator of `tripline serve`. It verifies SigV4 signatures against
// the CredentialDirectory (auth/sigv4_verifier.h), renders failures per protocol family
// (auth/auth_error_mapping.h), and describes the caller as CloudTrail's userIdentity.
// Thread-safety: as the directory; the verifier keeps no mutable state.
#pragma once

#include "api/auth/sigv4_verifier.h"
#include "api/authenticator.h"
#include "api/principal.h"

namespace tripline::api {

class SigV4Authenticator final : public Authenticator {
public:
    SigV4Authenticator(CredentialDirectory& directory, const Clock& clock);

    AuthResult authenticate(const HttpRequest& request,
                            Protocol protocol,
                            const std::string& service) override;

private:
    CredentialDirectory& directory_;
    const Clock& clock_;
    auth::SigV4Verifier verifier_;
};

// The userIdentity of a caller from its principal ARN: IAMUser, AssumedRole or Root.
Principal principal_from_arn(const std::string& arn,
                             const std::string& account_id,
                             const std::string& principal_id,
                             const std::string& access_key_id);

}  // namespace tripline::api
