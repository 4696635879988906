#pragma once
// A few threads for blocking work (disk writes, DNS lookups, HTTP fetches) that must not run on the I/O
// threads. Jobs run in the order given, spread over the threads; the destructor finishes the queued jobs.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wagw::services {

class WorkQueue {
public:
    explicit WorkQueue(unsigned threads);
    ~WorkQueue();
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    void post(std::function<void()> job);

private:
    void run();

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace wagw::services
