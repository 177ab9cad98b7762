// Amazon Athena (2017-05-18, JSON 1.1, X-Amz-Target "AmazonAthena.<Operation>") over
// athena::AthenaService: query executions (Start/Get/BatchGet/Stop/List, GetQueryResults), named
// queries, workgroups, and the data catalog (ListDataCatalogs, ListDatabases, GetDatabase,
// ListTableMetadata, GetTableMetadata). See docs/athena.md.
// Thread-safety: handle() runs concurrently.
#pragma once

#include "api/service.h"
#include "athena/athena_service.h"

namespace tripline::api::services {

class AthenaApi final : public Service {
public:
    explicit AthenaApi(athena::AthenaService& athena) : athena_(athena) {}

    std::string_view signing_name() const override { return "athena"; }
    std::string_view event_source() const override { return "athena.amazonaws.com"; }
    std::string_view api_version() const override { return "2017-05-18"; }
    ServiceReply handle(ApiCall& call) override;

private:
    ServiceReply execution_operation(ApiCall& call);
    ServiceReply named_query_operation(ApiCall& call);
    ServiceReply catalog_operation(ApiCall& call);

    athena::AthenaService& athena_;
};

}  // namespace tripline::api::services
