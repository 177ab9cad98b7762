// DigestKeys: the RSA key pair per region that signs CloudTrail digest files (cloudtrail.md §7),
// kept in <data-dir>/cloudtrail/keys/<region>.pem (mode 0600; created on first use, 2048-bit), with
// the public part listable like CloudTrail's ListPublicKeys. The fingerprint is the hex MD5 of the
// DER PKCS#1 RSAPublicKey (32 hex), and ListPublicKeys' Value is that DER, base64-encoded.
//
// Ownership: owns the loaded keys. Thread-safety: all methods may be called concurrently.
// Errors: kIo for unreadable/unwritable key files, kInvalidArgument for an invalid region name.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::trail {

struct PublicKeyInfo {
    std::string region;
    std::string der_base64;  // ListPublicKeys' Value
    std::string fingerprint;
    TimePoint validity_start;
    TimePoint validity_end;  // validity_start + 1 year (keys are not rotated yet)
};

class DigestKeys {
public:
    static Result<std::unique_ptr<DigestKeys>> open(const std::filesystem::path& directory,
                                                    Clock& clock);
    ~DigestKeys();

    // The region's key (created when missing).
    Result<PublicKeyInfo> public_key(std::string_view region);
    // Hex RSA PKCS#1 v1.5 SHA-256 signature of `data` with the region's key.
    Result<std::string> sign(std::string_view region, std::string_view data);
    // Whether `signature_hex` signs `data` under the key with `fingerprint` (any region).
    bool verify(std::string_view fingerprint,
                std::string_view data,
                std::string_view signature_hex);
    // Keys valid at some point in [start, end] (every key when both are unset), across regions
    // when `region` is empty.
    std::vector<PublicKeyInfo> list(std::string_view region, TimePoint start, TimePoint end);

private:
    struct State;
    explicit DigestKeys(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace tripline::trail
