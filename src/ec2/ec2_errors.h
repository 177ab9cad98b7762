// EC2's domain errors: CodedError / CodedResult (base/coded_result.h) with EC2's error codes
// ("InvalidGroup.NotFound", "InvalidPermission.Duplicate", ...).
#pragma once

#include "base/coded_result.h"

namespace tripline::ec2 {

using Ec2Error = CodedError;
template <typename T>
using Ec2Result = CodedResult<T>;

inline Ec2Error ec2_error(std::string code, std::string message) {
    return coded_error(std::move(code), std::move(message));
}

}  // namespace tripline::ec2
