#include "base/sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

#include "base/encoding.h"

namespace tripline {
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
    // HMAC() with an empty key needs a non-null pointer on some OpenSSL versions.
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

std::string hmac_sha256_hex(const Sha256Digest& key, std::string_view message) {
    return to_hex(hmac_sha256(as_view(key), message));
}

std::string to_hex(const Sha256Digest& digest) { return hex_encode(as_view(digest)); }

Sha256Digest derive_sigv4_signing_key(std::string_view secret_access_key,
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

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tripline
