/* A hash table with string keys, the workhorse of interpreters, caches and symbol tables: separate chaining,
 * FNV-1a hashing, keys and entries from malloc, growth by rehashing. argv[1] keys (100000 by default) are
 * inserted, looked up (hits and misses), half deleted, updated and reinserted over several rounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *key;
    uint32_t hash;
    int64_t value;
    struct entry *next;
} entry;

typedef struct {
    entry **buckets;
    uint32_t capacity; /* a power of two */
    uint32_t count;
} table;

static uint32_t hash_string(const char *s) {
    uint32_t h = 2166136261u;
    while (*s) {
        h = (h ^ (uint8_t)*s++) * 16777619u;
    }
    return h;
}

static void table_init(table *t) {
    t->capacity = 16;
    t->count = 0;
    t->buckets = calloc(t->capacity, sizeof *t->buckets);
}

static void table_grow(table *t) {
    uint32_t capacity = t->capacity * 2;
    entry **buckets = calloc(capacity, sizeof *buckets);
    for (uint32_t i = 0; i < t->capacity; i++) {
        for (entry *e = t->buckets[i], *next; e != NULL; e = next) {
            next = e->next;
            uint32_t slot = e->hash & (capacity - 1);
            e->next = buckets[slot];
            buckets[slot] = e;
        }
    }
    free(t->buckets);
    t->buckets = buckets;
    t->capacity = capacity;
}

static entry *table_find(const table *t, const char *key, uint32_t hash) {
    for (entry *e = t->buckets[hash & (t->capacity - 1)]; e != NULL; e = e->next) {
        if (e->hash == hash && strcmp(e->key, key) == 0) {
            return e;
        }
    }
    return NULL;
}

/* Inserts or updates; returns 1 when the key is new. */
static int table_put(table *t, const char *key, int64_t value) {
    uint32_t hash = hash_string(key);
    entry *found = table_find(t, key, hash);
    if (found != NULL) {
        found->value = value;
        return 0;
    }
    if (t->count * 4 >= t->capacity * 3) {
        table_grow(t);
    }
    entry *e = malloc(sizeof *e);
    size_t length = strlen(key);
    e->key = malloc(length + 1);
    memcpy(e->key, key, length + 1);
    e->hash = hash;
    e->value = value;
    uint32_t slot = hash & (t->capacity - 1);
    e->next = t->buckets[slot];
    t->buckets[slot] = e;
    t->count++;
    return 1;
}

static int table_get(const table *t, const char *key, int64_t *value) {
    entry *e = table_find(t, key, hash_string(key));
    if (e == NULL) {
        return 0;
    }
    *value = e->value;
    return 1;
}

static int table_delete(table *t, const char *key) {
    uint32_t hash = hash_string(key);
    for (entry **link = &t->buckets[hash & (t->capacity - 1)]; *link != NULL; link = &(*link)->next) {
        entry *e = *link;
        if (e->hash == hash && strcmp(e->key, key) == 0) {
            *link = e->next;
            free(e->key);
            free(e);
            t->count--;
            return 1;
        }
    }
    return 0;
}

static void table_free(table *t) {
    for (uint32_t i = 0; i < t->capacity; i++) {
        for (entry *e = t->buckets[i], *next; e != NULL; e = next) {
            next = e->next;
            free(e->key);
            free(e);
        }
    }
    free(t->buckets);
}

/* Keys like "user:0001f3a7/session" of varying length, from a number. */
static void make_key(char *out, uint32_t n) {
    static const char *const prefixes[] = {"user:", "session:", "k", "cache/entry/", "symbol_"};
    static const char hex[] = "0123456789abcdef";
    const char *prefix = prefixes[n % 5];
    while (*prefix) {
        *out++ = *prefix++;
    }
    uint32_t mixed = n * 2654435761u;
    for (int shift = 28; shift >= 0; shift -= 4) {
        *out++ = hex[(mixed >> shift) & 15];
    }
    if (n & 1) {
        *out++ = '/';
        *out++ = hex[n % 16];
    }
    *out = 0;
}

int main(int argc, char **argv) {
    uint32_t keys = argc > 1 ? (uint32_t)atoi(argv[1]) : 100000;
    table t;
    table_init(&t);
    char key[64];
    uint64_t checksum = 0;
    uint32_t inserted = 0, hits = 0, misses = 0, deleted = 0;
    for (int round = 0; round < 4; round++) {
        for (uint32_t i = 0; i < keys; i++) {
            make_key(key, i * 3 + (uint32_t)round);
            inserted += (uint32_t)table_put(&t, key, (int64_t)i * 7 + round);
        }
        for (uint32_t i = 0; i < keys * 2; i++) {
            make_key(key, (i * 7919u) % (keys * 4));
            int64_t value;
            if (table_get(&t, key, &value)) {
                hits++;
                checksum = checksum * 1099511628211ull + (uint64_t)value;
            } else {
                misses++;
            }
        }
        for (uint32_t i = round & 1; i < keys * 3; i += 2) {
            make_key(key, i);
            deleted += (uint32_t)table_delete(&t, key);
        }
        printf("round %d: %u entries, capacity %u\n", round, t.count, t.capacity);
    }
    uint64_t sum = 0;
    for (uint32_t i = 0; i < t.capacity; i++) {
        for (const entry *e = t.buckets[i]; e != NULL; e = e->next) {
            sum += (uint64_t)e->value ^ e->hash;
        }
    }
    printf("inserted=%u hits=%u misses=%u deleted=%u left=%u\n", inserted, hits, misses, deleted, t.count);
    printf("checksum %016llx sum %llu\n", (unsigned long long)checksum, (unsigned long long)sum);
    table_free(&t);
    return 0;
}
