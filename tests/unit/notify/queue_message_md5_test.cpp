#include "notify/queue_message_md5.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tripline::notify {
namespace {

TEST(QueueMessageMd5, BodyDigestOfAwsSendMessageExample) {
    // SQS API reference, SendMessage example: MessageBody "This is a test message" answers
    // MD5OfMessageBody fafb00f5732ab283681e124bf8747ed1.
    EXPECT_EQ(md5_hex("This is a test message"), "fafb00f5732ab283681e124bf8747ed1");
    EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
}

TEST(QueueMessageMd5, AttributesDigestMatchesWhatSqsReturns) {
    // Digests SQS returned for these attributes, as checked by SDKs that verify
    // MD5OfMessageAttributes (one Number attribute; a Number and a String, given out of order).
    auto one = md5_of_message_attributes({{"timestamp", "Number", "1493147359900"}});
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(*one, "235c5c510d26fb653d073faed50ae77c");
    auto two =
        md5_of_message_attributes({{"ordinal", "Number", "1"}, {"category", "String", "test"}});
    ASSERT_TRUE(two.has_value());
    EXPECT_EQ(*two, "d21ae90c49061e927f57df5f5d72be1f");
}

TEST(QueueMessageMd5, BinaryAttributesUseTheirDecodedBytes) {
    // Computed with AWS's documented encoding (transport type 2, decoded bytes) independently of
    // this code; "AAH/" is the base64 of 00 01 ff, "aMOpbGxv" of UTF-8 "héllo".
    auto digest =
        md5_of_message_attributes({{"s", "String", "h\xC3\xA9llo"}, {"bin", "Binary", "AAH/"}});
    ASSERT_TRUE(digest.has_value());
    EXPECT_EQ(*digest, "3173ba7a5ee4b9a6cef75f234103c8ae");
    EXPECT_FALSE(md5_of_message_attributes({{"bin", "Binary", "not base64!"}}).has_value());
}

TEST(QueueMessageMd5, NoAttributesHaveNoDigest) {
    EXPECT_EQ(md5_of_message_attributes({}).value_or("x"), "");
}

TEST(QueueMessageMd5, Base64RoundTrips) {
    const std::vector<std::string> texts = {
        "", "a", "ab", "abc", "abcd", std::string("\0\1\xff", 3)};
    for (const std::string& text : texts) {
        auto decoded = base64_decode(base64_encode(text));
        ASSERT_TRUE(decoded.has_value()) << text;
        EXPECT_EQ(*decoded, text);
    }
    EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
    EXPECT_FALSE(base64_decode("abc").has_value());
    EXPECT_FALSE(base64_decode("ab=c").has_value());
    EXPECT_FALSE(base64_decode("a===").has_value());
    EXPECT_FALSE(base64_decode("ab$d").has_value());
}

}  // namespace
}  // namespace tripline::notify
