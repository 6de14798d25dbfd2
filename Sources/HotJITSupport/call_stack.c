// The calling thread's return addresses for Swift code: glibc's backtrace (execinfo.h) is not in Swift's Glibc
// module. A reclaim of superseded code looks for JIT'd frames among them.
#include "hotjit_support.h"
#include <execinfo.h>

int hotjit_return_addresses(void **frames, int capacity) { return backtrace(frames, capacity); }
