// hotjit's version string, spelled once: HOTJIT_VERSION in the public header.
#include "../../include/hotjit.h"
#include "hotjit_support.h"

const char *hotjit_support_version(void) { return HOTJIT_VERSION; }
