#pragma once
// What every wagw command does to its own process before it opens a file or a socket.
#include <cstdint>

namespace wagw::app {

struct ProcessSetup {
    std::uint64_t open_files_limit = 0;  // the soft RLIMIT_NOFILE after raising it
};

// Files and folders we create are the owner's alone (umask 077): the data folder holds device keys, the
// database and the master key, and nobody else on the machine should read them. The soft descriptor limit is
// raised to the hard one, since each linked account, connection and SQLite file holds descriptors.
ProcessSetup set_up_process();

}  // namespace wagw::app
