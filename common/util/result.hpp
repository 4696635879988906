#pragma once
// A value or an error a person can act on. Used at every protocol and API boundary instead of exceptions,
// which must not cross layers (and are off by default in the browser build).
#include <string>
#include <utility>
#include <variant>

namespace wagw {

struct Error {
    std::string code;     // stable, machine-readable: "invalid_json", "missing_field", ...
    std::string message;  // what went wrong, in words a user can act on
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

// For operations that return nothing but can fail.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace wagw
