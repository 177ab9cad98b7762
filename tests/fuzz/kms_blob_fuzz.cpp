// Fuzzes the KMS ciphertext-blob reader: any bytes are rejected or opened, never a crash, and a
// blob opens only under the key and context it was sealed with.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kms/aes_gcm.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view blob(reinterpret_cast<const char*>(data), size);
    static const std::string kKey(tripline::kms::kKeyBytes, 'k');
    (void)tripline::kms::sealed_key_id(blob);
    if (tripline::kms::open(kKey, blob, "a=b\n")) {
        __builtin_trap();  // forged: nothing sealed with this key is in the corpus
    }
    return 0;
}
