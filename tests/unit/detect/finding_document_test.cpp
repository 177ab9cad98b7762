// The finding document (guardduty.md §4-§6): build_finding, add_occurrence, aggregation_key,
// severity_json and sample findings.
#include "detect/finding_document.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "detect/finding_types.h"
#include "detect/intel/geoip_table.h"
#include "detect_test_util.h"

namespace tripline::detect {
namespace {

using namespace test_util;
using namespace std::chrono_literals;

constexpr const char* kDetector = "12abc34d567e8fa901bc2d34e56789f0";

TimePoint at(std::string_view iso) {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601(iso, t)) << iso;
    return t;
}

FindingContext context(TimePoint now = at("2026-11-22T08:05:12.345Z")) {
    return FindingContext{std::string(kDetector), "111122223333", "us-east-1", make_hex_id(), now};
}

bool is_hex_id(const std::string& id) { return std::regex_match(id, std::regex("[0-9a-f]{32}")); }

ThreatIntel geo_intel() {
    ThreatIntel intel = lab_intel();
    auto table = parse_geoip_csv(
        "network,country_code,country,city,lat,lon,asn,as_org\n"
        "198.51.100.0/24,NL,Netherlands,Amsterdam,52.37,4.89,64496,Example Transit\n",
        "geo.csv");
    EXPECT_TRUE(table);
    if (table) {
        intel.set_geoip(std::move(table).value());
    }
    return intel;
}

// One detection of `type` for a record, and the finding built from them.
struct Built {
    event::CloudTrailRecord record;
    nlohmann::json finding;
};

Built build(std::string_view type,
            std::string_view identity,
            std::string_view patch,
            const ThreatIntel* intel = nullptr,
            Detection detection = {}) {
    Built out{make_record(identity, patch), {}};
    if (detection.type == nullptr) {
        detection = make_detection(type);
    }
    RecordFacts facts(out.record);
    out.finding = build_finding(detection, facts, at("2026-11-22T08:00:00Z"), intel, context());
    return out;
}

// service.additionalInfo is {"value": "<JSON text>", "type": "default"}; the object inside.
nlohmann::json info_of(const nlohmann::json& finding) {
    const nlohmann::json& info = finding["service"]["additionalInfo"];
    EXPECT_EQ(info.value("type", ""), "default");
    return nlohmann::json::parse(info.value("value", "null"), nullptr, false);
}

void expect_filled(const nlohmann::json& finding) {
    const std::string title = finding.value("title", "");
    const std::string description = finding.value("description", "");
    EXPECT_FALSE(title.empty());
    EXPECT_FALSE(description.empty());
    EXPECT_EQ(title.find('{'), std::string::npos) << title;
    EXPECT_EQ(description.find('{'), std::string::npos) << description;
}

TEST(FindingDocumentTest, RootUsageHasTheDocumentedShape) {
    const Built b = build("Policy:IAMUser/RootCredentialUsage",
                          kRoot,
                          R"({"eventSource":"guardduty.amazonaws.com","eventName":"GetDetector",
                              "sourceIPAddress":"24.251.38.91"})");
    const nlohmann::json& f = b.finding;
    EXPECT_EQ(f["schemaVersion"], "2.0");
    EXPECT_EQ(f["accountId"], "111122223333");
    EXPECT_EQ(f["region"], "us-east-1");
    EXPECT_EQ(f["partition"], "aws");
    EXPECT_EQ(f["type"], "Policy:IAMUser/RootCredentialUsage");
    const std::string id = f["id"];
    EXPECT_TRUE(is_hex_id(id)) << id;
    EXPECT_EQ(f["arn"],
              "arn:aws:guardduty:us-east-1:111122223333:detector/" + std::string(kDetector) +
                  "/finding/" + id);
    EXPECT_EQ(f["createdAt"], "2026-11-22T08:05:12.345Z");
    EXPECT_EQ(f["updatedAt"], "2026-11-22T08:05:12.345Z");
    EXPECT_TRUE(f["severity"].is_number_integer());
    EXPECT_EQ(f["severity"], 2);
    EXPECT_NE(f.dump().find(R"("severity":2,)"), std::string::npos);
    EXPECT_EQ(f["title"], "The API GetDetector was invoked using root credentials.");
    EXPECT_EQ(f["description"],
              "The API GetDetector was invoked using root credentials from IP address "
              "24.251.38.91.");

