// IamService: virtual MFA devices - a random TOTP seed per device, enabled for a user with two
// consecutive codes, as IAM requires.
#include <algorithm>

#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/identity_names.h"
#include "iam/password_hash.h"
#include "iam/totp.h"

namespace tripline::iam {

namespace {

constexpr std::int64_t kStepSeconds = 30;
// Codes from the last five minutes are accepted when enabling (people type slowly), the current
// step ±1 when verifying a sign-in, as authenticator apps drift.
constexpr std::int64_t kEnableLookbackSteps = 10;

MfaDevice device_from(const nlohmann::json& d) {
    MfaDevice m;
    m.serial = d.value("_arn", "");
    m.user_name = d.value("user", "");
    if (d.contains("enabled")) {
        m.enabled = from_epoch(d["enabled"].get<std::int64_t>());
    }
    m.tags = tags_from(d);
    return m;
}

std::string name_of_serial(const std::string& serial) {
    return serial.substr(serial.rfind('/') + 1);
}

CodedError invalid_code() {
    return iam_error(
        "InvalidAuthenticationCode", "Authentication code for device is not valid.", 403);
}

}  // namespace

CodedResult<MfaDevice> IamService::create_virtual_mfa_device(const std::string& account,
                                                             const std::string& name,
                                                             const std::string& path,
                                                             const Tags& tags) {
    std::lock_guard lock(mutex_);
    if (auto ok = validate_iam_name("virtualMFADeviceName", name, 226); !ok) {
        return ok.error();
    }
    const std::string p = path.empty() ? "/" : path;
    if (auto ok = validate_iam_path(p); !ok) {
        return ok.error();
    }
    auto existing = load(account, "iam:mfa", name);
    if (!existing) {
        return existing.error();
    }
    if (!existing->is_null()) {
        return already_exists("MFADevice entity at the same path and name already exists.");
    }
    std::string seed = base32_encode(secure_random_bytes(40));
    nlohmann::json d = {{"seed", seed}, {"path", p}, {"tags", tags_json(tags)}};
    std::string arn = iam_arn(account, "mfa", p, name);
    if (auto ok = save(account, "iam:mfa", name, arn, d); !ok) {
        return ok.error();
    }
    d["_arn"] = arn;
    MfaDevice out = device_from(d);
    out.seed_base32 = seed;
    return out;
}

CodedResult<bool> IamService::enable_mfa_device(const std::string& account,
                                                const std::string& user,
                                                const std::string& serial,
                                                const std::string& code1,
                                                const std::string& code2) {
    std::lock_guard lock(mutex_);
    auto u = get_user(account, user);
    if (!u) {
        return u.error();
    }
    auto d = load(account, "iam:mfa", name_of_serial(serial));
    if (!d) {
        return d.error();
    }
    if (d->is_null() || (*d)["_arn"] != serial) {
        return iam_error(
            "NoSuchEntity", "VirtualMFADevice with serial " + serial + " not found.", 404);
    }
    if (!d->value("user", "").empty()) {
        return already_exists("MFA Device is already in use.");
    }
    auto secret = base32_decode(d->value("seed", ""));
    if (!secret) {
        return CodedError{"InternalError", "stored MFA seed is not base32", 500};
    }
    const std::int64_t now = to_epoch(clock_.now()) / kStepSeconds;
    bool ok = false;
    for (std::int64_t s = now - kEnableLookbackSteps; s <= now && !ok; ++s) {
        ok = totp_code(*secret, s) == code1 && totp_code(*secret, s + 1) == code2;
    }
    if (!ok) {
        return invalid_code();
    }
    (*d)["user"] = user;
    (*d)["enabled"] = to_epoch(clock_.now());
    if (auto saved = save(account, "iam:mfa", name_of_serial(serial), serial, *d); !saved) {
        return saved;
    }
    auto ud = load(account, "iam:user", user);
    if (!ud) {
        return ud.error();
    }
    nlohmann::json doc = ud->is_null() ? nlohmann::json::object() : *ud;
    nlohmann::json serials = string_array(doc, "mfa");
    serials.push_back(serial);
    doc["mfa"] = serials;
    return save(account, "iam:user", user, u->arn, doc);
}

CodedResult<bool> IamService::deactivate_mfa_device(const std::string& account,
                                                    const std::string& user,
                                                    const std::string& serial) {
    std::lock_guard lock(mutex_);
    auto u = get_user(account, user);
    if (!u) {
        return u.error();
    }
    auto d = load(account, "iam:mfa", name_of_serial(serial));
    if (!d) {
        return d.error();
    }
    if (d->is_null() || d->value("user", "") != user) {
        return iam_error("NoSuchEntity",
                         "MFA Device with serial number " + serial +
                             " does not exist or is not assigned to " + user + ".",
                         404);
    }
    d->erase("user");
    d->erase("enabled");
    if (auto saved = save(account, "iam:mfa", name_of_serial(serial), serial, *d); !saved) {
        return saved;
    }
    auto ud = load(account, "iam:user", user);
    if (!ud) {
        return ud.error();
    }
    nlohmann::json doc = *ud;
    nlohmann::json serials = string_array(doc, "mfa");
    serials.erase(std::remove(serials.begin(), serials.end(), serial), serials.end());
    doc["mfa"] = serials;
    return save(account, "iam:user", user, u->arn, doc);
}

CodedResult<bool> IamService::delete_virtual_mfa_device(const std::string& account,
                                                        const std::string& serial) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:mfa", name_of_serial(serial));
    if (!d) {
        return d.error();
    }
    if (d->is_null() || (*d)["_arn"] != serial) {
        return iam_error(
            "NoSuchEntity", "VirtualMFADevice with serial " + serial + " not found.", 404);
    }
    if (!d->value("user", "").empty()) {
        return delete_conflict("MFA device is in use and must be deactivated first.");
    }
    return erase(account, "iam:mfa", name_of_serial(serial));
}

