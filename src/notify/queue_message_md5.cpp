#include "notify/queue_message_md5.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

namespace tripline::notify {

namespace {

struct DigestContextDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;

std::string to_hex(const unsigned char* bytes, unsigned int size) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out += kHex[bytes[i] >> 4];
        out += kHex[bytes[i] & 0x0F];
    }
    return out;
}

void update_length_prefixed(EVP_MD_CTX* ctx, std::string_view value) {
    const auto size = static_cast<std::uint32_t>(value.size());
    const std::array<unsigned char, 4> length = {static_cast<unsigned char>(size >> 24),
                                                 static_cast<unsigned char>(size >> 16),
                                                 static_cast<unsigned char>(size >> 8),
                                                 static_cast<unsigned char>(size)};
    EVP_DigestUpdate(ctx, length.data(), length.size());
    EVP_DigestUpdate(ctx, value.data(), value.size());
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

}  // namespace

std::string md5_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
    return to_hex(digest, size);
}

Result<std::string> md5_of_message_attributes(
    const std::vector<QueueMessageAttribute>& attributes) {
    if (attributes.empty()) {
        return std::string();
    }
    std::vector<const QueueMessageAttribute*> sorted;
    sorted.reserve(attributes.size());
    for (const auto& attribute : attributes) {
        sorted.push_back(&attribute);
    }
    // AWS sorts by name as bytes (Java's String order for the ASCII names SQS allows).
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
        return a->name < b->name;
    });
    DigestContext ctx(EVP_MD_CTX_new());
    EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr);
    for (const QueueMessageAttribute* attribute : sorted) {
        update_length_prefixed(ctx.get(), attribute->name);
        update_length_prefixed(ctx.get(), attribute->data_type);
        if (attribute->data_type.starts_with("Binary")) {
            TRIPLINE_ASSIGN_OR_RETURN(std::string bytes, base64_decode(attribute->value));
            const unsigned char transport = 2;
            EVP_DigestUpdate(ctx.get(), &transport, 1);
            update_length_prefixed(ctx.get(), bytes);
        } else {
            const unsigned char transport = 1;
            EVP_DigestUpdate(ctx.get(), &transport, 1);
            update_length_prefixed(ctx.get(), attribute->value);
        }
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &size);
    return to_hex(digest, size);
}

std::string base64_encode(std::string_view data) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])) << 16) |
                       (static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i < data.size()) {
        auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])) << 16;
        const bool two = i + 1 < data.size();
        if (two) {
            n |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8;
        }
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += two ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

Result<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return make_error(Errc::kInvalidArgument,
                          "not valid base64: length is not a multiple of 4");
    }
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        int padding = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + k];
            const bool last_group = i + 4 == text.size();
            if (c == '=' && last_group && k >= 2) {
                v[k] = 0;
                ++padding;
                continue;
            }
            if (padding > 0 || (v[k] = base64_value(c)) < 0) {
                return make_error(Errc::kInvalidArgument, "not valid base64");
            }
        }
        const std::uint32_t n =
            (static_cast<std::uint32_t>(v[0]) << 18) | (static_cast<std::uint32_t>(v[1]) << 12) |
            (static_cast<std::uint32_t>(v[2]) << 6) | static_cast<std::uint32_t>(v[3]);
        out += static_cast<char>((n >> 16) & 0xFF);
        if (padding < 2) {
            out += static_cast<char>((n >> 8) & 0xFF);
        }
        if (padding < 1) {
            out += static_cast<char>(n & 0xFF);
        }
    }
    return out;
}

}  // namespace tripline::notify
