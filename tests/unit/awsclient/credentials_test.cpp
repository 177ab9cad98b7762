// Credentials, profiles and regions resolved like the aws CLI: the INI dialect of the shared files,
// the precedence of explicit keys, environment and files, `[profile x]` sections, named profiles
// that do not exist, partial keys, unsupported profile kinds, and secrets never printed.
#include "awsclient/credentials.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "awsclient/ini_file.h"
#include "test_support.h"

namespace tripline::awsclient {
namespace {

using tripline::testing::TempDir;

// A fake environment: HOME points at a temp dir whose ~/.aws holds the files each test writes.
class FakeEnv {
public:
    FakeEnv() { vars_["HOME"] = home_.path().string(); }

    void set(const std::string& name, const std::string& value) { vars_[name] = value; }
    std::string home() const { return home_.path().string(); }

    void write(const std::string& relative, const std::string& text) {
        auto path = home_.path() / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << text;
    }

    ResolveOptions options() const {
        ResolveOptions o;
        o.env = [vars = vars_](const std::string& name) -> std::optional<std::string> {
            auto it = vars.find(name);
            if (it == vars.end()) {
                return std::nullopt;
            }
            return it->second;
        };
        return o;
    }

private:
    TempDir home_;
    std::map<std::string, std::string> vars_;
};

TEST(IniFile, ReadsSectionsKeysCommentsAndNestedBlocks) {
    auto file = parse_ini(
        "# comment\n"
        "; another\n"
        "[default]\n"
        "Region = eu-west-1\n"
        "output: json\n"
        "s3 =\n"
        "  addressing_style = path\n"
        "  max_concurrent_requests=10\n"
        "\n"
        "[profile dev]\n"
        "  \n"
        "note = first\n"
        "   second line\n"
        "key = a = b # not a comment\n",
        "config");
    ASSERT_TRUE(file) << file.error().to_string();
    ASSERT_EQ(file->sections.size(), 2u);
    const IniSection* d = file->find("default");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(*d->find("region"), "eu-west-1");  // keys are case-insensitive
    EXPECT_EQ(*d->find("output"), "json");
    EXPECT_EQ(*d->find("s3.addressing_style"), "path");
    EXPECT_EQ(*d->find("s3.max_concurrent_requests"), "10");
    const IniSection* dev = file->find("profile dev");
    ASSERT_NE(dev, nullptr);
    EXPECT_EQ(dev->line, 10u);
    EXPECT_EQ(*dev->find("note"), "first\nsecond line");
    EXPECT_EQ(*dev->find("key"), "a = b # not a comment");
}

TEST(IniFile, ErrorsNameFileAndLineButNeverTheLine) {
    struct Case {
        const char* text;
        std::size_t line;
        const char* words;
    };
    for (const Case& c : {
             Case{"aws_secret_access_key = s3cr3t\n", 1, "before any [section]"},
             Case{"[default]\nthis line has no delimiter s3cr3t\n", 2, "not '[section]'"},
             Case{"[default\nx = 1\n", 1, "not '[name]'"},
             Case{"[a]\nx = 1\n[a]\n", 3, "already appears on line 1"},
             Case{"[a]\nx = 1\nX = s3cr3t\n", 3, "repeated"},
         }) {
        auto file = parse_ini(c.text, "/home/u/.aws/credentials");
        ASSERT_FALSE(file) << c.text;
        std::string text = file.error().to_string();
        EXPECT_EQ(file.error().code, Errc::kInvalidArgument);
        EXPECT_NE(text.find("/home/u/.aws/credentials:" + std::to_string(c.line) + ":"),
                  std::string::npos)
            << text;
        EXPECT_NE(text.find(c.words), std::string::npos) << text;
        EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
    }
}

TEST(IniFile, MissingFileIsEmptyNotAnError) {
    TempDir dir;
    auto file = load_ini_file((dir.path() / "nope").string());
    ASSERT_TRUE(file);
    EXPECT_FALSE(file->has_value());
}

TEST(Credentials, ExplicitKeysWinOverEverything) {
    FakeEnv env;
    env.set("AWS_ACCESS_KEY_ID", "AKIAENV");
    env.set("AWS_SECRET_ACCESS_KEY", "envsecret");
    ResolveOptions o = env.options();
    o.access_key_id = "AKIAEXPLICIT";
    o.secret_access_key = "explicitsecret";
    auto c = resolve_credentials(o);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->access_key_id, "AKIAEXPLICIT");
    EXPECT_EQ(c->source, "explicit");

    o.secret_access_key.clear();
    EXPECT_EQ(resolve_credentials(o).error().code, Errc::kInvalidArgument);
}

TEST(Credentials, EnvironmentBeforeSharedFiles) {
    FakeEnv env;
    env.write(".aws/credentials",
              "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = f\n");
    env.set("AWS_ACCESS_KEY_ID", "AKIAENV");
    env.set("AWS_SECRET_ACCESS_KEY", "envsecret");
    env.set("AWS_SESSION_TOKEN", "envtoken");
    auto c = resolve_credentials(env.options());
    ASSERT_TRUE(c) << c.error().to_string();
    EXPECT_EQ(c->access_key_id, "AKIAENV");
    EXPECT_EQ(c->secret_access_key, "envsecret");
    EXPECT_EQ(c->session_token, "envtoken");
    EXPECT_EQ(c->source, "environment");
}

TEST(Credentials, PartialEnvironmentKeysAreAnError) {
    FakeEnv env;
    env.set("AWS_ACCESS_KEY_ID", "AKIAENV");
    auto c = resolve_credentials(env.options());
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Errc::kInvalidArgument);
    EXPECT_NE(c.error().message.find("Partial credentials"), std::string::npos);
}

