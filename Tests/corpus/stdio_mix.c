/* Mixed stdio: printf, puts, fputs, fputc/putchar, fwrite to stdout, a raw
 * write(2) after fflush, return values of the stdio calls, and stderr output
 * (not compared). Output order must match the native program. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    int n1 = printf("printf: %d %s %c %5.2f|%-6s|%06x\n", 42, "str", 'c', 3.14159, "left", 0xabc);
    int n2 = puts("puts: a line");
    int n3 = fputs("fputs: no newline added, ", stdout);
    putchar('p');
    putchar('\n');
    fputc('f', stdout);
    fputc('\n', stdout);
    const char block[] = "fwrite: 26 bytes of block\n";
    size_t w = fwrite(block, 1, strlen(block), stdout);
    fprintf(stderr, "stderr: this goes to stderr\n");
    fflush(stdout);
    ssize_t raw = write(1, "write(2): raw after fflush\n", 27);
    printf("returns: printf=%d puts=%d fputs=%d fwrite=%zu write=%zd\n", n1, n2, n3, w, raw);
    char big[5000];
    memset(big, 'z', sizeof big - 2);
    big[sizeof big - 2] = '\n';
    big[sizeof big - 1] = 0;
    fputs(big, stdout); /* larger than a typical buffer flush boundary */
    fflush(stdout);
    write(1, "after big block\n", 16);
    printf("%s", "");
    printf("percent %% and empty string [%s]\n", "");
    fprintf(stdout, "fprintf(stdout): %ld %lu %lld\n", -1L, 18446744073709551615UL, -9223372036854775807LL);
    printf("no trailing newline at end");
    return 9;
}
