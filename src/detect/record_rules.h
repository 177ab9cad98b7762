// The rule-shaped detections (guardduty.md §3): each looks at one record alone and adds a
// Detection to `out` when its documented trigger holds. Stateful detections (bursts, travel,
// first use) live in behaviour_tracker.h.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <vector>

#include "detect/detection.h"
#include "detect/record_facts.h"

namespace tripline::detect {

class ThreatIntel;

// Root usage, CloudTrail disabled, password policy deleted, administrative permissions granted to
// oneself, security groups opened to the world, root console sign-in without MFA, pen-test
// distributions, instance credentials used elsewhere (needs `intel` for AWS's IP ranges).
void detect_account_rules(const RecordFacts& facts,
                          const ThreatIntel* intel,
                          std::vector<Detection>& out);
// Block Public Access disabled, bucket made public (anonymous or all AWS users), access logging
// disabled.
void detect_s3_rules(const RecordFacts& facts, std::vector<Detection>& out);
// Calls from Tor exit nodes and from threat-listed IPs.
void detect_intel_rules(const RecordFacts& facts,
                        const ThreatIntel& intel,
                        std::vector<Detection>& out);

// A detection of `type_name` with the type's default severity (the name must be in the catalogue).
Detection make_detection(std::string_view type_name);

}  // namespace tripline::detect
