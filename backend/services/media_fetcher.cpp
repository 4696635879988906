#include "backend/services/media_fetcher.hpp"

#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>

#include "backend/services/media_type.hpp"

namespace wagw::services {
namespace {

struct CurlUrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct CurlStringDeleter {
    void operator()(char* text) const { curl_free(text); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

struct UrlParts {
    std::string scheme, host, port, path;
    bool literal = false;  // the host is a numeric address
};

Result<UrlParts> parse_url(const std::string& text) {
    std::unique_ptr<CURLU, CurlUrlDeleter> url(curl_url());
    if (!url) return Error{"fetch_failed", "out of memory"};
    // Whitespace or control characters would be the caller writing their own request line.
    if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; }))
        return Error{"invalid_url", "the URL contains spaces or control characters"};
    if (curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK)
        return Error{"invalid_url", "not a valid absolute URL"};
    auto part = [&url](CURLUPart which, unsigned flags) {
        char* value = nullptr;
        if (curl_url_get(url.get(), which, &value, flags) != CURLUE_OK) return std::string();
        CurlString owned(value);
        return std::string(value);
    };
    UrlParts parts;
    parts.scheme = lower(part(CURLUPART_SCHEME, 0));
    if (parts.scheme != "http" && parts.scheme != "https")
        return Error{"invalid_url", "only http and https URLs can be fetched, not " + parts.scheme};
    parts.host = part(CURLUPART_HOST, 0);
    parts.port = part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
    parts.path = part(CURLUPART_PATH, CURLU_URLDECODE);
    if (parts.host.empty()) return Error{"invalid_url", "the URL has no host"};
    if (parts.host.front() == '[') {
        parts.host = parts.host.substr(1, parts.host.size() - 2);
        parts.literal = true;
    }
    // Zone ids (fe80::1%eth0) pick an interface: never needed for public media.
    if (parts.host.find('%') != std::string::npos) return Error{"invalid_url", "the host has a zone id"};
    return parts;
}

struct Pinned {
    sockaddr_storage address{};
    socklen_t length = 0;
    std::string numeric;
};

// Resolves the host and keeps the first address the rules allow; every refused one is named when none is
// left.
Result<Pinned> resolve_and_check(const UrlParts& url, const AddressPolicy& policy) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (url.literal) hints.ai_flags = AI_NUMERICHOST;
    addrinfo* found = nullptr;
    if (const int rc = getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found); rc != 0)
        return Error{"fetch_failed", "cannot resolve " + url.host + ": " + gai_strerror(rc)};
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);
    std::string refused;
    for (const addrinfo* entry = found; entry; entry = entry->ai_next) {
        if (entry->ai_family != AF_INET && entry->ai_family != AF_INET6) continue;
        auto why = address_refusal(entry->ai_addr, policy);
        if (!why) {
            Pinned pinned;
            std::memcpy(&pinned.address, entry->ai_addr, entry->ai_addrlen);
            pinned.length = entry->ai_addrlen;
            pinned.numeric = numeric_address(entry->ai_addr);
            return pinned;
        }
        if (refused.find(numeric_address(entry->ai_addr)) == std::string::npos) {
            if (!refused.empty()) refused += ", ";
            refused += numeric_address(entry->ai_addr) + " (" + *why + ")";
        }
    }
    if (refused.empty()) return Error{"fetch_failed", url.host + " has no internet address"};
    return Error{"address_refused",
                 url.host + " resolves to " + refused +
                     ": the gateway only fetches media from public addresses (start it with "
                     "--media-allow-private to allow private ones)"};
}

struct Transfer {
    std::uint64_t max_bytes = 0;
    std::string body;
    bool too_large = false;
    std::string disposition;
    const Pinned* pinned = nullptr;
    const AddressPolicy* policy = nullptr;
    bool socket_refused = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (transfer->body.size() + bytes > transfer->max_bytes) {
        transfer->too_large = true;
        return 0;  // aborts the transfer
    }
    transfer->body.append(data, bytes);
    return bytes;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && lower(std::string(line.substr(0, colon))) == "content-disposition")
        transfer->disposition = std::string(line.substr(colon + 1));
    return size * count;
}

// The last line of defence: whatever curl is about to connect to must be the address checked above.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
    auto* transfer = static_cast<Transfer*>(user);
    const auto* target = reinterpret_cast<const sockaddr*>(&address->addr);
    if (numeric_address(target) != transfer->pinned->numeric || address_refusal(target, *transfer->policy)) {
        transfer->socket_refused = true;
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype, address->protocol);
}

