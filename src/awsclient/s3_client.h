// S3Client: the S3 calls Tripline makes as a client - ListObjectsV2 and GetObject - against real
// AWS, Tripline's own S3 or any S3-compatible server, SigV4-signed (S3 style: the path signed as
// sent, x-amz-content-sha256) and sent through the retrying HttpTransport.
//
// Addressing: with a custom endpoint, path-style (http://host:port/bucket/key), which Tripline and
// most S3-compatible servers serve; on AWS, virtual-hosted (https://bucket.s3.<region>.amazonaws
// .com/key) when the bucket name is DNS-safe without dots, else path-style. Region: the one given,
// else us-east-1; on AWS a bucket that lives elsewhere (S3 answers with x-amz-bucket-region) is
// retried once in its region, which is then remembered for that bucket.
//
// Ownership: owns its transport and credentials; borrows the Clock (must outlive the client).
// Thread-safety: none; one thread at a time (the transport reuses one connection).
// Errors: S3 error answers become Errors with S3's Code and Message (aws_error.h: NoSuchBucket →
// kNotFound, AccessDenied → kPermissionDenied, SignatureDoesNotMatch → kUnauthenticated, …);
// transport failures as in http_transport.h; malformed listings kInvalidArgument; objects over
// max_object_bytes kLimitExceeded.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "awsclient/credentials.h"
#include "awsclient/endpoint.h"
#include "awsclient/http_transport.h"
#include "awsclient/s3_responses.h"
#include "awsclient/sigv4_signer.h"
#include "base/clock.h"
#include "base/result.h"

namespace tripline::awsclient {

enum class S3AddressingStyle {
    kAuto,  // path-style for custom endpoints, virtual-hosted on AWS when the name allows
    kPath,
    kVirtual,
};

struct S3ClientOptions {
    std::string endpoint_url;  // "" → AWS's regional endpoint
    std::string region;        // "" → us-east-1
    S3AddressingStyle addressing = S3AddressingStyle::kAuto;
    TransportOptions transport;  // transport.max_response_bytes bounds GetObject bodies
    RetryHooks retry_hooks;
};

struct ListObjectsV2Request {
    std::string bucket;
    std::string prefix;
    std::string delimiter;
    std::string continuation_token;
    std::string start_after;
    int max_keys = 0;  // 0: the server's default (1000)
};

class S3Client {
public:
    static Result<std::unique_ptr<S3Client>> create(S3ClientOptions options,
                                                    Credentials credentials,
                                                    const Clock& clock);
    // Settings resolved as the AWS CLI does: credentials and region from `profile` (else
    // AWS_PROFILE, the environment and the shared files), `region` and `endpoint_url` winning
    // when given (else the profile's endpoint for s3, else AWS).
    static Result<std::unique_ptr<S3Client>> from_cli_settings(const std::string& profile,
                                                               const std::string& region,
                                                               const std::string& endpoint_url,
                                                               const Clock& clock);
    // With another sender than libcurl (tests).
    static Result<std::unique_ptr<S3Client>> create(S3ClientOptions options,
                                                    Credentials credentials,
                                                    const Clock& clock,
                                                    std::unique_ptr<HttpSender> sender);

    // One page; follow next_continuation_token for the rest.
    Result<ListObjectsV2Page> list_objects_v2(const ListObjectsV2Request& request);
    // The whole object body, as stored (no decompression).
    Result<std::string> get_object(const std::string& bucket, const std::string& key);
    // PutObject of a whole body (single request; S3 takes up to 5 GB that way).
    Status put_object(const std::string& bucket,
                      const std::string& key,
                      std::string body,
                      const std::string& content_type);

    // The unsigned request for a bucket/key (key "" addresses the bucket), for tests.
    HttpRequest build_request(const std::string& method,
                              const std::string& bucket,
                              const std::string& key,
                              QueryParams query) const;

    const Endpoint& endpoint() const { return endpoint_; }
    const std::string& region() const { return region_; }
    // What id() strings and messages show: "http://127.0.0.1:4566" or "https://s3.<region>…".
    std::string endpoint_text() const { return endpoint_.to_string(); }

private:
    S3Client(S3ClientOptions options,
             Endpoint endpoint,
             Credentials credentials,
             const Clock& clock,
             std::unique_ptr<HttpSender> sender);

    std::string region_for(const std::string& bucket) const;
    Result<HttpResponse> call(const std::string& operation,
                              const std::string& method,
                              const std::string& bucket,
                              const std::string& key,
                              const QueryParams& query,
                              const std::string& body = {},
                              const std::vector<HttpHeader>& headers = {});

    S3ClientOptions options_;
    Endpoint endpoint_;
    std::string region_;
    SigV4Signer signer_;
    const Clock& clock_;
    HttpTransport transport_;
    std::map<std::string, std::string> bucket_regions_;  // learnt from S3's redirects (AWS only)
};

// True for names usable as a DNS label in virtual-hosted addressing over TLS: 3-63 lower-case
// letters, digits and '-', starting and ending with a letter or digit, no dots.
bool is_virtual_host_compatible(const std::string& bucket);

}  // namespace tripline::awsclient
