#include "api/services/s3/s3_listing.h"

#include <gtest/gtest.h>

namespace tripline::api::services::s3 {
namespace {

std::vector<std::string> keys_of(const std::vector<std::string>& keys, const ListingPage& page) {
    std::vector<std::string> out;
    for (std::size_t i : page.contents) {
        out.push_back(keys[i]);
    }
    return out;
}

const std::vector<std::string> kKeys = {
    "AWSLogs/1/a.json", "AWSLogs/1/b.json", "AWSLogs/2/c.json", "readme.txt", "z/", "z/deep/x"};

TEST(S3Listing, ListsEverythingWithoutDelimiter) {
    ListingPage page = list_page(kKeys, ListingRequest{});
    EXPECT_EQ(keys_of(kKeys, page), kKeys);
    EXPECT_TRUE(page.common_prefixes.empty());
    EXPECT_FALSE(page.truncated);
}

TEST(S3Listing, DelimiterRollsUpCommonPrefixes) {
    ListingRequest request;
    request.delimiter = "/";
    ListingPage page = list_page(kKeys, request);
    EXPECT_EQ(keys_of(kKeys, page), (std::vector<std::string>{"readme.txt"}));
    EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"AWSLogs/", "z/"}));
}

TEST(S3Listing, PrefixAndDelimiter) {
    ListingRequest request;
    request.prefix = "AWSLogs/";
    request.delimiter = "/";
    ListingPage page = list_page(kKeys, request);
    EXPECT_TRUE(page.contents.empty());
    EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"AWSLogs/1/", "AWSLogs/2/"}));
}

TEST(S3Listing, KeyEqualToPrefixIsListed) {
    ListingRequest request;
    request.prefix = "z/";
    request.delimiter = "/";
    ListingPage page = list_page(kKeys, request);
    EXPECT_EQ(keys_of(kKeys, page), (std::vector<std::string>{"z/"}));
    EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"z/deep/"}));
}

TEST(S3Listing, PagesWithMaxKeysAndTokens) {
    ListingRequest request;
    request.max_keys = 2;
    std::vector<std::string> seen;
    int pages = 0;
    for (;;) {
        ListingPage page = list_page(kKeys, request);
        ++pages;
        for (const auto& k : keys_of(kKeys, page)) {
            seen.push_back(k);
        }
        if (!page.truncated) {
            break;
        }
        auto token = decode_continuation_token(encode_continuation_token(page.next));
        ASSERT_TRUE(token);
        request.after = *token;
    }
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(seen, kKeys);
}

TEST(S3Listing, PagingOverCommonPrefixesDoesNotRepeatThem) {
    ListingRequest request;
    request.delimiter = "/";
    request.max_keys = 1;
    std::vector<std::string> seen;
    for (int i = 0; i < 10; ++i) {
        ListingPage page = list_page(kKeys, request);
        for (const auto& p : page.common_prefixes) {
            seen.push_back(p);
        }
        for (const auto& k : keys_of(kKeys, page)) {
            seen.push_back(k);
        }
        if (!page.truncated) {
            break;
        }
        request.after = page.next;
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"AWSLogs/", "readme.txt", "z/"}));
}

TEST(S3Listing, StartAfterIsExclusive) {
    ListingRequest request;
    request.after = ResumePoint{"AWSLogs/2/c.json", false};
    ListingPage page = list_page(kKeys, request);
    EXPECT_EQ(keys_of(kKeys, page), (std::vector<std::string>{"readme.txt", "z/", "z/deep/x"}));
}

TEST(S3Listing, MaxKeysZeroReturnsNothing) {
    ListingRequest request;
    request.max_keys = 0;
    ListingPage page = list_page(kKeys, request);
    EXPECT_TRUE(page.contents.empty());
    EXPECT_TRUE(page.truncated);
}

TEST(S3Listing, RejectsForgedTokens) {
    EXPECT_FALSE(decode_continuation_token("not base64!"));
    EXPECT_FALSE(decode_continuation_token(""));
    EXPECT_FALSE(decode_continuation_token("WA=="));  // "X": unknown kind
    auto ok = decode_continuation_token(encode_continuation_token({"a/ü", true}));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->key, "a/ü");
    EXPECT_TRUE(ok->skip_prefix);
}

}  // namespace
}  // namespace tripline::api::services::s3
