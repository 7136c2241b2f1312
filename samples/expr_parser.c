/* A recursive-descent parser and evaluator over generated input, as compilers and config readers have:
 * argv[1] random expressions (40000 by default, from a fixed seed) over numbers, variables, unary minus,
 * + - * / % < == && || ?: and calls of a few built-in functions are printed to text, tokenised, parsed into
 * a tree in an arena and evaluated recursively against several variable assignments. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t seed = 12345;
static uint32_t next_random(void) {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

/* ---- generation: a random expression as text ---- */
static char text[1 << 16];
static int text_length;

static void put(const char *s) {
    while (*s) {
        text[text_length++] = *s++;
    }
}

static void put_number(uint32_t n) {
    char digits[12];
    int k = 0;
    do {
        digits[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (k) {
        text[text_length++] = digits[--k];
    }
}

static const char *const binary_ops[] = {" + ", " - ", " * ", " / ", " % ", " < ", " == ", " && ", " || "};
static const char *const functions[] = {"min", "max", "abs", "mix"};

static void generate(int depth) {
    uint32_t r = next_random();
    if (depth <= 0 || r % 7 == 0) {
        if (r & 64) {
            put_number(r % 1000);
        } else {
            text[text_length++] = (char)('a' + (r >> 3) % 6);
        }
        return;
    }
    switch (r % 6) {
    case 0:
        put("(");
        generate(depth - 1);
        put(")");
        break;
    case 1:
        put("-");
        generate(depth - 1);
        break;
    case 2:
        put(functions[(r >> 4) % 4]);
        put("(");
        generate(depth - 1);
        put(", ");
        generate(depth - 2);
        put(")");
        break;
    case 3:
        generate(depth - 1);
        put(" ? ");
        generate(depth - 2);
        put(" : ");
        generate(depth - 2);
        break;
    default:
        generate(depth - 1);
        put(binary_ops[(r >> 4) % 9]);
        generate(depth - 1);
        break;
    }
}

/* ---- tokens ---- */
enum { T_END, T_NUM, T_VAR, T_FUNC, T_LPAREN, T_RPAREN, T_COMMA, T_QUESTION, T_COLON, T_OP };
typedef struct {
    int kind;
    int value; /* number, variable index, function index or operator character ('=' for ==, '&', '|') */
} token;

static token tokens[1 << 15];
static int token_count;
static int position;

static void tokenise(void) {
    token_count = 0;
    for (int i = 0; i < text_length;) {
        char c = text[i];
        token t = {T_END, 0};
        if (c == ' ') {
            i++;
            continue;
        }
        if (c >= '0' && c <= '9') {
            int v = 0;
            while (i < text_length && text[i] >= '0' && text[i] <= '9') {
                v = v * 10 + (text[i++] - '0');
            }
            t.kind = T_NUM;
            t.value = v;
        } else if (c >= 'a' && c <= 'z') {
            int start = i;
            while (i < text_length && text[i] >= 'a' && text[i] <= 'z') {
                i++;
            }
            if (i - start == 1) {
                t.kind = T_VAR;
                t.value = c - 'a';
            } else {
                t.kind = T_FUNC;
                for (int f = 0; f < 4; f++) {
                    if (strncmp(text + start, functions[f], 3) == 0) {
                        t.value = f;
                    }
                }
            }
        } else if (c == '=' || c == '&' || c == '|') {
            t.kind = T_OP;
            t.value = c;
            i += 2;
        } else {
            t.kind = c == '(' ? T_LPAREN : c == ')' ? T_RPAREN : c == ',' ? T_COMMA : c == '?' ? T_QUESTION : c == ':' ? T_COLON : T_OP;
            t.value = c;
            i++;
        }
        tokens[token_count++] = t;
    }
    tokens[token_count].kind = T_END;
}

/* ---- the tree ---- */
enum { N_NUM, N_VAR, N_NEG, N_BINARY, N_COND, N_CALL };
typedef struct node {
    int kind;
    int value;
    struct node *a, *b, *c;
} node;

static node arena[1 << 15];
static int arena_used;

static node *make(int kind, int value, node *a, node *b, node *c) {
    node *n = &arena[arena_used++];
    n->kind = kind;
    n->value = value;
    n->a = a;
    n->b = b;
    n->c = c;
    return n;
}

/* conditional := binary0 ('?' conditional ':' conditional)?  binaryN := binaryN+1 (op of level N binaryN+1)*
 * (levels: || && < == + - * / %)  unary := '-' unary | primary  primary := number | variable | function '(' conditional ',' conditional ')' | '(' conditional ')' */
static node *conditional(void);

static node *primary(void) {
    token t = tokens[position++];
    switch (t.kind) {
    case T_NUM:
        return make(N_NUM, t.value, NULL, NULL, NULL);
    case T_VAR:
        return make(N_VAR, t.value, NULL, NULL, NULL);
    case T_FUNC: {
        position++; /* ( */
        node *a = conditional();
        position++; /* , */
        node *b = conditional();
        position++; /* ) */
        return make(N_CALL, t.value, a, b, NULL);
    }
    default: {
        node *inner = conditional();
        position++; /* ) */
        return inner;
    }
    }
}

static node *unary(void) {
    if (tokens[position].kind == T_OP && tokens[position].value == '-') {
        position++;
        return make(N_NEG, 0, unary(), NULL, NULL);
    }
    return primary();
}

/* The binary operators by precedence, lowest first; each level parses the next one's operands. */
static const char *const levels[] = {"|", "&", "<=", "+-", "*/%"};

static node *binary(int level) {
    if (level == 5) {
        return unary();
    }
    node *left = binary(level + 1);
    while (tokens[position].kind == T_OP && strchr(levels[level], tokens[position].value) != NULL) {
        int op = tokens[position++].value;
        left = make(N_BINARY, op, left, binary(level + 1), NULL);
    }
    return left;
}

static node *conditional(void) {
    node *test = binary(0);
    if (tokens[position].kind != T_QUESTION) {
        return test;
    }
    position++;
    node *yes = conditional();
    position++; /* : */
    node *no = conditional();
    return make(N_COND, 0, test, yes, no);
}

/* ---- evaluation: wrapping 32-bit arithmetic, division by zero gives 0 ---- */
static int32_t variables[6];

static int32_t evaluate(const node *n) {
    switch (n->kind) {
    case N_NUM:
        return n->value;
    case N_VAR:
        return variables[n->value];
    case N_NEG:
        return (int32_t)(0u - (uint32_t)evaluate(n->a));
    case N_COND:
        return evaluate(n->a) ? evaluate(n->b) : evaluate(n->c);
    case N_CALL: {
        int32_t a = evaluate(n->a), b = evaluate(n->b);
        switch (n->value) {
        case 0: return a < b ? a : b;
        case 1: return a > b ? a : b;
        case 2: return a < 0 ? (int32_t)(0u - (uint32_t)a) : a;
        default: return (int32_t)((uint32_t)a * 31u + (uint32_t)b);
        }
    }
    default: {
        int32_t a = evaluate(n->a);
        if (n->value == '&') {
            return a && evaluate(n->b);
        }
        if (n->value == '|') {
            return a || evaluate(n->b);
        }
        int32_t b = evaluate(n->b);
        switch (n->value) {
        case '+': return (int32_t)((uint32_t)a + (uint32_t)b);
        case '-': return (int32_t)((uint32_t)a - (uint32_t)b);
        case '*': return (int32_t)((uint32_t)a * (uint32_t)b);
        case '/': return b == 0 || (a == INT32_MIN && b == -1) ? 0 : a / b;
        case '%': return b == 0 || (a == INT32_MIN && b == -1) ? 0 : a % b;
        case '<': return a < b;
        default: return a == b;
        }
    }
    }
}

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 40000;
    uint32_t checksum = 0;
    long total_tokens = 0, total_nodes = 0;
    for (int e = 0; e < count; e++) {
        text_length = 0;
        generate(9);
        tokenise();
        position = 0;
        arena_used = 0;
        node *root = conditional();
        if (tokens[position].kind != T_END) {
            printf("expression %d: parse stopped at token %d of %d\n", e, position, token_count);
            return 1;
        }
        total_tokens += token_count;
        total_nodes += arena_used;
        for (int assignment = 0; assignment < 16; assignment++) {
            for (int v = 0; v < 6; v++) {
                variables[v] = (int32_t)((uint32_t)(assignment * 7 + v * 13) % 97u) - 40;
            }
            checksum = checksum * 31u + (uint32_t)evaluate(root);
        }
        if (e < 3) {
            text[text_length < 60 ? text_length : 60] = 0;
            printf("expression %d: %s...\n", e, text);
        }
    }
    printf("%d expressions, %ld tokens, %ld nodes, checksum %08x\n", count, total_tokens, total_nodes, checksum);
    return 0;
}
