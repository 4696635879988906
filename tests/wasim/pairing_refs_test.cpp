#include <catch2/catch.hpp>

#include <set>

#include "tools/wasim/state/pairing_refs.hpp"

using namespace wagw::wasim;
using namespace std::chrono_literals;

TEST_CASE("six distinct refs, each scannable until the end of its display window", "[wasim][refs]") {
    const auto t0 = PairingRefs::Clock::now();
    const PairingRefs refs = PairingRefs::issue(t0);
    REQUIRE(refs.refs().size() == 6);
    REQUIRE(std::set(refs.refs().begin(), refs.refs().end()).size() == 6);
    for (const auto& ref : refs.refs()) REQUIRE(ref.starts_with("2@"));

    // First ref: 60 s; then 20 s more per ref (the windows clients rotate through).
    REQUIRE(refs.accept(refs.refs()[0], t0 + 59s) == 0u);
    REQUIRE_FALSE(refs.accept(refs.refs()[0], t0 + 60s));
    REQUIRE(refs.accept(refs.refs()[1], t0 + 79s) == 1u);
    REQUIRE_FALSE(refs.accept(refs.refs()[1], t0 + 80s));
    REQUIRE(refs.accept(refs.refs()[5], t0 + 159s) == 5u);
    REQUIRE_FALSE(refs.all_expired(t0 + 159s));
    REQUIRE_FALSE(refs.accept(refs.refs()[5], t0 + 160s));
    REQUIRE(refs.all_expired(t0 + 160s));
}

TEST_CASE("unknown refs are refused; two issues never share refs", "[wasim][refs]") {
    const auto t0 = PairingRefs::Clock::now();
    const PairingRefs a = PairingRefs::issue(t0), b = PairingRefs::issue(t0);
    REQUIRE_FALSE(a.accept("2@nope", t0));
    for (const auto& ref : b.refs()) REQUIRE_FALSE(a.accept(ref, t0));
}
