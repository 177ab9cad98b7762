#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <ostream>

#include "app/steps/steps.h"
#include "iam/iam_service.h"
#include "iam/identity_names.h"
#include "storage/identity_store.h"

namespace tripline::app::steps {

namespace {

// Writes `content` to `path` with `mode` atomically (temp file + rename), so a crash never leaves a
// half-written credentials file.
Status write_private_file(const std::filesystem::path& path,
                          const std::string& content,
                          mode_t mode) {
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        return make_error(Errc::kIo, "cannot write " + tmp.string());
    }
    ::fchmod(fd, mode);
    std::size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n <= 0) {
            ::close(fd);
            return make_error(Errc::kIo, "cannot write " + tmp.string());
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        return make_error(Errc::kIo, "cannot flush " + tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        return make_error(Errc::kIo, "cannot rename " + tmp.string() + ": " + ec.message());
    }
    return ok_status();
}

void print_guidance(EngineState& state, const std::string& access_key_id) {
    auto creds = (state.data_dir / "credentials").string();
    auto config = (state.data_dir / "config").string();
    std::string endpoint = state.config.server.listen;
    *state.out << "Tripline lab credentials: access key " << access_key_id
               << " (administrator of account " << state.config.accounts.front().id
               << "), profile 'tripline' in " << creds << "\n"
               << "Try:\n"
               << "  export AWS_SHARED_CREDENTIALS_FILE=" << creds << " AWS_CONFIG_FILE=" << config
               << "\n"
               << "  aws --profile tripline --endpoint-url http://" << endpoint
               << " sts get-caller-identity\n";
    state.out->flush();
}

}  // namespace

Status bootstrap_lab_credentials(EngineState& state) {
    storage::IdentityStore& store = *state.identities;
    if (state.config.accounts.empty()) {
        state.config.accounts.push_back(AccountConfig{});
    }
    const std::string account_id = state.config.accounts.front().id;
    TRIPLINE_ASSIGN_OR_RETURN(bool has_users, store.has_any_user());
    constexpr const char* kAdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";
    if (has_users) {
        // The lab administrator of a data dir made before IAM policies were enforced keeps its
        // powers.
        if (std::filesystem::exists(state.data_dir / "credentials") &&
            store.get_user(account_id, "admin")) {
            auto attached =
                state.iam->list_attached_policies(account_id, iam::PrincipalKind::kUser, "admin");
            if (attached && attached->empty()) {
                if (auto ok = state.iam->attach_policy(
                        account_id, iam::PrincipalKind::kUser, "admin", kAdministratorAccess);
                    !ok) {
                    return unexpected(ok.error().to_error());
                }
            }
        }
        if (std::filesystem::exists(state.data_dir / "credentials")) {
            *state.out << "Tripline lab credentials: profile 'tripline' in "
                       << (state.data_dir / "credentials").string() << "\n";
            state.out->flush();
        }
        return ok_status();
    }
    TimePoint now = state.clock->now();
    TRIPLINE_TRY(store.put_account(account_id, state.config.accounts.front().alias, now));
    storage::User admin;
    admin.account_id = account_id;
    admin.user_name = "admin";
    admin.user_id = iam::new_user_id();
    admin.path = "/";
    admin.arn = iam::user_arn(account_id, "/", "admin");
    admin.created_at = now;
    TRIPLINE_TRY(store.create_user(admin));
    storage::AccessKey key;
    key.access_key_id = iam::new_access_key_id();
    key.secret_access_key = iam::new_secret_access_key();
    key.account_id = account_id;
    key.user_name = admin.user_name;
    key.status = storage::AccessKeyStatus::kActive;
    key.created_at = now;
    TRIPLINE_TRY(store.create_access_key(key));
    if (auto ok = state.iam->attach_policy(
            account_id, iam::PrincipalKind::kUser, "admin", kAdministratorAccess);
        !ok) {
        return unexpected(ok.error().to_error());
    }

    TRIPLINE_TRY(write_private_file(state.data_dir / "credentials",
                                    "[tripline]\naws_access_key_id = " + key.access_key_id +
                                        "\naws_secret_access_key = " + key.secret_access_key + "\n",
                                    0600));
    TRIPLINE_TRY(write_private_file(
        state.data_dir / "config",
        "[profile tripline]\nregion = " + state.config.server.region + "\noutput = json\n",
        0600));
    spdlog::info("created lab administrator {} with access key {}", admin.arn, key.access_key_id);
    print_guidance(state, key.access_key_id);
    return ok_status();
}

}  // namespace tripline::app::steps
