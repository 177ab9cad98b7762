// StoreCredentialDirectory: the API's view of the identity store (access key → secret and
// principal). Last-use times are written at most once a minute per key so that signed requests do
// not each cost a synchronous database write. Thread-safety: safe for concurrent callers (the store
// serialises on its database; the last-use cache has its own mutex).
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "api/principal.h"
#include "iam/iam_service.h"
#include "storage/identity_store.h"

namespace tripline::app {

class StoreCredentialDirectory final : public api::CredentialDirectory {
public:
    StoreCredentialDirectory(storage::IdentityStore& store, iam::IamService& iam)
        : store_(store), iam_(iam) {}

    std::optional<api::Credential> find(std::string_view access_key_id) override;
    void record_use(std::string_view access_key_id,
                    TimePoint at,
                    std::string_view service,
                    std::string_view region) override;

private:
    storage::IdentityStore& store_;
    iam::IamService& iam_;
    std::mutex mutex_;
    std::map<std::string, TimePoint, std::less<>> last_written_;
};

}  // namespace tripline::app
