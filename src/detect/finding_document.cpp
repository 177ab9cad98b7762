#include "detect/finding_document.h"

#include <cmath>

#include "base/uuid.h"
#include "detect/intel/threat_intel.h"

namespace tripline::detect {

namespace {

struct TemplateValues {
    std::string api;
    std::string service;
    std::string ip;
    std::string principal;
    std::string bucket;
    std::string list;
    std::string distro;
    std::string detail;
};

std::string fill(std::string_view text, const TemplateValues& values) {
    static constexpr std::pair<std::string_view, std::string TemplateValues::*> kFields[] = {
        {"{api}", &TemplateValues::api},
        {"{service}", &TemplateValues::service},
        {"{ip}", &TemplateValues::ip},
        {"{principal}", &TemplateValues::principal},
        {"{bucket}", &TemplateValues::bucket},
        {"{list}", &TemplateValues::list},
        {"{distro}", &TemplateValues::distro},
        {"{detail}", &TemplateValues::detail},
    };
    std::string out;
    out.reserve(text.size() + 64);
    std::size_t i = 0;
    while (i < text.size()) {
        bool replaced = false;
        if (text[i] == '{') {
            for (const auto& [name, field] : kFields) {
                if (text.substr(i, name.size()) == name) {
                    out += values.*field;
                    i += name.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) {
            out += text[i++];
        }
    }
    return out;
}

std::string_view resource_type_name(ResourceKind kind) {
    switch (kind) {
        case ResourceKind::kAccessKey:
            return "AccessKey";
        case ResourceKind::kS3Bucket:
            return "S3Bucket";
        case ResourceKind::kInstance:
            return "Instance";
    }
    return "AccessKey";
}

nlohmann::json access_key_details(const RecordFacts& facts) {
    nlohmann::json details = nlohmann::json::object();
    const auto& identity = facts.record().user_identity;
    details["accessKeyId"] =
        identity && identity->access_key_id ? *identity->access_key_id : std::string();
    details["principalId"] =
        identity && identity->principal_id ? *identity->principal_id : std::string();
    details["userName"] = facts.principal_name();
    details["userType"] = std::string(facts.identity_type());
    return details;
}

nlohmann::json remote_ip_details(std::string_view ip, const ThreatIntel* intel) {
    nlohmann::json details = nlohmann::json::object();
    if (ip.find(':') != std::string_view::npos) {
        details["ipAddressV6"] = std::string(ip);
    } else {
        details["ipAddressV4"] = std::string(ip);
    }
    if (intel == nullptr) {
        return details;
    }
    auto geo = intel->geo(ip);
    if (!geo) {
        return details;
    }
    if (!geo->country.empty() || !geo->country_code.empty()) {
        details["country"] = {{"countryName", geo->country}};
        if (!geo->country_code.empty()) {
            details["country"]["countryCode"] = geo->country_code;
        }
    }
    if (!geo->city.empty()) {
        details["city"] = {{"cityName", geo->city}};
    }
    if (geo->lat && geo->lon) {
        details["geoLocation"] = {{"lat", *geo->lat}, {"lon", *geo->lon}};
    }
    if (!geo->asn.empty() || !geo->as_org.empty()) {
        details["organization"] = {
            {"asn", geo->asn}, {"asnOrg", geo->as_org}, {"isp", geo->as_org}, {"org", geo->as_org}};
    }
    return details;
}

nlohmann::json bucket_details(const std::string& bucket) {
    return {{"arn", "arn:aws:s3:::" + bucket},
            {"name", bucket},
            {"type", "Destination"},
            {"publicAccess", {{"effectivePermission", "NOT_PUBLIC"}}}};
}

// PenTest:IAMUser/ParrotLinux → "Parrot".
std::string sample_distro(std::string_view type) {
    for (const char* distro : {"Kali", "Parrot", "Pentoo"}) {
        if (type.find(std::string(distro) + "Linux") != std::string_view::npos) {
            return distro;
        }
    }
    return "Kali";
}

nlohmann::json base_document(const FindingType& type, const FindingContext& context) {
    const std::string time = finding_time(context.now);
    return {{"schemaVersion", "2.0"},
            {"accountId", context.account_id},
            {"region", context.region},
            {"partition", "aws"},
            {"id", context.finding_id},
            {"arn",
             "arn:aws:guardduty:" + context.region + ":" + context.account_id + ":detector/" +
                 context.detector_id + "/finding/" + context.finding_id},
            {"type", std::string(type.name)},
            {"severity", severity_json(type.severity)},
            {"confidence", severity_json(type.severity)},
            {"createdAt", time},
            {"updatedAt", time}};
}

}  // namespace

nlohmann::json additional_info(const nlohmann::json& info) {
    return {{"value", info.dump()}, {"type", "default"}};
}

nlohmann::json severity_json(double severity) {
    if (std::floor(severity) == severity && std::abs(severity) < 1e15) {
        return static_cast<long long>(severity);
    }
    return severity;
}

std::string finding_time(TimePoint t) { return format_iso8601_millis(t); }

std::string make_hex_id() {
    std::string id;
    for (char c : make_uuid()) {
        if (c != '-') {
            id += c;
        }
    }
    return id;
}

std::string aggregation_key(const Detection& detection, const RecordFacts& facts) {
    std::string key(detection.type->name);
    key += '|';
    key += facts.principal_arn();
    key += '|';
    const auto& identity = facts.record().user_identity;
    if (identity && identity->access_key_id) {
        key += *identity->access_key_id;
    }
    for (const std::string& bucket : detection.buckets) {
        key += '|';
        key += bucket;
    }
    key += '|';
    key += detection.key_extra;
    return key;
}

nlohmann::json build_finding(const Detection& detection,
                             const RecordFacts& facts,
                             TimePoint event_time,
                             const ThreatIntel* intel,
                             const FindingContext& context) {
    const FindingType& type = *detection.type;
    nlohmann::json finding = base_document(type, context);
    finding["severity"] = severity_json(detection.severity);

    nlohmann::json resource = {{"resourceType", std::string(resource_type_name(type.resource))},
                               {"accessKeyDetails", access_key_details(facts)}};
    if (type.resource == ResourceKind::kS3Bucket) {
        nlohmann::json buckets = nlohmann::json::array();
        for (const std::string& bucket : detection.buckets) {
            buckets.push_back(bucket_details(bucket));
        }
        resource["s3BucketDetails"] = std::move(buckets);
    }
    finding["resource"] = std::move(resource);

    nlohmann::json call = {{"api", std::string(facts.api())},
                           {"serviceName", std::string(facts.service())},
                           {"affectedResources", detection.affected_resources}};
    if (facts.ip_is_address()) {
        call["callerType"] = "Remote IP";
        call["remoteIpDetails"] = remote_ip_details(facts.ip(), intel);
    } else if (!facts.ip().empty()) {
        call["callerType"] = "Domain";
        call["domainDetails"] = {{"domain", std::string(facts.ip())}};
    }
    if (facts.record().error_code) {
        call["errorCode"] = *facts.record().error_code;
    }
    if (facts.record().user_agent) {
        call["userAgent"] = *facts.record().user_agent;
    }
    if (facts.record().vpc_endpoint_account_id) {
        call["remoteAccountDetails"] = {{"accountId", *facts.record().vpc_endpoint_account_id},
                                        {"affiliated", false}};
    }
    const std::string seen = finding_time(event_time);
    nlohmann::json service = {
        {"serviceName", "guardduty"},
        {"detectorId", context.detector_id},
        {"action", {{"actionType", "AWS_API_CALL"}, {"awsApiCallAction", std::move(call)}}},
        {"resourceRole", "TARGET"},
        {"eventFirstSeen", seen},
        {"eventLastSeen", seen},
        {"archived", false},
        {"count", 1}};
    nlohmann::json info = nlohmann::json::object();
    if (!detection.threat_list.empty()) {
        service["evidence"] = {{"threatIntelligenceDetails",
                                {{{"threatListName", detection.threat_list},
                                  {"threatNames", nlohmann::json::array()}}}}};
        info["threatListName"] = detection.threat_list;
    }
    if (facts.record().event_id) {
        info["eventId"] = *facts.record().event_id;
    }
    service["additionalInfo"] = additional_info(info);
    finding["service"] = std::move(service);

    TemplateValues values{std::string(facts.api()),
                          std::string(facts.service()),
                          std::string(facts.ip()),
                          facts.principal_name(),
                          detection.buckets.empty() ? std::string() : detection.buckets.front(),
                          detection.threat_list,
                          detection.distro,
                          detection.detail};
    finding["title"] = fill(type.title, values);
    finding["description"] = fill(type.description, values);
    return finding;
}

nlohmann::json build_sample_finding(const FindingType& type, const FindingContext& context) {
    nlohmann::json finding = base_document(type, context);
    const std::string time = finding_time(context.now);
    nlohmann::json remote = {{"ipAddressV4", "198.51.100.0"},
                             {"organization",
                              {{"asn", "-1"},
                               {"asnOrg", "GeneratedFindingASNOrg"},
                               {"isp", "GeneratedFindingISP"},
                               {"org", "GeneratedFindingORG"}}},
                             {"country", {{"countryName", "GeneratedFindingCountryName"}}},
                             {"city", {{"cityName", "GeneratedFindingCityName"}}},
                             {"geoLocation", {{"lat", 0}, {"lon", 0}}}};
    nlohmann::json resource = {{"resourceType", std::string(resource_type_name(type.resource))}};
    nlohmann::json action;
    switch (type.action) {
        case ActionKind::kAwsApiCall:
            resource["accessKeyDetails"] = {{"accessKeyId", "GeneratedFindingAccessKeyId"},
                                            {"principalId", "GeneratedFindingPrincipalId"},
                                            {"userName", "GeneratedFindingUserName"},
                                            {"userType", "IAMUser"}};
            action = {{"actionType", "AWS_API_CALL"},
                      {"awsApiCallAction",
                       {{"api", "GeneratedFindingAPIName"},
                        {"serviceName", "GeneratedFindingAPIServiceName"},
                        {"callerType", "Remote IP"},
                        {"remoteIpDetails", remote},
                        {"affectedResources", nlohmann::json::object()}}}};
            break;
        case ActionKind::kDnsRequest:
            action = {{"actionType", "DNS_REQUEST"},
                      {"dnsRequestAction",
                       {{"domain", "GeneratedFindingDomainName"},
                        {"protocol", "UDP"},
                        {"blocked", false}}}};
            break;
        case ActionKind::kNetworkConnection:
            action = {{"actionType", "NETWORK_CONNECTION"},
                      {"networkConnectionAction",
                       {{"connectionDirection", "OUTBOUND"},
                        {"remoteIpDetails", remote},
                        {"protocol", "TCP"},
                        {"blocked", false}}}};
            break;
    }
    if (type.resource == ResourceKind::kInstance) {
        resource["instanceDetails"] = {
            {"instanceId", "i-99999999"},
            {"instanceType", "m3.xlarge"},
            {"instanceState", "running"},
            {"availabilityZone", "GeneratedFindingInstaceAvailabilityZone"},
            {"imageId", "ami-99999999"}};
    }
    if (type.resource == ResourceKind::kS3Bucket) {
        resource["s3BucketDetails"] = {bucket_details("GeneratedFindingS3Bucket")};
    }
    finding["resource"] = std::move(resource);
    nlohmann::json service = {{"serviceName", "guardduty"},
                              {"detectorId", context.detector_id},
                              {"action", std::move(action)},
                              {"resourceRole", "TARGET"},
                              {"additionalInfo", additional_info({{"sample", true}})},
                              {"eventFirstSeen", time},
                              {"eventLastSeen", time},
                              {"archived", false},
                              {"count", 1}};
    if (type.name.find("MaliciousIPCaller") != std::string_view::npos ||
        type.name.find("TorIPCaller") != std::string_view::npos) {
        service["evidence"] = {{"threatIntelligenceDetails",
                                {{{"threatListName", "GeneratedFindingThreatListName"},
                                  {"threatNames", {"GeneratedFindingThreatName"}}}}}};
    }
    finding["service"] = std::move(service);
    TemplateValues values{"GeneratedFindingAPIName",
                          "GeneratedFindingAPIServiceName",
                          "198.51.100.0",
                          "GeneratedFindingUserName",
                          "GeneratedFindingS3Bucket",
                          "GeneratedFindingThreatListName",
                          sample_distro(type.name),
                          "sample finding."};
    finding["title"] = fill(type.title, values);
    finding["description"] = fill(type.description, values);
    return finding;
}

void add_occurrence(nlohmann::json& finding, TimePoint event_time, TimePoint now, double severity) {
    nlohmann::json& service = finding["service"];
    service["count"] = service.value("count", 0) + 1;
    const std::string seen = finding_time(event_time);
    if (seen > service.value("eventLastSeen", std::string())) {
        service["eventLastSeen"] = seen;
    }
    if (seen < service.value("eventFirstSeen", seen)) {
        service["eventFirstSeen"] = seen;
    }
    finding["updatedAt"] = finding_time(now);
    if (finding["severity"].is_number() && severity > finding["severity"].get<double>()) {
        finding["severity"] = severity_json(severity);
    }
}

}  // namespace tripline::detect
