// The AWS managed policies Tripline ships ("arn:aws:iam::aws:policy/<path><name>"): the ones a
// lab account attaches most, with documents that are AWS's own or, for the very large read-only
// and audit policies, a faithful subset covering the services Tripline serves.
// Thread-safety: an immutable table built on first use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tripline::iam {

struct ManagedPolicy {
    std::string name;         // "ReadOnlyAccess"
    std::string path;         // "/" or "/job-function/"
    std::string description;  // AWS's description
    std::string document;     // the default version's policy document (JSON text)

    std::string arn() const { return "arn:aws:iam::aws:policy" + path + name; }
};

const std::vector<ManagedPolicy>& aws_managed_policies();

// By ARN ("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess") or by bare name; nullptr when
// Tripline does not ship it.
const ManagedPolicy* find_aws_managed_policy(std::string_view arn_or_name);

}  // namespace tripline::iam
