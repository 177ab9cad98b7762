#include "api/services/s3/s3_checksums.h"

#include <openssl/evp.h>

namespace tripline::api::services::s3 {

Md5Digest md5(std::string_view data) {
    Md5Digest out{};
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_md5(), nullptr);
    return out;
}

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[data[i] >> 4];
        out += kDigits[data[i] & 0x0F];
    }
    return out;
}

Md5Stream::Md5Stream() : ctx_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_md5(), nullptr);
}

Md5Stream::~Md5Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Md5Stream::update(std::string_view data) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}

Md5Digest Md5Stream::finish() {
    Md5Digest out{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), out.data(), &len);
    return out;
}

namespace {

struct Crc32Table {
    std::array<std::uint32_t, 256> values{};
    constexpr Crc32Table() {
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            values[i] = c;
        }
    }
};

constexpr Crc32Table kCrcTable;

}  // namespace

std::uint32_t crc32(std::string_view data, std::uint32_t seed) {
    std::uint32_t c = seed ^ 0xFFFFFFFFu;
    for (char ch : data) {
        c = kCrcTable.values[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
    }
    return c ^ 0xFFFFFFFFu;
}

std::string crc32_base64(std::string_view data) {
    std::uint32_t c = crc32(data);
    char bytes[4] = {static_cast<char>(c >> 24),
                     static_cast<char>((c >> 16) & 0xFF),
                     static_cast<char>((c >> 8) & 0xFF),
                     static_cast<char>(c & 0xFF)};
    return base64_encode(std::string_view(bytes, 4));
}

}  // namespace tripline::api::services::s3
