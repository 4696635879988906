#pragma once
// libsignal-protocol-c's error codes as errors a person can act on.
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::wa::signal {

// `during` names the operation ("decrypting a message from 4915...:2"); `store_detail` adds what a failing store
// callback reported, if any.
Error signal_error(int code, std::string_view during, std::string_view store_detail = {});

}  // namespace wagw::wa::signal
