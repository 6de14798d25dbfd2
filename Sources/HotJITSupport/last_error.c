#include "hotjit_support.h"
#include <stdlib.h>
#include <string.h>

/* One message per thread, so concurrent failures on different threads never overwrite each other's. */
static _Thread_local char *last_error;

void hotjit_support_set_last_error(const char *message) {
    free(last_error);
    last_error = message ? strdup(message) : NULL;
}

const char *hotjit_support_last_error(void) { return last_error ? last_error : ""; }
