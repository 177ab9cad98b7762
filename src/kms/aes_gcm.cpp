#include "kms/aes_gcm.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace tripline::kms {

namespace {

constexpr std::string_view kMagic = "TKMS";
constexpr unsigned char kVersion = 1;
constexpr std::size_t kIvBytes = 12;
constexpr std::size_t kTagBytes = 16;

using Context = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string random_bytes(std::size_t count) {
    std::string out(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
        return {};
    }
    return out;
}

std::string canonical_context(const std::map<std::string, std::string>& context) {
    std::string out;
    for (const auto& [key, value] : context) {
        out += key + "=" + value + "\n";
    }
    return out;
}

std::string seal(std::string_view key,
                 std::string_view key_id,
                 std::string_view plaintext,
                 std::string_view aad) {
    if (key.size() != kKeyBytes || key_id.size() > 255) {
        return {};
    }
    const std::string iv = random_bytes(kIvBytes);
    Context ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx || iv.size() != kIvBytes ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(iv)) != 1) {
        return {};
    }
    int len = 0;
    if (!aad.empty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) !=
            1) {
        return {};
    }
    std::string out(kMagic);
    out.push_back(static_cast<char>(kVersion));
    out.push_back(static_cast<char>(key_id.size()));
    out += key_id;
    out += iv;
    const std::size_t body = out.size();
    out.resize(body + plaintext.size() + kTagBytes);
    auto* cipher = reinterpret_cast<unsigned char*>(out.data() + body);
    if (EVP_EncryptUpdate(
            ctx.get(), cipher, &len, bytes(plaintext), static_cast<int>(plaintext.size())) != 1) {
        return {};
    }
    int final_len = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), cipher + len, &final_len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(),
                            EVP_CTRL_GCM_GET_TAG,
                            static_cast<int>(kTagBytes),
                            cipher + plaintext.size()) != 1) {
        return {};
    }
    return out;
}

std::optional<std::string> sealed_key_id(std::string_view blob) {
    const std::size_t header = kMagic.size() + 2;
    if (blob.size() < header || !blob.starts_with(kMagic) ||
        static_cast<unsigned char>(blob[kMagic.size()]) != kVersion) {
        return std::nullopt;
    }
    const std::size_t id_len = static_cast<unsigned char>(blob[kMagic.size() + 1]);
    if (blob.size() < header + id_len + kIvBytes + kTagBytes) {
        return std::nullopt;
    }
    return std::string(blob.substr(header, id_len));
}

std::optional<std::string> open(std::string_view key, std::string_view blob, std::string_view aad) {
    auto id = sealed_key_id(blob);
    if (!id || key.size() != kKeyBytes) {
        return std::nullopt;
    }
    const std::size_t iv_at = kMagic.size() + 2 + id->size();
    std::string_view iv = blob.substr(iv_at, kIvBytes);
    std::string_view cipher =
        blob.substr(iv_at + kIvBytes, blob.size() - iv_at - kIvBytes - kTagBytes);
    std::string tag(blob.substr(blob.size() - kTagBytes));
    Context ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(iv)) != 1) {
        return std::nullopt;
    }
    int len = 0;
    if (!aad.empty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) !=
            1) {
        return std::nullopt;
    }
    std::string out(cipher.size(), '\0');
    if (EVP_DecryptUpdate(ctx.get(),
                          reinterpret_cast<unsigned char*>(out.data()),
                          &len,
                          bytes(cipher),
                          static_cast<int>(cipher.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(
            ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag.data()) != 1) {
        return std::nullopt;
    }
    int final_len = 0;
    if (EVP_DecryptFinal_ex(
            ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &final_len) != 1) {
        return std::nullopt;
    }
    return out;
}

}  // namespace tripline::kms