TEST(Credentials, DefaultProfileFromTheCredentialsFile) {
    FakeEnv env;
    env.write(".aws/credentials",
              "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n"
              "aws_session_token = t\n[other]\naws_access_key_id = AKIAOTHER\n"
              "aws_secret_access_key = o\n");
    auto c = resolve_credentials(env.options());
    ASSERT_TRUE(c) << c.error().to_string();
    EXPECT_EQ(c->access_key_id, "AKIADEFAULT");
    EXPECT_EQ(c->session_token, "t");
    EXPECT_NE(c->source.find(env.home() + "/.aws/credentials [default]"), std::string::npos);
}

TEST(Credentials, ProfileFromEnvironmentOrOptionAndProfileSectionsInConfig) {
    FakeEnv env;
    env.write(".aws/credentials", "[ci]\naws_access_key_id = AKIACI\naws_secret_access_key = c\n");
    env.write(".aws/config",
              "[default]\nregion = us-west-2\n"
              "[profile dev]\nregion = eu-central-1\naws_access_key_id = AKIADEV\n"
              "aws_secret_access_key = dev\n"
              "[dev]\naws_access_key_id = AKIANOTAPROFILE\naws_secret_access_key = x\n");
    env.set("AWS_PROFILE", "ci");
    auto ci = resolve_credentials(env.options());
    ASSERT_TRUE(ci) << ci.error().to_string();
    EXPECT_EQ(ci->access_key_id, "AKIACI");

    ResolveOptions o = env.options();
    o.profile = "dev";  // the option wins over AWS_PROFILE
    auto dev = resolve_credentials(o);
    ASSERT_TRUE(dev) << dev.error().to_string();
    EXPECT_EQ(dev->access_key_id, "AKIADEV");  // from [profile dev], not [dev]
    EXPECT_NE(dev->source.find("config file"), std::string::npos);
    auto region = resolve_region(o);
    ASSERT_TRUE(region);
    EXPECT_EQ(*region, "eu-central-1");
}

TEST(Credentials, CredentialsFileWinsOverConfigFileForTheSameProfile) {
    FakeEnv env;
    env.write(".aws/credentials",
              "[dev]\naws_access_key_id = AKIACREDS\naws_secret_access_key = c\n");
    env.write(".aws/config",
              "[profile dev]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = k\n");
    ResolveOptions o = env.options();
    o.profile = "dev";
    auto c = resolve_credentials(o);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->access_key_id, "AKIACREDS");
}

TEST(Credentials, ExplicitProfileIgnoresEnvironmentKeysButAwsProfileDoesNot) {
    FakeEnv env;
    env.write(".aws/credentials",
              "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = d\n");
    env.set("AWS_ACCESS_KEY_ID", "AKIAENV");
    env.set("AWS_SECRET_ACCESS_KEY", "e");
    ResolveOptions o = env.options();
    o.profile = "dev";
    EXPECT_EQ(resolve_credentials(o)->access_key_id, "AKIADEV");  // like `aws --profile dev`
    env.set("AWS_PROFILE", "dev");
    EXPECT_EQ(resolve_credentials(env.options())->access_key_id, "AKIAENV");  // like the CLI
}

TEST(Credentials, FileLocationsFromTheEnvironment) {
    FakeEnv env;
    TempDir elsewhere;
    std::ofstream(elsewhere.path() / "creds")
        << "[tripline]\naws_access_key_id = AKIATRIPLINE\naws_secret_access_key = t\n";
    std::ofstream(elsewhere.path() / "conf") << "[profile tripline]\nregion = ap-south-1\n";
    env.set("AWS_SHARED_CREDENTIALS_FILE", (elsewhere.path() / "creds").string());
    env.set("AWS_CONFIG_FILE", (elsewhere.path() / "conf").string());
    env.set("AWS_PROFILE", "tripline");
    auto c = resolve_credentials(env.options());
    ASSERT_TRUE(c) << c.error().to_string();
    EXPECT_EQ(c->access_key_id, "AKIATRIPLINE");
    EXPECT_EQ(*resolve_region(env.options()), "ap-south-1");
}

TEST(Credentials, TildeInFileVariablesIsHome) {
    FakeEnv env;
    env.write("elsewhere/c",
              "[default]\naws_access_key_id = AKIATILDE\naws_secret_access_key = t\n");
    env.set("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/c");
    EXPECT_EQ(resolve_credentials(env.options())->access_key_id, "AKIATILDE");
}

