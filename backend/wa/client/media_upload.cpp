// Media (protocol notes §9): media_conn names the upload hosts and an auth token; a file is encrypted under a
// fresh media key (wa/media), POSTed to https://HOST/mms/<type>/<token>?auth=..&token=.., and the reply's url
// and direct_path go into the message with the key and both hashes. Downloads check hash, MAC, plaintext hash.
#include <asio/post.hpp>

#include "backend/wa/client/https_request.hpp"
#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/media/media_cipher.hpp"
#include "common/util/json_fields.hpp"

namespace wagw::wa::client {
namespace {

constexpr const char* kDefaultMediaHost = "mmg.whatsapp.net";

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

transport::HeaderList media_headers() {
    return {{"Origin", transport::kWhatsAppOrigin}, {"Referer", std::string(transport::kWhatsAppOrigin) + "/"}};
}

}  // namespace

void WaClient::query_media_conn(std::function<void(Result<MediaConn>)> done) {
    binary::Node iq{"iq",
                    {jid_attr("to", server_jid()), text_attr("type", "set"), text_attr("xmlns", "w:m")},
                    binary::Children{binary::Node{"media_conn", {}, {}}}};
    send_iq(iq, [done = std::move(done)](Result<binary::Node> reply) {
        if (!reply) return done(reply.error());
        const binary::Node* conn = reply->child("media_conn");
        if (conn == nullptr) return done(Error{"bad_media_conn", "the media_conn reply has no <media_conn>"});
        MediaConn media_conn;
        media_conn.auth = attr_string(*conn, "auth");
        if (conn->children()) {
            for (const binary::Node& host : *conn->children()) {
                if (host.tag == "host" && !attr_string(host, "hostname").empty())
                    media_conn.hosts.push_back(attr_string(host, "hostname"));
            }
        }
        if (media_conn.auth.empty() || media_conn.hosts.empty())
            return done(Error{"bad_media_conn", "media_conn lacks an auth token or a host"});
        done(std::move(media_conn));
    });
}

void WaClient::upload_media(MediaFile file, std::function<void(Result<message::Media>)> done) {
    auto encrypted = media::encrypt_media(file.kind, file.bytes);
    if (!encrypted) return done(encrypted.error());
    query_media_conn([self = shared_from_this(), file = std::move(file), encrypted = std::move(*encrypted),
                      done = std::move(done)](Result<MediaConn> conn) mutable {
        if (!conn) return done(conn.error());
        std::string token = media::upload_token(encrypted.file_enc_sha256);
        HttpsRequest request;
        request.method = "POST";
        request.url = "https://" + conn->hosts.front() + std::string(media::upload_path(file.kind)) + "/" + token +
                      "?auth=" + url_encode(conn->auth) + "&token=" + token;
        request.headers = media_headers();
        request.headers.emplace_back("Content-Type", "application/octet-stream");
        request.body.assign(encrypted.blob.begin(), encrypted.blob.end());

        message::Media media;
        media.kind = file.kind;
        media.voice_note = file.voice_note;
        media.mimetype = file.mimetype;
        media.caption = file.caption;
        media.file_name = file.file_name;
        media.media_key.assign(encrypted.media_key.begin(), encrypted.media_key.end());
        media.file_sha256.assign(encrypted.file_sha256.begin(), encrypted.file_sha256.end());
        media.file_enc_sha256.assign(encrypted.file_enc_sha256.begin(), encrypted.file_enc_sha256.end());
        media.file_length = encrypted.file_length;
        media.media_key_timestamp = static_cast<std::int64_t>(noise::system_unix_time());
        media.seconds = file.seconds;
        media.width = file.width;
        media.height = file.height;
        media.reply = std::move(file.reply);
        // The HTTPS exchange completes off the strand; the result is handed back to it.
        https_request(self->io_, self->options_.tls, std::move(request),
                      [self, media = std::move(media), done = std::move(done)](Result<HttpsReply> reply) mutable {
                          asio::post(self->strand_, [reply = std::move(reply), media = std::move(media),
                                                     done = std::move(done)]() mutable {
                              if (!reply) return done(reply.error());
                              if (reply->status != 200)
                                  return done(Error{"upload_failed", "the media server answered HTTP " +
                                                                         std::to_string(reply->status)});
                              auto json = json_fields::parse(reply->body);
                              if (!json) return done(json.error());
                              auto url = json_fields::string_at(*json, "url");
                              auto direct_path = json_fields::string_at(*json, "direct_path");
                              if (!url || !direct_path)
                                  return done(Error{"upload_failed", "the upload reply lacks url or direct_path"});
                              media.url = *url;
                              media.direct_path = *direct_path;
                              done(std::move(media));
                          });
                      });
    });
}

void WaClient::send_media(std::string to, MediaFile file, SentCallback done, std::string id) {
    upload_media(std::move(file), [self = shared_from_this(), to = std::move(to), done = std::move(done),
                                   id = std::move(id)](Result<message::Media> media) mutable {
        if (!media) return done(media.error());
        self->send(std::move(to), message::Content{std::move(*media)}, std::move(done), std::move(id));
    });
}

void WaClient::download_media(message::Media media, std::function<void(Result<std::vector<std::uint8_t>>)> done) {
    // The message's url names the host it was uploaded to; without one, WhatsApp's default media host serves the
    // direct path (Baileys does the same).
    HttpsRequest request;
    request.url = media.url.rfind("https://", 0) == 0 ? media.url
                                                      : "https://" + std::string(kDefaultMediaHost) + media.direct_path;
    if (request.url.rfind("https://", 0) != 0 || (media.url.empty() && media.direct_path.empty()))
        return done(Error{"no_media_url", "the media has neither a url nor a direct path"});
    request.headers = media_headers();
    // The encrypted file is the plain one padded to the AES block plus a 10-byte MAC: a server (or a sender
    // pointing us at its own host) that sends more is refused before it is all held in memory.
    if (media.file_length > 0 && media.file_length < request.max_reply) {
        request.max_reply = static_cast<std::size_t>(media.file_length) + 16 + 10;
    }
    https_request(io_, options_.tls, std::move(request),
                  [self = shared_from_this(), media = std::move(media), done = std::move(done)](
                      Result<HttpsReply> reply) mutable {
                      asio::post(self->strand_, [reply = std::move(reply), media = std::move(media),
                                                 done = std::move(done)]() mutable {
                          if (!reply) return done(reply.error());
                          if (reply->status != 200)
                              return done(Error{"download_failed", "the media server answered HTTP " +
                                                                       std::to_string(reply->status)});
                          media::ExpectedHashes expected;
                          auto as_hash = [](const message::Bytes& bytes) -> std::optional<media::Sha256> {
                              if (bytes.size() != 32) return std::nullopt;
                              media::Sha256 hash{};
                              std::copy(bytes.begin(), bytes.end(), hash.begin());
                              return hash;
                          };
                          expected.file_enc_sha256 = as_hash(media.file_enc_sha256);
                          expected.file_sha256 = as_hash(media.file_sha256);
                          std::vector<std::uint8_t> blob(reply->body.begin(), reply->body.end());
                          done(media::decrypt_media(media.kind, media.media_key, blob, expected));
                      });
                  });
}

}  // namespace wagw::wa::client
