/* Error paths without setjmp: a small config parser that reports failures through return codes
 * up several layers, messages on stderr and a distinct nonzero exit status per failure kind.
 * argv[1] picks the scenario: "ok" (exit 0), "parse" (exit 2), "missing" (exit 3, a file that does
 * not exist), "exit" (exit 42 from deep inside, via exit()), "trap" (a wasm trap via
 * __builtin_trap), "abort" (abort()), "divide" (an integer division by zero trap). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum status { OK = 0, ERR_SYNTAX = 2, ERR_IO = 3 };

struct setting {
    char key[32];
    long value;
};

static enum status parse_line(const char *line, struct setting *out, int line_number) {
    const char *equals = strchr(line, '=');
    if (equals == NULL || equals == line || (size_t)(equals - line) >= sizeof out->key) {
        fprintf(stderr, "line %d: expected key=value, got \"%s\"\n", line_number, line);
        return ERR_SYNTAX;
    }
    memcpy(out->key, line, (size_t)(equals - line));
    out->key[equals - line] = '\0';
    char *end;
    errno = 0;
    out->value = strtol(equals + 1, &end, 10);
    if (end == equals + 1 || *end != '\0' || errno != 0) {
        fprintf(stderr, "line %d: \"%s\" is not a number\n", line_number, equals + 1);
        return ERR_SYNTAX;
    }
    return OK;
}

static enum status parse_config(const char *text, struct setting *settings, int capacity, int *count) {
    char line[128];
    int line_number = 0;
    *count = 0;
    while (*text != '\0') {
        size_t length = strcspn(text, "\n");
        if (length >= sizeof line) {
            fprintf(stderr, "line %d: too long\n", line_number + 1);
            return ERR_SYNTAX;
        }
        memcpy(line, text, length);
        line[length] = '\0';
        text += length + (text[length] == '\n');
        line_number++;
        if (length == 0 || line[0] == '#') {
            continue;
        }
        if (*count == capacity) {
            fprintf(stderr, "line %d: too many settings\n", line_number);
            return ERR_SYNTAX;
        }
        enum status status = parse_line(line, &settings[*count], line_number);
        if (status != OK) {
            return status;
        }
        (*count)++;
    }
    return OK;
}

static enum status load_file(const char *path) {
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
        return ERR_IO;
    }
    fclose(file);
    return OK;
}

static void give_up_deep_inside(int depth) {
    if (depth == 0) {
        printf("exiting with status 42 from deep inside\n");
        fflush(stdout);
        exit(42);
    }
    give_up_deep_inside(depth - 1);
    printf("never printed\n");
}

/* Kept out of line so the division really happens at run time and traps. */
__attribute__((noinline)) static int divide(volatile int a, volatile int b) { return a / b; }

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "parse";
    struct setting settings[8];
    int count = 0;
    enum status status = OK;
    printf("scenario: %s\n", scenario);
    if (strcmp(scenario, "ok") == 0) {
        status = parse_config("# settings\nworkers=4\n\npages=65536\nfuel=-1\n", settings, 8, &count);
    } else if (strcmp(scenario, "parse") == 0) {
        status = parse_config("workers=4\npages=lots\n", settings, 8, &count);
    } else if (strcmp(scenario, "missing") == 0) {
        status = load_file("/data/no/such/file.conf");
    } else if (strcmp(scenario, "exit") == 0) {
        give_up_deep_inside(20);
    } else if (strcmp(scenario, "trap") == 0) {
        fflush(stdout);
        __builtin_trap();
    } else if (strcmp(scenario, "abort") == 0) {
        fflush(stdout);
        abort();
    } else if (strcmp(scenario, "divide") == 0) {
        fflush(stdout);
        volatile int zero = 0;
        printf("%d\n", divide(1, zero));
    } else {
        fprintf(stderr, "unknown scenario \"%s\"\n", scenario);
        return 64;
    }
    for (int i = 0; i < count; i++) {
        printf("%s = %ld\n", settings[i].key, settings[i].value);
    }
    printf("status %d\n", (int)status);
    return (int)status;
}
