// Fuzzes the IAM policy parser and evaluator: any text is rejected with a coded error or parsed,
// never a crash, and a parsed document evaluates (identity and trust) without faults. The
// quota is small so the size and depth guards run on ordinary inputs too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/policy.h"

namespace iam = tripline::iam;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const iam::RequestContext request{"s3:GetObject",
                                      "arn:aws:s3:::lab/home/alice/a?b*",
                                      {{"aws:username", {"alice"}},
                                       {"aws:SourceIp", {"203.0.113.7"}},
                                       {"aws:CurrentTime", {"2026-11-28T10:00:00Z"}},
                                       {"aws:TagKeys", {"env", "team"}},
                                       {"aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:t"}},
                                       {"aws:MultiFactorAuthPresent", {"true"}}}};
    const iam::TrustCaller caller{
        "arn:aws:sts::123456789012:assumed-role/R/s", "123456789012", "ec2.amazonaws.com"};
    for (auto kind : {iam::PolicyKind::kIdentity, iam::PolicyKind::kTrust}) {
        auto doc = iam::parse_policy(text, kind, 4096);
        if (!doc) {
            if (doc.error().code != "MalformedPolicyDocument" &&
                doc.error().code != "LimitExceeded") {
                __builtin_trap();  // only IAM's two document errors exist
            }
            continue;
        }
        if (doc->statements.empty()) {
            __builtin_trap();  // a valid document has at least one statement
        }
        (void)iam::evaluate({&*doc}, request);
        (void)iam::evaluate_trust(*doc, caller, request);
        (void)iam::trust_names_caller_directly(*doc, caller);
    }
    return 0;
}
