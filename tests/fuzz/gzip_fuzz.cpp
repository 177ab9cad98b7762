// Fuzzes gunzip (the first step of reading any CloudTrail log or digest file): any input is
// decompressed within the size limit or rejected with an error, never a crash; what it
// decompresses compresses and decompresses back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "trail/gzip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    constexpr std::size_t kLimit = std::size_t{1} << 20;
    auto text = tripline::trail::gunzip(input, kLimit);
    if (text) {
        if (text->size() > kLimit || !tripline::trail::is_gzip(input)) {
            std::abort();
        }
        auto again = tripline::trail::gunzip(tripline::trail::gzip_compress(*text, 1), kLimit);
        if (!again || *again != *text) {
            std::abort();
        }
    }
    return 0;
}
