#pragma once
// Owns one libsignal-protocol-c context wired to the OpenSSL crypto provider and a recursive lock
// (libsignal re-enters its lock from inside locked sections, so a plain mutex would deadlock).
#include "common/util/result.hpp"

#include <memory>
#include <mutex>

struct signal_context;

namespace wagw::wa::signal {

class SignalContext {
public:
    static Result<std::unique_ptr<SignalContext>> create();

    // One process-wide context for stateless operations (XEdDSA); created on first use, never destroyed
    // before exit. Returns nullptr only if libsignal could not allocate it.
    static SignalContext* shared();

    ~SignalContext();
    SignalContext(const SignalContext&) = delete;
    SignalContext& operator=(const SignalContext&) = delete;

    signal_context* raw() const { return context_; }

private:
    SignalContext() = default;
    static void lock(void* self);
    static void unlock(void* self);

    signal_context* context_ = nullptr;
    std::recursive_mutex mutex_;
};

}  // namespace wagw::wa::signal
