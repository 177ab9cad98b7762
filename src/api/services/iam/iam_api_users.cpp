// IAM API: users, access keys, login profiles, the account password policy, virtual MFA devices.
#include <algorithm>

#include "api/services/iam/iam_api.h"
#include "api/services/iam/iam_wire.h"
#include "base/encoding.h"

namespace tripline::api::services {

using namespace iam_wire;

namespace {

Tree user_tree(const iam::IamUser& u) {
    Tree t{{"Path", u.path},
           {"UserName", u.name},
           {"UserId", u.id},
           {"Arn", u.arn},
           {"CreateDate", iam_date(u.created)}};
    if (u.password_last_used) {
        t["PasswordLastUsed"] = iam_date(*u.password_last_used);
    }
    if (!u.tags.empty()) {
        t["Tags"] = tags_tree(u.tags);
    }
    return t;
}

Tree key_tree(const iam::IamAccessKey& k, bool with_secret) {
    Tree t{{"UserName", k.user_name}, {"AccessKeyId", k.access_key_id}, {"Status", k.status}};
    if (with_secret) {
        t["SecretAccessKey"] = k.secret_access_key;
    }
    t["CreateDate"] = iam_date(k.created);
    return t;
}

Tree login_tree(const iam::LoginProfile& p) {
    return Tree{{"UserName", p.user_name},
                {"CreateDate", iam_date(p.created)},
                {"PasswordResetRequired", p.password_reset_required}};
}

Tree mfa_tree(const iam::MfaDevice& m, bool virtual_shape) {
    Tree t;
    if (!virtual_shape) {
        t["UserName"] = m.user_name;
    }
    t["SerialNumber"] = m.serial;
    if (!m.seed_base32.empty()) {
        t["Base32StringSeed"] = base64_encode(m.seed_base32);  // a blob on the wire
    }
    if (virtual_shape && !m.user_name.empty()) {
        t["User"] = Tree{{"UserName", m.user_name}};
    }
    if (m.enabled) {
        t["EnableDate"] = iam_date(*m.enabled);
    }
    return t;
}

// The user an operation is about: UserName, else the calling IAM user. Root credentials act on
// the root ("" = the account's root keys); role sessions must name a user.
std::optional<std::string> subject_user(const ApiCall& call, ApiError& error) {
    if (auto name = get(call, "UserName")) {
        return name;
    }
    if (call.principal.type == "IAMUser") {
        return call.principal.user_name;
    }
    if (call.principal.type == "Root") {
        return std::string();
    }
    error = ApiError{
        400, "ValidationError", "Must specify userName when calling with non-User credentials"};
    return std::nullopt;
}

template <typename T>
ServiceReply fail(const CodedResult<T>& r) {
    return to_api(r.error());
}

}  // namespace

void IamApi::add_user_operations() {
    auto reply = [this](ApiCall& call, const Tree& result, bool record = true) -> ServiceReply {
        if (record) {
            call.response_elements = recorded(result);
        }
        return query_reply(call, xml_namespace(), to_xml(result), !result.empty());
    };

    operations_["CreateUser"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto name = get(call, "UserName");
        if (!name) {
            return missing("UserName");
        }
        auto u = iam_.create_user(
            call.principal.account_id, *name, get_or(call, "Path", "/"), tags(call));
        return u ? reply(call, Tree{{"User", user_tree(*u)}}) : fail(u);
    };
    operations_["GetUser"] = [this, reply](ApiCall& call) -> ServiceReply {
        ApiError error;
        auto name = subject_user(call, error);
        if (!name) {
            return error;
        }
        if (name->empty()) {
            const auto& p = call.principal;
            return reply(call,
                         Tree{{"User",
                               Tree{{"UserId", p.account_id},
                                    {"Arn", p.arn},
                                    {"CreateDate", iam_date(TimePoint{})}}}},
                         false);
        }
        auto u = iam_.get_user(call.principal.account_id, *name);
        return u ? reply(call, Tree{{"User", user_tree(*u)}}, false) : fail(u);
    };
    operations_["ListUsers"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto users = iam_.list_users(call.principal.account_id, get_or(call, "PathPrefix", ""));
        if (!users) {
            return fail(users);
        }
        Page page = page_of(call, users->size());
        Tree list = Tree::array();
        for (std::size_t i = page.begin; i < page.end; ++i) {
            Tree t = user_tree((*users)[i]);
            t.erase("Tags");  // ListUsers omits tags
            list.push_back(t);
        }
        Tree result{{"Users", list}};
        add_paging(result, page);
        return reply(call, result, false);
    };
    operations_["UpdateUser"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto name = get(call, "UserName");
        if (!name) {
            return missing("UserName");
        }
        auto ok = iam_.update_user(call.principal.account_id,
                                   *name,
                                   get_or(call, "NewUserName", ""),
                                   get_or(call, "NewPath", ""));
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["DeleteUser"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto name = get(call, "UserName");
        if (!name) {
            return missing("UserName");
        }
        auto ok = iam_.delete_user(call.principal.account_id, *name);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["TagUser"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto name = get(call, "UserName");
        if (!name) {
            return missing("UserName");
        }
        auto ok = iam_.tag_user(call.principal.account_id, *name, tags(call));
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["UntagUser"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto name = get(call, "UserName");
        if (!name) {
            return missing("UserName");
        }
        auto ok = iam_.untag_user(call.principal.account_id, *name, members(call, "TagKeys"));
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["ListUserTags"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto name = get(call, "UserName");
        if (!name) {
            return missing("UserName");
        }
        auto u = iam_.get_user(call.principal.account_id, *name);
        return u ? reply(call, Tree{{"Tags", tags_tree(u->tags)}, {"IsTruncated", false}}, false)
                 : fail(u);
    };

    // --- access keys
    operations_["CreateAccessKey"] = [this, reply](ApiCall& call) -> ServiceReply {
        ApiError error;
        auto user = subject_user(call, error);
        if (!user) {
            return error;
        }
        auto k = iam_.create_access_key(call.principal.account_id, *user);
        if (!k) {
            return fail(k);
        }
        // The secret goes to the caller only; CloudTrail records the key without it.
        call.response_elements = recorded(Tree{{"AccessKey", key_tree(*k, false)}});
        return reply(call, Tree{{"AccessKey", key_tree(*k, true)}}, false);
    };
    operations_["ListAccessKeys"] = [this, reply](ApiCall& call) -> ServiceReply {
        ApiError error;
        auto user = subject_user(call, error);
        if (!user) {
            return error;
        }
        auto keys = iam_.list_access_keys(call.principal.account_id, *user);
        if (!keys) {
            return fail(keys);
        }
        Tree list = Tree::array();
        for (const auto& k : *keys) {
            list.push_back(key_tree(k, false));
        }
        return reply(call, Tree{{"AccessKeyMetadata", list}, {"IsTruncated", false}}, false);
    };
    operations_["UpdateAccessKey"] = [this, reply](ApiCall& call) -> ServiceReply {
        ApiError error;
        auto user = subject_user(call, error);
        if (!user) {
            return error;
        }
        auto key = get(call, "AccessKeyId");
        auto status = get(call, "Status");
        if (!key || !status) {
            return missing(!key ? "AccessKeyId" : "Status");
        }
        auto ok = iam_.update_access_key(call.principal.account_id, *user, *key, *status);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["DeleteAccessKey"] = [this, reply](ApiCall& call) -> ServiceReply {
        ApiError error;
        auto user = subject_user(call, error);
        if (!user) {
            return error;
        }
        auto key = get(call, "AccessKeyId");
        if (!key) {
            return missing("AccessKeyId");
        }
        auto ok = iam_.delete_access_key(call.principal.account_id, *user, *key);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["GetAccessKeyLastUsed"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto key = get(call, "AccessKeyId");
        if (!key) {
            return missing("AccessKeyId");
        }
        auto used = iam_.access_key_last_used(call.principal.account_id, *key);
        if (!used) {
            return fail(used);
        }
        Tree last{{"ServiceName", used->service}, {"Region", used->region}};
        if (used->at) {
            last = Tree{{"LastUsedDate", iam_date(*used->at)},
                        {"ServiceName", used->service},
                        {"Region", used->region}};
        }
        return reply(call, Tree{{"UserName", used->user_name}, {"AccessKeyLastUsed", last}}, false);
    };

    // --- login profiles and passwords
    operations_["CreateLoginProfile"] = [this, reply](ApiCall& call) -> ServiceReply {
        ApiError error;
        auto user = subject_user(call, error);
        auto password = get(call, "Password");
        if (!user) {
            return error;
        }
        if (!password) {
            return missing("Password");
        }
        call.request_parameters = nlohmann::json{
            {"userName", *user},
            {"passwordResetRequired", flag(call, "PasswordResetRequired").value_or(false)}};
        auto p = iam_.create_login_profile(call.principal.account_id,
                                           *user,
                                           *password,
                                           flag(call, "PasswordResetRequired").value_or(false));
        return p ? reply(call, Tree{{"LoginProfile", login_tree(*p)}}) : fail(p);
    };
    operations_["GetLoginProfile"] = [this, reply](ApiCall& call) -> ServiceReply {
        ApiError error;
        auto user = subject_user(call, error);
        if (!user) {
            return error;
        }
        auto p = iam_.get_login_profile(call.principal.account_id, *user);
        return p ? reply(call, Tree{{"LoginProfile", login_tree(*p)}}, false) : fail(p);
    };
    operations_["UpdateLoginProfile"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto user = get(call, "UserName");
        if (!user) {
            return missing("UserName");
        }
        nlohmann::json params = {{"userName", *user}};
        if (auto reset = flag(call, "PasswordResetRequired")) {
            params["passwordResetRequired"] = *reset;
        }
        call.request_parameters = params;
        auto ok = iam_.update_login_profile(call.principal.account_id,
                                            *user,
                                            get(call, "Password"),
                                            flag(call, "PasswordResetRequired"));
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["DeleteLoginProfile"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto user = get(call, "UserName");
        if (!user) {
            return missing("UserName");
        }
        auto ok = iam_.delete_login_profile(call.principal.account_id, *user);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["ChangePassword"] = [this, reply](ApiCall& call) -> ServiceReply {
        call.request_parameters = nullptr;  // IAM never records passwords
        auto old_password = get(call, "OldPassword");
        auto new_password = get(call, "NewPassword");
        if (!old_password || !new_password) {
            return missing(!old_password ? "OldPassword" : "NewPassword");
        }
        auto ok =
            iam_.change_password(call.principal.account_id,
                                 call.principal.type == "IAMUser" ? call.principal.user_name : "",
                                 *old_password,
                                 *new_password);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["UpdateAccountPasswordPolicy"] = [this, reply](ApiCall& call) -> ServiceReply {
        iam::PasswordPolicy p;
        p.minimum_length = integer(call, "MinimumPasswordLength").value_or(6);
        p.require_symbols = flag(call, "RequireSymbols").value_or(false);
        p.require_numbers = flag(call, "RequireNumbers").value_or(false);
        p.require_uppercase = flag(call, "RequireUppercaseCharacters").value_or(false);
        p.require_lowercase = flag(call, "RequireLowercaseCharacters").value_or(false);
        p.allow_users_to_change = flag(call, "AllowUsersToChangePassword").value_or(false);
        p.max_age_days = integer(call, "MaxPasswordAge").value_or(0);
        p.reuse_prevention = integer(call, "PasswordReusePrevention").value_or(0);
        p.hard_expiry = flag(call, "HardExpiry").value_or(false);
        auto ok = iam_.update_password_policy(call.principal.account_id, p);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["GetAccountPasswordPolicy"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto p = iam_.get_password_policy(call.principal.account_id);
        if (!p) {
            return fail(p);
        }
        Tree t{{"MinimumPasswordLength", p->minimum_length},
               {"RequireSymbols", p->require_symbols},
               {"RequireNumbers", p->require_numbers},
               {"RequireUppercaseCharacters", p->require_uppercase},
               {"RequireLowercaseCharacters", p->require_lowercase},
               {"AllowUsersToChangePassword", p->allow_users_to_change},
               {"ExpirePasswords", p->max_age_days > 0}};
        if (p->max_age_days > 0) {
            t["MaxPasswordAge"] = p->max_age_days;
        }
        if (p->reuse_prevention > 0) {
            t["PasswordReusePrevention"] = p->reuse_prevention;
        }
        t["HardExpiry"] = p->hard_expiry;
        return reply(call, Tree{{"PasswordPolicy", t}}, false);
    };
    operations_["DeleteAccountPasswordPolicy"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto ok = iam_.delete_password_policy(call.principal.account_id);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };

    // --- virtual MFA devices
    operations_["CreateVirtualMFADevice"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto name = get(call, "VirtualMFADeviceName");
        if (!name) {
            return missing("VirtualMFADeviceName");
        }
        auto m = iam_.create_virtual_mfa_device(
            call.principal.account_id, *name, get_or(call, "Path", "/"), tags(call));
        if (!m) {
            return fail(m);
        }
        iam::MfaDevice without_seed = *m;
        without_seed.seed_base32.clear();
        call.response_elements = recorded(Tree{{"VirtualMFADevice", mfa_tree(without_seed, true)}});
        return reply(call, Tree{{"VirtualMFADevice", mfa_tree(*m, true)}}, false);
    };
    operations_["EnableMFADevice"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto user = get(call, "UserName");
        auto serial = get(call, "SerialNumber");
        auto code1 = get(call, "AuthenticationCode1");
        auto code2 = get(call, "AuthenticationCode2");
        if (!user || !serial || !code1 || !code2) {
            return missing(!user     ? "UserName"
                           : !serial ? "SerialNumber"
                           : !code1  ? "AuthenticationCode1"
                                     : "AuthenticationCode2");
        }
        call.request_parameters = nlohmann::json{{"userName", *user}, {"serialNumber", *serial}};
        auto ok = iam_.enable_mfa_device(call.principal.account_id, *user, *serial, *code1, *code2);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["DeactivateMFADevice"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto serial = get(call, "SerialNumber");
        ApiError error;
        auto user = subject_user(call, error);
        if (!user) {
            return error;
        }
        if (!serial) {
            return missing("SerialNumber");
        }
        auto ok = iam_.deactivate_mfa_device(call.principal.account_id, *user, *serial);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["DeleteVirtualMFADevice"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto serial = get(call, "SerialNumber");
        if (!serial) {
            return missing("SerialNumber");
        }
        auto ok = iam_.delete_virtual_mfa_device(call.principal.account_id, *serial);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["ListMFADevices"] = [this, reply](ApiCall& call) -> ServiceReply {
        ApiError error;
        auto user = subject_user(call, error);
        if (!user) {
            return error;
        }
        auto devices = iam_.list_mfa_devices(call.principal.account_id, *user);
        if (!devices) {
            return fail(devices);
        }
        Tree list = Tree::array();
        for (const auto& m : *devices) {
            list.push_back(mfa_tree(m, false));
        }
        return reply(call, Tree{{"MFADevices", list}, {"IsTruncated", false}}, false);
    };
    operations_["ListVirtualMFADevices"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto devices = iam_.list_virtual_mfa_devices(call.principal.account_id,
                                                     get_or(call, "AssignmentStatus", "Any"));
        if (!devices) {
            return fail(devices);
        }
        Tree list = Tree::array();
        for (const auto& m : *devices) {
            list.push_back(mfa_tree(m, true));
        }
        return reply(call, Tree{{"VirtualMFADevices", list}, {"IsTruncated", false}}, false);
    };
}

}  // namespace tripline::api::services
