#include "backend/wa/signal/signal_context.hpp"

#include "backend/wa/signal/openssl_crypto_provider.hpp"

#include <signal_protocol.h>

namespace wagw::wa::signal {

Result<std::unique_ptr<SignalContext>> SignalContext::create() {
    std::unique_ptr<SignalContext> self(new SignalContext());
    if (signal_context_create(&self->context_, self.get()) != 0) {
        return Error{"signal_context", "libsignal-protocol-c could not create a context (out of memory?)"};
    }
    const signal_crypto_provider provider = openssl_crypto_provider();
    if (signal_context_set_crypto_provider(self->context_, &provider) != 0 ||
        signal_context_set_locking_functions(self->context_, &SignalContext::lock, &SignalContext::unlock) != 0) {
        return Error{"signal_context", "libsignal-protocol-c rejected the crypto provider or lock functions"};
    }
    return self;
}

SignalContext* SignalContext::shared() {
    static const std::unique_ptr<SignalContext> instance = [] {
        auto created = create();
        return created ? std::move(created).value() : nullptr;
    }();
    return instance.get();
}

SignalContext::~SignalContext() {
    if (context_ != nullptr) signal_context_destroy(context_);
}

void SignalContext::lock(void* self) { static_cast<SignalContext*>(self)->mutex_.lock(); }
void SignalContext::unlock(void* self) { static_cast<SignalContext*>(self)->mutex_.unlock(); }

}  // namespace wagw::wa::signal
