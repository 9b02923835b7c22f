// Cost of nova::Login::poll() through the C++ binding, on a pending login.
// Usage: poll_cpp BASE_URL POLLS REPEATS; prints one JSON object (ns per poll).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "nova_auth.hpp"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: poll_cpp BASE_URL POLLS REPEATS\n");
        return 2;
    }
    const long polls = std::atol(argv[2]), repeats = std::atol(argv[3]);
    using clock = std::chrono::steady_clock;
    nova::Login login = nova::Login::start(nova::Options()
                                               .base_url(argv[1])
                                               .poll_interval(std::chrono::milliseconds(60000))
                                               .open_browser(false));
    while (!login.url()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::vector<double> per_poll;
    for (long r = 0; r < repeats; r++) {
        auto start = clock::now();
        for (long i = 0; i < polls; i++) {
            if (login.poll()) {
                std::fprintf(stderr, "the login left the pending state during the loop\n");
                return 1;
            }
        }
        per_poll.push_back(std::chrono::duration<double, std::nano>(clock::now() - start).count() / polls);
    }
    std::sort(per_poll.begin(), per_poll.end());
    std::printf("{\"polls\": %ld, \"best_ns\": %.2f, \"median_ns\": %.2f}\n", polls, per_poll.front(),
                per_poll[per_poll.size() / 2]);
    return 0;
}
