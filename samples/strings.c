/* String processing: tokenising a generated text, a word-frequency table in a hand-written hash
 * map, case conversion, reversal, searching, number parsing and formatting with snprintf. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const vocabulary[] = {
    "actor", "memory", "page", "snapshot", "fork", "migrate", "wasm", "stack", "frame", "table",
    "global", "export", "import", "module", "instance", "trap", "fuel", "node", "cluster", "copy",
};
#define VOCABULARY (sizeof vocabulary / sizeof vocabulary[0])
#define BUCKETS 64

struct entry {
    char *word;
    int count;
    struct entry *next;
};

static struct entry *buckets[BUCKETS];

static uint32_t hash_of(const char *s) {
    uint32_t h = 5381;
    while (*s) {
        h = h * 33 + (unsigned char)*s++;
    }
    return h;
}

static void count_word(const char *word) {
    struct entry **slot = &buckets[hash_of(word) % BUCKETS];
    for (struct entry *e = *slot; e != NULL; e = e->next) {
        if (strcmp(e->word, word) == 0) {
            e->count++;
            return;
        }
    }
    struct entry *e = malloc(sizeof *e);
    e->word = strdup(word);
    e->count = 1;
    e->next = *slot;
    *slot = e;
}

static int by_count_then_word(const void *a, const void *b) {
    const struct entry *x = *(struct entry *const *)a;
    const struct entry *y = *(struct entry *const *)b;
    if (x->count != y->count) {
        return y->count - x->count;
    }
    return strcmp(x->word, y->word);
}

static void reverse(char *s) {
    for (size_t i = 0, j = strlen(s); i + 1 < j; i++, j--) {
        char t = s[i];
        s[i] = s[j - 1];
        s[j - 1] = t;
    }
}

int main(void) {
    /* Build a text of 20000 words with punctuation and mixed case. */
    size_t capacity = 256 * 1024, length = 0;
    char *text = malloc(capacity);
    uint32_t seed = 7;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        const char *word = vocabulary[(seed >> 16) % VOCABULARY];
        int capitalise = (seed >> 8) % 5 == 0;
        length += (size_t)snprintf(text + length, capacity - length, "%c%s%s", capitalise ? toupper(word[0]) : word[0],
                                   word + 1, (seed >> 4) % 9 == 0 ? ", " : (seed >> 4) % 13 == 0 ? ". " : " ");
    }
    printf("text: %zu bytes, starts \"%.40s\"\n", length, text);

    char *copy = strdup(text);
    int words = 0;
    for (char *token = strtok(copy, " ,."); token != NULL; token = strtok(NULL, " ,.")) {
        for (char *p = token; *p; p++) {
            *p = (char)tolower((unsigned char)*p);
        }
        count_word(token);
        words++;
    }
    struct entry *all[VOCABULARY];
    size_t distinct = 0;
    for (int b = 0; b < BUCKETS; b++) {
        for (struct entry *e = buckets[b]; e != NULL; e = e->next) {
            all[distinct++] = e;
        }
    }
    qsort(all, distinct, sizeof all[0], by_count_then_word);
    printf("words: %d, distinct: %zu\n", words, distinct);
    for (size_t i = 0; i < distinct; i++) {
        printf("  %-10s %5d\n", all[i]->word, all[i]->count);
    }

    int occurrences = 0;
    for (const char *p = text; (p = strstr(p, "snapshot")) != NULL; p++) {
        occurrences++;
    }
    printf("occurrences of \"snapshot\": %d; first \"Fork\" at offset %td\n", occurrences, strstr(text, "Fork") - text);

    char sentence[] = "WebAssembly actors fork and migrate";
    reverse(sentence);
    printf("reversed: %s\n", sentence);

    const char *numbers = "42 -17 0x1f 3.25e2 077 junk";
    char *end;
    long a = strtol(numbers, &end, 10);
    long b = strtol(end, &end, 10);
    long c = strtol(end, &end, 16);
    double d = strtod(end, &end);
    long e = strtol(end, &end, 8);
    printf("parsed: %ld %ld %ld %g %ld rest=\"%s\"\n", a, b, c, d, e, end);

    char joined[128] = "";
    for (int i = 0; i < 5; i++) {
        char part[16];
        snprintf(part, sizeof part, "%s%d", i ? "-" : "", i * i);
        strncat(joined, part, sizeof joined - strlen(joined) - 1);
    }
    printf("joined: %s (length %zu), memcmp=%d\n", joined, strlen(joined), memcmp("abc", "abd", 3) < 0);
    free(copy);
    free(text);
    return 0;
}
