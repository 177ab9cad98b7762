#include "notify/message_signer.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include "base/encoding.h"

namespace tripline::notify {

namespace {

constexpr const char* kKeyFile = "signing-key.pem";
constexpr const char* kCertFile = "signing-cert.pem";

struct PkeyDeleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Deleter {
    void operator()(X509* p) const { X509_free(p); }
};
struct BioDeleter {
    void operator()(BIO* p) const { BIO_free(p); }
};
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

Error openssl_error(const std::string& what) {
    ERR_clear_error();  // the thread's error queue must not leak into later, unrelated calls
    return make_error(Errc::kInternal, "OpenSSL: " + what);
}

Result<const EVP_MD*> digest_for(std::string_view version) {
    if (version == "1") {
        return EVP_sha1();
    }
    if (version == "2") {
        return EVP_sha256();
    }
    return make_error(Errc::kInvalidArgument,
                      "unknown SignatureVersion '" + std::string(version) + "' (expected 1 or 2)");
}

Result<std::string> read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(Errc::kIo, "cannot read " + path.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Writes via a temporary file, fsync and rename, so a crash never leaves half a key.
Status write_file_atomically(const std::filesystem::path& path,
                             std::string_view text,
                             mode_t mode) {
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        return make_error(Errc::kIo, "cannot create " + tmp.string() + ": " + std::strerror(errno));
    }
    bool ok = true;
    while (ok && !text.empty()) {
        ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        ok = n > 0;
        if (ok) {
            text.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    ok = ok && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        Error error =
            make_error(Errc::kIo, "cannot write " + path.string() + ": " + std::strerror(errno));
        ::unlink(tmp.c_str());
        return error;
    }
    int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return ok_status();
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

Result<std::string> private_key_pem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return openssl_error("cannot encode the signing key");
    }
    return bio_text(bio.get());
}

Result<std::string> certificate_to_pem(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
        return openssl_error("cannot encode the signing certificate");
    }
    return bio_text(bio.get());
}

Result<X509Ptr> make_certificate(EVP_PKEY* key, TimePoint now) {
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
        return openssl_error("cannot create a certificate");
    }
    std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), BN_free);
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
        return openssl_error("cannot make a certificate serial number");
    }
    std::time_t start = std::chrono::system_clock::to_time_t(now) - 60;  // tolerate clock skew
    std::time_t end = start + std::time_t{10} * 365 * 24 * 3600;
    if (ASN1_TIME_set(X509_getm_notBefore(cert.get()), start) == nullptr ||
        ASN1_TIME_set(X509_getm_notAfter(cert.get()), end) == nullptr) {
        return openssl_error("cannot set the certificate validity");
    }
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(
        name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Tripline"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(
        name,
        "CN",
        MBSTRING_ASC,
        reinterpret_cast<const unsigned char*>("Tripline SNS message signing"),
        -1,
        -1,
        0);
    if (X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key) != 1 ||
        X509_sign(cert.get(), key, EVP_sha256()) <= 0) {
        return openssl_error("cannot sign the certificate");
    }
    return cert;
}

Result<std::string> file_name_of(X509* cert) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &length) != 1 || length < 16) {
        return openssl_error("cannot hash the certificate");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < 16; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0xF];
    }
    return "SimpleNotificationService-" + hex + ".pem";
}

}  // namespace

struct MessageSigner::Keys {
    PkeyPtr key;
    mutable std::mutex mutex;  // serialises signing; cheap next to an RSA operation
};

MessageSigner::MessageSigner(std::unique_ptr<Keys> keys) : keys_(std::move(keys)) {}
MessageSigner::~MessageSigner() = default;

