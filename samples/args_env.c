/* Prints its arguments and the environment variables whose names start with "SAMPLE_" (sorted),
 * checks that the clocks move forward and that random_get fills a buffer, without printing
 * anything that differs between runs. Exit status: the number of arguments after the program. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

extern char **environ;

static int compare_strings(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=\"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    }

    const char *selected[64];
    int count = 0;
    for (char **e = environ; *e != NULL && count < 64; e++) {
        if (strncmp(*e, "SAMPLE_", 7) == 0) {
            selected[count++] = *e;
        }
    }
    qsort(selected, (size_t)count, sizeof selected[0], compare_strings);
    for (int i = 0; i < count; i++) {
        printf("env %s\n", selected[i]);
    }
    const char *missing = getenv("SAMPLE_SURELY_UNSET_VARIABLE");
    printf("getenv of an unset variable: %s\n", missing == NULL ? "null" : missing);

    struct timespec a, b, resolution;
    clock_gettime(CLOCK_MONOTONIC, &a);
    volatile uint64_t spin = 0;
    for (int i = 0; i < 100000; i++) {
        spin += (uint64_t)i;
    }
    (void)spin;
    clock_gettime(CLOCK_MONOTONIC, &b);
    int monotonic = b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec);
    clock_getres(CLOCK_REALTIME, &resolution);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    printf("monotonic clock ordered: %s; realtime after 2020: %s; resolution positive: %s\n", monotonic ? "yes" : "no",
           now.tv_sec > 1577836800 ? "yes" : "no",
           resolution.tv_sec > 0 || resolution.tv_nsec > 0 ? "yes" : "no");

    unsigned char random_bytes[64];
    memset(random_bytes, 0, sizeof random_bytes);
    int nonzero = 0;
    if (getentropy(random_bytes, sizeof random_bytes) == 0) {
        for (size_t i = 0; i < sizeof random_bytes; i++) {
            nonzero += random_bytes[i] != 0;
        }
    }
    printf("random bytes filled: %s\n", nonzero > 32 ? "yes" : "no");

    struct timespec pause = {0, 1000000};
    printf("nanosleep: %d\n", nanosleep(&pause, NULL));
    return argc - 1;
}
