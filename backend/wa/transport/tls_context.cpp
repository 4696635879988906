#include "backend/wa/transport/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <asio/ssl.hpp>

namespace wagw::wa::transport {
namespace {

std::string openssl_error_text() {
    unsigned long code = ERR_get_error();
    if (code == 0) return "unknown OpenSSL error";
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    ERR_clear_error();
    return buffer;
}

template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

std::string bio_to_string(BIO* bio) {
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

bool add_extension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) return false;
    bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

}  // namespace

// asio's context constructor throws when OpenSSL cannot allocate; keep that inside this layer.
static Result<std::shared_ptr<asio::ssl::context>> new_context(asio::ssl::context::method method) {
    try {
        auto context = std::make_shared<asio::ssl::context>(method);
        // OpenSSL frees a connection's ~34 KiB of record buffers while it is idle: most connections are.
        SSL_CTX_set_mode(context->native_handle(), SSL_MODE_RELEASE_BUFFERS);
        return context;
    } catch (const std::exception& e) {
        return Error{"tls_unavailable", std::string("cannot create an OpenSSL context: ") + e.what()};
    }
}

Result<std::shared_ptr<asio::ssl::context>> make_client_tls_context(const TlsClientOptions& options) {
    auto created = new_context(asio::ssl::context::tls_client);
    if (!created) return created;
    auto context = std::move(*created);
    std::error_code ec;
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                             asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                             asio::ssl::context::no_tlsv1_1,
                         ec);
    if (!options.verify_peer) {
        context->set_verify_mode(asio::ssl::verify_none, ec);
        return context;
    }
    context->set_verify_mode(asio::ssl::verify_peer, ec);
    if (!options.trusted_certificate_pem.empty()) {
        context->add_certificate_authority(
            asio::buffer(options.trusted_certificate_pem.data(), options.trusted_certificate_pem.size()), ec);
        if (ec)
            return Error{"tls_bad_certificate",
                         "the trusted certificate is not valid PEM (" + ec.message() + ")"};
    } else {
        context->set_default_verify_paths(ec);
        if (ec)
            return Error{"tls_no_ca_store", "cannot load the system CA certificates (" + ec.message() +
                                                "); install ca-certificates"};
    }
    return context;
}

Result<std::shared_ptr<asio::ssl::context>> make_server_tls_context(const TlsCredentials& credentials) {
    auto created = new_context(asio::ssl::context::tls_server);
    if (!created) return created;
    auto context = std::move(*created);
    std::error_code ec;
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                             asio::ssl::context::no_sslv3 | asio::ssl::context::single_dh_use,
                         ec);
    context->use_certificate_chain(
        asio::buffer(credentials.certificate_pem.data(), credentials.certificate_pem.size()), ec);
    if (ec) return Error{"tls_bad_certificate", "server certificate is not valid PEM (" + ec.message() + ")"};
    context->use_private_key(asio::buffer(credentials.private_key_pem.data(), credentials.private_key_pem.size()),
                             asio::ssl::context::pem, ec);
    if (ec) return Error{"tls_bad_key", "server private key is not valid PEM (" + ec.message() + ")"};
    if (SSL_CTX_check_private_key(context->native_handle()) != 1)
        return Error{"tls_bad_key", "server private key does not match the certificate"};
    return context;
}

Result<TlsCredentials> make_self_signed_certificate(const SelfSignedRequest& request) {
    auto fail = [](std::string what) {
        return Error{"tls_certificate_generation_failed", what + ": " + openssl_error_text()};
    };
    PkeyPtr key(EVP_EC_gen("P-256"));
    if (!key) return fail("cannot generate a P-256 key");
    X509Ptr cert(X509_new());
    if (!cert) return fail("cannot allocate a certificate");
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7F;  // positive
    BIGNUM* serial_bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(serial_bn, X509_get_serialNumber(cert.get()));
    BN_free(serial_bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);  // tolerate small clock differences
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(request.validity.count()) * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(request.common_name.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    std::string san;
    for (const auto& dns : request.dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + dns;
    for (const auto& ip : request.ip_addresses) san += (san.empty() ? "IP:" : ",IP:") + ip;
    if (!san.empty() && !add_extension(cert.get(), NID_subject_alt_name, san)) return fail("bad subjectAltName");
    if (!add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign") ||
        !add_extension(cert.get(), NID_ext_key_usage, "serverAuth") ||
        !add_extension(cert.get(), NID_subject_key_identifier, "hash"))
        return fail("cannot add certificate extensions");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return fail("cannot sign the certificate");

    BioPtr cert_bio(BIO_new(BIO_s_mem()));
    BioPtr key_bio(BIO_new(BIO_s_mem()));
    if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail("cannot write PEM");
    return TlsCredentials{bio_to_string(cert_bio.get()), bio_to_string(key_bio.get())};
}

}  // namespace wagw::wa::transport
