#include "storage/outbox_payload.h"

#include <libdeflate.h>

#include <memory>

namespace tripline::storage {

namespace {

struct CompressorDeleter {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

libdeflate_compressor* compressor() {
    thread_local std::unique_ptr<libdeflate_compressor, CompressorDeleter> c(
        libdeflate_alloc_compressor(1));
    return c.get();
}

libdeflate_decompressor* decompressor() {
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(
        libdeflate_alloc_decompressor());
    return d.get();
}

constexpr std::size_t kHeaderBytes = 4;

}  // namespace

std::vector<std::byte> compress_outbox_payload(std::string_view payload) {
    const std::size_t bound = libdeflate_deflate_compress_bound(compressor(), payload.size());
    std::vector<std::byte> out(kHeaderBytes + bound);
    const auto size = static_cast<std::uint32_t>(payload.size());
    for (std::size_t i = 0; i < kHeaderBytes; ++i) {
        out[i] = static_cast<std::byte>((size >> (8 * i)) & 0xff);
    }
    const std::size_t written = libdeflate_deflate_compress(
        compressor(), payload.data(), payload.size(), out.data() + kHeaderBytes, bound);
    out.resize(kHeaderBytes + written);
    return out;
}

Result<std::string> decompress_outbox_payload(const std::byte* data,
                                              std::size_t size,
                                              std::int64_t row_id) {
    auto corrupt = [&](std::string_view why) {
        return make_error(
            Errc::kInvalidArgument,
            "outbox message #" + std::to_string(row_id) + ": payload " + std::string(why));
    };
    if (size < kHeaderBytes) {
        return corrupt("is too short to be compressed data");
    }
    std::uint32_t expected = 0;
    for (std::size_t i = 0; i < kHeaderBytes; ++i) {
        expected |= static_cast<std::uint32_t>(data[i]) << (8 * i);
    }
    if (expected > kMaxOutboxPayloadBytes) {
        return corrupt("records an uncompressed size of " + std::to_string(expected) + " bytes");
    }
    std::string out(expected, '\0');
    std::size_t actual = 0;
    const libdeflate_result result = libdeflate_deflate_decompress(
        decompressor(), data + kHeaderBytes, size - kHeaderBytes, out.data(), out.size(), &actual);
    if (result != LIBDEFLATE_SUCCESS || actual != expected) {
        return corrupt("does not decompress to its recorded size");
    }
    return out;
}

}  // namespace tripline::storage
