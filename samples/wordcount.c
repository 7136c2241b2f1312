/* wc for standard input: counts lines, words and bytes read through fd_read in small and large
 * reads, and prints the longest line and a checksum of everything read. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    unsigned char buffer[1000]; /* deliberately not a power of two */
    long lines = 0, words = 0, bytes = 0, longest = 0, current = 0;
    int in_word = 0;
    uint32_t hash = 2166136261u;
    ssize_t got;
    while ((got = read(0, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < got; i++) {
            unsigned char c = buffer[i];
            hash = (hash ^ c) * 16777619u;
            bytes++;
            if (c == '\n') {
                lines++;
                longest = current > longest ? current : longest;
                current = 0;
            } else {
                current++;
            }
            if (isspace(c)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                words++;
            }
        }
    }
    if (got < 0) {
        perror("read");
        return 1;
    }
    longest = current > longest ? current : longest;
    printf("%ld lines, %ld words, %ld bytes, longest line %ld, fnv1a %08x\n", lines, words, bytes, longest, hash);
    return 0;
}
