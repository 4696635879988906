#include "backend/wa/client/iq_tracker.hpp"

namespace wagw::wa::client {

std::string IqTracker::next_id() {
    return prefix_ + std::to_string(++counter_);
}

void IqTracker::expect(const std::string& id, IqClock::time_point deadline, IqCallback callback) {
    waiting_[id] = Waiting{deadline, std::move(callback)};
}

Error iq_error_of(const binary::Node& iq) {
    std::string text = "the server answered with an error";
    if (const binary::Node* error = iq.child("error")) {
        const std::string* code = error->attr_text("code");
        const std::string* words = error->attr_text("text");
        text = (code ? *code : std::string("?")) + ": " + (words ? *words : std::string("(no text)"));
    }
    return Error{"iq_error", text};
}

bool IqTracker::resolve(const binary::Node& iq) {
    if (iq.tag != "iq") return false;
    const std::string* type = iq.attr_text("type");
    const std::string* id = iq.attr_text("id");
    if (type == nullptr || id == nullptr || (*type != "result" && *type != "error")) return false;
    auto found = waiting_.find(*id);
    if (found == waiting_.end()) return false;
    // Take the callback out before calling it: it may send (and register) another iq.
    IqCallback callback = std::move(found->second.callback);
    waiting_.erase(found);
    if (*type == "result") {
        callback(iq);
    } else {
        callback(iq_error_of(iq));
    }
    return true;
}

bool IqTracker::complete(const std::string& id, Result<binary::Node> outcome) {
    auto found = waiting_.find(id);
    if (found == waiting_.end()) return false;
    IqCallback callback = std::move(found->second.callback);
    waiting_.erase(found);
    callback(std::move(outcome));
    return true;
}

std::size_t IqTracker::expire(IqClock::time_point now) {
    std::vector<IqCallback> due;
    for (auto it = waiting_.begin(); it != waiting_.end();) {
        if (it->second.deadline <= now) {
            due.push_back(std::move(it->second.callback));
            it = waiting_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& callback : due) callback(Error{"iq_timeout", "no reply from the server in time"});
    return due.size();
}

void IqTracker::fail_all(const std::string& why) {
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& [id, entry] : waiting) entry.callback(Error{"disconnected", why});
}

IqClock::time_point IqTracker::next_deadline() const {
    auto earliest = IqClock::time_point::max();
    for (const auto& [id, entry] : waiting_) earliest = std::min(earliest, entry.deadline);
    return earliest;
}

}  // namespace wagw::wa::client