TEST(Credentials, NamedProfileThatDoesNotExistIsNotFound) {
    FakeEnv env;
    env.write(".aws/credentials", "[default]\naws_access_key_id = A\naws_secret_access_key = s\n");
    env.set("AWS_PROFILE", "ghost");
    auto c = resolve_credentials(env.options());
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Errc::kNotFound);
    EXPECT_NE(c.error().message.find("The config profile (ghost) could not be found"),
              std::string::npos);
}

TEST(Credentials, NothingAnywhereSaysUnableToLocate) {
    FakeEnv env;
    auto c = resolve_credentials(env.options());
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Errc::kNotFound);
    EXPECT_NE(c.error().message.find("Unable to locate credentials"), std::string::npos);
}

TEST(Credentials, RoleProfilesAreRefusedWithAReason) {
    FakeEnv env;
    env.write(".aws/config",
              "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\n"
              "source_profile = default\n");
    ResolveOptions o = env.options();
    o.profile = "admin";
    auto c = resolve_credentials(o);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Errc::kFailedPrecondition);
    EXPECT_NE(c.error().message.find("role_arn"), std::string::npos);
}

TEST(Credentials, MalformedFileErrorNamesFileAndLine) {
    FakeEnv env;
    env.write(".aws/credentials", "[default]\naws_access_key_id = A\ngarbage\n");
    auto c = resolve_credentials(env.options());
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().to_string().find(env.home() + "/.aws/credentials:3:"), std::string::npos)
        << c.error().to_string();
}

TEST(Region, PrecedenceExplicitThenEnvironmentThenProfile) {
    FakeEnv env;
    env.write(".aws/config", "[default]\nregion = us-west-2\n");
    EXPECT_EQ(*resolve_region(env.options()), "us-west-2");
    env.set("AWS_DEFAULT_REGION", "eu-west-1");
    EXPECT_EQ(*resolve_region(env.options()), "eu-west-1");
    env.set("AWS_REGION", "eu-west-3");
    EXPECT_EQ(*resolve_region(env.options()), "eu-west-3");
    ResolveOptions o = env.options();
    o.region = "sa-east-1";
    EXPECT_EQ(*resolve_region(o), "sa-east-1");
    FakeEnv empty;
    EXPECT_EQ(*resolve_region(empty.options()), "");
}

TEST(EndpointUrl, ServiceVariableThenGlobalThenProfile) {
    FakeEnv env;
    env.write(".aws/config", "[default]\nendpoint_url = http://profile:1\n");
    EXPECT_EQ(*resolve_endpoint_url(env.options(), "s3"), "http://profile:1");
    env.set("AWS_ENDPOINT_URL", "http://global:2");
    EXPECT_EQ(*resolve_endpoint_url(env.options(), "s3"), "http://global:2");
    env.set("AWS_ENDPOINT_URL_S3", "http://s3:3");
    EXPECT_EQ(*resolve_endpoint_url(env.options(), "s3"), "http://s3:3");
    EXPECT_EQ(*resolve_endpoint_url(env.options(), "cloudtrail"), "http://global:2");
}

TEST(Credentials, PrintingNeverShowsSecrets) {
    Credentials c{"AKIAPRINTME", "verysecretkey", "sessiontokenvalue", "environment"};
    std::ostringstream out;
    out << c;
    for (const std::string& text : {c.to_string(), out.str()}) {
        EXPECT_NE(text.find("AKIAPRINTME"), std::string::npos);
        EXPECT_EQ(text.find("verysecretkey"), std::string::npos);
        EXPECT_EQ(text.find("sessiontokenvalue"), std::string::npos);
        EXPECT_NE(text.find("<redacted>"), std::string::npos);
    }
}

// The default lookup reads the real process environment (HOME included).
TEST(Credentials, ProcessEnvironmentAndRealHome) {
    TempDir home;
    std::filesystem::create_directories(home.path() / ".aws");
    std::ofstream(home.path() / ".aws/credentials")
        << "[default]\naws_access_key_id = AKIAREALHOME\naws_secret_access_key = r\n";
    std::string old_home = std::getenv("HOME") != nullptr ? std::getenv("HOME") : "";
    for (const char* v : {"AWS_ACCESS_KEY_ID",
                          "AWS_SECRET_ACCESS_KEY",
                          "AWS_SESSION_TOKEN",
                          "AWS_PROFILE",
                          "AWS_DEFAULT_PROFILE",
                          "AWS_SHARED_CREDENTIALS_FILE",
                          "AWS_CONFIG_FILE"}) {
        unsetenv(v);
    }
    setenv("HOME", home.path().c_str(), 1);
    auto c = resolve_credentials(ResolveOptions{});
    setenv("AWS_ACCESS_KEY_ID", "AKIAFROMENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "x", 1);
    auto from_env = resolve_credentials(ResolveOptions{});
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    setenv("HOME", old_home.c_str(), 1);
    ASSERT_TRUE(c) << c.error().to_string();
    EXPECT_EQ(c->access_key_id, "AKIAREALHOME");
    ASSERT_TRUE(from_env);
    EXPECT_EQ(from_env->access_key_id, "AKIAFROMENV");
}

}  // namespace
}  // namespace tripline::awsclient
