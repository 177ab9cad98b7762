#include "trail/trail_errors.h"

namespace tripline::trail {

const char* trail_errc_name(TrailErrc code) {
    switch (code) {
        case TrailErrc::kTrailNotFound:
            return "TrailNotFound";
        case TrailErrc::kTrailAlreadyExists:
            return "TrailAlreadyExists";
        case TrailErrc::kInvalidTrailName:
            return "InvalidTrailName";
        case TrailErrc::kInvalidTrailArn:
            return "InvalidTrailArn";
        case TrailErrc::kInvalidHomeRegion:
            return "InvalidHomeRegion";
        case TrailErrc::kMaximumTrailsExceeded:
            return "MaximumTrailsExceeded";
        case TrailErrc::kBucketNotFound:
            return "BucketNotFound";
        case TrailErrc::kInvalidBucketName:
            return "InvalidBucketName";
        case TrailErrc::kInvalidS3Prefix:
            return "InvalidS3Prefix";
        case TrailErrc::kInvalidSnsTopicName:
            return "InvalidSnsTopicName";
        case TrailErrc::kTopicNotFound:
            return "TopicNotFound";
        case TrailErrc::kInvalidEventSelectors:
            return "InvalidEventSelectors";
        case TrailErrc::kInvalidInsightSelectors:
            return "InvalidInsightSelectors";
        case TrailErrc::kInsightNotEnabled:
            return "InsightNotEnabled";
        case TrailErrc::kInvalidParameter:
            return "InvalidParameter";
        case TrailErrc::kInvalidParameterCombination:
            return "InvalidParameterCombination";
        case TrailErrc::kInvalidCloudWatchLogsGroupArn:
            return "InvalidCloudWatchLogsGroupArn";
        case TrailErrc::kInvalidCloudWatchLogsRoleArn:
            return "InvalidCloudWatchLogsRoleArn";
        case TrailErrc::kInvalidKmsKeyId:
            return "InvalidKmsKeyId";
        case TrailErrc::kResourceNotFound:
            return "ResourceNotFound";
        case TrailErrc::kTagsLimitExceeded:
            return "TagsLimitExceeded";
        case TrailErrc::kInvalidTagParameter:
            return "InvalidTagParameter";
        case TrailErrc::kStorage:
            return "Storage";
    }
    return "Unknown";
}

Error TrailError::to_error() const {
    switch (code) {
        case TrailErrc::kTrailNotFound:
        case TrailErrc::kBucketNotFound:
        case TrailErrc::kTopicNotFound:
        case TrailErrc::kResourceNotFound:
            return make_error(Errc::kNotFound, message);
        case TrailErrc::kTrailAlreadyExists:
            return make_error(Errc::kAlreadyExists, message);
        case TrailErrc::kMaximumTrailsExceeded:
        case TrailErrc::kTagsLimitExceeded:
            return make_error(Errc::kLimitExceeded, message);
        case TrailErrc::kInvalidHomeRegion:
        case TrailErrc::kInsightNotEnabled:
            return make_error(Errc::kFailedPrecondition, message);
        case TrailErrc::kStorage:
            return make_error(Errc::kIo, message);
        default:
            return make_error(Errc::kInvalidArgument, message);
    }
}

}  // namespace tripline::trail
