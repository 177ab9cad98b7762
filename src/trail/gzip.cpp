#include "trail/gzip.h"

#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

namespace tripline::trail {

namespace {

struct CompressorDeleter {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// libdeflate's (de)compressors are not thread-safe and costly to allocate (the level-6
// compressor is ~1 MB), so each thread keeps its own, one per level.
libdeflate_compressor* compressor_for(int level) {
    thread_local std::array<std::unique_ptr<libdeflate_compressor, CompressorDeleter>, 13> cache;
    level = std::clamp(level, 0, 12);
    auto& slot = cache[static_cast<std::size_t>(level)];
    if (!slot) {
        slot.reset(libdeflate_alloc_compressor(level));
    }
    return slot.get();
}

libdeflate_decompressor* decompressor() {
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> cache(
        libdeflate_alloc_decompressor());
    return cache.get();
}

constexpr std::size_t kGzipMinimumMember = 18;  // 10-byte header + empty block + 8-byte trailer

// The ISIZE field of the trailer: the uncompressed size (mod 2^32) of the last member, which is
// the exact output size for the usual single-member file.
std::size_t trailer_size_hint(std::string_view data) {
    if (data.size() < kGzipMinimumMember) {
        return 0;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
    return static_cast<std::size_t>(p[0]) | (static_cast<std::size_t>(p[1]) << 8) |
           (static_cast<std::size_t>(p[2]) << 16) | (static_cast<std::size_t>(p[3]) << 24);
}

bool all_zero(std::string_view data) {
    return std::all_of(data.begin(), data.end(), [](char c) { return c == '\0'; });
}

}  // namespace

bool is_gzip(std::string_view data) {
    return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
           static_cast<unsigned char>(data[1]) == 0x8b;
}

std::string gzip_compress(std::string_view data, int level) {
    libdeflate_compressor* c = compressor_for(level);
    std::string out(libdeflate_gzip_compress_bound(c, data.size()), '\0');
    std::size_t n = libdeflate_gzip_compress(c, data.data(), data.size(), out.data(), out.size());
    out.resize(n);  // the bound always suffices, so n > 0
    return out;
}

Result<std::string> gunzip(std::string_view data, std::size_t max_bytes) {
    if (!is_gzip(data)) {
        return make_error(Errc::kInvalidArgument, "not gzip data (no gzip header)");
    }
    libdeflate_decompressor* d = decompressor();
    std::string out;
    // Start from the trailer's size when it is plausible (deflate expands at most ~1032:1),
    // else a multiple of the input; grow by doubling when a member does not fit.
    std::size_t hint = trailer_size_hint(data);
    if (hint == 0 || hint > data.size() * 1032 + 64) {
        hint = data.size() * 4;
    }
    std::size_t capacity = std::min(std::max<std::size_t>(hint, 256), max_bytes);
    out.resize(capacity);
    std::size_t produced = 0;
    std::string_view rest = data;
    while (!rest.empty()) {
        if (!is_gzip(rest)) {
            if (produced > 0 && all_zero(rest)) {
                break;  // padding after the last member, which gzip(1) ignores too
            }
            return make_error(Errc::kInvalidArgument, "trailing data after the gzip stream");
        }
        std::size_t consumed = 0;
        std::size_t written = 0;
        libdeflate_result r = libdeflate_gzip_decompress_ex(d,
                                                            rest.data(),
                                                            rest.size(),
                                                            out.data() + produced,
                                                            out.size() - produced,
                                                            &consumed,
                                                            &written);
        if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
            if (out.size() >= max_bytes) {
                return make_error(
                    Errc::kLimitExceeded,
                    "gzip data expands to more than " + std::to_string(max_bytes) + " bytes");
            }
            out.resize(std::min(std::max(out.size() * 2, produced + rest.size() * 4), max_bytes));
            continue;  // decompress this member again into the larger buffer
        }
        if (r != LIBDEFLATE_SUCCESS) {
            return make_error(Errc::kInvalidArgument,
                              "truncated or corrupt gzip data (bad deflate stream, length or "
                              "CRC)");
        }
        produced += written;
        rest.remove_prefix(consumed);
    }
    out.resize(produced);
    return out;
}

}  // namespace tripline::trail
