// DigestChain: the state of one trail's digest chain for one account and region - where the
// current digest period started, the previous digest (bucket, key, hash, signature) and the log
// files delivered since it - persisted in the ResourceStore (type "cloudtrail:digest-chain",
// named by the trail ARN in the chain's account and region) so that a restart continues the
// chain and the next digest still lists the log files delivered before the restart.
//
// Ownership: DigestChainStore borrows the ResourceStore. Thread-safety: as the ResourceStore.
// Errors: the ResourceStore's; kInvalidArgument for a stored document that is not a chain.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/resource_store.h"
#include "trail/digest_file.h"
#include "trail/log_file_names.h"

namespace tripline::trail {

inline constexpr std::string_view kDigestChainType = "cloudtrail:digest-chain";

struct DigestChain {
    std::string trail_arn;
    std::string trail_name;
    std::string home_region;
    LogLocation location;  // the chain's account and region (and the trail's prefix / org)
    std::string bucket;    // where its digests go
    TimePoint period_start;
    std::optional<PreviousDigest> previous;
    std::vector<DigestLogFile> pending;  // log files delivered since the previous digest
};

class DigestChainStore {
public:
    explicit DigestChainStore(storage::ResourceStore& resources) : resources_(resources) {}

    Result<std::vector<DigestChain>> load_all();
    Status save(const DigestChain& chain, TimePoint now);
    Status remove(const DigestChain& chain);

private:
    storage::ResourceStore& resources_;
};

}  // namespace tripline::trail
