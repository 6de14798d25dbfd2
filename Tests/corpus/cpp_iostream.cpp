// iostreams: std::cout with manipulators (hex, setw, setfill, setprecision,
// boolalpha), std::endl, mixing printf and cout (synced by default),
// std::ostringstream/std::istringstream, and std::cerr (not compared).
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main() {
    std::cout << "cout: " << 42 << ' ' << 3.5 << ' ' << "text" << std::endl;
    std::printf("printf between cout lines\n");
    std::cout << std::hex << 255 << ' ' << std::showbase << 255 << std::dec << ' ' << 255 << '\n';
    std::cout << std::setw(8) << std::setfill('*') << 123 << '|' << std::left << std::setw(6) << "ab"
              << '|' << std::right << std::setfill(' ') << '\n';
    std::cout << std::setprecision(17) << 0.1 << ' ' << std::fixed << std::setprecision(3) << 2.0 / 3
              << std::defaultfloat << '\n';
    std::cout << std::boolalpha << true << ' ' << false << std::noboolalpha << ' ' << true << '\n';
    std::cerr << "cerr: not compared" << std::endl;

    std::ostringstream os;
    os << "x=" << 7 << ",y=" << -2.25 << ",s=" << std::string(3, 'z');
    std::string built = os.str();
    std::cout << "ostringstream: " << built << " (" << built.size() << " chars)\n";

    std::istringstream is("10 20 30 forty 50");
    std::vector<int> nums;
    int n;
    while (is >> n)
        nums.push_back(n);
    is.clear();
    std::string word;
    is >> word;
    int tail = 0;
    is >> tail;
    std::cout << "parsed " << nums.size() << " ints, then word '" << word << "' and " << tail << '\n';

    std::istringstream lines("first line\nsecond line\n\nfourth");
    std::string line;
    int count = 0;
    while (std::getline(lines, line))
        std::cout << "line " << ++count << ": [" << line << "]\n";
    std::printf("printf after cout, count=%d\n", count);
    std::cout << "final line without endl";
    return count + static_cast<int>(nums.size()); // 4 + 3
}
