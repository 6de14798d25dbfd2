/* libc string functions: strcpy/strncpy/strcat, strcmp/strncmp, strlen,
 * strchr/strrchr/strstr, memcpy/memmove (overlapping)/memset/memcmp,
 * snprintf truncation and return values, strtol/strtoul/strtod with end
 * pointers and bases, sscanf, strtok and ctype. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sign(int v) { return (v > 0) - (v < 0); }

int main(void) {
    char buf[64];
    strcpy(buf, "hello");
    strcat(buf, ", ");
    strncat(buf, "world!!!", 5);
    printf("buf=\"%s\" len=%zu\n", buf, strlen(buf));
    char small[8];
    strncpy(small, "truncate-me", sizeof small - 1);
    small[sizeof small - 1] = 0;
    printf("strncpy: \"%s\"\n", small);
    printf("strcmp: %d %d %d strncmp: %d\n", sign(strcmp("abc", "abd")), sign(strcmp("b", "a")),
           strcmp("same", "same"), strncmp("prefix-one", "prefix-two", 7));
    printf("strchr: %s strrchr: %s strstr: %s missing: %s\n", strchr(buf, 'o'), strrchr(buf, 'o'),
           strstr(buf, "wor"), strstr(buf, "xyz") ? "found" : "null");

    char mem[32] = "0123456789abcdefghij";
    memmove(mem + 4, mem, 10); /* overlapping, forward */
    printf("memmove fwd: %s\n", mem);
    memmove(mem, mem + 6, 10); /* overlapping, backward */
    printf("memmove back: %s\n", mem);
    memset(mem + 3, '#', 4);
    printf("memset: %s\n", mem);
    char copy[32];
    memcpy(copy, mem, sizeof mem);
    printf("memcmp equal: %d, differs: %d\n", memcmp(copy, mem, sizeof mem), sign(memcmp("ab", "ac", 2)));

    char out[12];
    int want = snprintf(out, sizeof out, "%d-%s-%.3f", 12345, "abcdef", 2.0 / 3.0);
    printf("snprintf: \"%s\" wanted=%d\n", out, want);
    printf("snprintf(NULL,0): %d\n", snprintf(NULL, 0, "%08.3e|%+d|%x|%o", 1234.5, 7, 255, 8));

    const char *nums[] = { "  -1234xyz", "0x1fz", "0755", "z", "9223372036854775807", "+42" };
    int bases[] = { 10, 16, 0, 36, 10, 0 };
    for (int i = 0; i < 6; i++) {
        char *end;
        long v = strtol(nums[i], &end, bases[i]);
        printf("strtol(\"%s\", %d) = %ld, consumed %ld\n", nums[i], bases[i], v, (long)(end - nums[i]));
    }
    char *end;
    unsigned long u = strtoul("4294967296 rest", &end, 10);
    printf("strtoul = %lu rest=\"%s\"\n", u, end);
    double d = strtod("  -6.25e-2trailing", &end);
    printf("strtod = %.17g rest=\"%s\"\n", d, end);
    printf("atoi=%d atol=%ld\n", atoi("  77abc"), atol("-123456789012"));

    int a, b;
    char word[16];
    int got = sscanf("12 34 tokens", "%d %d %15s", &a, &b, word);
    printf("sscanf got %d: %d %d %s\n", got, a, b, word);

    char csv[] = "alpha,beta,,gamma;delta";
    int count = 0;
    for (char *tok = strtok(csv, ",;"); tok; tok = strtok(NULL, ",;"))
        printf("token %d: %s\n", ++count, tok);
    char mixed[] = "MiXeD 123 Case!";
    for (char *p = mixed; *p; p++)
        *p = (char)(isupper((unsigned char)*p) ? tolower((unsigned char)*p) : toupper((unsigned char)*p));
    printf("swapcase: %s digits=%d\n", mixed, isdigit('7') != 0);
    return count;
}
