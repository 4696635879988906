#pragma once
// Shared helpers for the socket tests: one io_context run by two threads (like the gateway), a server on a free
// loopback port, and bounded waits so a broken build fails fast instead of hanging.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "backend/wa/transport/websocket_client.hpp"
#include "backend/wa/transport/websocket_server.hpp"

namespace wagw::wa::transport::test {

using namespace std::chrono_literals;

class IoThreads {
public:
    explicit IoThreads(int count = 2) : guard_(asio::make_work_guard(io)) {
        for (int i = 0; i < count; ++i) threads_.emplace_back([this] { io.run(); });
    }
    ~IoThreads() { stop(); }
    // Joins the threads: after this no handler runs any more, so test locals that handlers captured by reference
    // can safely go out of scope. Call it at the end of a test whose handlers capture locals declared later.
    void stop() {
        guard_.reset();
        io.stop();
        for (auto& thread : threads_)
            if (thread.joinable()) thread.join();
    }
    asio::io_context io;

private:
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    std::vector<std::thread> threads_;
};

template <class T>
bool ready_within(std::future<T>& future, std::chrono::milliseconds limit = 5000ms) {
    return future.wait_for(limit) == std::future_status::ready;
}

inline Result<std::shared_ptr<WebSocketConnection>> connect_and_wait(asio::io_context& io, ClientOptions options) {
    auto promise = std::make_shared<std::promise<Result<std::shared_ptr<WebSocketConnection>>>>();
    auto future = promise->get_future();
    connect_websocket(io, std::move(options), [promise](auto result) { promise->set_value(std::move(result)); });
    if (!ready_within(future, 10000ms)) return Error{"test_timeout", "connect did not complete in 10 s"};
    return future.get();
}

// Collects what one connection receives, for checks from the test thread.
struct Inbox {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Bytes> messages;
    std::optional<CloseEvent> closed;

    ConnectionHandlers handlers() {
        return {[this](Bytes message) {
                    std::lock_guard lock(mutex);
                    messages.push_back(std::move(message));
                    changed.notify_all();
                },
                [this](const CloseEvent& event) {
                    std::lock_guard lock(mutex);
                    closed = event;
                    changed.notify_all();
                }};
    }
    // Copies taken under the lock: handlers may still be appending.
    Bytes message(std::size_t i) {
        std::lock_guard lock(mutex);
        return messages.at(i);
    }
    CloseEvent closed_event() {
        std::lock_guard lock(mutex);
        return closed.value();
    }
    bool wait_messages(std::size_t count, std::chrono::milliseconds limit = 5000ms) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [&] { return messages.size() >= count; });
    }
    bool wait_closed(std::chrono::milliseconds limit = 5000ms) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [&] { return closed.has_value(); });
    }
};

inline Bytes pattern(std::size_t size, std::uint8_t seed = 0) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>((i * 131 + seed) & 0xFF);
    return out;
}

inline const TlsCredentials& test_credentials() {
    static const TlsCredentials credentials = *make_self_signed_certificate();
    return credentials;
}

}  // namespace wagw::wa::transport::test
