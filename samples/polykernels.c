/* Loop kernels in the shape of PolyBench/C 4.2 (the ones that ran slowest in the CIL tier when first measured):
 * floyd-warshall (all-pairs shortest paths, int), lu and ludcmp (LU without pivoting, then forward and back
 * substitution) and cholesky, on n x n matrices initialised as PolyBench does. Prints a checksum per kernel.
 * Usage: polykernels [kernel|all] [n]   (kernel: floyd, lu, ludcmp, cholesky; default all 60) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static int n;

static void *matrix(size_t element) {
    void *m = calloc((size_t)n * n, element);
    if (!m) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return m;
}

/* A positive definite matrix, as PolyBench's lu/ludcmp/cholesky build theirs: a lower triangle, then A * A^T. */
static double *positive_definite(void) {
    double *a = matrix(sizeof(double)), *b = matrix(sizeof(double));
    for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) a[i * n + j] = (double)(-j % n) / n + 1;
        for (int j = i + 1; j < n; j++) a[i * n + j] = 0;
        a[i * n + i] = 1;
    }
    for (int r = 0; r < n; r++)
        for (int s = 0; s < n; s++)
            for (int t = 0; t < n; t++) b[r * n + s] += a[r * n + t] * a[s * n + t];
    memcpy(a, b, sizeof(double) * n * n);
    free(b);
    return a;
}

static double sum(const double *m, int count) {
    double total = 0;
    for (int i = 0; i < count; i++) total += m[i];
    return total;
}

static void floyd(void) {
    int *path = matrix(sizeof(int));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            path[i * n + j] = i * j % 7 + 1;
            if ((i + j) % 13 == 0 || (i + j) % 7 == 0 || (i + j) % 11 == 0) path[i * n + j] = 999;
        }
    for (int k = 0; k < n; k++)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                int through = path[i * n + k] + path[k * n + j];
                if (through < path[i * n + j]) path[i * n + j] = through;
            }
    long long total = 0;
    for (int i = 0; i < n * n; i++) total += path[i];
    printf("floyd %d: %lld\n", n, total);
    free(path);
}

static void lu_in_place(double *a) {
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
            for (int k = 0; k < j; k++) a[i * n + j] -= a[i * n + k] * a[k * n + j];
            a[i * n + j] /= a[j * n + j];
        }
        for (int j = i; j < n; j++)
            for (int k = 0; k < i; k++) a[i * n + j] -= a[i * n + k] * a[k * n + j];
    }
}

static void lu(void) {
    double *a = positive_definite();
    lu_in_place(a);
    printf("lu %d: %.6e\n", n, sum(a, n * n));
    free(a);
}

static void ludcmp(void) {
    double *a = positive_definite();
    double *b = malloc(sizeof(double) * n), *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) b[i] = (i + 1) / (double)n / 2.0 + 4;
    lu_in_place(a);
    for (int i = 0; i < n; i++) {
        double w = b[i];
        for (int j = 0; j < i; j++) w -= a[i * n + j] * y[j];
        y[i] = w;
    }
    for (int i = n - 1; i >= 0; i--) {
        double w = y[i];
        for (int j = i + 1; j < n; j++) w -= a[i * n + j] * x[j];
        x[i] = w / a[i * n + i];
    }
    printf("ludcmp %d: %.6e\n", n, sum(x, n));
    free(a);
    free(b);
    free(x);
    free(y);
}

static void cholesky(void) {
    double *a = positive_definite();
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
            for (int k = 0; k < j; k++) a[i * n + j] -= a[i * n + k] * a[j * n + k];
            a[i * n + j] /= a[j * n + j];
        }
        for (int k = 0; k < i; k++) a[i * n + i] -= a[i * n + k] * a[i * n + k];
        a[i * n + i] = sqrt(a[i * n + i]);
    }
    double total = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) total += a[i * n + j];
    printf("cholesky %d: %.6e\n", n, total);
    free(a);
}

int main(int argc, char **argv) {
    const char *kernel = argc > 1 ? argv[1] : "all";
    n = argc > 2 ? atoi(argv[2]) : 60;
    if (n < 1 || n > 4000) {
        fprintf(stderr, "n must be 1..4000\n");
        return 2;
    }
    int all = strcmp(kernel, "all") == 0, ran = 0;
    if (all || strcmp(kernel, "floyd") == 0) floyd(), ran++;
    if (all || strcmp(kernel, "lu") == 0) lu(), ran++;
    if (all || strcmp(kernel, "ludcmp") == 0) ludcmp(), ran++;
    if (all || strcmp(kernel, "cholesky") == 0) cholesky(), ran++;
    if (!ran) {
        fprintf(stderr, "unknown kernel %s (floyd, lu, ludcmp, cholesky, all)\n", kernel);
        return 2;
    }
    return 0;
}
