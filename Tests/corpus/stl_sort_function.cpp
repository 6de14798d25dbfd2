// Algorithms with callables: std::sort with capturing lambdas,
// std::function stored in containers and reassigned, std::bind, recursion
// through std::function, and std::accumulate/transform.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <numeric>
#include <string>
#include <vector>

struct Rec { std::string name; int score; int order; };

static int apply_twice(const std::function<int(int)> &f, int x) { return f(f(x)); }
static int sub(int a, int b) { return a - b; }

int main() {
    std::vector<int> v;
    unsigned s = 7;
    for (int i = 0; i < 300; i++) {
        s = s * 1664525u + 1013904223u;
        v.push_back(static_cast<int>(s >> 20) % 500);
    }
    int pivot = 250;
    std::sort(v.begin(), v.end(), [pivot](int a, int b) {
        int da = a > pivot ? a - pivot : pivot - a, db = b > pivot ? b - pivot : pivot - b;
        return da != db ? da < db : a < b;
    });
    std::printf("closest to %d:", pivot);
    for (int i = 0; i < 8; i++)
        std::printf(" %d", v[i]);
    std::printf(" ... farthest %d\n", v.back());

    std::vector<Rec> recs = { { "ann", 90, 0 }, { "bob", 75, 1 }, { "cid", 90, 2 },
                              { "dee", 60, 3 }, { "eve", 75, 4 }, { "fay", 90, 5 } };
    std::sort(recs.begin(), recs.end(), [](const Rec &a, const Rec &b) {
        return a.score != b.score ? a.score > b.score : a.order < b.order;
    });
    for (const auto &r : recs)
        std::printf("%s:%d:%d ", r.name.c_str(), r.score, r.order);
    std::printf("\n");

    int calls = 0;
    std::map<std::string, std::function<int(int, int)>> ops;
    ops["add"] = [&calls](int a, int b) { calls++; return a + b; };
    ops["mul"] = [&calls](int a, int b) { calls++; return a * b; };
    ops["sub"] = sub;
    ops["pow"] = [&](int a, int b) { int r = 1; while (b--) r = ops["mul"](r, a); return r; };
    for (const auto &kv : ops)
        std::printf("%s(3,4)=%d ", kv.first.c_str(), kv.second(3, 4));
    std::printf("calls=%d\n", calls);

    std::function<int(int)> f = [](int x) { return x * 3; };
    std::printf("apply_twice: %d", apply_twice(f, 5));
    f = std::bind(sub, std::placeholders::_1, 10);
    std::printf(" %d", apply_twice(f, 5));
    f = nullptr;
    std::printf(" empty=%d\n", !f);

    std::function<long(int)> fact = [&fact](int n) -> long { return n <= 1 ? 1 : n * fact(n - 1); };
    std::printf("fact(15)=%ld\n", fact(15));

    std::vector<int> sq(10);
    std::iota(sq.begin(), sq.end(), 1);
    std::transform(sq.begin(), sq.end(), sq.begin(), [](int x) { return x * x; });
    long total = std::accumulate(sq.begin(), sq.end(), 0L);
    std::printf("sum of squares 1..10 = %ld\n", total);
    auto cnt = std::count_if(v.begin(), v.end(), [](int x) { return x % 7 == 0; });
    std::printf("multiples of 7: %ld\n", static_cast<long>(cnt));
    return static_cast<int>(total % 100); // 385 % 100 = 85
}
