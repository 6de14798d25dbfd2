// Templates: compile-time recursion, constexpr functions, variadic templates
// and fold expressions, full and partial specialization, CRTP static
// polymorphism, if constexpr, and template static data members / inline
// variables (linkonce_odr/comdat symbols in the IR).
#include <cstdio>
#include <type_traits>

template <unsigned N> struct Fib { static constexpr unsigned long value = Fib<N - 1>::value + Fib<N - 2>::value; };
template <> struct Fib<1> { static constexpr unsigned long value = 1; };
template <> struct Fib<0> { static constexpr unsigned long value = 0; };

constexpr long cpow(long b, unsigned e) { return e == 0 ? 1 : b * cpow(b, e - 1); }

template <typename... Ts> auto sum(Ts... xs) { return (xs + ... + 0); }
template <typename... Ts> int count_args(Ts...) { return static_cast<int>(sizeof...(Ts)); }
template <typename F, typename... Ts> void for_each_arg(F f, Ts... xs) { (f(xs), ...); }

template <typename T> struct Describe { static const char *name() { return "other"; } };
template <> struct Describe<int> { static const char *name() { return "int"; } };
template <typename T> struct Describe<T *> { static const char *name() { return "pointer"; } };
template <typename T, unsigned N> struct Describe<T[N]> { static const char *name() { return "array"; } };

template <typename Derived> struct Counter {
    static inline int created = 0;
    Counter() { created++; }
    int twice() const { return static_cast<const Derived *>(this)->value() * 2; }
};
struct Apple : Counter<Apple> { int value() const { return 21; } };
struct Pear : Counter<Pear> { int value() const { return 5; } };

template <typename T> auto describe_value(T v) {
    if constexpr (std::is_floating_point_v<T>)
        return v * 0.5;
    else if constexpr (std::is_integral_v<T>)
        return v + 1;
    else
        return v;
}

template <typename T> struct Stack {
    T items[16];
    int n = 0;
    static int instances;
    Stack() { instances++; }
    void push(T v) { items[n++] = v; }
    T pop() { return items[--n]; }
};
template <typename T> int Stack<T>::instances = 0;

template <typename T> __attribute__((noinline)) T max_of(const T *xs, int n) {
    T m = xs[0];
    for (int i = 1; i < n; i++)
        if (xs[i] > m)
            m = xs[i];
    return m;
}

int main() {
    std::printf("Fib<50>=%lu cpow(3,20)=%ld\n", Fib<50>::value, cpow(3, 20));
    static_assert(Fib<10>::value == 55, "compile-time fib");
    std::printf("sum=%d sumd=%.17g count=%d\n", sum(1, 2, 3, 4), sum(0.5, 0.25, 2.0), count_args('a', 1, 2.0, "s"));
    for_each_arg([](auto x) { std::printf("[%.3g]", static_cast<double>(x)); }, 1, 2.5f, 'A', 7L);
    std::printf("\n");
    int arr[3];
    std::printf("describe: %s %s %s %s\n", Describe<int>::name(), Describe<double>::name(),
                Describe<char *>::name(), Describe<decltype(arr)>::name());
    Apple a1, a2;
    Pear p1;
    std::printf("crtp: %d %d created apples=%d pears=%d\n", a1.twice(), p1.twice(),
                Counter<Apple>::created, Counter<Pear>::created);
    (void)a2;
    std::printf("if constexpr: %.17g %d %s\n", describe_value(3.0), describe_value(41), describe_value("str"));
    Stack<int> si;
    Stack<int> si2;
    Stack<double> sd;
    for (int i = 1; i <= 5; i++)
        si.push(i * i);
    sd.push(1.25);
    std::printf("stack: pop=%d pop=%d sd=%.17g instances int=%d double=%d\n", si.pop(), si.pop(), sd.pop(),
                Stack<int>::instances, Stack<double>::instances);
    (void)si2;
    const double ds[] = { 1.5, -2.0, 9.25, 3.0 };
    const long ls[] = { -5, 17, 4 };
    std::printf("max_of: %.17g %ld\n", max_of(ds, 4), max_of(ls, 3));
    return static_cast<int>(Fib<10>::value); // 55
}
