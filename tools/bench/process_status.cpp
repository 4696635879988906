#include "tools/bench/process_status.hpp"

#include <malloc.h>
#include <sqlite3.h>
#include <unistd.h>

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
        if (key == "VmRSS:")
            status.rss_kb = value;
        else if (key == "VmHWM:")
            status.hwm_kb = value;
        else if (key == "RssAnon:")
            status.anon_kb = value;
        else if (key == "RssFile:")
            status.file_kb = value;
        else if (key == "Threads:")
            status.threads = static_cast<int>(value);
    }
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir + "/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++status.open_files;
    }
    return status;
}

double cpu_seconds(pid_t pid) {
    std::ifstream in(pid == 0 ? std::string("/proc/self/stat") : "/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(in, text);
    // The command name (field 2) may hold spaces; utime and stime are fields 14 and 15.
    const auto after_name = text.rfind(')');
    if (after_name == std::string::npos) return 0;
    std::istringstream fields(text.substr(after_name + 2));
    std::string skip;
    for (int field = 3; field < 14; ++field) fields >> skip;
    double user = 0, system = 0;
    fields >> user >> system;
    return (user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

HeapStatus read_heap_status() {
    const struct mallinfo2 info = mallinfo2();
    HeapStatus heap;
    heap.in_use_kb = static_cast<std::int64_t>((info.uordblks + info.hblkhd) / 1024);
    heap.free_held_kb = static_cast<std::int64_t>(info.fordblks / 1024);
    return heap;
}

SqliteMemory read_sqlite_memory() {
    SqliteMemory memory;
    memory.total_kb = sqlite3_memory_used() / 1024;
    // Without a configured page-cache buffer (we set none) every cached page is an "overflow" malloc.
    sqlite3_int64 current = 0, peak = 0;
    sqlite3_status64(SQLITE_STATUS_PAGECACHE_OVERFLOW, &current, &peak, 0);
    memory.page_cache_kb = current / 1024;
    return memory;
}

void release_free_heap() {
    malloc_trim(0);
}

}  // namespace wagw::bench
