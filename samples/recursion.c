/* Deep and branchy recursion: a linked recursion N frames deep (N from argv[1]), naive Fibonacci,
 * the Ackermann function, mutual recursion and a recursive-descent expression evaluator. */
#include <stdio.h>
#include <stdlib.h>

static int depth_sum(int n, volatile int *sink) {
    /* A local array keeps each frame on the shadow stack, as real code does. */
    int frame[4] = {n, n * 2, n * 3, n * 4};
    *sink = frame[n & 3];
    if (n == 0) {
        return 0;
    }
    return frame[n & 3] % 7 + depth_sum(n - 1, sink);
}

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned ackermann(unsigned m, unsigned n) {
    if (m == 0) {
        return n + 1;
    }
    if (n == 0) {
        return ackermann(m - 1, 1);
    }
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

/* expression := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*; factor := number | '(' expr ')' */
static const char *cursor;
static long expression(void);

static long factor(void) {
    if (*cursor == '(') {
        cursor++;
        long value = expression();
        cursor++; /* ')' */
        return value;
    }
    if (*cursor == '-') {
        cursor++;
        return -factor();
    }
    long value = 0;
    while (*cursor >= '0' && *cursor <= '9') {
        value = value * 10 + (*cursor++ - '0');
    }
    return value;
}

static long term(void) {
    long value = factor();
    while (*cursor == '*' || *cursor == '/') {
        char op = *cursor++;
        long right = factor();
        value = op == '*' ? value * right : (right != 0 ? value / right : 0);
    }
    return value;
}

static long expression(void) {
    long value = term();
    while (*cursor == '+' || *cursor == '-') {
        char op = *cursor++;
        long right = term();
        value = op == '+' ? value + right : value - right;
    }
    return value;
}

int main(int argc, char **argv) {
    int depth = argc > 1 ? atoi(argv[1]) : 5000;
    volatile int sink = 0;
    printf("depth_sum(%d) = %d\n", depth, depth_sum(depth, &sink));
    printf("fib(25) = %u\n", fib(25));
    printf("ackermann(2, 300) = %u, ackermann(3, 5) = %u\n", ackermann(2, 300), ackermann(3, 5));
    printf("is_even(3001) = %d, is_odd(3001) = %d\n", is_even(3001), is_odd(3001));

    /* A nested expression 200 parentheses deep, built at run time. */
    static char text[4096];
    int length = 0;
    for (int i = 0; i < 200; i++) {
        length += snprintf(text + length, sizeof text - (size_t)length, "(%d+", i % 10);
    }
    length += snprintf(text + length, sizeof text - (size_t)length, "1");
    for (int i = 0; i < 200; i++) {
        length += snprintf(text + length, sizeof text - (size_t)length, ")*2");
        if (i % 20 == 19) {
            length += snprintf(text + length, sizeof text - (size_t)length, "/3");
        }
    }
    cursor = text;
    printf("nested expression of %d chars = %ld\n", length, expression());
    cursor = "2*(3+4)-10/(1+1)*-3";
    printf("2*(3+4)-10/(1+1)*-3 = %ld\n", expression());
    return 0;
}
