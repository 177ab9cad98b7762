#include "app/local_endpoint.h"

#include <openssl/crypto.h>

namespace tripline::app {

bool token_matches(const api::HttpRequest& request, const std::string& token) {
    auto it = request.headers.find("x-tripline-token");
    if (it == request.headers.end() || it->second.size() != token.size() || token.empty()) {
        return false;
    }
    return CRYPTO_memcmp(it->second.data(), token.data(), token.size()) == 0;
}

api::HttpResponse local_reply(int status, const nlohmann::json& body) {
    api::HttpResponse response;
    response.status = status;
    response.content_type = "application/json";
    response.body = body.dump();
    return response;
}

}  // namespace tripline::app
