#!/usr/bin/env bash
# Rebuilds every samples/*.c into samples/*.wasm (WASI preview1, wasm32).
# The .wasm files are committed, so running the samples needs no compiler; this script is only for
# changing them. Needs these Debian packages (bookworm: clang 14, wasi-libc 0.0~git20220510):
#     apt-get install clang lld wasi-libc libclang-rt-dev-wasm32
# Idempotent: the same sources and toolchain give the same bytes, and it rewrites a .wasm only if
# its bytes changed.
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-clang}
missing=()
command -v "$CC" >/dev/null || missing+=(clang)
command -v wasm-ld >/dev/null || missing+=(lld)
[ -e /usr/include/wasm32-wasi/stdio.h ] || [ -e /usr/share/wasi-sysroot/include/stdio.h ] || missing+=(wasi-libc)
if [ ${#missing[@]} -gt 0 ]; then
    echo "build.sh: missing ${missing[*]}; install: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32" >&2
    exit 2
fi

# clang runs binaryen's wasm-opt after linking whenever the link command has an -O flag and a wasm-opt is
# installed, so the output would depend on whether binaryen happens to be there. Compiling (-O2) and linking
# (no -O) in two steps always gives plain clang output.
#
# A 1 MiB shadow stack (wasm-ld's default is 64 KiB) so recursion.c can go a few thousand frames deep.
COMPILE=(--target=wasm32-wasi -O2 -Wall -Wextra -Werror)
LINK=(--target=wasm32-wasi -Wl,-z,stack-size=1048576)

extra_flags() {
    case "$1" in
        # The fork benchmark's memory: start with 80 MiB so the touched heap needs no memory.grow.
        bigmem) echo "-Wl,--initial-memory=83886080" ;;
        *) echo "" ;;
    esac
}

# Compile flags of single samples: simd.c uses the fixed-width SIMD proposal (v128).
compile_flags() {
    case "$1" in
        simd) echo "-msimd128" ;;
        *) echo "" ;;
    esac
}

built=0
temporary=""
object=""
trap 'rm -f "$temporary" "$object"' EXIT
for source in *.c; do
    name=${source%.c}
    output=$name.wasm
    temporary=$(mktemp "${TMPDIR:-/tmp}/$name.XXXXXX.wasm")
    object=$(mktemp "${TMPDIR:-/tmp}/$name.XXXXXX.o")
    # shellcheck disable=SC2046 # compile_flags returns zero or more words on purpose
    "$CC" "${COMPILE[@]}" $(compile_flags "$name") -c "$source" -o "$object"
    # shellcheck disable=SC2046 # extra_flags returns zero or more words on purpose
    "$CC" "${LINK[@]}" $(extra_flags "$name") "$object" -o "$temporary" -lm
    rm -f "$object"
    if [ -f "$output" ] && cmp -s "$temporary" "$output"; then
        rm -f "$temporary"
    else
        mv "$temporary" "$output"
        chmod 644 "$output"
        echo "built $output ($(stat -c %s "$output") bytes)"
        built=$((built + 1))
    fi
done
echo "build.sh: $built of $(ls -1 *.c | wc -l) samples changed"
