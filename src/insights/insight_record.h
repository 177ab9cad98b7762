// The CloudTrail record of an Insights event (cloudtrail.md §10): eventVersion, eventTime (the
// minute the unusual activity started, or ended), awsRegion, eventID, eventType
// AwsCloudTrailInsight, recipientAccountId, sharedEventID (pairing Start and End), insightDetails
// {state, eventSource, eventName, insightType, errorCode?, sourceEventCategory, insightContext
// {statistics, attributions}} and eventCategory Insight - no userIdentity, eventSource or
// eventName at the top level. Pure; `event_id` is the record's new eventID.
#pragma once

#include <string>

#include "event/cloudtrail_record.h"
#include "insights/insight_event.h"

namespace tripline::insights {

event::CloudTrailRecord insight_record(const InsightEvent& insight, std::string event_id);

}  // namespace tripline::insights
