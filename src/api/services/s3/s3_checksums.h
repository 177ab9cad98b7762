// The digests S3 exchanges with clients: MD5 (ETag, Content-MD5), CRC-32 (x-amz-checksum-crc32, as
// zlib computes it), base64, and the multipart ETag ("md5-of-part-md5s-N"). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/encoding.h"  // base64, which S3 checksums are written in

namespace tripline::api::services::s3 {

using Md5Digest = std::array<unsigned char, 16>;

Md5Digest md5(std::string_view data);
std::string hex(const unsigned char* data, std::size_t size);
inline std::string md5_hex(std::string_view data) {
    Md5Digest d = md5(data);
    return hex(d.data(), d.size());
}

// Incremental MD5 (multipart assembly).
class Md5Stream {
public:
    Md5Stream();
    ~Md5Stream();
    Md5Stream(const Md5Stream&) = delete;
    Md5Stream& operator=(const Md5Stream&) = delete;
    void update(std::string_view data);
    Md5Digest finish();

private:
    void* ctx_;  // EVP_MD_CTX
};

std::uint32_t crc32(std::string_view data, std::uint32_t seed = 0);
// The 4 big-endian bytes of a CRC-32, base64 encoded (x-amz-checksum-crc32's form).
std::string crc32_base64(std::string_view data);

}  // namespace tripline::api::services::s3
