// CloudWatch Logs filter-pattern evaluation rate (docs/filter-patterns.md): the 15 CIS AWS
// Foundations v3.0.0 metric filters (4.1-4.15) over CloudTrail records, one record per log event
// as a trail delivers them to a log group, on one core. Reported against the JSON-parse ceiling:
// simdjson DOM parse of the same records, nothing else (every JSON filter must at least parse).
//
//   shared   one LogMessage per record, tested by all 15 filters (parsed once): the metric-filter
//            path
//   fresh    each filter tests the record's text on its own (parsed 15 times), for comparison
//
// Records: the `detail` of each line of an EventBridge workload file (CloudTrail records),
//   python3 ../shared/tools/gen_eventbridge_workload.py --out-dir build/fp-bench --events 200000
//       --rules 1
//   build/fp/bench/filter_pattern_bench [--events build/fp-bench/events.jsonl] [--rounds 3]
//       [--fresh 0]   (skip the fresh-per-filter run)
// Without the file it prints how to make it and exits 0.
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "filter_pattern/filter_pattern.h"

namespace {

// CIS AWS Foundations Benchmark v3.0.0, section 4 (spec cloudwatch.md §6), exact strings.
const char* const kCisV300[] = {
    R"({ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") })",
    R"({ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") })",
    R"({ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" })",
    R"({($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)})",
    R"({ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) })",
    R"({ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") })",
    R"({($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) })",
    R"({ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) })",
    R"({ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) })",
    R"({ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) })",
    R"({ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) })",
    R"({ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) })",
    R"({ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) })",
    R"({ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) })",
    R"({ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) })",
};

// The `detail` object of an EventBridge line, as its original text (the generator writes it as
// the wrapper's last member, as bench/gen_cloudtrail_logs.py relies on too).
std::string detail_text(const std::string& line) {
    const std::size_t at = line.find("\"detail\":{");
    if (at == std::string::npos || line.size() < 2 || line.compare(line.size() - 2, 2, "}}") != 0) {
        return {};
    }
    const std::size_t begin = at + std::strlen("\"detail\":");
    return line.substr(begin, line.size() - 1 - begin);
}

template <typename Body>
double best_rate(std::size_t records, int rounds, Body body) {
    double best = 0;
    for (int r = 0; r < rounds; ++r) {
        auto start = std::chrono::steady_clock::now();
        body();
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, static_cast<double>(records) / seconds);
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = TRIPLINE_BENCH_DEFAULT_EVENTS;
    int rounds = 3;
    bool run_fresh = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--events") {
            path = argv[i + 1];
        } else if (flag == "--fresh") {
            run_fresh = std::atoi(argv[i + 1]) != 0;
        } else if (flag == "--rounds") {
            rounds = std::max(1, std::atoi(argv[i + 1]));
        } else {
            std::cerr << "usage: filter_pattern_bench [--events FILE] [--rounds N] [--fresh 0|1]\n";
            return 2;
        }
    }
    std::ifstream in(path);
    if (!in) {
        std::cout << "no records at " << path << "; make them with\n  python3 "
                  << "../shared/tools/gen_eventbridge_workload.py --out-dir build/fp-bench "
                  << "--events 200000 --rules 1\n";
        return 0;
    }
    std::vector<std::string> records;
    std::size_t bytes = 0;
    for (std::string line; std::getline(in, line);) {
        std::string record = detail_text(line);
        if (!record.empty()) {
            bytes += record.size();
            records.push_back(std::move(record));
        }
    }
    std::vector<tripline::filter_pattern::FilterPattern> filters;
    for (const char* text : kCisV300) {
        auto pattern = tripline::filter_pattern::FilterPattern::parse(text);
        if (!pattern) {
            std::cerr << "CIS pattern rejected: " << pattern.error().message << "\n";
            return 1;
        }
        filters.push_back(*pattern);
    }
    std::printf(
        "%zu CloudTrail records, %.0f bytes on average; %zu CIS v3.0.0 filters; best of "
        "%d rounds, one core\n",
        records.size(),
        records.empty() ? 0.0 : static_cast<double>(bytes) / records.size(),
        filters.size(),
        rounds);

    simdjson::dom::parser parser;
    std::size_t objects = 0;
    double ceiling = best_rate(records.size(), rounds, [&] {
        objects = 0;
        for (const std::string& r : records) {
            simdjson::dom::element doc;
            objects += parser.parse(r).get(doc) == simdjson::SUCCESS && doc.is_object() ? 1 : 0;
        }
    });
    std::vector<std::size_t> hits(filters.size());
    double shared = best_rate(records.size(), rounds, [&] {
        std::fill(hits.begin(), hits.end(), 0);
        for (const std::string& r : records) {
            tripline::filter_pattern::LogMessage message(r);
            for (std::size_t f = 0; f < filters.size(); ++f) {
                hits[f] += filters[f].matches(message) ? 1 : 0;
            }
        }
    });
    std::size_t fresh_hits = 0;
    double fresh = 0;
    if (run_fresh)
        fresh = best_rate(records.size(), std::max(1, rounds / 2), [&] {
            fresh_hits = 0;
            for (const std::string& r : records) {
                for (const auto& filter : filters) {
                    fresh_hits += filter.matches(std::string_view(r)) ? 1 : 0;
                }
            }
        });
    std::size_t total_hits = 0;
    for (std::size_t h : hits) {
        total_hits += h;
    }
    std::printf(
        "json parse ceiling (simdjson DOM) %12.0f records/s  (%zu objects)\n", ceiling, objects);
    std::printf("15 CIS filters, shared message    %12.0f records/s  (%.0f%% of ceiling)\n",
                shared,
                100.0 * shared / ceiling);
    std::printf("15 CIS filters, fresh per filter  %12.0f records/s\n", fresh);
    std::printf("matches:");
    for (std::size_t f = 0; f < hits.size(); ++f) {
        std::printf(" 4.%zu=%zu", f + 1, hits[f]);
    }
    std::printf("  (total %zu; fresh %zu)\n", total_hits, fresh_hits);
    return !run_fresh || total_hits == fresh_hits ? 0 : 1;
}
