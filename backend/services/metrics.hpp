#pragma once
// A small metrics registry rendered in Prometheus' text format (version 0.0.4) for GET /metrics.
//
// Counters and histograms are pushed by the code that sees the event (the HTTP server counts requests);
// gauges are pulled: a part registers a function that reads its current value when /metrics is scraped
// (sessions by state, open event sockets; later outbox depth, webhook backlog), so nothing has to keep a
// second copy of state it already owns. All calls are safe from any thread.
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace wagw::services {

// Label name -> value, e.g. {{"route", "/api/sessions"}, {"status", "200"}}. Keep values bounded (route
// patterns, not paths): every distinct set is a series kept for the life of the process.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;
using GaugeSamples = std::vector<std::pair<MetricLabels, double>>;

// Request latency buckets in seconds: from a cached read to a slow database write.
inline constexpr double kLatencyBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1,     2.5,  5,     10};

class Metrics {
public:
    void count(const std::string& name, const std::string& help, const MetricLabels& labels, double by = 1);
    void observe(const std::string& name, const std::string& help, const MetricLabels& labels, double value,
                 std::span<const double> buckets = kLatencyBuckets);
    // Registers (or replaces) a gauge read at every scrape. `read` runs on the scraping request's thread and
    // must not call back into this registry.
    void gauge(const std::string& name, const std::string& help, std::function<GaugeSamples()> read);

    std::string render() const;

private:
    struct Histogram {
        std::vector<double> bounds;
        std::vector<std::uint64_t> counts;  // per bucket, not cumulative
        std::uint64_t count = 0;
        double sum = 0;
    };
    struct Family {
        std::string help;
        std::string type;                        // counter | histogram
        std::map<std::string, double> counters;  // by rendered label set
        std::map<std::string, Histogram> histograms;
    };
    struct Gauge {
        std::string help;
        std::function<GaugeSamples()> read;
    };

    mutable std::mutex mutex_;
    std::map<std::string, Family> families_;
    std::map<std::string, Gauge> gauges_;
};

// {a="x",b="y"} with Prometheus' escaping (backslash, quote, newline); empty for no labels.
std::string render_labels(const MetricLabels& labels);

}  // namespace wagw::services
