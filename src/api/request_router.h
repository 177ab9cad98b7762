// RequestRouter: decides which service answers an HTTP request. Today it serves Tripline's own
// endpoints (/_tripline/health); AWS service handlers register with it as they are added, and a
// request for a service Tripline does not serve gets AWS's error shape rather than a silent
// success. Thread-safety: register everything before the server starts; route() is then called
// concurrently.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/http_server.h"

namespace tripline::api {

class RequestRouter {
public:
    using Matcher = std::function<bool(const HttpRequest&)>;

    explicit RequestRouter(std::string version);

    // Handlers are tried in registration order; the first whose matcher accepts the request
    // answers.
    void add(std::string name, Matcher matcher, HttpHandler handler);

    HttpResponse route(const HttpRequest& request) const;

private:
    struct Route {
        std::string name;
        Matcher matcher;
        HttpHandler handler;
    };
    std::string version_;
    std::vector<Route> routes_;
};

}  // namespace tripline::api