    const nlohmann::json& resource = f["resource"];
    EXPECT_EQ(resource["resourceType"], "AccessKey");
    EXPECT_EQ(resource["accessKeyDetails"]["userName"], "Root");
    EXPECT_EQ(resource["accessKeyDetails"]["userType"], "Root");
    EXPECT_EQ(resource["accessKeyDetails"]["principalId"], "111122223333");
    EXPECT_EQ(resource["accessKeyDetails"]["accessKeyId"], "ASIAEXAMPLEROOT00001");
    EXPECT_FALSE(resource.contains("s3BucketDetails"));

    const nlohmann::json& service = f["service"];
    EXPECT_EQ(service["serviceName"], "guardduty");
    EXPECT_EQ(service["detectorId"], kDetector);
    EXPECT_EQ(service["resourceRole"], "TARGET");
    EXPECT_EQ(service["archived"], false);
    EXPECT_EQ(service["count"], 1);
    EXPECT_EQ(service["eventFirstSeen"], "2026-11-22T08:00:00.000Z");
    EXPECT_EQ(service["eventLastSeen"], "2026-11-22T08:00:00.000Z");
    EXPECT_FALSE(service.contains("evidence"));
    EXPECT_EQ(info_of(f), (nlohmann::json{{"eventId", "7c1e2f3a-0000-4000-8000-000000000001"}}));
    const nlohmann::json& action = service["action"];
    EXPECT_EQ(action["actionType"], "AWS_API_CALL");
    const nlohmann::json& call = action["awsApiCallAction"];
    EXPECT_EQ(call["api"], "GetDetector");
    EXPECT_EQ(call["serviceName"], "guardduty.amazonaws.com");
    EXPECT_EQ(call["callerType"], "Remote IP");
    EXPECT_EQ(call["remoteIpDetails"]["ipAddressV4"], "24.251.38.91");
    EXPECT_EQ(call["userAgent"], std::string(kBenignAgent));
    EXPECT_TRUE(call["affectedResources"].is_object());
    EXPECT_FALSE(call.contains("errorCode"));
}

TEST(FindingDocumentTest, SeverityJsonWritesWholeNumbersAsIntegers) {
    EXPECT_EQ(severity_json(5).dump(), "5");
    EXPECT_EQ(severity_json(8.0).dump(), "8");
    EXPECT_EQ(severity_json(5.5).dump(), "5.5");
    Detection d = make_detection("Stealth:IAMUser/PasswordPolicyChange");
    d.severity = 5;
    const Built b = build("", kAlice, R"({"eventName":"DeleteAccountPasswordPolicy"})", nullptr, d);
    EXPECT_NE(b.finding.dump().find(R"("severity":5)"), std::string::npos);
    EXPECT_EQ(b.finding.dump().find(R"("severity":5.0)"), std::string::npos);
}

TEST(FindingDocumentTest, AssumedRoleIsNamedByItsRole) {
    const Built b = build("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
                          kInstanceRole,
                          R"({"sourceIPAddress":"198.51.100.7"})");
    const nlohmann::json& key = b.finding["resource"]["accessKeyDetails"];
    EXPECT_EQ(key["userName"], "MyRole");
    EXPECT_EQ(key["userType"], "AssumedRole");
    EXPECT_EQ(key["accessKeyId"], "ASIAEXAMPLEINST00001");
    EXPECT_EQ(key["principalId"], "AROAEXAMPLEMYROLE001:i-0abc");
    EXPECT_NE(b.finding["title"].get<std::string>().find("MyRole"), std::string::npos);
    expect_filled(b.finding);
}

TEST(FindingDocumentTest, IamUserIsNamedByUserName) {
    const Built b = build("PenTest:IAMUser/KaliLinux", kAlice, R"({"userAgent":"kali"})");
    EXPECT_EQ(b.finding["resource"]["accessKeyDetails"]["userName"], "alice");
    EXPECT_EQ(b.finding["resource"]["accessKeyDetails"]["userType"], "IAMUser");
}

TEST(FindingDocumentTest, HostNameCallerIsADomain) {
    const Built b = build("Policy:IAMUser/RootCredentialUsage",
                          kRoot,
                          R"({"sourceIPAddress":"cloudtrail.amazonaws.com"})");
    const nlohmann::json& call = b.finding["service"]["action"]["awsApiCallAction"];
    EXPECT_EQ(call["callerType"], "Domain");
    EXPECT_EQ(call["domainDetails"]["domain"], "cloudtrail.amazonaws.com");
    EXPECT_FALSE(call.contains("remoteIpDetails"));
}

