#include "backend/wa/client/client_payload.hpp"

#include <openssl/evp.h>

#include <array>
#include <charconv>

#include <wa/proto/client_payload.pb.h>
#include <wa/proto/device_props.pb.h>

namespace wagw::wa::client {
namespace {

using proto::ClientPayload;

std::string big_endian(std::uint32_t value, int bytes) {
    std::string out(static_cast<std::size_t>(bytes), '\0');
    for (int i = bytes - 1; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xFF);
        value >>= 8;
    }
    return out;
}

std::string md5(const std::string& text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_md5(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest.data()), size);
}

template <class Array>
std::string as_string(const Array& bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// Fields both modes share (notes §3.1, §3.4).
ClientPayload base_payload(const PayloadOptions& options) {
    ClientPayload payload;
    auto* agent = payload.mutable_useragent();
    agent->set_platform(ClientPayload::UserAgent::WEB);
    auto* version = agent->mutable_appversion();
    version->set_primary(options.version.primary);
    version->set_secondary(options.version.secondary);
    version->set_tertiary(options.version.tertiary);
    agent->set_mcc("000");
    agent->set_mnc("000");
    agent->set_osversion("0.1");
    agent->set_manufacturer("");
    agent->set_device("Desktop");
    agent->set_osbuildnumber("0.1");
    agent->set_releasechannel(ClientPayload::UserAgent::RELEASE);
    agent->set_localelanguageiso6391("en");
    agent->set_localecountryiso31661alpha2("US");
    payload.mutable_webinfo()->set_websubplatform(ClientPayload::WebInfo::WEB_BROWSER);
    payload.set_connecttype(ClientPayload::WIFI_UNKNOWN);
    payload.set_connectreason(ClientPayload::USER_ACTIVATED);
    if (!options.push_name.empty()) payload.set_pushname(options.push_name);
    return payload;
}

std::string device_props(const PayloadOptions& options) {
    proto::DeviceProps props;
    props.set_os(options.device_os);
    auto* version = props.mutable_version();
    version->set_primary(0);
    version->set_secondary(1);
    version->set_tertiary(0);
    props.set_platformtype(proto::DeviceProps::UNKNOWN);
    props.set_requirefullsync(false);
    return props.SerializeAsString();
}

}  // namespace

std::string ClientVersion::text() const {
    return std::to_string(primary) + "." + std::to_string(secondary) + "." + std::to_string(tertiary);
}

std::string build_registration_payload(const signal::LocalIdentity& identity, const PayloadOptions& options) {
    ClientPayload payload = base_payload(options);
    payload.set_passive(false);
    payload.set_pull(false);
    auto* pairing = payload.mutable_devicepairingdata();
    pairing->set_eregid(big_endian(identity.registration_id, 4));
    pairing->set_ekeytype(std::string(1, '\x05'));
    pairing->set_eident(as_string(identity.identity_key));
    pairing->set_eskeyid(big_endian(identity.signed_pre_key.id, 3));
    pairing->set_eskeyval(as_string(identity.signed_pre_key.key));
    pairing->set_eskeysig(as_string(identity.signed_pre_key.signature));
    pairing->set_buildhash(md5(options.version.text()));
    pairing->set_deviceprops(device_props(options));
    return payload.SerializeAsString();
}

Result<std::string> build_login_payload(const std::string& user, std::uint32_t device,
                                        const PayloadOptions& options) {
    std::uint64_t username = 0;
    auto [end, ec] = std::from_chars(user.data(), user.data() + user.size(), username);
    if (user.empty() || ec != std::errc() || end != user.data() + user.size()) {
        return Error{"bad_jid", "own JID user \"" + user + "\" is not a phone number"};
    }
    ClientPayload payload = base_payload(options);
    payload.set_username(username);
    payload.set_device(device);
    payload.set_passive(true);
    payload.set_pull(true);
    payload.set_liddbmigrated(false);
    return payload.SerializeAsString();
}

}  // namespace wagw::wa::client
