#pragma once
// A wasim started as a child process for a benchmark: `wasim --plain --data DIR --listen 127.0.0.1:0`, its
// first two output lines read for the URL and the root public key, and SIGTERM when the benchmark is done. A
// separate process keeps the simulator's CPU and memory out of the figures measured in the benchmark's own
// process.
#include <sys/types.h>

#include <filesystem>
#include <string>

#include "common/util/result.hpp"

namespace wagw::bench {

class WasimProcess {
public:
    static Result<WasimProcess> spawn(const std::filesystem::path& binary,
                                      const std::filesystem::path& data_dir);

    WasimProcess(WasimProcess&& other) noexcept;
    WasimProcess& operator=(WasimProcess&&) = delete;
    ~WasimProcess();  // SIGTERM, then waits

    pid_t pid() const { return pid_; }
    const std::string& websocket_url() const { return url_; }  // ws://127.0.0.1:PORT/ws/chat
    const std::string& root_public_hex() const { return root_hex_; }

private:
    WasimProcess() = default;

    pid_t pid_ = 0;
    int output_fd_ = -1;  // the read end of wasim's stdout
    std::string url_, root_hex_;
};

}  // namespace wagw::bench
