// Fuzzes the outbox payload decoder (a stored BLOB read back by the delivery workers): any input
// decodes to at most its recorded size or is rejected with an error, never a crash; any text
// compresses and decodes back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/outbox_payload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto* bytes = reinterpret_cast<const std::byte*>(data);
    auto text = tripline::storage::decompress_outbox_payload(bytes, size, 1);
    if (text && text->size() > tripline::storage::kMaxOutboxPayloadBytes) {
        std::abort();
    }
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto packed = tripline::storage::compress_outbox_payload(input);
    auto back = tripline::storage::decompress_outbox_payload(packed.data(), packed.size(), 1);
    if (!back || *back != input) {
        std::abort();
    }
    return 0;
}
