// S3LogSource: CloudTrail log files in an S3-compatible bucket (real AWS, Tripline's own S3, other
// S3 servers), listed with ListObjectsV2 and fetched with GetObject over libcurl, SigV4-signed with
// credentials resolved like the aws CLI (awsclient). Handles the single-account layout
// (<prefix>/AWSLogs/<account>/CloudTrail/<region>/...) and organization trails
// (<prefix>/AWSLogs/<o-id>/<account>/CloudTrail/...); account and region filters prune the listing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "trail/ingest/log_source.h"

namespace tripline::trail {

struct S3SourceOptions {
    std::string bucket;
    std::string prefix;                 // may be empty
    std::string endpoint_url;           // empty: AWS's regional endpoint
    std::string region;                 // empty: from the profile / environment, else us-east-1
    std::string profile;                // empty: AWS_PROFILE or "default"
    std::vector<std::string> accounts;  // empty: all
    std::vector<std::string> regions;   // empty: all
};

Result<std::unique_ptr<LogSource>> open_s3_log_source(const S3SourceOptions& options);

}  // namespace tripline::trail
