// Why this file exists: `--stats` shows where the program's threads spend their time, per function and tier. The
// kernel samples a thread's instruction pointer every so much CPU time into a ring buffer (perf_event_open, user
// space only); hotjit reads the buffer now and then. No signal reaches the program, and nothing runs on its threads.
#define _GNU_SOURCE
#include "hotjit_support.h"
#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct hotjit_pc_sampler {
    int fd;
    struct perf_event_mmap_page *meta;   // the ring buffer's header page
    unsigned char *data;                 // its data pages
    uint64_t data_size;                  // a power of two
    size_t mapped_size;
    uint64_t lost;                       // samples the kernel dropped while the buffer was full
};

enum { hotjit_pc_sampler_data_pages = 64 };   // 256 KiB: 16 s of samples at 1 kHz between drains

hotjit_pc_sampler *hotjit_pc_sampler_open(long thread, uint64_t period_nanoseconds) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    attr.sample_period = period_nanoseconds;
    attr.sample_type = PERF_SAMPLE_IP;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    attr.exclude_idle = 1;
    int fd = (int)syscall(SYS_perf_event_open, &attr, (pid_t)thread, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) return NULL;
    long page = sysconf(_SC_PAGESIZE);
    size_t size = (size_t)page * (1 + hotjit_pc_sampler_data_pages);
    void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    hotjit_pc_sampler *sampler = calloc(1, sizeof *sampler);
    if (!sampler) {
        munmap(map, size);
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    sampler->fd = fd;
    sampler->meta = map;
    sampler->data = (unsigned char *)map + page;
    sampler->data_size = (uint64_t)page * hotjit_pc_sampler_data_pages;
    sampler->mapped_size = size;
    return sampler;
}

/// Copies `length` bytes at ring offset `offset` (which may wrap) to `out`.
static void ring_copy(const hotjit_pc_sampler *sampler, uint64_t offset, void *out, size_t length) {
    uint64_t start = offset & (sampler->data_size - 1);
    size_t first = length;
    if (start + length > sampler->data_size) first = (size_t)(sampler->data_size - start);
    memcpy(out, sampler->data + start, first);
    if (first < length) memcpy((unsigned char *)out + first, sampler->data, length - first);
}

size_t hotjit_pc_sampler_drain(hotjit_pc_sampler *sampler, void (*sample)(uint64_t ip, void *context),
                               void *context) {
    uint64_t head = __atomic_load_n(&sampler->meta->data_head, __ATOMIC_ACQUIRE);
    uint64_t tail = sampler->meta->data_tail;
    size_t count = 0;
    while (tail + sizeof(struct perf_event_header) <= head) {
        struct perf_event_header header;
        ring_copy(sampler, tail, &header, sizeof header);
        if (header.size < sizeof header || tail + header.size > head) break;
        if (header.type == PERF_RECORD_SAMPLE && header.size >= sizeof header + sizeof(uint64_t)) {
            uint64_t ip;
            ring_copy(sampler, tail + sizeof header, &ip, sizeof ip);
            sample(ip, context);
            count++;
        } else if (header.type == PERF_RECORD_LOST && header.size >= sizeof header + 2 * sizeof(uint64_t)) {
            uint64_t lost[2];   // id, count
            ring_copy(sampler, tail + sizeof header, lost, sizeof lost);
            sampler->lost += lost[1];
        }
        tail += header.size;
    }
    __atomic_store_n(&sampler->meta->data_tail, tail, __ATOMIC_RELEASE);
    return count;
}

uint64_t hotjit_pc_sampler_lost(const hotjit_pc_sampler *sampler) { return sampler->lost; }

void hotjit_pc_sampler_close(hotjit_pc_sampler *sampler) {
    if (!sampler) return;
    munmap(sampler->meta, sampler->mapped_size);
    close(sampler->fd);
    free(sampler);
}
