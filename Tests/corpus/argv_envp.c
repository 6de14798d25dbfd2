/* argc/argv/envp: the runner passes "alpha beta" and sets
 * CORPUS_MARKER=hotjit-corpus; envp must agree with environ/getenv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv, char **envp) {
    printf("argc = %d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = \"%s\" (len %zu)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    printf("argv[0] non-empty: %d\n", argv[0] != NULL && argv[0][0] != 0);

    const char *marker = NULL;
    size_t n_envp = 0;
    for (char **e = envp; *e; e++, n_envp++)
        if (strncmp(*e, "CORPUS_MARKER=", 14) == 0)
            marker = *e + 14;
    size_t n_environ = 0;
    int same_strings = 1;
    for (char **e = environ; *e; e++, n_environ++)
        if (n_environ >= n_envp || strcmp(*e, envp[n_environ]) != 0)
            same_strings = 0;
    printf("CORPUS_MARKER via envp: %s\n", marker ? marker : "(unset)");
    const char *g = getenv("CORPUS_MARKER");
    printf("CORPUS_MARKER via getenv: %s\n", g ? g : "(unset)");
    printf("envp matches environ: %d\n", same_strings && n_envp == n_environ);

    long total = 0;
    for (int i = 1; i < argc; i++)
        total += strtol(argv[i], NULL, 36) % 1000;
    printf("base36 checksum of args: %ld\n", total);
    return argc;
}
