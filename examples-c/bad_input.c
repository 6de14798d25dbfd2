/* Feeds hotjit bad input through the C API and checks that each failure comes back as a status and a clear message,
 * with the host alive. Usage: bad_input FIXTURE_DIR (a copy of Tests/bad-input/ with truncated.bc and invalid.bc
 * added: see scripts/lib/checks.sh). */
#include <hotjit.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void expect(const char *dir, const char *file, hotjit_status expected, const char *needle, int run) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    hotjit_engine *engine = NULL;
    hotjit_status status = hotjit_engine_create(NULL, &engine);
    if (status == HOTJIT_OK) status = hotjit_engine_add_ir_file(engine, path);
    if (status == HOTJIT_OK && run) {
        int exit_status = 0;
        char *argv[] = { path, NULL };
        status = hotjit_engine_run_main(engine, 1, argv, NULL, &exit_status);
    }
    const char *message = hotjit_last_error();
    int ok = status == expected && strstr(message, needle) != NULL && strchr(message, '\n') == NULL;
    printf("%s %-22s %s: %s\n", ok ? "ok:  " : "FAIL:", file, hotjit_status_name(status), message);
    if (!ok) { printf("      expected %s with \"%s\"\n", hotjit_status_name(expected), needle); failures++; }
    hotjit_engine_destroy(engine);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    expect(dir, "malformed.ll", HOTJIT_ERROR_INVALID_IR, "malformed.ll:4:", 0);
    /* The verifier's complaint names the function and the line of the use. */
    expect(dir, "invalid.ll", HOTJIT_ERROR_INVALID_IR, "invalid.ll:3: invalid function 'main': Instruction does not "
           "dominate all uses! (`%y = add i32 1, 1`, `%x = add i32 %y, 1`)", 0);
    /* Bitcode is verified whole at load too (defer_function_parsing is 0). */
    expect(dir, "invalid.bc", HOTJIT_ERROR_INVALID_IR, "invalid.bc: invalid function 'main': Instruction does not "
           "dominate all uses!", 0);
    expect(dir, "garbage.bc", HOTJIT_ERROR_INVALID_IR, "garbage.bc", 0);
    expect(dir, "truncated.bc", HOTJIT_ERROR_INVALID_IR, "truncated.bc", 0);
    expect(dir, "wrong-target.ll", HOTJIT_ERROR_WRONG_TARGET, "aarch64", 0);
    expect(dir, "no-main.ll", HOTJIT_ERROR_NOT_FOUND, "main", 1);
    expect(dir, "unresolved.ll", HOTJIT_ERROR_UNRESOLVED_SYMBOL, "no_such_function_anywhere", 1);
    expect(dir, "does-not-exist.ll", HOTJIT_ERROR_IO, "No such file", 0);

    hotjit_engine *engine = NULL;
    int ok = hotjit_engine_create(NULL, NULL) == HOTJIT_ERROR_INVALID_ARGUMENT
        && hotjit_engine_add_ir_file(NULL, "x.ll") == HOTJIT_ERROR_INVALID_ARGUMENT
        && hotjit_engine_create(NULL, &engine) == HOTJIT_OK
        && hotjit_engine_add_ir_memory(engine, "", 0, "empty") == HOTJIT_ERROR_INVALID_ARGUMENT
        && hotjit_engine_lookup(engine, NULL, NULL) == HOTJIT_ERROR_INVALID_ARGUMENT;
    printf("%s NULL and empty arguments are refused: %s\n", ok ? "ok:  " : "FAIL:", hotjit_last_error());
    failures += !ok;
    hotjit_engine_destroy(engine);
    printf("%s\n", failures ? "bad_input: FAILED" : "bad_input: all checks passed (host still alive)");
    return failures ? 1 : 0;
}
