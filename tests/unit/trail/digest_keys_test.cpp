// The per-region digest signing keys: creation (2048-bit RSA, PEM 0600), persistence, the
// ListPublicKeys view (DER PKCS#1 RSAPublicKey, MD5 fingerprint) and SHA256withRSA signatures -
// the fingerprint and a signature are checked independently with the openssl command line.
#include "trail/digest_keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>

#include "test_support.h"

namespace tripline::trail {
namespace {

std::string run(const std::string& command) {
    std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), pclose);
    std::string out;
    if (!pipe) {
        return out;
    }
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) {
        out.append(buf.data(), n);
    }
    return out;
}

void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<long>(bytes.size()));
}

std::string unhex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    }
    return out;
}

class DigestKeysTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto keys = DigestKeys::open(dir_.path() / "keys", clock_);
        ASSERT_TRUE(keys.has_value()) << keys.error().message;
        keys_ = std::move(keys).value();
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<DigestKeys> keys_;
};

TEST_F(DigestKeysTest, CreatesAPrivateKeyFilePerRegionOnFirstUse) {
    EXPECT_TRUE(keys_->list("", {}, {}).empty());
    auto info = keys_->public_key("us-east-1");
    ASSERT_TRUE(info.has_value()) << info.error().message;
    std::filesystem::path file = dir_.path() / "keys" / "us-east-1.pem";
    ASSERT_TRUE(std::filesystem::exists(file));
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(info->region, "us-east-1");
    EXPECT_EQ(info->validity_start, clock_.now());
    EXPECT_EQ(info->validity_end, clock_.now() + std::chrono::hours{24 * 365});
    EXPECT_EQ(info->fingerprint.size(), 32u);
    std::string text = run("openssl rsa -in '" + file.string() + "' -noout -text 2>/dev/null");
    EXPECT_NE(text.find("Private-Key: (2048 bit"), std::string::npos) << text;
    // The same key comes back; another region gets another key.
    EXPECT_EQ(keys_->public_key("us-east-1")->fingerprint, info->fingerprint);
    EXPECT_NE(keys_->public_key("eu-west-1")->fingerprint, info->fingerprint);
}

TEST_F(DigestKeysTest, FingerprintIsTheMd5OfTheDerRsaPublicKey) {
    auto info = keys_->public_key("us-east-2");
    ASSERT_TRUE(info.has_value());
    std::filesystem::path pem = dir_.path() / "keys" / "us-east-2.pem";
    std::filesystem::path der = dir_.path() / "pub.der";
    run("openssl rsa -in '" + pem.string() + "' -RSAPublicKey_out -outform DER -out '" +
        der.string() + "' 2>/dev/null");
    std::string md5 = run("openssl dgst -md5 -r '" + der.string() + "'");
    ASSERT_GE(md5.size(), 32u) << "openssl failed";
    EXPECT_EQ(md5.substr(0, 32), info->fingerprint);
    std::string b64 = run("base64 -w0 '" + der.string() + "'");
    EXPECT_EQ(b64, info->der_base64);
}

TEST_F(DigestKeysTest, SignaturesVerifyHereAndWithOpenssl) {
    const std::string data =
        "2015-08-17T15:01:31Z\nb/AWSLogs/k.json.gz\n" + std::string(64, 'a') + "\nnull";
    auto signature = keys_->sign("us-east-1", data);
    ASSERT_TRUE(signature.has_value()) << signature.error().message;
    EXPECT_EQ(signature->size(), 512u);  // 2048 bits, hex
    std::string fingerprint = keys_->public_key("us-east-1")->fingerprint;
    EXPECT_TRUE(keys_->verify(fingerprint, data, *signature));
    EXPECT_FALSE(keys_->verify(fingerprint, data + "x", *signature));
    EXPECT_FALSE(keys_->verify(std::string(32, '0'), data, *signature));
    EXPECT_FALSE(keys_->verify(fingerprint, data, "zz"));
    EXPECT_FALSE(keys_->verify(fingerprint, data, ""));

    // Independently: openssl dgst -sha256 -verify with the public key (PKCS#1 v1.5).
    std::filesystem::path pem = dir_.path() / "keys" / "us-east-1.pem";
    std::filesystem::path pub = dir_.path() / "pub.pem";
    run("openssl rsa -in '" + pem.string() + "' -pubout -out '" + pub.string() + "' 2>/dev/null");
    write_bytes(dir_.path() / "data", data);
    write_bytes(dir_.path() / "sig", unhex(*signature));
    std::string verdict =
        run("openssl dgst -sha256 -verify '" + pub.string() + "' -signature '" +
            (dir_.path() / "sig").string() + "' '" + (dir_.path() / "data").string() + "' 2>&1");
    EXPECT_EQ(verdict, "Verified OK\n");
}

