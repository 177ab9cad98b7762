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

std::string base64_encode(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(data.data()),
                            static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0 || text.size() > (1u << 24)) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '+' || c == '/' || (c == '=' && i + 2 >= text.size());
        if (!ok) {
            return std::nullopt;
        }
    }
    std::string out(3 * (text.size() / 4), '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
    if (n < 0) {
        return std::nullopt;
    }
    std::size_t padding = 0;
    if (text.ends_with("==")) {
        padding = 2;
    } else if (text.ends_with("=")) {
        padding = 1;
    }
    out.resize(static_cast<std::size_t>(n) - padding);
    return out;
}

}  // namespace tripline::api::services::s3
