// Whole-buffer gzip: round trips, interoperability with zlib (gzip(1)'s format), concatenated
// members, and the errors for truncated, corrupt, trailing and oversized data.
#include "trail/gzip.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

namespace tripline::trail {
namespace {

std::string zlib_gzip(std::string_view data) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, data.size()) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string zlib_gunzip(std::string_view data) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[4096];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
    }
    EXPECT_EQ(rc, Z_STREAM_END);
    inflateEnd(&z);
    return out;
}

std::string sample_text(std::size_t size) {
    std::mt19937 rng(42);
    std::string text;
    while (text.size() < size) {
        text += R"({"eventName":"GetCallerIdentity","n":)" + std::to_string(rng() % 1000) + "},";
    }
    text.resize(size);
    return text;
}

TEST(GzipTest, RoundTripsAnySize) {
    for (std::size_t size : {0u, 1u, 100u, 65'536u, 3'000'000u}) {
        std::string text = sample_text(size);
        std::string gz = gzip_compress(text);
        EXPECT_TRUE(is_gzip(gz));
        auto back = gunzip(gz, text.size());
        ASSERT_TRUE(back.has_value()) << size << ": " << back.error().message;
        EXPECT_EQ(*back, text);
    }
}

TEST(GzipTest, IncompressibleDataRoundTripsAtEveryLevel) {
    std::mt19937 rng(7);
    std::string noise(10'000, '\0');
    for (char& c : noise) {
        c = static_cast<char>(rng());
    }
    for (int level : {0, 1, 6, 9, 12}) {
        auto back = gunzip(gzip_compress(noise, level), noise.size());
        ASSERT_TRUE(back.has_value()) << level;
        EXPECT_EQ(*back, noise);
    }
}

TEST(GzipTest, InteroperatesWithZlib) {
    std::string text = sample_text(200'000);
    auto from_zlib = gunzip(zlib_gzip(text), 1 << 20);
    ASSERT_TRUE(from_zlib.has_value());
    EXPECT_EQ(*from_zlib, text);
    EXPECT_EQ(zlib_gunzip(gzip_compress(text)), text);
}

TEST(GzipTest, ConcatenatedMembersAreDecompressedInTurn) {
    std::string gz = gzip_compress("first ") + zlib_gzip("second ") + gzip_compress("") +
                     gzip_compress(sample_text(100'000));
    auto back = gunzip(gz, 1 << 20);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, "first second " + sample_text(100'000));
}

TEST(GzipTest, RecognisesTheMagicBytes) {
    EXPECT_TRUE(is_gzip("\x1f\x8b"));
    EXPECT_FALSE(is_gzip("\x1f"));
    EXPECT_FALSE(is_gzip("{\"Records\":[]}"));
    EXPECT_FALSE(is_gzip(""));
}

TEST(GzipTest, RejectsDataThatIsNotGzip) {
    auto r = gunzip("{\"Records\":[]}", 100);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    EXPECT_FALSE(gunzip("", 100).has_value());
}

TEST(GzipTest, RejectsTruncatedData) {
    std::string gz = gzip_compress(sample_text(50'000));
    for (std::size_t keep : {std::size_t{2}, std::size_t{10}, gz.size() / 2, gz.size() - 1}) {
        auto r = gunzip(std::string_view(gz).substr(0, keep), 1 << 20);
        ASSERT_FALSE(r.has_value()) << keep;
        EXPECT_EQ(r.error().code, Errc::kInvalidArgument) << keep;
    }
}

TEST(GzipTest, RejectsABadChecksum) {
    std::string gz = gzip_compress("hello world");
    gz[gz.size() - 6] ^= 0x01;  // CRC32 field
    auto r = gunzip(gz, 100);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
}

TEST(GzipTest, IgnoresZeroPaddingButNotOtherTrailingData) {
    std::string gz = gzip_compress("hello");
    auto padded = gunzip(gz + std::string(16, '\0'), 100);
    ASSERT_TRUE(padded.has_value());
    EXPECT_EQ(*padded, "hello");
    auto trailing = gunzip(gz + "garbage", 100);
    ASSERT_FALSE(trailing.has_value());
    EXPECT_EQ(trailing.error().code, Errc::kInvalidArgument);
}

TEST(GzipTest, EnforcesTheSizeLimit) {
    std::string text(1'000'000, 'a');  // a 1000:1 "bomb"
    std::string gz = gzip_compress(text);
    EXPECT_LT(gz.size(), 5'000u);
    auto exact = gunzip(gz, text.size());
    ASSERT_TRUE(exact.has_value());
    EXPECT_EQ(exact->size(), text.size());
    auto over = gunzip(gz, text.size() - 1);
    ASSERT_FALSE(over.has_value());
    EXPECT_EQ(over.error().code, Errc::kLimitExceeded);
    // The limit covers all members together.
    auto two = gunzip(gz + gz, text.size() + 10);
    ASSERT_FALSE(two.has_value());
    EXPECT_EQ(two.error().code, Errc::kLimitExceeded);
    auto none = gunzip(gzip_compress("x"), 0);
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().code, Errc::kLimitExceeded);
}

TEST(GzipTest, AWrongSizeTrailerOnlyChangesTheFirstGuess) {
    std::string text = sample_text(10'000);
    std::string gz = gzip_compress(text);
    gz[gz.size() - 4] = 1;  // ISIZE claims 1 byte: the buffer grows, then the length check fails
    gz[gz.size() - 3] = 0;
    gz[gz.size() - 2] = 0;
    gz[gz.size() - 1] = 0;
    auto r = gunzip(gz, 1 << 20);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tripline::trail
