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

void update_length_prefixed(EVP_MD_CTX* ctx, std::string_view value) {
    const auto size = static_cast<std::uint32_t>(value.size());
    const std::array<unsigned char, 4> length = {static_cast<unsigned char>(size >> 24),
                                                 static_cast<unsigned char>(size >> 16),
                                                 static_cast<unsigned char>(size >> 8),
                                                 static_cast<unsigned char>(size)};
    EVP_DigestUpdate(ctx, length.data(), length.size());
    EVP_DigestUpdate(ctx, value.data(), value.size());
}

}  // namespace

std::string md5_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
    return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), size));
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
            std::optional<std::string> bytes = base64_decode(attribute->value);
            if (!bytes) {
                return make_error(Errc::kInvalidArgument,
                                  "the Binary value of message attribute '" + attribute->name +
                                      "' is not valid base64");
            }
            const unsigned char transport = 2;
            EVP_DigestUpdate(ctx.get(), &transport, 1);
            update_length_prefixed(ctx.get(), *bytes);
        } else {
            const unsigned char transport = 1;
            EVP_DigestUpdate(ctx.get(), &transport, 1);
            update_length_prefixed(ctx.get(), attribute->value);
        }
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &size);
    return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

}  // namespace tripline::notify
