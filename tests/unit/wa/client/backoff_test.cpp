#include <catch2/catch.hpp>

#include "backend/wa/client/backoff.hpp"

using namespace wagw::wa::client;
using std::chrono::milliseconds;

TEST_CASE("backoff doubles from the base up to the cap") {
    ReconnectBackoff backoff(BackoffPolicy{milliseconds(1000), milliseconds(60000), 0.0}, 1);
    const long expected[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
    for (long want : expected) CHECK(backoff.next_delay().count() == want);
    CHECK(backoff.nominal_delay(200).count() == 60000);  // no overflow far out
    backoff.reset();
    CHECK(backoff.next_delay().count() == 1000);
}

TEST_CASE("jitter stays within its band, varies, and never exceeds the cap") {
    ReconnectBackoff backoff(BackoffPolicy{milliseconds(1000), milliseconds(10000), 0.25}, 42);
    std::vector<long> firsts;
    for (int round = 0; round < 50; ++round) {
        backoff.reset();
        long first = backoff.next_delay().count();
        CHECK(first >= 750);
        CHECK(first <= 1250);
        firsts.push_back(first);
        long second = backoff.next_delay().count();
        CHECK(second >= 1500);
        CHECK(second <= 2500);
        for (int i = 0; i < 10; ++i) CHECK(backoff.next_delay().count() <= 10000);
    }
    std::sort(firsts.begin(), firsts.end());
    CHECK(firsts.front() != firsts.back());
}
