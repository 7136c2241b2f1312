/* Big-number arithmetic: the first digits of pi by Rabinowitz and Wagon's spigot algorithm
 * (argv[1] digits, 800 by default) and 300! in base 10^9 limbs. All integer work: i32/i64
 * multiply, divide and remainder. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void pi_digits(int digits) {
    int length = digits * 10 / 3 + 2;
    uint32_t *remainders = malloc((size_t)length * sizeof *remainders);
    char *out = malloc((size_t)digits + 2);
    for (int i = 0; i < length; i++) {
        remainders[i] = 2;
    }
    int produced = 0, nines = 0, predigit = 0;
    for (int j = 0; j < digits; j++) {
        uint32_t carry = 0;
        for (int i = length - 1; i >= 0; i--) {
            uint64_t x = 10ull * remainders[i] + (uint64_t)carry * (uint32_t)(i + 1);
            remainders[i] = (uint32_t)(x % (2u * (uint32_t)i + 1u));
            carry = (uint32_t)(x / (2u * (uint32_t)i + 1u));
        }
        remainders[0] = carry % 10;
        int q = (int)(carry / 10);
        if (q == 9) {
            nines++;
        } else if (q == 10) {
            out[produced++] = (char)('0' + predigit + 1);
            for (; nines > 0; nines--) {
                out[produced++] = '0';
            }
            predigit = 0;
        } else {
            if (j > 0) {
                out[produced++] = (char)('0' + predigit);
            }
            for (; nines > 0; nines--) {
                out[produced++] = '9';
            }
            predigit = q;
        }
    }
    out[produced++] = (char)('0' + predigit);
    out[produced] = '\0';
    printf("pi = %c.", out[0]);
    for (int i = 1; i < produced; i++) {
        putchar(out[i]);
        if (i % 64 == 0) {
            printf("\n     ");
        }
    }
    printf("\n");
    free(out);
    free(remainders);
}

static void factorial(int n) {
    enum { LIMBS = 256 };
    static uint32_t limb[LIMBS]; /* little-endian, base 10^9 */
    int used = 1;
    limb[0] = 1;
    for (int k = 2; k <= n; k++) {
        uint64_t carry = 0;
        for (int i = 0; i < used; i++) {
            uint64_t x = (uint64_t)limb[i] * (uint64_t)k + carry;
            limb[i] = (uint32_t)(x % 1000000000u);
            carry = x / 1000000000u;
        }
        while (carry != 0 && used < LIMBS) {
            limb[used++] = (uint32_t)(carry % 1000000000u);
            carry /= 1000000000u;
        }
    }
    int digit_sum = 0, digits = 0;
    for (int i = 0; i < used; i++) {
        uint32_t v = limb[i];
        for (int d = 0; d < 9 && (v != 0 || i + 1 < used); d++) {
            digit_sum += (int)(v % 10);
            v /= 10;
            digits++;
        }
    }
    printf("%d! has %d digits, digit sum %d, leading limb %u, trailing limbs %09u %09u\n", n, digits, digit_sum,
           limb[used - 1], limb[1], limb[0]);
}

int main(int argc, char **argv) {
    int digits = argc > 1 ? atoi(argv[1]) : 800;
    if (digits < 1 || digits > 100000) {
        fprintf(stderr, "digits must be between 1 and 100000\n");
        return 2;
    }
    pi_digits(digits);
    factorial(300);
    return 0;
}
