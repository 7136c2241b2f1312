/* Allocator stress: many rounds of malloc, realloc and free of varied sizes with a live set that
 * grows and shrinks, verifying every block's contents before freeing it.
 * Usage: malloc_churn [rounds=60000] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_random(void) {
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

struct block {
    unsigned char *data;
    size_t size;
    unsigned char tag;
};

static int verify(const struct block *b) {
    for (size_t i = 0; i < b->size; i++) {
        if (b->data[i] != (unsigned char)(b->tag + i)) {
            return 0;
        }
    }
    return 1;
}

static void fill(struct block *b) {
    for (size_t i = 0; i < b->size; i++) {
        b->data[i] = (unsigned char)(b->tag + i);
    }
}

static size_t random_size(void) {
    uint64_t r = next_random();
    switch (r % 8) {
    case 0:
        return (size_t)(r >> 8) % 16384 + 1; /* occasionally large */
    case 1:
    case 2:
        return (size_t)(r >> 8) % 1024 + 1;
    default:
        return (size_t)(r >> 8) % 64 + 1;
    }
}

int main(int argc, char **argv) {
    const long rounds = argc > 1 ? atol(argv[1]) : 60000;
    static struct block slots[SLOTS];
    size_t live = 0, peak_bytes = 0, live_bytes = 0;
    unsigned long mallocs = 0, frees = 0, reallocs = 0, corrupt = 0;

    for (long round = 0; round < rounds; round++) {
        struct block *b = &slots[next_random() % SLOTS];
        uint64_t action = next_random() % 10;
        if (b->data == NULL) {
            b->size = random_size();
            b->tag = (unsigned char)next_random();
            b->data = malloc(b->size);
            if (b->data == NULL) {
                fprintf(stderr, "malloc failed at round %ld\n", round);
                return 1;
            }
            fill(b);
            mallocs++;
            live++;
            live_bytes += b->size;
        } else if (action < 3) {
            size_t old = b->size;
            size_t wanted = random_size();
            unsigned char *grown = realloc(b->data, wanted);
            if (grown == NULL) {
                fprintf(stderr, "realloc failed at round %ld\n", round);
                return 1;
            }
            b->data = grown;
            size_t kept = old < wanted ? old : wanted;
            for (size_t i = 0; i < kept; i++) {
                corrupt += grown[i] != (unsigned char)(b->tag + i);
            }
            b->size = wanted;
            fill(b);
            live_bytes = live_bytes - old + wanted;
            reallocs++;
        } else {
            corrupt += !verify(b);
            free(b->data);
            b->data = NULL;
            live--;
            live_bytes -= b->size;
            frees++;
        }
        if (live_bytes > peak_bytes) {
            peak_bytes = live_bytes;
        }
        if (round % 10000 == 0) {
            printf("round %6ld: live=%zu live_bytes=%zu\n", round, live, live_bytes);
        }
    }

    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].data != NULL) {
            corrupt += !verify(&slots[i]);
            free(slots[i].data);
            frees++;
        }
    }
    printf("mallocs=%lu reallocs=%lu frees=%lu peak_bytes=%zu corrupt=%lu\n", mallocs, reallocs, frees, peak_bytes,
           corrupt);
    return corrupt == 0 ? 0 : 1;
}
