/* A function that cannot be compiled when it is first called: the host decides what happens.
 * Checks the promises of hotjit_engine_set_compile_failure_handler and hotjit_callback_manager_set_failure_handler:
 *  1. the engine's handler gets the function's name and a one-line message with file:line:col, and may leave the
 *     call with siglongjmp; the function stays uncompiled, its next call tries again; the engine still works;
 *  2. the default handler prints `hotjit: error: ...` and aborts (SIGABRT), so the host's atexit handlers do not
 *     run (checked in a child process);
 *  3. a host callback manager whose callback returns NULL calls the host's failure handler with the trampoline id.
 * Usage: compile_failure (no arguments). Exits 0 when every check holds. */
#include <hotjit.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* `broken` has a body error (a use of an undefined value) that deferred parsing finds at its first call only. */
static const char ir[] =
    "define i32 @fine(i32 %x) {\n"
    "  %y = add i32 %x, 1\n"
    "  ret i32 %y\n"
    "}\n"
    "define i32 @broken(i32 %x) {\n"
    "  %y = add i32 %x, %nowhere\n"
    "  ret i32 %y\n"
    "}\n";

static int failures;
static sigjmp_buf back;
static int handler_calls;
static char seen_function[256], seen_message[1024];

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    if (!ok) failures++;
}

static void leave_call(void *user_data, const char *function, const char *message) {
    handler_calls += *(int *)user_data;
    snprintf(seen_function, sizeof seen_function, "%s", function);
    snprintf(seen_message, sizeof seen_message, "%s", message);
    siglongjmp(back, 1);
}

static hotjit_engine *make_engine(void) {
    hotjit_options options;
    hotjit_options_init(&options);
    options.defer_function_parsing = 1;
    hotjit_engine *engine = NULL;
    if (hotjit_engine_create(&options, &engine) != HOTJIT_OK
        || hotjit_engine_add_ir_memory(engine, ir, sizeof ir - 1, "broken.ll") != HOTJIT_OK) {
        printf("FAIL: setting up the engine: %s\n", hotjit_last_error());
        exit(1);
    }
    return engine;
}

typedef int (*unary)(int);

static unary function_named(hotjit_engine *engine, const char *name) {
    void *address = NULL;
    if (hotjit_engine_lookup(engine, name, &address) != HOTJIT_OK) {
        printf("FAIL: lookup of %s: %s\n", name, hotjit_last_error());
        exit(1);
    }
    return (unary)address;
}

static void host_handler_leaves_the_call(void) {
    hotjit_engine *engine = make_engine();
    int one = 1;
    check(hotjit_engine_set_compile_failure_handler(engine, leave_call, &one) == HOTJIT_OK, "handler set");
    check(hotjit_engine_set_compile_failure_handler(NULL, leave_call, &one) == HOTJIT_ERROR_INVALID_ARGUMENT,
          "a NULL engine is an invalid argument");
    unary broken = function_named(engine, "broken");
    volatile int attempts = 0;
    if (sigsetjmp(back, 1) == 0) {
        attempts++;
        broken(41);
        check(0, "a call of a function that cannot be compiled does not return");
    }
    check(handler_calls == 1, "the handler ran once");
    check(strcmp(seen_function, "broken") == 0, "it names the function");
    check(strstr(seen_message, "broken.ll:6:") != NULL && strchr(seen_message, '\n') == NULL,
          "its message is one line with file:line");
    if (sigsetjmp(back, 1) == 0) {
        attempts++;
        broken(41);
    }
    check(attempts == 2 && handler_calls == 2, "the next call tries again and fails again");
    check(function_named(engine, "fine")(41) == 42, "the engine still compiles and runs other functions");
    hotjit_function_info info;
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    check(hotjit_engine_function_info(engine, "broken", &info) == HOTJIT_OK && info.tier == -1,
          "the function stays uncompiled");
    hotjit_engine_destroy(engine);
}

static void say_atexit(void) { fputs("host atexit ran\n", stderr); }

static void default_handler_aborts(void) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) { perror("pipe"); exit(1); }
    pid_t child = fork();
    if (child == 0) {
        dup2(pipe_fds[1], 2);
        close(pipe_fds[0]);
        atexit(say_atexit);
        hotjit_engine *engine = make_engine();
        function_named(engine, "broken")(41);
        _exit(0);
    }
    close(pipe_fds[1]);
    char output[4096] = {0};
    size_t length = 0;
    ssize_t got;
    while (length < sizeof output - 1 && (got = read(pipe_fds[0], output + length, sizeof output - 1 - length)) > 0)
        length += (size_t)got;
    close(pipe_fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    check(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "the default handler aborts (SIGABRT)");
    check(strstr(output, "hotjit: error: ") != NULL && strstr(output, "broken") != NULL,
          "after printing hotjit: error: and the function's name");
    check(strstr(output, "host atexit ran") == NULL, "the host's atexit handlers do not run");
}

static void *no_address(void *user_data, uint32_t id) {
    (void)user_data;
    (void)id;
    return NULL;
}

static uint32_t failed_id = 999;

static void trampoline_failed(void *user_data, uint32_t id, const char *message) {
    (void)user_data;
    failed_id = id;
    snprintf(seen_message, sizeof seen_message, "%s", message);
    siglongjmp(back, 1);
}

static void callback_manager_failure(void) {
    hotjit_callback_manager *manager = NULL;
    check(hotjit_callback_manager_create(&manager) == HOTJIT_OK, "callback manager made");
    check(hotjit_callback_manager_set_failure_handler(manager, trampoline_failed, NULL) == HOTJIT_OK,
          "its failure handler set");
    uint32_t id = 0;
    void *address = NULL;
    check(hotjit_callback_manager_create_trampoline(manager, no_address, NULL, &id, &address) == HOTJIT_OK,
          "trampoline made");
    if (sigsetjmp(back, 1) == 0) {
        ((void (*)(void))address)();
        check(0, "a trampoline whose callback fails does not return");
    }
    check(failed_id == id, "the handler gets the trampoline's id");
    check(strstr(seen_message, "NULL") != NULL, "and says the callback returned NULL");
    hotjit_callback_manager_destroy(manager);
}

int main(void) {
    host_handler_leaves_the_call();
    default_handler_aborts();
    callback_manager_failure();
    printf("compile_failure: %s\n", failures ? "FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
