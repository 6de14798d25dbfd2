// A program that ends while hotjit-run optimizes its large function: output in a buffer of std::cout's own
// (sync_with_stdio(false)) must still reach stdout, and the exit status must be the program's, whether main returns
// or (with -DCALL_EXIT) the program calls exit; main's thread_local destructor runs before the process ends.
#include <cstdlib>
#include <iostream>

#define STEP(i) x = x * 31 + (i); if (x % 7 == (i) % 7) x ^= x >> 3;
#define S10(b) STEP(b) STEP(b + 1) STEP(b + 2) STEP(b + 3) STEP(b + 4) STEP(b + 5) STEP(b + 6) STEP(b + 7) \
    STEP(b + 8) STEP(b + 9)
#define S100(b) S10(b) S10(b + 10) S10(b + 20) S10(b + 30) S10(b + 40) S10(b + 50) S10(b + 60) S10(b + 70) \
    S10(b + 80) S10(b + 90)

struct Farewell {
    int calls = 0;
    ~Farewell() { std::cout << ", thread_local destroyed after " << calls << " calls\n"; }
};
thread_local Farewell farewell;

static unsigned long large(unsigned long x) {
    S100(0) S100(100) S100(200) S100(300) S100(400) S100(500) S100(600) S100(700) S100(800) S100(900)
    return x;
}

int main() {
    std::ios::sync_with_stdio(false);
    unsigned long sum = 0;
    for (int i = 0; i < 2000; i++) {
        sum += large(i);
        farewell.calls++;
    }
    std::cout << "sum " << sum << " after 2000 calls";
#ifdef CALL_EXIT
    std::exit(3);
#endif
    return 3;
}
