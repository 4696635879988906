#pragma once
// Fetches a caller's media_url into the media store, with libcurl, on worker threads.
//
// Every hop (the URL and each redirect, at most max_redirects) is checked the same way: http or https only;
// the host resolved here and judged by the address rules (address_rules.hpp); the connection pinned to the
// address that passed (CURLOPT_RESOLVE), and the socket's address checked once more as it opens, so a DNS
// answer that changes between the check and the connect (rebinding) cannot reach a refused address. Proxies
// from the environment are ignored for the same reason. The body is capped: a Content-Length over the cap
// stops the transfer before it starts, and a body that grows past it is cut off.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "backend/services/address_rules.hpp"
#include "backend/services/media_store.hpp"
#include "backend/services/work_queue.hpp"
#include "common/util/result.hpp"

namespace wagw::services {

struct MediaFetchOptions {
    AddressPolicy addresses;
    int max_redirects = 5;
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds total_timeout{120'000};
};

struct FetchedFile {
    std::string bytes;
    std::string content_type;  // as the server sent it (may be empty)
    std::string file_name;     // from Content-Disposition, else the URL's last path segment
    std::string final_url;
};

// One download, blocking (the fetcher runs it on a worker). Error codes: "invalid_url" (not http/https, or
// not a URL), "address_refused" (the rules), "too_large", "fetch_failed" (network, timeout, an HTTP error
// status, too many redirects).
Result<FetchedFile> download_media(const std::string& url, std::uint64_t max_bytes,
                                   const MediaFetchOptions& options);

class MediaFetcher {
public:
    MediaFetcher(MediaStore& store, WorkQueue& workers, MediaFetchOptions options);

    // Downloads `url` and stores it for `session_id`; `done` runs once, on a worker thread.
    void fetch(const std::string& session_id, const std::string& url, std::uint64_t max_bytes,
               std::function<void(Result<MediaInfo>)> done);

private:
    MediaStore& store_;
    WorkQueue& workers_;
    MediaFetchOptions options_;
};

}  // namespace wagw::services
