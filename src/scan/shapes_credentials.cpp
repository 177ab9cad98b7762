// Shapes of the 9 CREDENTIALS identifiers (macie.md §3). Only AWS_CREDENTIALS and GCP_API_KEY need
// a keyword, so their loose shapes run only near keywords; the others are anchored on literal
// markers (PEM armour, PuTTY headers, "Authorization", "eyJ", "sk_live_") and run over every value.
#include "scan/shape.h"
#include "scan/validators.h"

namespace tripline::scan {

namespace {

// A PEM body: anything but a run of two dashes, so that one match never spans two keys.
#define TRIPLINE_PEM_BODY "(?:[^-]|-[^-])*"

constexpr Shape kCredentialShapes[] = {
    // The secret access key (40 of [A-Za-z0-9/+], mixed case and a digit: not a hex hash).
    {.identifier = "AWS_CREDENTIALS",
     .regex = "[A-Za-z0-9/+]{40}",
     .validate = valid_aws_secret_key},
    // The keyString of a Google Cloud API key.
    {.identifier = "GCP_API_KEY", .regex = "AIza[0-9A-Za-z_-]{35}"},
    // The complete header (RFC 7617), also as a JSON or YAML header pair.
    {.identifier = "HTTP_BASIC_AUTH_HEADER",
     .regex = "(?:Proxy-)?Authorization\"?[ \\t]*[:=][ \\t]*\"?Basic[ \\t]+[A-Za-z0-9+/]{4,}={0,2}",
     .validate = valid_basic_auth_header,
     .caseless = true},
    // JWS compact serialisation: base64url header (a JSON object, so "e" + w..z), payload and an
    // optional signature.
    {.identifier = "JSON_WEB_TOKEN",
     .regex = "e[w-z][A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*",
     .validate = valid_json_web_token},
    {.identifier = "OPENSSH_PRIVATE_KEY",
     .regex = "-----BEGIN OPENSSH PRIVATE KEY-----" TRIPLINE_PEM_BODY
              "-----END OPENSSH PRIVATE KEY-----",
     .multiline = true},
    {.identifier = "PGP_PRIVATE_KEY",
     .regex = "-----BEGIN PGP PRIVATE KEY BLOCK-----" TRIPLINE_PEM_BODY
              "-----END PGP PRIVATE KEY BLOCK-----",
     .multiline = true},
    // PKCS#8 (plain and encrypted) and the traditional PKCS#1 / SEC1 / DSA labels.
    {.identifier = "PKCS",
     .regex = "-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----" TRIPLINE_PEM_BODY
              "-----END (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----",
     .multiline = true},
    // The standard headers in order, values of the documented characters; PPK v3's key-derivation
    // headers are allowed between the public and private lines.
    {.identifier = "PUTTY_PRIVATE_KEY",
     .regex = "PuTTY-User-Key-File-[23]: [A-Za-z0-9-]+\\r?\\n"
              "Encryption: [A-Za-z0-9-]+\\r?\\n"
              "Comment: [A-Za-z0-9-]*\\r?\\n"
              "Public-Lines: [0-9]+\\r?\\n[A-Za-z0-9+/=\\r\\n]+"
              "(?:Key-Derivation: [A-Za-z0-9-]+\\r?\\nArgon2-Memory: [0-9]+\\r?\\n"
              "Argon2-Passes: [0-9]+\\r?\\nArgon2-Parallelism: [0-9]+\\r?\\n"
              "Argon2-Salt: [0-9A-Fa-f]+\\r?\\n)?"
              "Private-Lines: [0-9]+\\r?\\n[A-Za-z0-9+/=\\r\\n]+"
              "Private-MAC: [A-Za-z0-9+]+",
     .multiline = true},
    {.identifier = "STRIPE_CREDENTIALS", .regex = "(?:sk|pk|rk)_(?:live|test)_[0-9A-Za-z]{10,99}"},
};

#undef TRIPLINE_PEM_BODY

}  // namespace

std::span<const Shape> credential_shapes() { return kCredentialShapes; }

}  // namespace tripline::scan
