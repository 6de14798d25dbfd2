// Start-up with a trivial command: a small multi-command text tool in C++ (std::string, std::map, std::vector,
// iostreams, std::sort). The benchmark runs its trivial command (`help`), so almost none of the module runs and
// the time is start-up: loading the module and compiling the few functions the command reaches.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {
std::vector<std::string> split(const std::string &text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string sample(long n) {
  static const char *const parts[] = {"alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta"};
  std::string s;
  unsigned x = 7;
  for (long i = 0; i < n; i++) { x = x * 1103515245u + 12345u; s += parts[(x >> 16) % 8]; s += (i % 9 == 8) ? '\n' : ' '; }
  return s;
}

int cmd_wc(long n) {
  std::string text = sample(n);
  long lines = std::count(text.begin(), text.end(), '\n');
  std::cout << lines << " " << split(text).size() << " " << text.size() << "\n";
  return 0;
}

int cmd_freq(long n) {
  std::map<std::string, long> counts;
  for (auto &w : split(sample(n))) counts[w]++;
  std::vector<std::pair<long, std::string>> order;
  for (auto &kv : counts) order.emplace_back(-kv.second, kv.first);
  std::sort(order.begin(), order.end());
  for (auto &p : order) std::cout << p.second << " " << -p.first << "\n";
  return 0;
}

int cmd_sort(long n) {
  auto words = split(sample(n));
  std::stable_sort(words.begin(), words.end(), [](const std::string &a, const std::string &b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (auto &w : words) std::cout << w << "\n";
  return 0;
}

int cmd_hash(long n) {
  std::string text = sample(n);
  unsigned long h = 1469598103934665603ul;
  for (unsigned char c : text) { h ^= c; h *= 1099511628211ul; }
  std::ostringstream out;
  out << std::hex << h;
  std::cout << out.str() << "\n";
  return 0;
}

int cmd_rev(long n) {
  auto words = split(sample(n));
  std::reverse(words.begin(), words.end());
  std::string joined;
  for (auto &w : words) { std::string r(w.rbegin(), w.rend()); joined += r + " "; }
  std::cout << joined.substr(0, 200) << "\n";
  return 0;
}

struct Command { const char *name; int (*run)(long); const char *help; };
const Command commands[] = {
  {"wc", cmd_wc, "count lines, words and bytes of the sample text"},
  {"freq", cmd_freq, "word frequencies, most frequent first"},
  {"sort", cmd_sort, "distinct words by length then alphabetically"},
  {"hash", cmd_hash, "FNV-1a hash of the sample text"},
  {"rev", cmd_rev, "words reversed, in reverse order"},
};

int help() {
  std::printf("usage: cmdtool COMMAND [N]\n");
  for (const auto &c : commands) std::printf("  %-5s %s\n", c.name, c.help);
  std::printf("checksum %zu commands\n", sizeof commands / sizeof commands[0]);
  return 0;
}
}  // namespace

int main(int argc, char **argv) {
  std::string cmd = argc > 1 ? argv[1] : "help";
  long n = argc > 2 ? std::atol(argv[2]) : 1000;
  for (const auto &c : commands)
    if (cmd == c.name) return c.run(n);
  return help();
}
