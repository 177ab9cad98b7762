// What a bucket's settings expose (macie.md §8 policy findings): read from the S3 bucket document
// Tripline keeps (policy text, ACL grants, bucket-level Block Public Access, default encryption).
// Public = the policy allows "*" without a condition (unless RestrictPublicBuckets) or the ACL
// grants AllUsers/AuthenticatedUsers (unless IgnorePublicAcls); shared externally = the policy
// names another account's principal.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace tripline::discover {

struct BucketExposure {
    bool public_read = false;
    bool public_write = false;
    bool acl_public_read = false;
    bool acl_public_write = false;
    bool policy_public_read = false;
    bool policy_public_write = false;
    bool shared_externally = false;
    bool block_public_access_disabled = false;  // no bucket-level BPA, or all four settings off
    bool encryption_disabled = false;
    nlohmann::json block_public_access;  // {blockPublicAcls, ...} as Macie writes it
};

BucketExposure evaluate_bucket(const nlohmann::json& bucket_doc, const std::string& account_id);

}  // namespace tripline::discover
