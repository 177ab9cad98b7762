// KMS (JSON 1.1, target prefix TrentService, signing name "kms"): CreateKey, DescribeKey, ListKeys,
// EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion, CreateAlias, ListAliases,
// DeleteAlias, Encrypt, Decrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext over
// kms::KeyService. Blobs are base64 on the wire. Each call is recorded as CloudTrail records KMS
// calls - the key as the resource, requestParameters without any plaintext, Encrypt/Decrypt/
// GenerateDataKey read-only - so CIS 4.7 (DisableKey, ScheduleKeyDeletion) sees real activity.
//
// Ownership: borrows the key service (must outlive it). Thread-safety: handle() runs concurrently.
#pragma once

#include "api/service.h"

namespace tripline::kms {
class KeyService;
struct KmsKey;
}  // namespace tripline::kms

namespace tripline::api::services {

class KmsService final : public Service {
public:
    explicit KmsService(kms::KeyService& keys) : keys_(keys) {}

    std::string_view signing_name() const override { return "kms"; }
    std::string_view event_source() const override { return "kms.amazonaws.com"; }
    std::string_view api_version() const override { return "2014-11-01"; }
    ServiceReply handle(ApiCall& call) override;

private:
    ServiceReply key_operation(ApiCall& call);
    ServiceReply alias_operation(ApiCall& call);
    ServiceReply crypto_operation(ApiCall& call);

    kms::KeyService& keys_;
};

}  // namespace tripline::api::services
