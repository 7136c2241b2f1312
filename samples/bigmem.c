/* Touches a large heap (72 MiB by default, or argv[1] MiB): writes every 4 KiB page, then reads
 * it all back in a different order and checksums it. The fork benchmarks use it to measure the
 * cost of copying or faulting in a memory of that size. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    size_t mebibytes = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 72;
    size_t size = mebibytes << 20;
    uint32_t *words = malloc(size);
    if (words == NULL) {
        fprintf(stderr, "cannot allocate %zu MiB\n", mebibytes);
        return 1;
    }
    size_t count = size / sizeof *words;
    const size_t words_per_page = 4096 / sizeof *words;
    /* One write per 64 bytes keeps it fast while dirtying every page completely enough. */
    for (size_t i = 0; i < count; i += 16) {
        words[i] = (uint32_t)(i * 2654435761u);
    }
    uint64_t sum = 0;
    size_t pages = count / words_per_page;
    for (size_t p = 0; p < pages; p++) {
        size_t page = (p * 7919) % pages; /* a stride co-prime with the page count visits every page */
        const uint32_t *base = words + page * words_per_page;
        for (size_t i = 0; i < words_per_page; i += 16) {
            sum += base[i];
        }
    }
    printf("touched %zu MiB (%zu pages of 4 KiB), checksum %016llx\n", mebibytes, pages, (unsigned long long)sum);
    free(words);
    return 0;
}
