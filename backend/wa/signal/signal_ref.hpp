#pragma once
// Ownership of libsignal-protocol-c objects: reference-counted types are unref'd, buffers freed (wiped when
// they may hold secrets), so no error path leaks or leaves key material behind.
#include <signal_protocol.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace wagw::wa::signal {

struct SignalUnref {
    void operator()(void* object) const {
        if (object) signal_type_unref(static_cast<signal_type_base*>(object));
    }
};
template <class T>
using SignalRef = std::unique_ptr<T, SignalUnref>;

struct SignalBufferWipe {
    void operator()(signal_buffer* buffer) const { signal_buffer_bzero_free(buffer); }
};
using SignalBuffer = std::unique_ptr<signal_buffer, SignalBufferWipe>;

inline std::span<const std::uint8_t> view(const signal_buffer* buffer) {
    if (!buffer) return {};
    return {signal_buffer_const_data(buffer), signal_buffer_len(buffer)};
}

inline std::vector<std::uint8_t> copy_of(const signal_buffer* buffer) {
    auto bytes = view(buffer);
    return {bytes.begin(), bytes.end()};
}

}  // namespace wagw::wa::signal
