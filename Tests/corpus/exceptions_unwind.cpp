// Unwinding through destructor-bearing frames: RAII guards destroyed in
// order during a throw through several frames, a catch-and-rethrow in the
// middle, a constructor that throws after members are built, an array whose
// third element throws, and a destructor that throws and catches internally.
#include <cstdio>
#include <exception>
#include <stdexcept>

struct Guard {
    const char *name;
    explicit Guard(const char *n) : name(n) { std::printf("  enter %s\n", name); }
    ~Guard() { std::printf("  leave %s (uncaught=%d)\n", name, std::uncaught_exceptions()); }
};

static const char *const names[] = { "g0", "g1", "g2", "g3", "g4" };

__attribute__((noinline)) static void deep(int n) {
    Guard g(names[n]);
    if (n == 0)
        throw std::runtime_error("bottom reached");
    deep(n - 1);
}

__attribute__((noinline)) static void middle() {
    Guard g("middle");
    try {
        deep(3);
    } catch (const std::runtime_error &e) {
        Guard inner("middle-catch");
        std::printf("  middle caught '%s', rethrowing\n", e.what());
        throw;
    }
}

struct Member {
    int id;
    explicit Member(int i) : id(i) { std::printf("  Member %d built\n", id); }
    ~Member() { std::printf("  Member %d destroyed\n", id); }
};

struct Fragile {
    Member a, b;
    explicit Fragile(bool fail) : a(1), b(2) {
        if (fail)
            throw std::logic_error("Fragile ctor failed");
        std::printf("  Fragile built\n");
    }
};

struct Item {
    static int made;
    int id;
    Item() : id(++made) {
        if (id == 3)
            throw std::runtime_error("item 3 refuses");
        std::printf("  Item %d built\n", id);
    }
    ~Item() { std::printf("  Item %d destroyed\n", id); }
};
int Item::made = 0;

struct Careful {
    ~Careful() {
        try {
            throw 17;
        } catch (int v) {
            std::printf("  Careful dtor handled %d internally\n", v);
        }
    }
};

int main() {
    int score = 0;
    try {
        middle();
    } catch (const std::exception &e) {
        std::printf("main caught: %s\n", e.what());
        score += 1;
    }
    try {
        Fragile ok(false);
        Fragile bad(true);
    } catch (const std::logic_error &e) {
        std::printf("main caught: %s\n", e.what());
        score += 2;
    }
    try {
        Item items[5];
        std::printf("  not reached\n");
    } catch (const std::runtime_error &e) {
        std::printf("main caught: %s\n", e.what());
        score += 4;
    }
    try {
        Careful c;
        Guard g("with-careful");
        throw 99;
    } catch (int v) {
        std::printf("main caught int %d\n", v);
        score += 8;
    }
    std::printf("score %d\n", score);
    return score;
}
