#include "backend/api/request_log.hpp"

#include <cstdio>

namespace wagw::api {

std::string request_log_line(const RequestRecord& record) {
    const double ms = std::chrono::duration<double, std::milli>(record.elapsed).count();
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, "%.2f", ms);
    return "method=" + std::string(record.method) + " route=" + std::string(record.route) +
           " status=" + std::to_string(record.status) + " ms=" + elapsed;
}

void RequestObserver::finished(const RequestRecord& record) const {
    if (log_) std::fprintf(stderr, "wagw: http %s\n", request_log_line(record).c_str());
    if (!metrics_) return;
    const std::string method(record.method);
    const std::string route(record.route);
    metrics_->count("wagw_http_requests_total", "HTTP requests answered, by route pattern and status",
                    {{"method", method}, {"route", route}, {"status", std::to_string(record.status)}});
    metrics_->observe("wagw_http_request_duration_seconds",
                      "Time from routing a request to handing over its reply, by route pattern",
                      {{"method", method}, {"route", route}},
                      std::chrono::duration<double>(record.elapsed).count());
}

}  // namespace wagw::api
