// C++ thread_local with dynamic initializers and destructors: a namespace
// scope thread_local object, a dynamically initialized std::string, and
// function-local thread_locals. Threads run one at a time so destructor
// output (at thread exit, before join returns) is deterministic.
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

static std::atomic<int> next_id{1};

struct Tracker {
    int id;
    int uses = 0;
    std::string label;
    Tracker() : id(next_id.fetch_add(1)), label("tracker-" + std::to_string(id)) {
        std::printf("  Tracker ctor id=%d\n", id);
    }
    ~Tracker() { std::printf("  Tracker dtor id=%d uses=%d label=%s\n", id, uses, label.c_str()); }
};

thread_local Tracker tracker;
thread_local int plain_tl = 42;
thread_local std::string tl_name = std::string("name-") + std::to_string(plain_tl * 2);

static int bump() {
    thread_local int calls = 0;
    return ++calls;
}

static Tracker &local_tracker() {
    thread_local Tracker t;
    return t;
}

static void thread_body(int k) {
    std::printf("thread %d: start, plain_tl=%d\n", k, plain_tl);
    plain_tl += k;
    tracker.uses += k;
    std::printf("thread %d: tracker id=%d label=%s uses=%d\n", k, tracker.id,
                tracker.label.c_str(), tracker.uses);
    tl_name += "/t" + std::to_string(k);
    std::printf("thread %d: tl_name=%s\n", k, tl_name.c_str());
    int b = 0;
    for (int i = 0; i < k + 2; i++)
        b = bump();
    std::printf("thread %d: bump=%d\n", k, b);
    if (k % 2 == 1)
        std::printf("thread %d: local tracker id=%d\n", k, local_tracker().id);
    std::printf("thread %d: end\n", k);
}

int main() {
    std::printf("main: first touch\n");
    tracker.uses = 100;
    std::printf("main: tracker id=%d tl_name=%s bump=%d\n", tracker.id, tl_name.c_str(), bump());
    for (int k = 1; k <= 3; k++) {
        std::thread t(thread_body, k);
        t.join();
        std::printf("main: joined %d\n", k);
    }
    std::printf("main: tracker id=%d uses=%d plain_tl=%d bump=%d\n", tracker.id, tracker.uses,
                plain_tl, bump());
    return 2;
}
