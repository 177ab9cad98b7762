#include "iam/password_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>

#include "base/encoding.h"

namespace tripline::iam {

namespace {

constexpr int kIterations = 100000;
constexpr int kHashBytes = 32;

std::string derive(const std::string& password, const std::string& salt, int iterations) {
    std::string out(kHashBytes, '\0');
    PKCS5_PBKDF2_HMAC(password.data(),
                      static_cast<int>(password.size()),
                      reinterpret_cast<const unsigned char*>(salt.data()),
                      static_cast<int>(salt.size()),
                      iterations,
                      EVP_sha256(),
                      kHashBytes,
                      reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

}  // namespace

std::string secure_random_bytes(std::size_t count) {
    std::string out(count, '\0');
    RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count));
    return out;
}

std::string hash_password(const std::string& password) {
    std::string salt = secure_random_bytes(16);
    return "pbkdf2-sha256$" + std::to_string(kIterations) + "$" + base64_encode(salt) + "$" +
           base64_encode(derive(password, salt, kIterations));
}

bool password_matches(const std::string& password, const std::string& stored) {
    std::size_t a = stored.find('$');
    std::size_t b = a == std::string::npos ? a : stored.find('$', a + 1);
    std::size_t c = b == std::string::npos ? b : stored.find('$', b + 1);
    if (c == std::string::npos || stored.substr(0, a) != "pbkdf2-sha256") {
        return false;
    }
    int iterations = std::atoi(stored.substr(a + 1, b - a - 1).c_str());
    auto salt = base64_decode(stored.substr(b + 1, c - b - 1));
    auto expected = base64_decode(stored.substr(c + 1));
    if (iterations <= 0 || iterations > 10000000 || !salt || !expected ||
        expected->size() != kHashBytes) {
        return false;
    }
    std::string actual = derive(password, *salt, iterations);
    return CRYPTO_memcmp(actual.data(), expected->data(), kHashBytes) == 0;
}

}  // namespace tripline::iam
