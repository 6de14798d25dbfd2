/* The process's memory as the kernel reports it, for the examples that check what hotjit gives back. */
#ifndef HOTJIT_EXAMPLES_PROCESS_MEMORY_H
#define HOTJIT_EXAMPLES_PROCESS_MEMORY_H

#include <stdio.h>
#include <unistd.h>

/* Resident set size in KiB (/proc/self/statm), or -1. */
static long resident_kib(void) {
    FILE *file = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (!file) return -1;
    int parsed = fscanf(file, "%ld %ld", &size, &resident);
    fclose(file);
    return parsed == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

/* Memory mappings (lines of /proc/self/maps), or -1. */
static long mapping_count(void) {
    FILE *file = fopen("/proc/self/maps", "r");
    long lines = 0;
    int character;
    if (!file) return -1;
    while ((character = fgetc(file)) != EOF) lines += character == '\n';
    fclose(file);
    return lines;
}

#endif
