// Standard containers: std::string operations, std::vector growth/erase,
// std::map ordered iteration, std::unordered_map (printed in sorted order to
// stay deterministic), std::set and std::deque.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

int main() {
    std::string s = "The quick brown fox";
    s += " jumps over the lazy dog";
    std::printf("len=%zu find(fox)=%zu substr=%s\n", s.size(), s.find("fox"),
                s.substr(4, 5).c_str());
    std::string up = s;
    for (char &c : up)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 32);
    std::printf("upper: %s\n", up.c_str());
    std::string num = std::to_string(123456789) + "/" + std::to_string(-42) + "/" + std::to_string(2.5);
    std::printf("to_string: %s stoi=%d\n", num.c_str(), std::stoi("  -77xyz"));
    std::string big(1000, 'x');
    big.replace(10, 990, "short");
    std::printf("replace: %s (%zu)\n", big.c_str(), big.size());

    std::vector<int> v;
    for (int i = 0; i < 1000; i++)
        v.push_back(i * 7 % 1000);
    v.erase(std::remove_if(v.begin(), v.end(), [](int x) { return x % 3 == 0; }), v.end());
    long vsum = 0;
    for (int x : v)
        vsum += x;
    std::printf("vector: size=%zu sum=%ld front=%d back=%d\n", v.size(), vsum, v.front(), v.back());
    std::vector<std::string> words = { "delta", "alpha", "charlie", "bravo" };
    words.insert(words.begin() + 1, "echo");
    std::printf("words:");
    for (const auto &w : words)
        std::printf(" %s", w.c_str());
    std::printf("\n");

    std::map<std::string, int> counts;
    const char *text[] = { "to", "be", "or", "not", "to", "be", "that", "is", "the", "question" };
    for (const char *w : text)
        counts[w]++;
    std::printf("map:");
    for (const auto &kv : counts)
        std::printf(" %s=%d", kv.first.c_str(), kv.second);
    std::printf("\n");
    auto it = counts.lower_bound("p");
    std::printf("lower_bound(p) = %s\n", it->first.c_str());

    std::unordered_map<int, std::string> um;
    for (int i = 0; i < 500; i++)
        um[i * 37 % 1013] = "v" + std::to_string(i);
    um.erase(37);
    std::vector<int> keys;
    for (const auto &kv : um)
        keys.push_back(kv.first);
    std::sort(keys.begin(), keys.end());
    std::printf("unordered_map: size=%zu first=%d:%s last=%d:%s has74=%d\n", um.size(), keys.front(),
                um[keys.front()].c_str(), keys.back(), um[keys.back()].c_str(),
                static_cast<int>(um.count(74)));

    std::set<int> st(v.begin(), v.begin() + 50);
    std::printf("set: size=%zu min=%d max=%d\n", st.size(), *st.begin(), *st.rbegin());
    std::deque<int> dq;
    for (int i = 0; i < 10; i++) {
        if (i % 2)
            dq.push_front(i);
        else
            dq.push_back(i);
    }
    std::printf("deque:");
    for (int x : dq)
        std::printf(" %d", x);
    std::printf("\n");
    return static_cast<int>(counts.size());
}
