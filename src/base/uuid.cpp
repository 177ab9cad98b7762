#include "base/uuid.h"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace tripline {

namespace {

void random_bytes(unsigned char* out, std::size_t n) {
    if (RAND_bytes(out, static_cast<int>(n)) != 1) {
        // The CSPRNG failing is unrecoverable: ids and keys must never be predictable.
        std::abort();
    }
}

std::string random_from_alphabet(std::string_view alphabet, std::size_t length) {
    std::string out;
    out.reserve(length);
    std::vector<unsigned char> buf(length * 2 + 16);
    std::size_t used = buf.size();
    // Rejection sampling keeps the distribution uniform for alphabets that do not divide 256.
    const unsigned limit = 256 - (256 % alphabet.size());
    while (out.size() < length) {
        if (used == buf.size()) {
            random_bytes(buf.data(), buf.size());
            used = 0;
        }
        unsigned char b = buf[used++];
        if (b < limit) {
            out.push_back(alphabet[b % alphabet.size()]);
        }
    }
    return out;
}

}  // namespace

std::string make_uuid() {
    std::array<unsigned char, 16> b{};
    random_bytes(b.data(), b.size());
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out.push_back('-');
        }
        out.push_back(kHex[b[i] >> 4]);
        out.push_back(kHex[b[i] & 0x0F]);
    }
    return out;
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return false;
            }
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

std::string random_upper_alnum(std::size_t length) {
    return random_from_alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", length);
}

std::string random_base64_chars(std::size_t length) {
    return random_from_alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                                length);
}

}  // namespace tripline
