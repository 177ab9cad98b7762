// Secrets Manager (JSON 1.1, target prefix "secretsmanager", signing name "secretsmanager"):
// CreateSecret, GetSecretValue, BatchGetSecretValue, PutSecretValue, DescribeSecret, ListSecrets,
// DeleteSecret, RestoreSecret over secrets::SecretService. Calls are recorded as CloudTrail records
// them: the secret id and options in requestParameters, never SecretString or SecretBinary;
// GetSecretValue, BatchGetSecretValue, DescribeSecret and ListSecrets read-only.
//
// Ownership: borrows the service (must outlive it). Thread-safety: handle() runs concurrently.
#pragma once

#include "api/service.h"

namespace tripline::secrets {
class SecretService;
}

namespace tripline::api::services {

class SecretsManagerService final : public Service {
public:
    explicit SecretsManagerService(secrets::SecretService& secrets) : secrets_(secrets) {}

    std::string_view signing_name() const override { return "secretsmanager"; }
    std::string_view event_source() const override { return "secretsmanager.amazonaws.com"; }
    std::string_view api_version() const override { return "2017-10-17"; }
    ServiceReply handle(ApiCall& call) override;

private:
    ServiceReply write_operation(ApiCall& call);
    ServiceReply read_operation(ApiCall& call);

    secrets::SecretService& secrets_;
};

}  // namespace tripline::api::services
