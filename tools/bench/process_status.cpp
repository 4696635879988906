#include "tools/bench/process_status.hpp"

#include <malloc.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wagw::bench {

ProcessStatus read_process_status(pid_t pid) {
    const std::string dir = pid == 0 ? "/proc/self" : "/proc/" + std::to_string(pid);
    ProcessStatus status;
    std::ifstream in(dir + "/status");
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string key;
        std::int64_t value = 0;
        fields >> key >> value;
        if (key == "VmRSS:") status.rss_kb = value;
        else if (key == "VmHWM:") status.hwm_kb = value;
        else if (key == "Threads:") status.threads = static_cast<int>(value);
    }
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir + "/fd", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
        ++status.open_files;
    }
    return status;
}

HeapStatus read_heap_status() {
    const struct mallinfo2 info = mallinfo2();
    HeapStatus heap;
    heap.in_use_kb = static_cast<std::int64_t>((info.uordblks + info.hblkhd) / 1024);
    heap.free_held_kb = static_cast<std::int64_t>(info.fordblks / 1024);
    return heap;
}

std::int64_t sqlite_memory_kb() { return sqlite3_memory_used() / 1024; }

void release_free_heap() { malloc_trim(0); }

}  // namespace wagw::bench
