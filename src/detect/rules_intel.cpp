// Calls from Tor exit nodes and from IPs on the user's threat lists (guardduty.md §3, §8). Trusted
// IPs are dropped by the service before any rule runs.
#include "detect/intel/threat_intel.h"
#include "detect/record_rules.h"

namespace tripline::detect {

namespace {

enum class S3Intent { kDiscovery, kExfiltration, kImpact, kOther };

S3Intent s3_intent(std::string_view api) {
    static constexpr std::string_view kDiscovery[] = {"ListObjects",
                                                      "ListObjectsV2",
                                                      "ListObjectVersions",
                                                      "GetObjectAcl",
                                                      "GetBucketAcl",
                                                      "GetBucketPolicy",
                                                      "HeadObject",
                                                      "HeadBucket",
                                                      "GetBucketLocation",
                                                      "GetObjectAttributes"};
    static constexpr std::string_view kExfiltration[] = {
        "GetObject", "CopyObject", "UploadPartCopy", "GetObjectTorrent"};
    static constexpr std::string_view kImpact[] = {"PutObject",
                                                   "PutObjectAcl",
                                                   "DeleteObject",
                                                   "DeleteObjects",
                                                   "DeleteObjectVersion",
                                                   "PutObjectRetention",
                                                   "PutObjectLegalHold"};
    auto in = [api](const auto& names) {
        for (std::string_view name : names) {
            if (name == api) {
                return true;
            }
        }
        return false;
    };
    if (in(kDiscovery)) {
        return S3Intent::kDiscovery;
    }
    if (in(kExfiltration)) {
        return S3Intent::kExfiltration;
    }
    return in(kImpact) ? S3Intent::kImpact : S3Intent::kOther;
}

Detection caller_detection(std::string_view type, const RecordFacts& facts) {
    Detection d = make_detection(type);
    d.key_extra = std::string(facts.ip());
    if (type.find(":S3/") != std::string_view::npos) {
        if (std::string bucket = facts.bucket(); !bucket.empty()) {
            d.buckets.push_back(std::move(bucket));
        }
    }
    return d;
}

}  // namespace

void detect_intel_rules(const RecordFacts& facts,
                        const ThreatIntel& intel,
                        std::vector<Detection>& out) {
    if (!facts.ip_is_address() || facts.invoked_by_service()) {
        return;
    }
    const bool s3_data = facts.is_s3_data_event();
    if (intel.is_tor_exit(facts.ip())) {
        std::string_view type;
        if (s3_data) {
            type = s3_intent(facts.api()) == S3Intent::kDiscovery
                       ? "Discovery:S3/TorIPCaller"
                       : "UnauthorizedAccess:S3/TorIPCaller";
        } else {
            type = facts.read_only() ? "Recon:IAMUser/TorIPCaller"
                                     : "UnauthorizedAccess:IAMUser/TorIPCaller";
        }
        Detection d = caller_detection(type, facts);
        d.threat_list = "TorExitNodes";
        out.push_back(std::move(d));
    }
    const std::string* list = intel.threat_list_for(facts.ip());
    if (list == nullptr) {
        return;
    }
    std::string_view type;
    if (s3_data) {
        switch (s3_intent(facts.api())) {
            case S3Intent::kDiscovery:
                type = "Discovery:S3/MaliciousIPCaller.Custom";
                break;
            case S3Intent::kExfiltration:
                type = "Exfiltration:S3/MaliciousIPCaller";
                break;
            case S3Intent::kImpact:
                type = "Impact:S3/MaliciousIPCaller";
                break;
            case S3Intent::kOther:
                type = "UnauthorizedAccess:S3/MaliciousIPCaller.Custom";
                break;
        }
    } else {
        type = facts.read_only() ? "Recon:IAMUser/MaliciousIPCaller.Custom"
                                 : "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom";
    }
    Detection d = caller_detection(type, facts);
    d.threat_list = *list;
    out.push_back(std::move(d));
}

}  // namespace tripline::detect
