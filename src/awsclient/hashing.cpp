#include "awsclient/hashing.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace tripline::awsclient {
namespace {

std::string_view as_view(const Sha256Digest& d) {
    return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace

Sha256Digest sha256(std::string_view data) {
    Sha256Digest out{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1 ||
        length != out.size()) {
        std::abort();  // SHA-256 over memory cannot fail short of a broken OpenSSL
    }
    return out;
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
    Sha256Digest out{};
    unsigned int length = 0;
    // Some OpenSSL versions want a non-null key pointer even for an empty key.
    static const unsigned char kNoKey = 0;
    const void* key_data = key.empty() ? static_cast<const void*>(&kNoKey) : key.data();
    if (HMAC(EVP_sha256(),
             key_data,
             static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()),
             message.size(),
             out.data(),
             &length) == nullptr ||
        length != out.size()) {
        std::abort();
    }
    return out;
}

std::string to_hex(const Sha256Digest& digest) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(digest.size() * 2);
    for (std::uint8_t b : digest) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0f]);
    }
    return out;
}

Sha256Digest derive_signing_key(std::string_view secret_access_key,
                                std::string_view date,
                                std::string_view region,
                                std::string_view service) {
    std::string seed = "AWS4";
    seed.append(secret_access_key);
    Sha256Digest k_date = hmac_sha256(seed, date);
    OPENSSL_cleanse(seed.data(), seed.size());  // the secret does not linger in freed memory
    Sha256Digest k_region = hmac_sha256(as_view(k_date), region);
    Sha256Digest k_service = hmac_sha256(as_view(k_region), service);
    return hmac_sha256(as_view(k_service), "aws4_request");
}

}  // namespace tripline::awsclient
