/* The smallest useful host: run main() of an LLVM IR program on hotjit.
 *   cc run_main.c $(pkg-config --cflags --libs hotjit) -o run_main && ./run_main prog.ll [args...] */
#include <hotjit.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM.ll|PROGRAM.bc [args...]\n", argv[0]);
        return 2;
    }
    hotjit_engine *engine = NULL;
    if (hotjit_engine_create(NULL, &engine) != HOTJIT_OK ||
        hotjit_engine_add_ir_file(engine, argv[1]) != HOTJIT_OK) {
        fprintf(stderr, "run_main: %s\n", hotjit_last_error());
        hotjit_engine_destroy(engine);
        return 1;
    }
    int status = 0;
    if (hotjit_engine_run_main(engine, argc - 1, argv + 1, NULL, &status) != HOTJIT_OK) {
        fprintf(stderr, "run_main: %s\n", hotjit_last_error());
        status = 1;
    }
    fflush(stdout);
    hotjit_engine_destroy(engine);
    return status;
}