TEST(FindingDocumentTest, Ipv6CallerUsesIpAddressV6) {
    const Built b =
        build("Policy:IAMUser/RootCredentialUsage", kRoot, R"({"sourceIPAddress":"2001:db8::7"})");
    const nlohmann::json& remote =
        b.finding["service"]["action"]["awsApiCallAction"]["remoteIpDetails"];
    EXPECT_EQ(remote.value("ipAddressV6", ""), "2001:db8::7");
    EXPECT_FALSE(remote.contains("ipAddressV4"));
}

TEST(FindingDocumentTest, GeoDetailsOnlyWhenTheTableKnowsTheAddress) {
    const ThreatIntel intel = geo_intel();
    const Built known = build("Policy:IAMUser/RootCredentialUsage",
                              kRoot,
                              R"({"sourceIPAddress":"198.51.100.7"})",
                              &intel);
    const nlohmann::json& remote =
        known.finding["service"]["action"]["awsApiCallAction"]["remoteIpDetails"];
    EXPECT_EQ(remote["ipAddressV4"], "198.51.100.7");
    EXPECT_EQ(remote["country"]["countryName"], "Netherlands");
    EXPECT_EQ(remote["city"]["cityName"], "Amsterdam");
    EXPECT_DOUBLE_EQ(remote["geoLocation"]["lat"].get<double>(), 52.37);
    EXPECT_DOUBLE_EQ(remote["geoLocation"]["lon"].get<double>(), 4.89);
    EXPECT_EQ(remote["organization"]["asn"], "64496");
    EXPECT_EQ(remote["organization"]["asnOrg"], "Example Transit");

    const Built unknown = build("Policy:IAMUser/RootCredentialUsage",
                                kRoot,
                                R"({"sourceIPAddress":"203.0.113.10"})",
                                &intel);
    const nlohmann::json& bare =
        unknown.finding["service"]["action"]["awsApiCallAction"]["remoteIpDetails"];
    EXPECT_EQ(bare, (nlohmann::json{{"ipAddressV4", "203.0.113.10"}}));
}

TEST(FindingDocumentTest, ListBasedTypesCarryEvidence) {
    const ThreatIntel intel = lab_intel();
    auto record = make_record(kAlice, R"({"sourceIPAddress":"203.0.113.200",
        "eventSource":"s3.amazonaws.com","eventName":"GetObject","eventCategory":"Data",
        "errorCode":"AccessDenied","requestParameters":{"bucketName":"finance-reports"}})");
    auto found = run_rules(record, &intel);
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    RecordFacts facts(record);
    nlohmann::json f =
        build_finding(found[0], facts, at("2026-11-22T08:00:00Z"), &intel, context());
    EXPECT_EQ(f["type"], "Exfiltration:S3/MaliciousIPCaller");
    EXPECT_EQ(f["severity"], 8);
    const nlohmann::json& evidence = f["service"]["evidence"]["threatIntelligenceDetails"];
    ASSERT_TRUE(evidence.is_array());
    ASSERT_EQ(evidence.size(), 1u);
    EXPECT_EQ(evidence[0]["threatListName"], "lab-blocklist");
    EXPECT_EQ(info_of(f)["threatListName"], "lab-blocklist");
    EXPECT_EQ(f["resource"]["resourceType"], "S3Bucket");
    ASSERT_EQ(f["resource"]["s3BucketDetails"].size(), 1u);
    EXPECT_EQ(f["resource"]["s3BucketDetails"][0]["name"], "finance-reports");
    EXPECT_EQ(f["resource"]["s3BucketDetails"][0]["arn"], "arn:aws:s3:::finance-reports");
    EXPECT_EQ(f["service"]["action"]["awsApiCallAction"]["errorCode"], "AccessDenied");
    EXPECT_NE(f["description"].get<std::string>().find("lab-blocklist"), std::string::npos);
    expect_filled(f);
}

