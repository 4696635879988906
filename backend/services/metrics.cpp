#include "backend/services/metrics.hpp"

#include <cmath>
#include <cstdio>

namespace wagw::services {
namespace {

std::string escaped(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

// `rendered` with one more label appended (the histogram's "le").
std::string with_label(const std::string& rendered, const std::string& name, const std::string& value) {
    const std::string label = name + "=\"" + value + "\"";
    if (rendered.empty()) return "{" + label + "}";
    return rendered.substr(0, rendered.size() - 1) + "," + label + "}";
}

void header(std::string& out, const std::string& name, const std::string& help, const std::string& type) {
    out += "# HELP " + name + " " + help + "\n";
    out += "# TYPE " + name + " " + type + "\n";
}

}  // namespace

std::string render_labels(const MetricLabels& labels) {
    if (labels.empty()) return {};
    std::string out = "{";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) out += ',';
        out += labels[i].first + "=\"" + escaped(labels[i].second) + "\"";
    }
    return out + "}";
}

void Metrics::count(const std::string& name, const std::string& help, const MetricLabels& labels, double by) {
    std::lock_guard lock(mutex_);
    Family& family = families_[name];
    family.help = help;
    family.type = "counter";
    family.counters[render_labels(labels)] += by;
}

void Metrics::observe(const std::string& name, const std::string& help, const MetricLabels& labels,
                      double value, std::span<const double> buckets) {
    std::lock_guard lock(mutex_);
    Family& family = families_[name];
    family.help = help;
    family.type = "histogram";
    Histogram& histogram = family.histograms[render_labels(labels)];
    if (histogram.bounds.empty()) {
        histogram.bounds.assign(buckets.begin(), buckets.end());
        histogram.counts.assign(buckets.size(), 0);
    }
    for (std::size_t i = 0; i < histogram.bounds.size(); ++i) {
        if (value <= histogram.bounds[i]) {
            ++histogram.counts[i];
            break;
        }
    }
    ++histogram.count;
    histogram.sum += value;
}

void Metrics::gauge(const std::string& name, const std::string& help, std::function<GaugeSamples()> read) {
    std::lock_guard lock(mutex_);
    gauges_[name] = {help, std::move(read)};
}

std::string Metrics::render() const {
    // Gauges are read without the lock held: their functions take their owners' locks.
    std::map<std::string, Gauge> gauges;
    std::string out;
    {
        std::lock_guard lock(mutex_);
        gauges = gauges_;
        for (const auto& [name, family] : families_) {
            header(out, name, family.help, family.type);
            for (const auto& [labels, value] : family.counters)
                out += name + labels + " " + number(value) + "\n";
            for (const auto& [labels, histogram] : family.histograms) {
                std::uint64_t cumulative = 0;
                for (std::size_t i = 0; i < histogram.bounds.size(); ++i) {
                    cumulative += histogram.counts[i];
                    out += name + "_bucket" + with_label(labels, "le", number(histogram.bounds[i])) + " " +
                           std::to_string(cumulative) + "\n";
                }
                out += name + "_bucket" + with_label(labels, "le", "+Inf") + " " +
                       std::to_string(histogram.count) + "\n";
                out += name + "_sum" + labels + " " + number(histogram.sum) + "\n";
                out += name + "_count" + labels + " " + std::to_string(histogram.count) + "\n";
            }
        }
    }
    for (const auto& [name, gauge] : gauges) {
        header(out, name, gauge.help, "gauge");
        for (const auto& [labels, value] : gauge.read())
            out += name + render_labels(labels) + " " + number(value) + "\n";
    }
    return out;
}

}  // namespace wagw::services
