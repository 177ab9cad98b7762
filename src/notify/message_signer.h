// MessageSigner: Tripline's SNS signing identity (sns.md §7). It owns an RSA-2048 key and a
// self-signed X.509 certificate kept in a directory (<data-dir>/sns/: signing-key.pem mode 0600,
// signing-cert.pem), created on first start and loaded afterwards, and signs the string to sign of
// each message: SignatureVersion "1" = SHA1withRSA, "2" = SHA256withRSA (PKCS#1 v1.5), base64.
//
// Subscribers fetch the certificate from SigningCertURL = <public URL>/<certificate_file_name()>
// (served by the API layer from certificate_pem()); real SNS verifiers insist on an
// sns.<region>.amazonaws.com host, so they must be told to trust Tripline's URL (docs/sns.md).
//
// Ownership: owns the key (OpenSSL EVP_PKEY) and certificate. Thread-safety: sign() and the
// accessors may be called from any thread (the key is read-only after open(); each call has its
// own digest context). Errors: kIo for unreadable or unwritable files, kInvalidArgument for a
// corrupt key/certificate or an unknown signature version, kInternal for OpenSSL failures.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::notify {

class MessageSigner {
public:
    ~MessageSigner();
    MessageSigner(const MessageSigner&) = delete;
    MessageSigner& operator=(const MessageSigner&) = delete;

    // Loads the key and certificate from `directory`, creating the directory (0700), the key and
    // the certificate (valid from now for ten years) when missing. A key without a certificate
    // gets a new certificate.
    static Result<std::unique_ptr<MessageSigner>> open(const std::filesystem::path& directory,
                                                       const Clock& clock);

    // Base64 signature of `text`; version "1" (SHA1withRSA) or "2" (SHA256withRSA).
    Result<std::string> sign(std::string_view text, std::string_view version) const;

    const std::string& certificate_pem() const { return certificate_pem_; }
    // "SimpleNotificationService-<first 32 hex digits of the certificate's SHA-256>.pem".
    const std::string& certificate_file_name() const { return certificate_file_name_; }
    // <public_url>/<certificate_file_name()>, with no doubled '/'.
    std::string signing_cert_url(std::string_view public_url) const;

    // Verifies a base64 signature against a PEM certificate; ok when it matches. For tests and
    // tools (subscribers verify with their own SNS libraries).
    static Status verify(std::string_view text,
                         std::string_view signature_base64,
                         std::string_view version,
                         std::string_view certificate_pem);

private:
    struct Keys;
    explicit MessageSigner(std::unique_ptr<Keys> keys);

    std::unique_ptr<Keys> keys_;
    std::string certificate_pem_;
    std::string certificate_file_name_;
};

}  // namespace tripline::notify
