// Shared pieces of the SNS handler: the caller as the topic service sees it, SNS's error codes
// for the domain's errors, and the XML of attribute maps and subscription lists.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_call.h"
#include "api/api_error.h"
#include "api/xml_writer.h"
#include "base/result.h"
#include "notify/topic_types.h"

namespace tripline::api::services::sns {

inline constexpr std::string_view kSnsNamespace = "http://sns.amazonaws.com/doc/2010-03-31/";
inline constexpr std::string_view kSnsApiVersion = "2010-03-31";
// What CloudTrail shows instead of message content (AWS's own placeholder).
inline constexpr std::string_view kHidden = "HIDDEN_DUE_TO_SECURITY_REASONS";

notify::SnsCaller caller_of(const ApiCall& call);

// kInvalidArgument → InvalidParameter 400 when the message is SNS's "Invalid parameter: …",
// otherwise ParameterValueInvalid 400; kNotFound → NotFound 404 (ResourceNotFound "Resource does
// not exist" for the tagging operations); kPermissionDenied → AuthorizationError 403;
// kLimitExceeded → TagLimitExceeded (tags) or InvalidParameter; others → InternalError 500.
ApiError sns_error(const Error& error, bool tagging = false);

// <entry><key>k</key><value>v</value></entry>… inside <name>.
void write_attribute_map(XmlWriter& xml,
                         std::string_view name,
                         const std::map<std::string, std::string>& values);

// The first value of a form parameter, if sent.
std::optional<std::string> form_param(const ApiCall& call, std::string_view name);

// "Invalid parameter: <name>" when the parameter is missing.
ApiError missing_parameter(std::string_view name);

}  // namespace tripline::api::services::sns
