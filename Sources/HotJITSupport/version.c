// hotjit's version string, spelled once: HOTJIT_VERSION in the public header; and the file this build is in.
#define _GNU_SOURCE
#include <dlfcn.h>
#include "../../include/hotjit.h"
#include "hotjit_support.h"

const char *hotjit_support_version(void) { return HOTJIT_VERSION; }

const char *hotjit_support_binary_path(void) {
    Dl_info info;
    if (dladdr((void *)hotjit_support_binary_path, &info) == 0 || info.dli_fname == NULL) return NULL;
    return info.dli_fname;
}
