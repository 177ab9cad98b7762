// tl_extra: the modelled record members that are rarely set and that Athena's table does not
// declare, kept together as one JSON object so that they cost one (usually NULL) column instead of
// a dozen. Keys are the members' JSON names, unique across levels: identityProvider, credentialId,
// onBehalfOf, sourceIdentity, webIdFederationData (unless it is {}), keyExchange, addendum,
// edgeDeviceDetails, insightDetails, sessionCredentialFromConsole, vpcEndpointAccountId, and
// eventCategory when it is none of the coded values. Raw JSON members are embedded as JSON, strings
// as strings. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "event/cloudtrail_record.h"
#include "query/trail_schema.h"

namespace tripline::query {

schema::Category category_code(const std::optional<std::string>& event_category);

// The tl_extra text of `record`, nullopt when it has none of those members.
std::optional<std::string> encode_extra(const event::CloudTrailRecord& record);

// Sets the members found in `json` on `record`, whose userIdentity, sessionContext and tlsDetails
// must already exist where the members belong. Returns false when `json` is not such an object.
bool decode_extra(std::string_view json, event::CloudTrailRecord& record);

}  // namespace tripline::query
