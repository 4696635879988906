#pragma once
// Matching <iq> replies to requests: each request gets a fresh id and a deadline; a reply with that id
// (type "result" or "error") completes it once, and a request past its deadline completes with "iq_timeout".
// Pure bookkeeping without timers or sockets: the client feeds it replies and the current time.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "backend/wa/binary/node.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::client {

using IqClock = std::chrono::steady_clock;
// Result: the reply node when type="result"; an error ("iq_error" with the server's code and text,
// "iq_timeout", or "disconnected") otherwise.
using IqCallback = std::function<void(Result<binary::Node>)>;

class IqTracker {
public:
    explicit IqTracker(std::string id_prefix) : prefix_(std::move(id_prefix)) {}

    // A new id, unique for this tracker's lifetime.
    std::string next_id();
    void expect(const std::string& id, IqClock::time_point deadline, IqCallback callback);

    // Completes the request this iq reply answers. False when the node is not a reply or nobody waits for it
    // (a late reply after a timeout, or a request from the server).
    bool resolve(const binary::Node& iq);
    // Completes the request `id` with `outcome` (for replies that are not iqs, e.g. a message's <ack>).
    bool complete(const std::string& id, Result<binary::Node> outcome);
    // Completes every request whose deadline has passed; returns how many.
    std::size_t expire(IqClock::time_point now);
    // The connection is gone: every waiting request fails with "disconnected".
    void fail_all(const std::string& why);

    std::size_t pending() const { return waiting_.size(); }
    // The earliest deadline, for arming a single timer; time_point::max() when nothing waits.
    IqClock::time_point next_deadline() const;

private:
    struct Waiting {
        IqClock::time_point deadline;
        IqCallback callback;
    };
    std::string prefix_;
    std::uint64_t counter_ = 0;
    std::map<std::string, Waiting> waiting_;
};

// The <error code text> of an iq of type "error" as a wagw::Error ("iq_error", "CODE: text").
Error iq_error_of(const binary::Node& iq);

}  // namespace wagw::wa::client