CodedResult<std::vector<MfaDevice>> IamService::list_mfa_devices(const std::string& account,
                                                                 const std::string& user) {
    std::lock_guard lock(mutex_);
    if (auto u = get_user(account, user); !u) {
        return u.error();
    }
    auto all = load_all(account, "iam:mfa");
    if (!all) {
        return all.error();
    }
    std::vector<MfaDevice> out;
    for (const auto& [name, d] : *all) {
        if (d.value("user", "") == user) {
            out.push_back(device_from(d));
        }
    }
    return out;
}

CodedResult<std::vector<MfaDevice>> IamService::list_virtual_mfa_devices(
    const std::string& account, const std::string& status) {
    std::lock_guard lock(mutex_);
    auto all = load_all(account, "iam:mfa");
    if (!all) {
        return all.error();
    }
    std::vector<MfaDevice> out;
    for (const auto& [name, d] : *all) {
        bool assigned = !d.value("user", "").empty();
        if (status == "Any" || status.empty() || (status == "Assigned") == assigned) {
            out.push_back(device_from(d));
        }
    }
    return out;
}

CodedResult<bool> IamService::verify_mfa_code(const std::string& account,
                                              const std::string& user,
                                              const std::string& serial,
                                              const std::string& code) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:mfa", name_of_serial(serial));
    if (!d) {
        return d.error();
    }
    if (d->is_null() || d->value("user", "") != user) {
        return false;
    }
    auto secret = base32_decode(d->value("seed", ""));
    if (!secret) {
        return false;
    }
    const std::int64_t now = to_epoch(clock_.now()) / kStepSeconds;
    for (std::int64_t s = now - 1; s <= now + 1; ++s) {
        if (totp_code(*secret, s) == code) {
            return true;
        }
    }
    return false;
}

}  // namespace tripline::iam