Result<std::unique_ptr<MessageSigner>> MessageSigner::open(const std::filesystem::path& directory,
                                                           const Clock& clock) {
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec) {
        return make_error(Errc::kIo, "cannot create " + directory.string() + ": " + ec.message());
    }
    ::chmod(directory.c_str(), 0700);
    std::filesystem::path key_path = directory / kKeyFile;
    std::filesystem::path cert_path = directory / kCertFile;

    PkeyPtr key;
    if (std::filesystem::exists(key_path)) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string pem, read_text(key_path));
        BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
        if (!key || !EVP_PKEY_is_a(key.get(), "RSA")) {
            ERR_clear_error();
            return make_error(Errc::kInvalidArgument,
                              key_path.string() + " does not hold an RSA private key");
        }
    } else {
        key.reset(EVP_RSA_gen(2048));
        if (!key) {
            return openssl_error("cannot generate an RSA-2048 key");
        }
        TRIPLINE_ASSIGN_OR_RETURN(std::string pem, private_key_pem(key.get()));
        TRIPLINE_TRY(write_file_atomically(key_path, pem, 0600));
        std::filesystem::remove(cert_path, ec);  // a certificate of some older key is useless
    }

    X509Ptr cert;
    std::string cert_pem;
    if (std::filesystem::exists(cert_path)) {
        TRIPLINE_ASSIGN_OR_RETURN(cert_pem, read_text(cert_path));
        BioPtr bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
        cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!cert) {
            ERR_clear_error();
            return make_error(Errc::kInvalidArgument,
                              cert_path.string() + " does not hold a PEM certificate");
        }
        if (X509_check_private_key(cert.get(), key.get()) != 1) {
            ERR_clear_error();
            return make_error(Errc::kInvalidArgument,
                              cert_path.string() + " does not match " + key_path.string());
        }
    } else {
        TRIPLINE_ASSIGN_OR_RETURN(cert, make_certificate(key.get(), clock.now()));
        TRIPLINE_ASSIGN_OR_RETURN(cert_pem, certificate_to_pem(cert.get()));
        TRIPLINE_TRY(write_file_atomically(cert_path, cert_pem, 0644));
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::string file_name, file_name_of(cert.get()));

    auto keys = std::make_unique<Keys>();
    keys->key = std::move(key);
    std::unique_ptr<MessageSigner> signer(new MessageSigner(std::move(keys)));
    signer->certificate_pem_ = std::move(cert_pem);
    signer->certificate_file_name_ = std::move(file_name);
    return signer;
}

Result<std::string> MessageSigner::sign(std::string_view text, std::string_view version) const {
    TRIPLINE_ASSIGN_OR_RETURN(const EVP_MD* md, digest_for(version));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    std::lock_guard<std::mutex> lock(keys_->mutex);
    std::size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, keys_->key.get()) != 1 ||
        EVP_DigestSign(ctx.get(),
                       nullptr,
                       &length,
                       reinterpret_cast<const unsigned char*>(text.data()),
                       text.size()) != 1) {
        return openssl_error("cannot start signing");
    }
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(),
                       reinterpret_cast<unsigned char*>(signature.data()),
                       &length,
                       reinterpret_cast<const unsigned char*>(text.data()),
                       text.size()) != 1) {
        return openssl_error("cannot sign");
    }
    return base64_encode(std::string_view(signature.data(), length));
}

std::string MessageSigner::signing_cert_url(std::string_view public_url) const {
    std::string url(public_url);
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url + "/" + certificate_file_name_;
}

Status MessageSigner::verify(std::string_view text,
                             std::string_view signature_base64,
                             std::string_view version,
                             std::string_view certificate_pem) {
    TRIPLINE_ASSIGN_OR_RETURN(const EVP_MD* md, digest_for(version));
    std::optional<std::string> signature = base64_decode(signature_base64);
    if (!signature) {
        return make_error(Errc::kInvalidArgument, "the signature is not base64");
    }
    BioPtr bio(BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())));
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) {
        ERR_clear_error();
        return make_error(Errc::kInvalidArgument, "not a PEM certificate");
    }
    EVP_PKEY* key = X509_get0_pubkey(cert.get());
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (key == nullptr || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1) {
        return openssl_error("cannot start verifying");
    }
    int rc = EVP_DigestVerify(ctx.get(),
                              reinterpret_cast<const unsigned char*>(signature->data()),
                              signature->size(),
                              reinterpret_cast<const unsigned char*>(text.data()),
                              text.size());
    if (rc != 1) {
        ERR_clear_error();
        return make_error(Errc::kUnauthenticated, "the signature does not match");
    }
    return ok_status();
}

}  // namespace tripline::notify
