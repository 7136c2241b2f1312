/* The fork and migration demo: a long-running computation whose whole state lives in linear
 * memory (a 256 KiB table and a few accumulators) and that prints a progress line every few
 * steps. Paused, snapshotted, forked or moved at any step, it must go on to print exactly the
 * lines an uninterrupted run prints.
 * Usage: counter [steps=1000] [print_every=50] [work_per_step=20000]
 * The defaults run for a few seconds in an interpreter (a fraction of a second natively). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TABLE 65536

static uint32_t table[TABLE];

struct state {
    uint64_t accumulator;
    uint32_t cursor;
    uint32_t generator;
};

static void step(struct state *s, long work) {
    for (long i = 0; i < work; i++) {
        s->generator = s->generator * 1664525u + 1013904223u;
        uint32_t slot = (s->generator >> 8) % TABLE;
        table[slot] += s->generator ^ s->cursor;
        s->accumulator += table[(s->cursor + slot) % TABLE];
        s->cursor = (s->cursor + 1) % TABLE;
    }
}

static uint32_t table_digest(void) {
    uint32_t digest = 2166136261u;
    for (int i = 0; i < TABLE; i++) {
        digest = (digest ^ table[i]) * 16777619u;
    }
    return digest;
}

int main(int argc, char **argv) {
    long steps = argc > 1 ? atol(argv[1]) : 1000;
    long print_every = argc > 2 ? atol(argv[2]) : 50;
    long work = argc > 3 ? atol(argv[3]) : 20000;
    if (steps < 0 || print_every <= 0 || work < 0) {
        fprintf(stderr, "usage: counter [steps>=0] [print_every>0] [work_per_step>=0]\n");
        return 2;
    }
    struct state s = {0, 0, 1};
    printf("counter: %ld steps, progress every %ld, %ld updates per step\n", steps, print_every, work);
    for (long n = 1; n <= steps; n++) {
        step(&s, work);
        if (n % print_every == 0 || n == steps) {
            printf("step %ld state=%016llx cursor=%u\n", n, (unsigned long long)s.accumulator, s.cursor);
        }
    }
    printf("done: accumulator=%016llx table=%08x\n", (unsigned long long)s.accumulator, table_digest());
    return 0;
}
