#include "trail/digest_keys.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "base/encoding.h"

namespace tripline::trail {

namespace {

constexpr int kKeyBits = 2048;
constexpr auto kValidity = std::chrono::hours{24 * 365};
constexpr std::string_view kCreatedMarker = "created=";

struct PkeyDeleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioDeleter {
    void operator()(BIO* p) const { BIO_free(p); }
};
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

Error openssl_error(const std::string& what) {
    ERR_clear_error();  // the thread's error queue must not leak into later, unrelated calls
    return make_error(Errc::kInternal, "OpenSSL: " + what);
}

// Region names become file names, so only [a-z0-9-] starting with a letter is accepted.
bool is_valid_region(std::string_view region) {
    if (region.size() < 2 || region.size() > 32 || region[0] < 'a' || region[0] > 'z') {
        return false;
    }
    for (char c : region) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;
        }
    }
    return true;
}

// The DER PKCS#1 RSAPublicKey (what ListPublicKeys publishes and the fingerprint hashes).
Result<std::string> public_der(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    int n = i2d_PublicKey(key, &der);
    if (n <= 0) {
        return openssl_error("cannot encode the public key");
    }
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
    return out;
}

Result<std::string> md5_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr) != 1) {
        return openssl_error("MD5 failed");
    }
    return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
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

// Writes a new file that must not exist yet: a temp file (mode 0600, fsynced) is hard-linked
// into place, so a crash never leaves half a key and two processes creating the same region's
// key at once end up sharing the first one (the loser gets kAlreadyExists).
Status create_file_exclusively(const std::filesystem::path& path, std::string_view text) {
    std::filesystem::path tmp = path;
    tmp += ".tmp." + std::to_string(::getpid());
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
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
    if (!ok) {
        Error error =
            make_error(Errc::kIo, "cannot write " + tmp.string() + ": " + std::strerror(errno));
        ::unlink(tmp.c_str());
        return error;
    }
    int rc = ::link(tmp.c_str(), path.c_str());
    int link_errno = errno;
    ::unlink(tmp.c_str());
    if (rc != 0) {
        return make_error(link_errno == EEXIST ? Errc::kAlreadyExists : Errc::kIo,
                          "cannot create " + path.string() + ": " + std::strerror(link_errno));
    }
    int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return ok_status();
}

struct LoadedKey {
    PkeyPtr key;
    PublicKeyInfo info;
};

Result<LoadedKey> describe(PkeyPtr key, std::string region, TimePoint created) {
    TRIPLINE_ASSIGN_OR_RETURN(std::string der, public_der(key.get()));
    TRIPLINE_ASSIGN_OR_RETURN(std::string fingerprint, md5_hex(der));
    LoadedKey loaded;
    loaded.key = std::move(key);
    loaded.info.region = std::move(region);
    loaded.info.der_base64 = base64_encode(der);
    loaded.info.fingerprint = std::move(fingerprint);
    loaded.info.validity_start = created;
    loaded.info.validity_end = created + kValidity;
    return loaded;
}

// The PEM file starts with one line of explanatory text (RFC 7468 lets parsers skip it) that
// records when the key was made, which is the start of its validity.
Result<LoadedKey> load_key_file(const std::filesystem::path& path, const std::string& region) {
    TRIPLINE_ASSIGN_OR_RETURN(std::string text, read_text(path));
    BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
        ERR_clear_error();
        return make_error(Errc::kIo, "cannot parse the RSA key in " + path.string());
    }
    TimePoint created{};
    std::size_t marker = text.find(kCreatedMarker);
    std::size_t begin = text.find("-----BEGIN");
    bool dated = false;
    if (marker != std::string::npos && marker < begin) {
        std::size_t start = marker + kCreatedMarker.size();
        std::size_t end = text.find_first_of(" \r\n", start);
        dated = parse_iso8601(std::string_view(text).substr(start, end - start), created);
    }
    if (!dated) {  // a key someone placed by hand: valid from when the file was written
        std::error_code ec;
        auto written = std::filesystem::last_write_time(path, ec);
        if (!ec) {
            created =
                std::chrono::time_point_cast<Duration>(std::chrono::file_clock::to_sys(written));
        }
    }
    return describe(std::move(key), region, created);
}

Result<PkeyPtr> generate_key() {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), EVP_PKEY_CTX_free);
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), kKeyBits) <= 0 ||
        EVP_PKEY_generate(ctx.get(), &raw) <= 0) {
        return openssl_error("cannot generate an RSA key");
    }
    return PkeyPtr(raw);
}

Result<std::string> key_file_text(EVP_PKEY* key, std::string_view region, TimePoint created) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return openssl_error("cannot encode the digest signing key");
    }
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    std::string text = "Tripline CloudTrail digest signing key region=" + std::string(region) +
                       " " + std::string(kCreatedMarker) + format_iso8601(created) + "\n";
    text.append(data, static_cast<std::size_t>(size));
    return text;
}

}  // namespace

struct DigestKeys::State {
    std::filesystem::path directory;
    Clock& clock;
    std::mutex mutex;
    std::map<std::string, LoadedKey, std::less<>> keys;  // by region

    State(std::filesystem::path dir, Clock& c) : directory(std::move(dir)), clock(c) {}