TEST(FindingDocumentTest, TrailArnIsAnAffectedResource) {
    const ThreatIntel intel = lab_intel();
    auto record = make_record(kAlice, R"({"eventSource":"cloudtrail.amazonaws.com",
        "eventName":"StopLogging","requestParameters":{"name":"main"}})");
    auto found = run_rules(record, &intel);
    ASSERT_EQ(found.size(), 1u);
    RecordFacts facts(record);
    nlohmann::json f =
        build_finding(found[0], facts, at("2026-11-22T08:00:00Z"), &intel, context());
    EXPECT_EQ(
        f["service"]["action"]["awsApiCallAction"]["affectedResources"]["AWS::CloudTrail::Trail"],
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/main");
    expect_filled(f);
}

TEST(FindingDocumentTest, AddOccurrenceAggregates) {
    Built b = build("Policy:IAMUser/RootCredentialUsage", kRoot, "{}");
    nlohmann::json& f = b.finding;
    const nlohmann::json before = f;
    add_occurrence(f, at("2026-11-22T09:00:00Z"), at("2026-11-22T09:01:00Z"), 2);
    EXPECT_EQ(f["service"]["count"], 2);
    EXPECT_EQ(f["service"]["eventLastSeen"], "2026-11-22T09:00:00.000Z");
    EXPECT_EQ(f["service"]["eventFirstSeen"], "2026-11-22T08:00:00.000Z");
    EXPECT_EQ(f["updatedAt"], "2026-11-22T09:01:00.000Z");
    EXPECT_EQ(f["createdAt"], before["createdAt"]);
    EXPECT_EQ(f["id"], before["id"]);
    EXPECT_EQ(f["arn"], before["arn"]);
    EXPECT_EQ(f["severity"], 2);

    // An older event (a replay) counts but does not move eventLastSeen back.
    add_occurrence(f, at("2026-11-22T08:30:00Z"), at("2026-11-22T09:02:00Z"), 2);
    EXPECT_EQ(f["service"]["count"], 3);
    EXPECT_EQ(f["service"]["eventLastSeen"], "2026-11-22T09:00:00.000Z");
    EXPECT_EQ(f["updatedAt"], "2026-11-22T09:02:00.000Z");

    // A higher severity raises the finding's, written as an integer.
    add_occurrence(f, at("2026-11-22T09:10:00Z"), at("2026-11-22T09:10:00Z"), 5);
    EXPECT_EQ(f["severity"], 5);
    EXPECT_TRUE(f["severity"].is_number_integer());
    add_occurrence(f, at("2026-11-22T09:11:00Z"), at("2026-11-22T09:11:00Z"), 2);
    EXPECT_EQ(f["severity"], 5);
}

TEST(FindingDocumentTest, AggregationKey) {
    const auto root_a = make_record(kRoot, R"({"eventName":"ListUsers"})");
    const auto root_b = make_record(kRoot, R"({"eventName":"CreateUser",
        "sourceIPAddress":"198.51.100.99"})");
    nlohmann::json other_key = record_json(kRoot, "{}");
    other_key["userIdentity"]["accessKeyId"] = "ASIAEXAMPLEROOT00002";
    const auto root_c = parse_record(other_key);
    const Detection root = make_detection("Policy:IAMUser/RootCredentialUsage");
    const std::string key_a = aggregation_key(root, RecordFacts(root_a));
    EXPECT_EQ(key_a, aggregation_key(root, RecordFacts(root_b)));  // same principal and type
    EXPECT_NE(key_a, aggregation_key(root, RecordFacts(root_c)));  // another access key
    EXPECT_NE(key_a,
              aggregation_key(make_detection("Custom:IAMUser/RootConsoleLoginWithoutMFA"),
                              RecordFacts(root_a)));

    Detection tor = make_detection("Recon:IAMUser/TorIPCaller");
    tor.key_extra = "192.0.2.66";
    Detection tor_other_ip = tor;
    tor_other_ip.key_extra = "192.0.2.67";
    EXPECT_NE(aggregation_key(tor, RecordFacts(root_a)),
              aggregation_key(tor_other_ip, RecordFacts(root_a)));

    Detection bucket_a = make_detection("Policy:S3/BucketAnonymousAccessGranted");
    bucket_a.buckets = {"a"};
    Detection bucket_b = bucket_a;
    bucket_b.buckets = {"b"};
    EXPECT_NE(aggregation_key(bucket_a, RecordFacts(root_a)),
              aggregation_key(bucket_b, RecordFacts(root_a)));
}

