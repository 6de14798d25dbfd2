// Byte search for Swift code: glibc's memmem (two-way search, vectorized) is a GNU extension Swift's Glibc module
// does not expose.
#define _GNU_SOURCE
#include "hotjit_support.h"
#include <string.h>

int hotjit_memory_contains(const void *haystack, size_t length, const void *needle, size_t needle_length) {
    return memmem(haystack, length, needle, needle_length) != NULL;
}

long hotjit_memory_find(const void *haystack, size_t length, const void *needle, size_t needle_length) {
    const char *found = memmem(haystack, length, needle, needle_length);
    return found ? (long)(found - (const char *)haystack) : -1;
}
