#include "backend/app/process_setup.hpp"

#include <sys/resource.h>
#include <sys/stat.h>

namespace wagw::app {

ProcessSetup set_up_process() {
    ::umask(077);
    ProcessSetup setup;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        if (limit.rlim_cur < limit.rlim_max) {
            rlimit raised = limit;
            raised.rlim_cur = limit.rlim_max;
            if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
        }
        setup.open_files_limit = limit.rlim_cur;
    }
    return setup;
}

}  // namespace wagw::app
