#include "api/services/s3/s3_names.h"

#include <gtest/gtest.h>

#include "api/services/s3/s3_checksums.h"
#include "api/services/s3/s3_range.h"
#include "api/services/s3/s3_routing.h"
#include "api/services/s3/s3_xml.h"

namespace tripline::api::services::s3 {
namespace {

TEST(S3Names, BucketNamingRules) {
    for (const char* good : {"abc", "tripline-pii", "my.bucket.1", "a1b"}) {
        EXPECT_TRUE(is_valid_bucket_name(good)) << good;
    }
    for (const char* bad : {"ab",
                            "",
                            "..",
                            "../etc",
                            "Upper",
                            "under_score",
                            "-lead",
                            "trail-",
                            "a..b",
                            "a.-b",
                            "192.168.1.1",
                            "xn--abc",
                            "bucket-s3alias",
                            "a/b",
                            "sp ace"}) {
        EXPECT_FALSE(is_valid_bucket_name(bad)) << bad;
    }
    EXPECT_TRUE(is_valid_bucket_name(std::string(63, 'a')));
    EXPECT_FALSE(is_valid_bucket_name(std::string(64, 'a')));
}

TEST(S3Names, KeysRefusedForTraversal) {
    EXPECT_EQ(check_object_key("a/b/c.txt"), KeyProblem::kNone);
    EXPECT_EQ(check_object_key("dir/"), KeyProblem::kNone);
    EXPECT_EQ(check_object_key("..."), KeyProblem::kNone);
    EXPECT_EQ(check_object_key("a..b"), KeyProblem::kNone);
    EXPECT_EQ(check_object_key("ünïcødé/日本.txt"), KeyProblem::kNone);
    EXPECT_EQ(check_object_key("../../etc/passwd"), KeyProblem::kTraversal);
    EXPECT_EQ(check_object_key("a/../b"), KeyProblem::kTraversal);
    EXPECT_EQ(check_object_key("a/.."), KeyProblem::kTraversal);
    EXPECT_EQ(check_object_key("a\\..\\b"), KeyProblem::kTraversal);
    EXPECT_EQ(check_object_key("/etc/passwd"), KeyProblem::kTraversal);
    EXPECT_EQ(check_object_key(std::string("a\0b", 3)), KeyProblem::kControlNul);
    EXPECT_EQ(check_object_key("\xff\xfe"), KeyProblem::kNotUtf8);
    EXPECT_EQ(check_object_key("\xc0\xaf"), KeyProblem::kNotUtf8);  // overlong '/'
    EXPECT_EQ(check_object_key(std::string(1025, 'k')), KeyProblem::kTooLong);
    EXPECT_EQ(check_object_key(""), KeyProblem::kEmpty);
}

TEST(S3Names, SplitsPathStylePaths) {
    S3Path p = split_s3_path("/b/a/b/c");
    EXPECT_EQ(p.bucket, "b");
    EXPECT_EQ(p.key, "a/b/c");
    EXPECT_EQ(split_s3_path("/b").key, "");
    EXPECT_EQ(split_s3_path("/b/").key, "");
    EXPECT_EQ(split_s3_path("/").bucket, "");
}

TEST(S3Range, ParsesTheThreeForms) {
    auto r = parse_range("bytes=0-9", 100);
    EXPECT_EQ(r.kind, RangeRequest::Kind::kPartial);
    EXPECT_EQ(r.first, 0u);
    EXPECT_EQ(r.last, 9u);
    r = parse_range("bytes=90-", 100);
    EXPECT_EQ(r.first, 90u);
    EXPECT_EQ(r.last, 99u);
    r = parse_range("bytes=-10", 100);
    EXPECT_EQ(r.first, 90u);
    EXPECT_EQ(r.last, 99u);
    r = parse_range("bytes=-1000", 100);
    EXPECT_EQ(r.first, 0u);
    r = parse_range("bytes=50-5000", 100);
    EXPECT_EQ(r.last, 99u);
}

TEST(S3Range, UnsatisfiableAndIgnored) {
    EXPECT_EQ(parse_range("bytes=100-", 100).kind, RangeRequest::Kind::kUnsatisfiable);
    EXPECT_EQ(parse_range("bytes=0-1", 0).kind, RangeRequest::Kind::kUnsatisfiable);
    EXPECT_EQ(parse_range("bytes=-0", 10).kind, RangeRequest::Kind::kUnsatisfiable);
    EXPECT_EQ(parse_range("bytes=5-1", 10).kind, RangeRequest::Kind::kWholeObject);
    EXPECT_EQ(parse_range("bytes=0-1,3-4", 10).kind, RangeRequest::Kind::kWholeObject);
    EXPECT_EQ(parse_range("items=0-1", 10).kind, RangeRequest::Kind::kWholeObject);
    EXPECT_EQ(parse_range("bytes=a-b", 10).kind, RangeRequest::Kind::kWholeObject);
    EXPECT_EQ(parse_range("bytes=99999999999999999999-", 10).kind,
              RangeRequest::Kind::kWholeObject);
}

TEST(S3Checksums, KnownValues) {
    EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    // aws-api.md A5: the body "Credit card number: 4532015112830366\n".
    EXPECT_EQ(crc32_base64("Credit card number: 4532015112830366\n"), "jhjkFQ==");
    EXPECT_EQ(base64_encode(std::string_view("\x75\xe1\x1c\x8a", 4)), "deEcig==");
    EXPECT_EQ(base64_decode("deEcig=="), std::string("\x75\xe1\x1c\x8a", 4));
    EXPECT_FALSE(base64_decode("abc"));
    EXPECT_FALSE(base64_decode("ab!="));
}

HttpRequest request(const char* method, const char* path, const char* query = "") {
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.query = query;
    return r;
}

TEST(S3Routing, OperationsAsCloudTrailNamesThem) {
    EXPECT_EQ(s3_operation(request("GET", "/")), "ListBuckets");
    EXPECT_EQ(s3_operation(request("PUT", "/b")), "CreateBucket");
    EXPECT_EQ(s3_operation(request("DELETE", "/b")), "DeleteBucket");
    EXPECT_EQ(s3_operation(request("HEAD", "/b")), "HeadBucket");
    EXPECT_EQ(s3_operation(request("GET", "/b", "list-type=2&prefix=&delimiter=%2F")),
              "ListObjects");
    EXPECT_EQ(s3_operation(request("GET", "/b", "policy")), "GetBucketPolicy");
    EXPECT_EQ(s3_operation(request("PUT", "/b", "publicAccessBlock")),
              "PutBucketPublicAccessBlock");
    EXPECT_EQ(s3_operation(request("DELETE", "/b", "encryption")), "DeleteBucketEncryption");
    EXPECT_EQ(s3_operation(request("PUT", "/b", "acl")), "PutBucketAcl");
    EXPECT_EQ(s3_operation(request("GET", "/b", "location")), "GetBucketLocation");
    EXPECT_EQ(s3_operation(request("POST", "/b", "delete")), "DeleteObjects");
    EXPECT_EQ(s3_operation(request("PUT", "/b/k/x")), "PutObject");
    EXPECT_EQ(s3_operation(request("GET", "/b/k")), "GetObject");
    EXPECT_EQ(s3_operation(request("HEAD", "/b/k")), "HeadObject");
    EXPECT_EQ(s3_operation(request("DELETE", "/b/k")), "DeleteObject");
    EXPECT_EQ(s3_operation(request("POST", "/b/k", "uploads")), "CreateMultipartUpload");
    EXPECT_EQ(s3_operation(request("PUT", "/b/k", "partNumber=1&uploadId=u")), "UploadPart");
    EXPECT_EQ(s3_operation(request("POST", "/b/k", "uploadId=u")), "CompleteMultipartUpload");
    EXPECT_EQ(s3_operation(request("DELETE", "/b/k", "uploadId=u")), "AbortMultipartUpload");
    EXPECT_EQ(s3_operation(request("GET", "/b/k", "uploadId=u")), "ListParts");
    HttpRequest copy = request("PUT", "/b/k");
    copy.headers.emplace("x-amz-copy-source", "/a/k");
    EXPECT_EQ(s3_operation(copy), "CopyObject");
    EXPECT_TRUE(is_data_event("GetObject"));
    EXPECT_TRUE(is_data_event("ListObjects"));
    EXPECT_FALSE(is_data_event("CreateBucket"));
    EXPECT_FALSE(is_data_event("PutBucketPolicy"));
}

TEST(S3Xml, ParsesRequestBodies) {
    auto doc = parse_xml(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Delete xmlns=\"http://s3.amazonaws.com/doc/"
        "2006-03-01/\"><Object><Key>a &amp; b</Key></Object><Object><Key><![CDATA[<c>]]></Key>"
        "</Object><!-- c --><Quiet>true</Quiet></Delete>");
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_EQ(doc->name, "Delete");
    auto objects = doc->all("Object");
    ASSERT_EQ(objects.size(), 2u);
    EXPECT_EQ(objects[0]->child_text("Key"), "a & b");
    EXPECT_EQ(objects[1]->child_text("Key"), "<c>");
    EXPECT_EQ(doc->child_text("Quiet"), "true");
    nlohmann::json j = xml_to_json(*doc);
    EXPECT_EQ(j["xmlns"], "http://s3.amazonaws.com/doc/2006-03-01/");
    EXPECT_EQ(j["Quiet"], true);
    EXPECT_EQ(j["Object"].size(), 2u);
}

TEST(S3Xml, RejectsMalformedDocuments) {
    EXPECT_FALSE(parse_xml(""));
    EXPECT_FALSE(parse_xml("<a><b></a>"));
    EXPECT_FALSE(parse_xml("<a>"));
    EXPECT_FALSE(parse_xml("<a></a><b/>"));
    EXPECT_FALSE(parse_xml("<!DOCTYPE x [<!ENTITY e \"x\">]><a>&e;</a>"));
    EXPECT_FALSE(parse_xml("<a>&#0;</a>"));
    EXPECT_FALSE(parse_xml("<a x=1/>"));
    std::string deep;
    for (int i = 0; i < 100; ++i) {
        deep += "<a>";
    }
    EXPECT_FALSE(parse_xml(deep));
    EXPECT_TRUE(parse_xml("<a x='1' y=\"&lt;\"/>"));
}

}  // namespace
}  // namespace tripline::api::services::s3
