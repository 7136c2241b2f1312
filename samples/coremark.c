/* A CoreMark-like mix of the kernels embedded benchmarks use: linked-list find, reverse and merge sort with
 * a comparator called through a pointer, small integer matrix operations, a state machine that scans
 * number-like text, and CRC-16 over every result. argv[1] iterations (4000 by default); each iteration
 * runs all four kernels on data seeded from the previous CRC, so they cannot be hoisted. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- CRC-16 (CCITT, bit by bit, as CoreMark does) ---- */
static uint16_t crc8(uint8_t data, uint16_t crc) {
    for (int i = 0; i < 8; i++) {
        uint8_t x16 = (uint8_t)((data & 1) ^ ((uint8_t)crc & 1));
        data >>= 1;
        if (x16 == 1) {
            crc ^= 0x4002;
            crc = (uint16_t)((crc >> 1) | 0x8000);
        } else {
            crc >>= 1;
        }
    }
    return crc;
}

static uint16_t crc16(uint16_t value, uint16_t crc) {
    crc = crc8((uint8_t)value, crc);
    return crc8((uint8_t)(value >> 8), crc);
}

static uint16_t crc32v(uint32_t value, uint16_t crc) {
    crc = crc16((uint16_t)value, crc);
    return crc16((uint16_t)(value >> 16), crc);
}

/* ---- linked list ---- */
typedef struct item {
    struct item *next;
    int16_t data;
    int16_t index;
} item;

#define LIST_SIZE 128

static int compare_data(const item *a, const item *b) { return a->data - b->data; }
static int compare_index(const item *a, const item *b) { return a->index - b->index; }

static item *list_find(item *list, int16_t data) {
    while (list != NULL && list->data != data) {
        list = list->next;
    }
    return list;
}

static item *list_reverse(item *list) {
    item *reversed = NULL;
    while (list != NULL) {
        item *next = list->next;
        list->next = reversed;
        reversed = list;
        list = next;
    }
    return reversed;
}

/* Bottom-up merge sort of a singly linked list (Simon Tatham's), comparing through a function pointer. */
static item *list_sort(item *list, int (*compare)(const item *, const item *)) {
    for (int size = 1;; size *= 2) {
        item *p = list, *tail = NULL;
        list = NULL;
        int merges = 0;
        while (p != NULL) {
            merges++;
            item *q = p;
            int psize = 0;
            for (int i = 0; i < size && q != NULL; i++) {
                psize++;
                q = q->next;
            }
            int qsize = size;
            while (psize > 0 || (qsize > 0 && q != NULL)) {
                item *e;
                if (psize == 0) {
                    e = q; q = q->next; qsize--;
                } else if (qsize == 0 || q == NULL || compare(p, q) <= 0) {
                    e = p; p = p->next; psize--;
                } else {
                    e = q; q = q->next; qsize--;
                }
                if (tail != NULL) {
                    tail->next = e;
                } else {
                    list = e;
                }
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1) {
            return list;
        }
    }
}

static uint16_t bench_list(item *pool, uint16_t seed, uint16_t crc) {
    item *list = NULL;
    for (int i = LIST_SIZE - 1; i >= 0; i--) {
        pool[i].data = (int16_t)(((seed ^ (uint16_t)(i * 0x9e37)) >> 3) & 0x7ff);
        pool[i].index = (int16_t)i;
        pool[i].next = list;
        list = &pool[i];
    }
    for (int i = 0; i < 16; i++) {
        item *found = list_find(list, (int16_t)((seed + i * 37) & 0x7ff));
        crc = crc16(found != NULL ? (uint16_t)found->index : 0xffff, crc);
        list = list_reverse(list);
    }
    list = list_sort(list, compare_data);
    crc = crc16((uint16_t)list->data, crc);
    list = list_sort(list, compare_index);
    for (item *p = list; p != NULL; p = p->next) {
        crc = crc16((uint16_t)p->data, crc);
    }
    return crc;
}

/* ---- matrix ---- */
#define N 16

static void matrix_add_constant(int16_t a[N][N], int16_t value) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            a[i][j] = (int16_t)(a[i][j] + value);
}

static void matrix_multiply_vector(int32_t out[N], int16_t a[N][N], const int16_t v[N]) {
    for (int i = 0; i < N; i++) {
        out[i] = 0;
        for (int j = 0; j < N; j++)
            out[i] += a[i][j] * v[j];
    }
}

static void matrix_multiply(int32_t out[N][N], int16_t a[N][N], int16_t b[N][N]) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            out[i][j] = 0;
            for (int k = 0; k < N; k++)
                out[i][j] += a[i][k] * b[k][j];
        }
}

static void matrix_multiply_bits(int32_t out[N][N], int16_t a[N][N], int16_t b[N][N]) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            out[i][j] = 0;
            for (int k = 0; k < N; k++) {
                int32_t product = a[i][k] * b[k][j];
                out[i][j] += (product >> 2) & 0xf;
            }
        }
}

