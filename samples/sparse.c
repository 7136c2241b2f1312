/* A sparse heap: allocates a large region (256 MiB by default, or argv[1] MiB) but touches only one
 * 4 KiB page in every 256 (1 MiB apart), so a snapshot or copy-on-write fork should cost a small
 * fraction of the memory size. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    size_t mebibytes = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 256;
    size_t size = mebibytes << 20;
    unsigned char *region = malloc(size);
    if (region == NULL) {
        fprintf(stderr, "cannot allocate %zu MiB\n", mebibytes);
        return 1;
    }
    size_t touched = 0;
    for (size_t offset = 0; offset < size; offset += 1u << 20) {
        region[offset] = (unsigned char)(offset >> 20);
        region[offset + 4095] = 0xA5;
        touched++;
    }
    uint32_t sum = 0;
    for (size_t offset = 0; offset < size; offset += 1u << 20) {
        sum = sum * 31 + region[offset] + region[offset + 4095];
    }
    printf("allocated %zu MiB, touched %zu pages, checksum %08x\n", mebibytes, touched, sum);
    return 0;
}