std::string file_name_from(const std::string& disposition, const std::string& path) {
    std::string name;
    if (auto at = disposition.find("filename=\""); at != std::string::npos) {
        const auto end = disposition.find('"', at + 10);
        if (end != std::string::npos) name = disposition.substr(at + 10, end - at - 10);
    }
    if (name.empty()) name = path.substr(path.rfind('/') + 1);
    // A name, never a path: the last segment, printable, bounded.
    name = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
    name.erase(
        std::remove_if(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }),
        name.end());
    return name.substr(0, 200);
}

struct Hop {
    long status = 0;
    std::string redirect;
};

Result<Hop> one_hop(const std::string& url_text, const UrlParts& url, const Pinned& pinned,
                    Transfer& transfer, FetchedFile& file, const MediaFetchOptions& options) {
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Error{"fetch_failed", "cannot start an HTTP client"};
    CURL* c = curl.get();
    std::unique_ptr<curl_slist, CurlListDeleter> resolve;
    if (!url.literal) {
        const std::string address =
            pinned.address.ss_family == AF_INET6 ? "[" + pinned.numeric + "]" : pinned.numeric;
        resolve.reset(curl_slist_append(nullptr, (url.host + ":" + url.port + ":" + address).c_str()));
    }
    transfer.pinned = &pinned;
    transfer.policy = &options.addresses;
    curl_easy_setopt(c, CURLOPT_URL, url_text.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // each redirect is checked by us, as a new hop
    curl_easy_setopt(c, CURLOPT_PROXY, "");           // no proxy from the environment: we pin the address
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (resolve) curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(transfer.max_bytes));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
    curl_easy_setopt(c, CURLOPT_USERAGENT, "wagw-media-fetch");
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, nullptr);  // the bytes as stored, no decompression bombs
    const CURLcode rc = curl_easy_perform(c);
    if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        return Error{"too_large",
                     "the file at the URL is larger than " + std::to_string(transfer.max_bytes) + " bytes"};
    }
    if (transfer.socket_refused) {
        return Error{"address_refused", "the connection to " + url.host +
                                            " went to an address other than the one checked; refused"};
    }
    if (rc != CURLE_OK)
        return Error{"fetch_failed", "fetching the URL failed: " + std::string(curl_easy_strerror(rc))};
    Hop hop;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &hop.status);
    if (hop.status >= 300 && hop.status < 400) {
        char* location = nullptr;
        curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
        if (location) hop.redirect = location;
        return hop;
    }
    char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    file.content_type = type ? type : "";
    return hop;
}

}  // namespace

Result<FetchedFile> download_media(const std::string& url, std::uint64_t max_bytes,
                                   const MediaFetchOptions& options) {
    init_curl_once();
    std::string current = url;
    for (int hops = 0;; ++hops) {
        auto parts = parse_url(current);
        if (!parts) {
            if (hops == 0) return parts.error();
            return Error{parts.error().code,
                         "a redirect to " + current + " was refused: " + parts.error().message};
        }
        auto pinned = resolve_and_check(*parts, options.addresses);
        if (!pinned) {
            if (hops == 0) return pinned.error();
            return Error{pinned.error().code, "a redirect was refused: " + pinned.error().message};
        }
        Transfer transfer;
        transfer.max_bytes = max_bytes;
        FetchedFile file;
        auto hop = one_hop(current, *parts, *pinned, transfer, file, options);
        if (!hop) return hop.error();
        if (hop->status >= 300 && hop->status < 400) {
            if (hop->redirect.empty())
                return Error{"fetch_failed", "the server answered HTTP " + std::to_string(hop->status) +
                                                 " without a Location"};
            if (hops == options.max_redirects)
                return Error{"fetch_failed",
                             "more than " + std::to_string(options.max_redirects) + " redirects"};
            current = hop->redirect;
            continue;
        }
        if (hop->status < 200 || hop->status >= 300)
            return Error{"fetch_failed", "the server answered HTTP " + std::to_string(hop->status)};
        file.bytes = std::move(transfer.body);
        file.file_name = file_name_from(transfer.disposition, parts->path);
        file.final_url = current;
        return file;
    }
}

MediaFetcher::MediaFetcher(MediaStore& store, WorkQueue& workers, MediaFetchOptions options)
    : store_(store), workers_(workers), options_(std::move(options)) {
    init_curl_once();
}

void MediaFetcher::fetch(const std::string& session_id, const std::string& url, std::uint64_t max_bytes,
                         std::function<void(Result<MediaInfo>)> done) {
    workers_.post([this, session_id, url, max_bytes, done = std::move(done)] {
        auto file = download_media(url, max_bytes, options_);
        if (!file) return done(file.error());
        if (file->bytes.empty()) return done(Error{"fetch_failed", "the URL answered with an empty body"});
        done(store_.put(session_id, file->bytes, choose_mimetype(file->content_type, file->bytes),
                        file->file_name));
    });
}

}  // namespace wagw::services
