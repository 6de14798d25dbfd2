// Replaced global operator new/delete (counting, malloc-based), a class
// with its own operator new/delete, array new/delete and placement new.
// Only allocations made by this file's code are counted. (nothrow new is left
// out: libstdc++'s nothrow new calls operator new internally, which a JIT
// cannot interpose the way the native linker does.)
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

static long g_news, g_deletes, g_bytes;

void *operator new(std::size_t n) {
    g_news++;
    g_bytes += static_cast<long>(n);
    if (void *p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept {
    if (p)
        g_deletes++;
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept { operator delete(p); }
void *operator new[](std::size_t n) { return operator new(n); }
void operator delete[](void *p) noexcept { operator delete(p); }
void operator delete[](void *p, std::size_t) noexcept { operator delete(p); }

struct Pooled {
    static int pool_news, pool_deletes;
    long payload[4];
    static void *operator new(std::size_t n) {
        pool_news++;
        return std::malloc(n);
    }
    static void operator delete(void *p) {
        pool_deletes++;
        std::free(p);
    }
};
int Pooled::pool_news = 0;
int Pooled::pool_deletes = 0;

struct Traced {
    int v;
    explicit Traced(int x) : v(x) { std::printf("  Traced(%d)\n", v); }
    ~Traced() { std::printf("  ~Traced(%d)\n", v); }
};

// Lets an allocation escape where the optimizer cannot follow: C++ allows a new-expression's allocation to be
// elided when nothing observes the pointer (clang -O2 drops the new/delete pairs of `one` and `many` otherwise), and
// the counts printed here must be those of every build.
static void escape(void *p) { asm volatile("" : : "r"(p) : "memory"); }

static void snapshot(const char *when) {
    std::printf("%s: news=%ld deletes=%ld bytes=%ld\n", when, g_news, g_deletes, g_bytes);
}

int main() {
    long base_news = g_news, base_deletes = g_deletes, base_bytes = g_bytes;
    g_news = g_deletes = g_bytes = 0;
    snapshot("start");
    int *one = new int(5);
    int *many = new int[100];
    many[99] = *one;
    escape(one);
    escape(many);
    delete one;
    delete[] many;
    snapshot("after int new/delete");
    {
        std::vector<long> v;
        for (int i = 0; i < 1000; i++)
            v.push_back(i);
        std::printf("vector capacity %zu\n", v.capacity());
    }
    snapshot("after vector");
    Pooled *p = new Pooled;
    p->payload[3] = 9;
    delete p;
    std::printf("pooled: news=%d deletes=%d (global unchanged)\n", Pooled::pool_news, Pooled::pool_deletes);
    snapshot("after pooled");
    Traced *t = new Traced(1);
    delete t;
    alignas(Traced) unsigned char storage[sizeof(Traced)];
    Traced *pt = new (storage) Traced(2);
    pt->~Traced();
    Traced *arr = new Traced[2]{ Traced(3), Traced(4) };
    delete[] arr;
    snapshot("end");
    std::printf("startup allocations seen: %s\n", base_news >= base_deletes && base_bytes >= 0 ? "sane" : "odd");
    return static_cast<int>(g_news - g_deletes); // 0
}
