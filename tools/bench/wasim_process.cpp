#include "tools/bench/wasim_process.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>
#include <vector>

extern char** environ;

namespace wagw::bench {
namespace {

// The value after `prefix` on a line that starts with it, or "".
std::string after(const std::string& line, const std::string& prefix) {
    return line.rfind(prefix, 0) == 0 ? line.substr(prefix.size()) : std::string();
}

}  // namespace

Result<WasimProcess> WasimProcess::spawn(const std::filesystem::path& binary,
                                         const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    int out[2];
    if (pipe(out) != 0) return Error{"spawn_failed", "cannot create a pipe for wasim's output"};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    std::vector<std::string> args{binary.string(),   "--plain",  "--data",
                                  data_dir.string(), "--listen", "127.0.0.1:0"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    WasimProcess process;
    const int spawned = posix_spawn(&process.pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
        close(out[0]);
        process.pid_ = 0;
        return Error{"spawn_failed", "cannot start " + binary.string()};
    }
    // wasim prints the root key, then the URL: read until both are known or it exits. The pipe stays open
    // while wasim runs, so a later line on its stdout never meets a closed pipe (SIGPIPE).
    process.output_fd_ = out[0];
    std::string pending;
    char buffer[512];
    while (process.url_.empty() || process.root_hex_.empty()) {
        const ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;
        pending.append(buffer, static_cast<std::size_t>(n));
        for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
            const std::string line = pending.substr(0, end);
            pending.erase(0, end + 1);
            if (auto key = after(line, "wasim root public key "); !key.empty()) process.root_hex_ = key;
            if (auto url = after(line, "wasim listening on "); !url.empty()) process.url_ = url;
        }
    }
    if (process.url_.empty() || process.root_hex_.empty())
        return Error{"spawn_failed", binary.string() + " exited before printing its URL and root key"};
    return process;
}

WasimProcess::WasimProcess(WasimProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, 0)),
      output_fd_(std::exchange(other.output_fd_, -1)),
      url_(std::move(other.url_)),
      root_hex_(std::move(other.root_hex_)) {}

WasimProcess::~WasimProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    if (output_fd_ >= 0) close(output_fd_);
}

}  // namespace wagw::bench
