// ApiDispatcher: the AWS-compatible front end. For each request: find the service from the SigV4
// credential scope, the protocol from the request's shape, authenticate, find the operation, call
// the service, and record the call as a CloudTrail record (success or error) — the pipeline of
// aws-api.md §2 and cloudtrail.md §3.
// Thread-safety: register services before serving; handle() is then called concurrently.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "api/authenticator.h"
#include "api/authorizer.h"
#include "api/call_recorder.h"
#include "api/service.h"
#include "base/clock.h"

namespace tripline::api {

class ApiDispatcher {
public:
    ApiDispatcher(Clock& clock, Authenticator& authenticator, CallRecordSink& sink);

    void add_service(std::unique_ptr<Service> service);
    // Calls the authorizer (borrowed; may be null: everything authenticated is allowed) before
    // each call of a known service.
    void set_authorizer(Authorizer* authorizer) { authorizer_ = authorizer; }
    bool serves(const HttpRequest& request) const;
    HttpResponse handle(const HttpRequest& request);

private:
    Clock& clock_;
    Authenticator& authenticator_;
    CallRecordSink& sink_;
    Authorizer* authorizer_ = nullptr;
    std::map<std::string, std::unique_ptr<Service>, std::less<>> services_;
};

// The signing service of a request: the credential scope's service (header or presigned query),
// "s3" for SigV2 presigned URLs, empty when the request is unsigned.
std::string signing_service(const HttpRequest& request);

}  // namespace tripline::api
