#include "iam/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>

namespace tripline::iam {

namespace {
constexpr const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}

std::string base32_encode(const std::string& bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) {
        out += kAlphabet[(buffer << (5 - bits)) & 31];
    }
    while (out.size() % 8 != 0) {
        out += '=';
    }
    return out;
}

std::optional<std::string> base32_decode(const std::string& text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char raw : text) {
        if (raw == '=' || raw == ' ') {
            continue;
        }
        char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
        int value = -1;
        if (c >= 'A' && c <= 'Z') {
            value = c - 'A';
        } else if (c >= '2' && c <= '7') {
            value = c - '2' + 26;
        }
        if (value < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return out;
}

std::string totp_code(const std::string& secret, std::int64_t step) {
    unsigned char counter[8];
    for (int i = 7; i >= 0; --i) {
        counter[i] = static_cast<unsigned char>(step & 0xff);
        step >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    HMAC(EVP_sha1(),
         secret.data(),
         static_cast<int>(secret.size()),
         counter,
         sizeof counter,
         mac,
         &mac_len);
    int offset = mac[mac_len - 1] & 0x0f;
    std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                           (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                           (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                           static_cast<std::uint32_t>(mac[offset + 3]);
    std::string code = std::to_string(binary % 1000000);
    return std::string(6 - code.size(), '0') + code;
}

}  // namespace tripline::iam
