#pragma once
// What the HTTP server does when a request has been answered: one structured line on stderr (like the
// gateway's other logs) and the request counters and latency histogram of /metrics.
//
// Only the route pattern is recorded (/api/sessions/:id, not the id; never the query string, which can hold
// an events ticket, nor any header, which can hold a key): the log stays free of secrets and the metrics keep
// a bounded number of series.
#include <chrono>
#include <string>
#include <string_view>

#include "backend/services/metrics.hpp"

namespace wagw::api {

struct RequestRecord {
    std::string_view method;  // GET, POST, ...
    std::string_view route;   // the route's pattern, "static" for the app's files, "unmatched" for a 404
    int status = 0;
    std::chrono::steady_clock::duration elapsed{};
};

// method=GET route=/api/sessions/:id status=200 ms=0.42
std::string request_log_line(const RequestRecord& record);

class RequestObserver {
public:
    // `metrics` may be null (no /metrics); `log` false keeps stderr quiet (tests that flood the server).
    RequestObserver(services::Metrics* metrics, bool log) : metrics_(metrics), log_(log) {}
    void finished(const RequestRecord& record) const;

private:
    services::Metrics* metrics_;
    bool log_;
};

}  // namespace wagw::api