TEST(FindingDocumentTest, HexIdsAreFreshAndLowerCase) {
    std::set<std::string> ids;
    for (int i = 0; i < 100; ++i) {
        const std::string id = make_hex_id();
        EXPECT_TRUE(is_hex_id(id)) << id;
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 100u);
}

TEST(FindingDocumentTest, FindingTimeHasMillisecondsAndZ) {
    EXPECT_EQ(finding_time(at("2026-11-22T08:05:12.345Z")), "2026-11-22T08:05:12.345Z");
    EXPECT_EQ(finding_time(at("2026-11-22T08:05:12Z")), "2026-11-22T08:05:12.000Z");
}

TEST(SampleFindingTest, EveryCatalogueTypeHasAValidSample) {
    ASSERT_FALSE(finding_types().empty());
    for (const FindingType& type : finding_types()) {
        SCOPED_TRACE(type.name);
        const FindingContext ctx = context();
        const nlohmann::json f = build_sample_finding(type, ctx);
        EXPECT_EQ(f["type"], type.name);
        EXPECT_EQ(f["severity"], severity_json(type.severity));
        EXPECT_EQ(f["schemaVersion"], "2.0");
        EXPECT_EQ(f["id"], ctx.finding_id);
        EXPECT_EQ(info_of(f)["sample"], true);
        EXPECT_EQ(f["service"]["detectorId"], kDetector);
        EXPECT_EQ(f["service"]["count"], 1);
        EXPECT_TRUE(f["resource"].contains("resourceType"));
        expect_filled(f);
        EXPECT_EQ(find_finding_type(type.name), &type);
    }
}

TEST(SampleFindingTest, SamplesUseGuardDutyPlaceholders) {
    const nlohmann::json root =
        build_sample_finding(*find_finding_type("Policy:IAMUser/RootCredentialUsage"), context());
    const nlohmann::json& call = root["service"]["action"]["awsApiCallAction"];
    EXPECT_EQ(call["api"], "GeneratedFindingAPIName");
    EXPECT_EQ(call["remoteIpDetails"]["ipAddressV4"], "198.51.100.0");
    EXPECT_EQ(call["remoteIpDetails"]["organization"]["asn"], "-1");
    EXPECT_EQ(root["resource"]["accessKeyDetails"]["userName"], "GeneratedFindingUserName");
    EXPECT_NE(root["description"].get<std::string>().find("198.51.100.0"), std::string::npos);

    const nlohmann::json dns =
        build_sample_finding(*find_finding_type("Backdoor:EC2/C&CActivity.B!DNS"), context());
    EXPECT_EQ(dns["resource"]["resourceType"], "Instance");
    EXPECT_EQ(dns["resource"]["instanceDetails"]["instanceId"], "i-99999999");
    EXPECT_EQ(dns["service"]["action"]["actionType"], "DNS_REQUEST");
    EXPECT_EQ(dns["severity"], 8);

    const nlohmann::json tor = build_sample_finding(
        *find_finding_type("UnauthorizedAccess:IAMUser/TorIPCaller"), context());
    EXPECT_EQ(tor["service"]["evidence"]["threatIntelligenceDetails"][0]["threatListName"],
              "GeneratedFindingThreatListName");
}

TEST(SampleFindingTest, PenTestSamplesNameTheirOwnDistribution) {
    // Regression test: build_sample_finding() used to fill {distro} with "Kali" for every
    // type, so the ParrotLinux / PentooLinux samples say "from a Kali Linux computer".
    for (std::string_view distro : {"Kali", "Parrot", "Pentoo"}) {
        const std::string name = "PenTest:IAMUser/" + std::string(distro) + "Linux";
        const nlohmann::json f = build_sample_finding(*find_finding_type(name), context());
        EXPECT_NE(f["title"].get<std::string>().find(distro), std::string::npos)
            << name << ": " << f["title"];
    }
}

TEST(FindingTypesTest, SeverityLabels) {
    EXPECT_EQ(severity_label(2), "Low");
    EXPECT_EQ(severity_label(3.9), "Low");
    EXPECT_EQ(severity_label(4), "Medium");
    EXPECT_EQ(severity_label(6.9), "Medium");
    EXPECT_EQ(severity_label(7), "High");
    EXPECT_EQ(severity_label(8.9), "High");
    EXPECT_EQ(severity_label(9), "Critical");
    EXPECT_EQ(find_finding_type("Nope:IAMUser/Nothing"), nullptr);
}

}  // namespace
}  // namespace tripline::detect
