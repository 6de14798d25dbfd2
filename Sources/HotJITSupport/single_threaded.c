// Telling glibc that the process is single-threaded again, after hotjit's compile thread has ended.
//
// Once a process has created a thread, glibc clears `__libc_single_threaded` and never sets it again; malloc and free
// then take their locked, atomic paths for good, and libstdc++ makes
// every shared_ptr count atomic. hotjit's compile thread ends when it has nothing to do, and the program thread that
// joined it calls this: if that thread is now the process's only one, the flag is set again, to the value the variable
// is documented to have ("true if the process is single-threaded"). glibc's manual reserves writing it to the
// implementation, which "may" do this itself and does not; hotjit does it only in that state, and only from the sole
// thread, which is what makes it safe: nobody else exists who could be creating a thread at the same moment
// (pthread_create clears the flag before the new thread starts, so the next thread, ours or the host's, switches glibc
// back). Hosts that would rather not: TieringOptions.endIdleCompileThreads / end_idle_compile_threads = 0.
#define _GNU_SOURCE
#include "hotjit_support.h"
#include <dirent.h>
#include <dlfcn.h>
#include <pthread.h>
#if defined(__GLIBC__) && __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define HOTJIT_HAS_SINGLE_THREADED 1
#endif

int hotjit_process_thread_count(void) {
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks) return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        if (entry->d_name[0] != '.') count++;
    }
    closedir(tasks);
    return count;
}

#ifdef HOTJIT_HAS_SINGLE_THREADED
/// Whether everybody reads the flag from glibc's own byte. An executable that names the variable itself and was linked
/// with a copy relocation (GCC's default for PIE) has a copy: libstdc++ and the host read the copy, glibc's own code
/// reads its original, and pthread_create clears the copy only when the original says single-threaded. Setting just
/// the copy would leave the next thread running while libstdc++ believes it is alone, so hotjit leaves both alone.
static int flag_has_one_home(void) {
    void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
    if (!libc) return 0;
    void *own = dlsym(libc, "__libc_single_threaded");
    dlclose(libc);
    return own == (void *)&__libc_single_threaded;
}
#endif

int hotjit_restore_single_threaded(void) {
#ifdef HOTJIT_HAS_SINGLE_THREADED
    if (__libc_single_threaded) return 1;
    if (!flag_has_one_home() || hotjit_process_thread_count() != 1) return 0;
    __libc_single_threaded = 1;
    return 1;
#else
    return 0;
#endif
}

int hotjit_try_join_thread(pthread_t thread) { return pthread_tryjoin_np(thread, NULL) == 0; }