    std::filesystem::path file_of(std::string_view region) const {
        return directory / (std::string(region) + ".pem");
    }

    // Loads key files another process (or an earlier run) wrote that are not loaded yet.
    // One unreadable file does not hide the others; the first error is returned.
    Status scan() {
        std::error_code ec;
        Status status = ok_status();
        for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
            const auto& path = entry.path();
            std::string region = path.stem().string();
            if (path.extension() != ".pem" || !is_valid_region(region) || keys.contains(region)) {
                continue;
            }
            auto key = load_key_file(path, region);
            if (key) {
                keys.emplace(region, std::move(key).value());
            } else if (status) {
                status = std::move(key).error();
            }
        }
        if (ec) {
            return make_error(Errc::kIo, "cannot list " + directory.string() + ": " + ec.message());
        }
        return status;
    }

    Result<LoadedKey*> key_for(std::string_view region) {
        if (!is_valid_region(region)) {
            return make_error(Errc::kInvalidArgument,
                              "invalid region name '" + std::string(region) + "'");
        }
        if (auto it = keys.find(region); it != keys.end()) {
            return &it->second;
        }
        std::filesystem::path path = file_of(region);
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            TimePoint created = std::chrono::time_point_cast<std::chrono::seconds>(clock.now());
            TRIPLINE_ASSIGN_OR_RETURN(PkeyPtr key, generate_key());
            TRIPLINE_ASSIGN_OR_RETURN(std::string text, key_file_text(key.get(), region, created));
            Status written = create_file_exclusively(path, text);
            if (!written && written.error().code != Errc::kAlreadyExists) {
                return written.error();
            }
            // On kAlreadyExists another process won the race: use its key, loaded below.
        }
        TRIPLINE_ASSIGN_OR_RETURN(LoadedKey loaded, load_key_file(path, std::string(region)));
        auto [it, inserted] = keys.emplace(std::string(region), std::move(loaded));
        return &it->second;
    }
};

DigestKeys::DigestKeys(std::unique_ptr<State> state) : state_(std::move(state)) {}
DigestKeys::~DigestKeys() = default;

Result<std::unique_ptr<DigestKeys>> DigestKeys::open(const std::filesystem::path& directory,
                                                     Clock& clock) {
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec) {
        return make_error(Errc::kIo, "cannot create " + directory.string() + ": " + ec.message());
    }
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all, ec);
    auto state = std::make_unique<State>(directory, clock);
    TRIPLINE_TRY(state->scan());
    return std::unique_ptr<DigestKeys>(new DigestKeys(std::move(state)));
}

Result<PublicKeyInfo> DigestKeys::public_key(std::string_view region) {
    std::lock_guard lock(state_->mutex);
    TRIPLINE_ASSIGN_OR_RETURN(LoadedKey * key, state_->key_for(region));
    return key->info;
}

Result<std::string> DigestKeys::sign(std::string_view region, std::string_view data) {
    std::lock_guard lock(state_->mutex);
    TRIPLINE_ASSIGN_OR_RETURN(LoadedKey * key, state_->key_for(region));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    std::size_t length = 0;
    if (!ctx ||
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key->key.get()) != 1 ||
        EVP_DigestSign(ctx.get(),
                       nullptr,
                       &length,
                       reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) != 1) {
        return openssl_error("cannot sign the digest");
    }
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(),
                       reinterpret_cast<unsigned char*>(signature.data()),
                       &length,
                       reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) != 1) {
        return openssl_error("cannot sign the digest");
    }
    return hex_encode(std::string_view(signature.data(), length));
}

bool DigestKeys::verify(std::string_view fingerprint,
                        std::string_view data,
                        std::string_view signature_hex) {
    std::string signature = hex_decode(signature_hex).value_or(std::string());
    if (signature.empty()) {
        return false;
    }
    std::lock_guard lock(state_->mutex);
    auto find = [&]() -> LoadedKey* {
        for (auto& [region, key] : state_->keys) {
            if (key.info.fingerprint == fingerprint) {
                return &key;
            }
        }
        return nullptr;
    };
    LoadedKey* key = find();
    if (key == nullptr) {
        (void)state_->scan();
        key = find();
    }
    if (key == nullptr) {
        return false;
    }
    MdCtxPtr ctx(EVP_MD_CTX_new());
    bool ok =
        ctx &&
        EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key->key.get()) == 1 &&
        EVP_DigestVerify(ctx.get(),
                         reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(),
                         reinterpret_cast<const unsigned char*>(data.data()),
                         data.size()) == 1;
    ERR_clear_error();
    return ok;
}

std::vector<PublicKeyInfo> DigestKeys::list(std::string_view region,
                                            TimePoint start,
                                            TimePoint end) {
    std::lock_guard lock(state_->mutex);
    (void)state_->scan();  // an unreadable file is reported by public_key()/sign(), not here
    const bool unbounded_end = end == TimePoint{};
    std::vector<PublicKeyInfo> out;
    for (const auto& [key_region, key] : state_->keys) {
        if (!region.empty() && key_region != region) {
            continue;
        }
        if (key.info.validity_end < start || (!unbounded_end && key.info.validity_start > end)) {
            continue;
        }
        out.push_back(key.info);
    }
    return out;
}

}  // namespace tripline::trail
