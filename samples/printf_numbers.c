/* Formatted output of integers and floating-point numbers: widths, flags, %g/%e/%f rounding,
 * limits of each integer type and special float values. Exercises libc's printf, i64 and f64 code. */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static void integers(void) {
    printf("int: %d %i %u %x %X %o\n", -42, 42, 42u, 255u, 255u, 8u);
    printf("width: [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
    printf("limits: %d %d %u\n", INT_MIN, INT_MAX, UINT_MAX);
    printf("int64: %" PRId64 " %" PRId64 " %" PRIu64 "\n", INT64_MIN, INT64_MAX, UINT64_MAX);
    printf("hex64: %#" PRIx64 " %016" PRIx64 "\n", (uint64_t)0xdeadbeefcafef00dULL, (uint64_t)0x1234);
    printf("char: %c%c%c size_t: %zu ptrdiff: %td\n", 'w', 'a', 's', sizeof(long double), (ptrdiff_t)-7);
    long long acc = 1;
    for (int i = 1; i <= 20; i++) {
        acc *= i;
    }
    printf("20! = %lld\n", acc);
}

static void floats(void) {
    const double values[] = {0.0, -0.0, 1.0, 0.1, 1.0 / 3.0, 2.5, 3.5, -2.5, 1e-7, 123456789.0,
                             1.5e300, 4.9e-324, 6.02214076e23, 2.675, 0.125, 1e21, 100.0, 99.99999};
    const int count = (int)(sizeof values / sizeof values[0]);
    for (int i = 0; i < count; i++) {
        double v = values[i];
        printf("%2d: %g | %e | %.3f | %.0f | %.17g | %a\n", i, v, v, v, v, v, v);
    }
    printf("rounding: %.0f %.0f %.0f %.0f %.1f %.2f\n", 0.5, 1.5, 2.5, -0.5, 0.05, 1.005);
    printf("float: %g %g %.9g\n", (double)FLT_MAX, (double)FLT_MIN, (double)(1.0f / 3.0f));
    printf("double: %g %g %.17g\n", DBL_MAX, DBL_MIN, DBL_EPSILON);
    printf("special: %f %f %f %e %g\n", INFINITY, -INFINITY, NAN, INFINITY, -NAN);
    printf("width: [%10.4f] [%-10.2e] [%+.3g] [%010.3f]\n", 3.14159265, 31415.9265, 0.000123456, -2.5);
}

static void arithmetic(void) {
    double sum = 0.0;
    for (int i = 1; i <= 1000; i++) {
        sum += 1.0 / ((double)i * i);
    }
    printf("basel(1000) = %.15f (pi^2/6 = %.15f)\n", sum, M_PI * M_PI / 6.0);
    float fsum = 0.0f;
    for (int i = 0; i < 10000; i++) {
        fsum += 0.1f;
    }
    printf("float sum of 0.1 x 10000 = %.7g\n", (double)fsum);
    printf("conversions: %d %d %u %lld %g\n", (int)3.99, (int)-3.99, (unsigned)2.5e9, (long long)-9.2e18,
           (double)(int64_t)9007199254740993LL);
    printf("math: %.12g %.12g %.12g %.12g %.12g\n", sqrt(2.0), exp(1.0), log(10.0), sin(1.0), pow(2.0, 0.5));
    printf("ops: %.17g %.17g %.17g\n", fma(0.1, 10.0, -1.0), fmod(10.5, 3.0), floor(-2.5) + ceil(2.1) + trunc(-7.9));
}

int main(void) {
    integers();
    floats();
    arithmetic();
    return 0;
}