TEST_F(DigestKeysTest, KeysPersistWithTheirValidity) {
    auto first = keys_->public_key("us-west-2");
    ASSERT_TRUE(first.has_value());
    clock_.advance(std::chrono::hours{48});
    auto reopened = DigestKeys::open(dir_.path() / "keys", clock_);
    ASSERT_TRUE(reopened.has_value());
    auto again = (*reopened)->public_key("us-west-2");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->fingerprint, first->fingerprint);
    EXPECT_EQ(again->der_base64, first->der_base64);
    EXPECT_EQ(again->validity_start, first->validity_start);
    // A signature made by one instance verifies in the other (e.g. serve signs, the CLI checks).
    auto signature = keys_->sign("us-west-2", "text");
    ASSERT_TRUE(signature.has_value());
    EXPECT_TRUE((*reopened)->verify(first->fingerprint, "text", *signature));
}

TEST_F(DigestKeysTest, AnotherInstanceSeesKeysCreatedLater) {
    auto other = DigestKeys::open(dir_.path() / "keys", clock_);
    ASSERT_TRUE(other.has_value());
    auto signature = keys_->sign("ca-central-1", "later");
    ASSERT_TRUE(signature.has_value());
    std::string fingerprint = keys_->public_key("ca-central-1")->fingerprint;
    EXPECT_TRUE((*other)->verify(fingerprint, "later", *signature));
    EXPECT_EQ((*other)->list("ca-central-1", {}, {}).size(), 1u);
}

TEST_F(DigestKeysTest, ListFiltersByRegionAndValidity) {
    ASSERT_TRUE(keys_->public_key("us-east-1").has_value());
    clock_.advance(std::chrono::hours{24 * 400});
    ASSERT_TRUE(keys_->public_key("eu-west-1").has_value());
    EXPECT_EQ(keys_->list("", {}, {}).size(), 2u);
    EXPECT_EQ(keys_->list("eu-west-1", {}, {}).size(), 1u);
    EXPECT_EQ(keys_->list("ap-south-1", {}, {}).size(), 0u);
    auto recent = keys_->list("", clock_.now() - std::chrono::hours{1}, clock_.now());
    ASSERT_EQ(recent.size(), 1u);  // the first key expired after a year
    EXPECT_EQ(recent[0].region, "eu-west-1");
    auto open_ended = keys_->list("", clock_.now() - std::chrono::hours{24 * 390}, {});
    EXPECT_EQ(open_ended.size(), 2u);
}

TEST_F(DigestKeysTest, RefusesRegionNamesThatAreNotRegions) {
    for (const char* region : {"", "../x", "US-EAST-1", "a/b", "-east"}) {
        auto info = keys_->public_key(region);
        ASSERT_FALSE(info.has_value()) << region;
        EXPECT_EQ(info.error().code, Errc::kInvalidArgument);
        EXPECT_FALSE(keys_->sign(region, "x").has_value());
    }
}

TEST_F(DigestKeysTest, ACorruptKeyFileIsAnIoError) {
    std::ofstream(dir_.path() / "keys" / "sa-east-1.pem") << "not a key";
    auto reopened = DigestKeys::open(dir_.path() / "keys", clock_);
    ASSERT_FALSE(reopened.has_value());
    EXPECT_EQ(reopened.error().code, Errc::kIo);
}

}  // namespace
}  // namespace tripline::trail
