#include "awsclient/s3_client.h"

#include "awsclient/aws_error.h"
#include "awsclient/curl_sender.h"
#include "base/uri_encoding.h"

namespace tripline::awsclient {

bool is_virtual_host_compatible(const std::string& bucket) {
    if (bucket.size() < 3 || bucket.size() > 63) {
        return false;
    }
    for (char c : bucket) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;
        }
    }
    return bucket.front() != '-' && bucket.back() != '-';
}

Result<std::unique_ptr<S3Client>> S3Client::create(S3ClientOptions options,
                                                   Credentials credentials,
                                                   const Clock& clock) {
    auto sender = std::make_unique<CurlSender>(options.transport);
    return create(std::move(options), std::move(credentials), clock, std::move(sender));
}

Result<std::unique_ptr<S3Client>> S3Client::from_cli_settings(const std::string& profile,
                                                              const std::string& region,
                                                              const std::string& endpoint_url,
                                                              const Clock& clock) {
    ResolveOptions resolve;
    resolve.profile = profile;
    resolve.region = region;
    TRIPLINE_ASSIGN_OR_RETURN(Credentials credentials, resolve_credentials(resolve));
    S3ClientOptions options;
    TRIPLINE_ASSIGN_OR_RETURN(options.region, resolve_region(resolve));
    options.endpoint_url = endpoint_url;
    if (options.endpoint_url.empty()) {
        TRIPLINE_ASSIGN_OR_RETURN(options.endpoint_url, resolve_endpoint_url(resolve, "s3"));
    }
    return create(std::move(options), std::move(credentials), clock);
}

Result<std::unique_ptr<S3Client>> S3Client::create(S3ClientOptions options,
                                                   Credentials credentials,
                                                   const Clock& clock,
                                                   std::unique_ptr<HttpSender> sender) {
    if (options.region.empty()) {
        options.region = "us-east-1";
    }
    Endpoint endpoint;
    if (options.endpoint_url.empty()) {
        endpoint = aws_endpoint("s3", options.region);
    } else {
        TRIPLINE_ASSIGN_OR_RETURN(endpoint, parse_endpoint_url(options.endpoint_url));
    }
    return std::unique_ptr<S3Client>(new S3Client(
        std::move(options), std::move(endpoint), std::move(credentials), clock, std::move(sender)));
}

S3Client::S3Client(S3ClientOptions options,
                   Endpoint endpoint,
                   Credentials credentials,
                   const Clock& clock,
                   std::unique_ptr<HttpSender> sender)
    : options_(std::move(options)),
      endpoint_(std::move(endpoint)),
      region_(options_.region),
      signer_(std::move(credentials)),
      clock_(clock),
      transport_(options_.transport, std::move(sender), options_.retry_hooks) {}

std::string S3Client::region_for(const std::string& bucket) const {
    auto it = bucket_regions_.find(bucket);
    return it != bucket_regions_.end() ? it->second : region_;
}

HttpRequest S3Client::build_request(const std::string& method,
                                    const std::string& bucket,
                                    const std::string& key,
                                    QueryParams query) const {
    HttpRequest request;
    request.method = method;
    request.scheme = endpoint_.scheme;
    request.port = endpoint_.port;
    request.query = std::move(query);
    const std::string region = region_for(bucket);
    Endpoint target = endpoint_.is_aws ? aws_endpoint("s3", region) : endpoint_;
    bool virtual_host = options_.addressing == S3AddressingStyle::kVirtual ||
                        (options_.addressing == S3AddressingStyle::kAuto && endpoint_.is_aws &&
                         is_virtual_host_compatible(bucket));
    // Keys are encoded byte by byte, '/' kept: S3 signs the path as sent, so "a b" must be
    // "a%20b" on the wire and in the canonical request alike.
    std::string encoded_key = uri_encode(key, /*keep_slash=*/true);
    if (virtual_host) {
        request.host = bucket + "." + target.host;
        request.path = target.base_path + "/" + encoded_key;
    } else {
        request.host = target.host;
        request.path = target.base_path + "/" + uri_encode(bucket, false);
        if (!key.empty()) {
            request.path += "/" + encoded_key;
        }
    }
    return request;
}

Result<HttpResponse> S3Client::call(const std::string& operation,
                                    const std::string& method,
                                    const std::string& bucket,
                                    const std::string& key,
                                    const QueryParams& query,
                                    const std::string& body,
                                    const std::vector<HttpHeader>& headers) {
    for (int redirect = 0;; ++redirect) {
        const std::string region = region_for(bucket);
        HttpRequest request = build_request(method, bucket, key, query);
        request.body = body;
        request.headers.insert(request.headers.end(), headers.begin(), headers.end());
        auto sign = [&](HttpRequest& r) {
            signer_.sign(r, SigningScope{region, "s3"}, clock_.now());
        };
        TRIPLINE_ASSIGN_OR_RETURN(HttpResponse response, transport_.send(request, sign));
        if (response.status >= 200 && response.status < 300) {
            return response;
        }
        AwsError error = parse_aws_error(response);
        if (endpoint_.is_aws && redirect == 0 && !error.bucket_region.empty() &&
            error.bucket_region != region &&
            (response.status == 301 || response.status == 400 || response.status == 403)) {
            bucket_regions_[bucket] = error.bucket_region;  // the bucket lives elsewhere
            continue;
        }
        std::string where = operation + " s3://" + bucket + (key.empty() ? "" : "/" + key);
        return to_error(error, where);
    }
}

Result<ListObjectsV2Page> S3Client::list_objects_v2(const ListObjectsV2Request& request) {
    QueryParams query{{"list-type", "2"}, {"encoding-type", "url"}};
    if (!request.prefix.empty()) {
        query.emplace_back("prefix", request.prefix);
    }
    if (!request.delimiter.empty()) {
        query.emplace_back("delimiter", request.delimiter);
    }
    if (!request.continuation_token.empty()) {
        query.emplace_back("continuation-token", request.continuation_token);
    }
    if (!request.start_after.empty()) {
        query.emplace_back("start-after", request.start_after);
    }
    if (request.max_keys > 0) {
        query.emplace_back("max-keys", std::to_string(request.max_keys));
    }
    TRIPLINE_ASSIGN_OR_RETURN(HttpResponse response,
                              call("ListObjectsV2", "GET", request.bucket, "", query));
    auto page = parse_list_objects_v2(response.body);
    if (!page) {
        return make_error(page.error().code,
                          "ListObjectsV2 s3://" + request.bucket + ": " + page.error().message);
    }
    return page;
}

Result<std::string> S3Client::get_object(const std::string& bucket, const std::string& key) {
    TRIPLINE_ASSIGN_OR_RETURN(HttpResponse response, call("GetObject", "GET", bucket, key, {}));
    return std::move(response.body);
}

Status S3Client::put_object(const std::string& bucket,
                            const std::string& key,
                            std::string body,
                            const std::string& content_type) {
    TRIPLINE_TRY(call("PutObject", "PUT", bucket, key, {}, body, {{"Content-Type", content_type}}));
    return ok_status();
}

}  // namespace tripline::awsclient
