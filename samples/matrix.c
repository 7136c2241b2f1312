/* Double-precision kernels: matrix multiply (naive and blocked), LU decomposition with partial
 * pivoting, a linear solve checked by its residual, and a Jacobi iteration. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N 96

static double a[N][N], b[N][N], c[N][N], d[N][N], lu[N][N];
static double x[N], rhs[N], work[N];
static int pivot[N];

static void generate(void) {
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = sin((double)(i * N + j)) + (i == j ? N : 0.0);
            b[i][j] = cos((double)(i - 2 * j)) / (1.0 + i + j);
        }
        rhs[i] = (double)(i % 7) - 3.0;
    }
}

static void multiply_naive(void) {
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            double sum = 0.0;
            for (int k = 0; k < N; k++) {
                sum += a[i][k] * b[k][j];
            }
            c[i][j] = sum;
        }
    }
}

static void multiply_blocked(void) {
    enum { B = 16 };
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            d[i][j] = 0.0;
        }
    }
    for (int ii = 0; ii < N; ii += B) {
        for (int kk = 0; kk < N; kk += B) {
            for (int jj = 0; jj < N; jj += B) {
                for (int i = ii; i < ii + B; i++) {
                    for (int k = kk; k < kk + B; k++) {
                        double aik = a[i][k];
                        for (int j = jj; j < jj + B; j++) {
                            d[i][j] += aik * b[k][j];
                        }
                    }
                }
            }
        }
    }
}

static int decompose(void) {
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            lu[i][j] = a[i][j];
        }
        pivot[i] = i;
    }
    for (int k = 0; k < N; k++) {
        int best = k;
        for (int i = k + 1; i < N; i++) {
            if (fabs(lu[i][k]) > fabs(lu[best][k])) {
                best = i;
            }
        }
        if (lu[best][k] == 0.0) {
            return -1;
        }
        if (best != k) {
            for (int j = 0; j < N; j++) {
                double t = lu[k][j];
                lu[k][j] = lu[best][j];
                lu[best][j] = t;
            }
            int t = pivot[k];
            pivot[k] = pivot[best];
            pivot[best] = t;
        }
        for (int i = k + 1; i < N; i++) {
            lu[i][k] /= lu[k][k];
            for (int j = k + 1; j < N; j++) {
                lu[i][j] -= lu[i][k] * lu[k][j];
            }
        }
    }
    return 0;
}

static void solve(void) {
    for (int i = 0; i < N; i++) {
        double sum = rhs[pivot[i]];
        for (int j = 0; j < i; j++) {
            sum -= lu[i][j] * work[j];
        }
        work[i] = sum;
    }
    for (int i = N - 1; i >= 0; i--) {
        double sum = work[i];
        for (int j = i + 1; j < N; j++) {
            sum -= lu[i][j] * x[j];
        }
        x[i] = sum / lu[i][i];
    }
}

int main(void) {
    generate();
    multiply_naive();
    multiply_blocked();
    double trace = 0.0, frobenius = 0.0, max_difference = 0.0;
    for (int i = 0; i < N; i++) {
        trace += c[i][i];
        for (int j = 0; j < N; j++) {
            frobenius += c[i][j] * c[i][j];
            max_difference = fmax(max_difference, fabs(c[i][j] - d[i][j]));
        }
    }
    printf("product: trace=%.10e frobenius=%.10e\n", trace, sqrt(frobenius));
    printf("blocked vs naive: max difference %.3e\n", max_difference);
    printf("c[0][0]=%.15g c[%d][%d]=%.15g\n", c[0][0], N - 1, N / 2, c[N - 1][N / 2]);

    if (decompose() != 0) {
        printf("singular matrix\n");
        return 1;
    }
    double determinant = 1.0;
    int swaps = 0;
    for (int i = 0; i < N; i++) {
        determinant *= lu[i][i] / N; /* scaled to stay in range */
        swaps += pivot[i] != i;
    }
    solve();
    double residual = 0.0;
    for (int i = 0; i < N; i++) {
        double sum = -rhs[i];
        for (int j = 0; j < N; j++) {
            sum += a[i][j] * x[j];
        }
        residual = fmax(residual, fabs(sum));
    }
    printf("lu: scaled determinant=%.12g rows moved=%d\n", determinant, swaps);
    printf("solve: x[0]=%.12g x[%d]=%.12g residual %s 1e-12\n", x[0], N - 1, x[N - 1], residual < 1e-12 ? "<" : ">=");

    /* Jacobi iteration on the same diagonally dominant system. */
    for (int i = 0; i < N; i++) {
        x[i] = 0.0;
    }
    int iterations = 0;
    double change = 1.0;
    while (change > 1e-13 && iterations < 1000) {
        change = 0.0;
        for (int i = 0; i < N; i++) {
            double sum = rhs[i];
            for (int j = 0; j < N; j++) {
                if (j != i) {
                    sum -= a[i][j] * x[j];
                }
            }
            work[i] = sum / a[i][i];
            change = fmax(change, fabs(work[i] - x[i]));
        }
        for (int i = 0; i < N; i++) {
            x[i] = work[i];
        }
        iterations++;
    }
    printf("jacobi: %d iterations, x[0]=%.12g\n", iterations, x[0]);
    return 0;
}
