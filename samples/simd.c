/* Fixed-width SIMD kernels over memory: i32x4 multiply-add and f32x4 multiply-add on 4,096-element arrays, each
 * round loading, computing and storing 128-bit vectors (wasm_simd128.h intrinsics, so the loop is SIMD whatever the
 * optimiser does). The float recurrence converges to a fixed point, so no lane drifts into denormals. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasm_simd128.h>

#define N 4096

static int32_t ia[N], ib[N];
static float fa[N], fb[N];

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 1000;
    for (int i = 0; i < N; i++) {
        ia[i] = i * 7919;
        ib[i] = (i ^ 0x5a5a) - 3000;
        fa[i] = 1.0f + (float)(i % 97) / 1024.0f;
        fb[i] = 0.5f + (float)(i % 89) / 256.0f;
    }

    const v128_t step = wasm_f32x4_splat(0.25f);
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i += 4) {
            v128_t x = wasm_v128_load(&ia[i]);
            v128_t y = wasm_v128_load(&ib[i]);
            wasm_v128_store(&ia[i], wasm_i32x4_add(wasm_i32x4_mul(x, y), y));
            v128_t f = wasm_v128_load(&fa[i]);
            v128_t g = wasm_v128_load(&fb[i]);
            wasm_v128_store(&fa[i], wasm_f32x4_add(wasm_f32x4_mul(f, g), step));
        }
    }

    uint32_t isum = 0;
    double fsum = 0.0;
    for (int i = 0; i < N; i++) {
        isum = isum * 31u + (uint32_t)ia[i];
        fsum += fa[i];
    }
    printf("rounds %d: i32 checksum %u, f32 sum %.6f\n", rounds, isum, fsum);
    return 0;
}