static uint16_t matrix_sum(int32_t m[N][N], uint16_t crc) {
    int32_t previous = 0, total = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            total += m[i][j];
            crc = crc32v((uint32_t)(total > previous ? 1 : 0), crc);
            previous = total;
        }
    return crc16((uint16_t)total, crc);
}

static uint16_t bench_matrix(uint16_t seed, uint16_t crc) {
    static int16_t a[N][N], b[N][N], v[N];
    static int32_t out[N][N], out_v[N];
    for (int i = 0; i < N; i++) {
        v[i] = (int16_t)((seed + i * 7) & 0xff);
        for (int j = 0; j < N; j++) {
            a[i][j] = (int16_t)(((seed ^ (uint16_t)(i * N + j)) * 31) & 0xff);
            b[i][j] = (int16_t)(((seed + (uint16_t)(i * j)) * 17) & 0xff);
        }
    }
    matrix_add_constant(a, (int16_t)(seed & 7));
    matrix_multiply_vector(out_v, a, v);
    for (int i = 0; i < N; i++) {
        crc = crc32v((uint32_t)out_v[i], crc);
    }
    matrix_multiply(out, a, b);
    crc = matrix_sum(out, crc);
    matrix_multiply_bits(out, a, b);
    crc = matrix_sum(out, crc);
    matrix_add_constant(a, (int16_t)-(seed & 7));
    return crc;
}

/* ---- state machine: classifies comma-separated tokens as integers, floats, exponents or invalid ---- */
enum state { START, INVALID, S1, S2, INT, FLOAT, EXPONENT, SCIENTIFIC, STATES };

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static enum state next_state(enum state s, char c) {
    switch (s) {
    case START:
        if (is_digit(c)) return INT;
        if (c == '+' || c == '-') return S1;
        if (c == '.') return FLOAT;
        return INVALID;
    case S1:
        if (is_digit(c)) return INT;
        if (c == '.') return FLOAT;
        return INVALID;
    case INT:
        if (c == '.') return FLOAT;
        if (!is_digit(c)) return INVALID;
        return INT;
    case FLOAT:
        if (c == 'E' || c == 'e') return S2;
        if (!is_digit(c)) return INVALID;
        return FLOAT;
    case S2:
        if (c == '+' || c == '-') return EXPONENT;
        return INVALID;
    case EXPONENT:
        if (is_digit(c)) return SCIENTIFIC;
        return INVALID;
    case SCIENTIFIC:
        if (!is_digit(c)) return INVALID;
        return SCIENTIFIC;
    default:
        return INVALID;
    }
}

static uint16_t bench_state(uint16_t seed, uint16_t crc) {
    static const char *const samples[] = {"5012", "1234", "-874", "+122", "35.54400", ".1234500", "-110.700", "+0.64400",
                                          "5.500e+3", "-.123e-2", "-87e+832", "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^"};
    static char text[1024];
    int length = 0;
    for (int k = 0; length < 1000; k++) {
        const char *s = samples[(seed + k * 5) & 15];
        while (*s && length < 1000) {
            text[length++] = *s++;
        }
        text[length++] = ',';
    }
    text[length] = 0;
    uint32_t counts[STATES] = {0};
    uint32_t transitions[STATES] = {0};
    for (int pass = 0; pass < 2; pass++) {
        for (const char *p = text; *p;) {
            enum state s = START;
            while (*p && *p != ',') {
                enum state n = next_state(s, *p++);
                transitions[s] += n != s;
                s = n;
                if (s == INVALID) {
                    break;
                }
            }
            while (*p && *p != ',') {
                p++;
            }
            if (*p == ',') {
                p++;
            }
            counts[s]++;
        }
        /* The second pass scans text corrupted in a seed-dependent way. */
        for (int i = seed & 7; i < length; i += 9) {
            if (text[i] != ',') {
                text[i] ^= 1;
            }
        }
    }
    for (int s = 0; s < STATES; s++) {
        crc = crc32v(counts[s], crc);
        crc = crc32v(transitions[s], crc);
    }
    return crc;
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : 4000;
    item *pool = malloc(LIST_SIZE * sizeof *pool);
    uint16_t crc_list = 0, crc_matrix = 0, crc_state = 0, seed = 0x3415;
    for (int i = 0; i < iterations; i++) {
        crc_list = bench_list(pool, seed, crc_list);
        crc_matrix = bench_matrix(seed, crc_matrix);
        crc_state = bench_state(seed, crc_state);
        seed = (uint16_t)(crc16(crc_list, seed) ^ crc_matrix ^ (crc_state << 1));
    }
    printf("iterations=%d\n", iterations);
    printf("crc list %04x matrix %04x state %04x final %04x\n", crc_list, crc_matrix, crc_state, seed);
    free(pool);
    return 0;
}
