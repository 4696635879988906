#pragma once
// What a benchmark reports about a process's footprint: the kernel's view (/proc/PID/status: resident set,
// its peak, threads, open files) and, for our own process, glibc's heap (how much malloc hands out and how
// much it keeps free), so that "memory per client" can be split into live data and allocator slack.
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace wagw::bench {

struct ProcessStatus {
    std::int64_t rss_kb = 0;   // VmRSS
    std::int64_t hwm_kb = 0;   // VmHWM: the peak resident set so far
    std::int64_t anon_kb = 0;  // RssAnon: heap, stacks
    std::int64_t file_kb = 0;  // RssFile: mapped files (code, SQLite's WAL-index -shm files)
    int threads = 0;
    int open_files = 0;  // entries in /proc/PID/fd: sockets, databases and their WAL/shm files
};

// `pid` 0 means this process. Fields it cannot read stay 0.
ProcessStatus read_process_status(pid_t pid = 0);

// CPU time (user + system) the process used so far, in seconds: who was busy during a phase.
double cpu_seconds(pid_t pid = 0);

struct HeapStatus {
    std::int64_t in_use_kb = 0;     // handed out by malloc (arena and mmapped blocks)
    std::int64_t free_held_kb = 0;  // free, but still held by malloc's arenas
};
HeapStatus read_heap_status();

// Heap held by SQLite across every connection of this process, and the part of it that is page cache (the
// rest: each connection's lookaside buffer, schema, prepared statements).
struct SqliteMemory {
    std::int64_t total_kb = 0;
    std::int64_t page_cache_kb = 0;
};
SqliteMemory read_sqlite_memory();

// Hands free heap pages back to the kernel (glibc malloc_trim): what RSS would be without allocator slack.
void release_free_heap();

}  // namespace wagw::bench
