/* A small stack-based bytecode interpreter, the way scripting languages run: a dispatch loop over a
 * bytecode program with locals, jumps, calls and returns inside the VM, and native functions called
 * through a table of function pointers. The program (argv[1] outer iterations, 18000 by default)
 * runs nested loops of arithmetic, a recursive bytecode Fibonacci and calls of the natives. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum {
    OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_MOD, OP_AND, OP_XOR, OP_SHL,
    OP_LT, OP_JZ, OP_JMP, OP_CALL, OP_RET, OP_NATIVE, OP_DUP, OP_POP, OP_INC,
};

#define STACK_SIZE 4096
#define LOCALS 8
#define MAX_FRAMES 256

typedef int32_t (*native_fn)(int32_t, int32_t);

static int32_t native_mix(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * 2654435761u ^ (uint32_t)b); }
static int32_t native_min(int32_t a, int32_t b) { return a < b ? a : b; }
static int32_t native_max(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t native_gcd(int32_t a, int32_t b) {
    a = a < 0 ? -a : a;
    b = b < 0 ? -b : b;
    while (b != 0) {
        int32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static const native_fn natives[] = {native_mix, native_min, native_max, native_gcd};

typedef struct {
    int return_pc;
    int32_t locals[LOCALS];
} frame;

typedef struct {
    int32_t stack[STACK_SIZE];
    frame frames[MAX_FRAMES];
    uint64_t steps;
} vm;

static int32_t run(vm *machine, const int32_t *code, int pc) {
    int32_t *sp = machine->stack;
    frame *fp = machine->frames;
    for (;;) {
        machine->steps++;
        int32_t op = code[pc++];
        switch (op) {
        case OP_HALT:
            return sp[-1];
        case OP_PUSH:
            *sp++ = code[pc++];
            break;
        case OP_LOAD:
            *sp++ = fp->locals[code[pc++]];
            break;
        case OP_STORE:
            fp->locals[code[pc++]] = *--sp;
            break;
        case OP_ADD: sp--; sp[-1] = (int32_t)((uint32_t)sp[-1] + (uint32_t)sp[0]); break;
        case OP_SUB: sp--; sp[-1] = (int32_t)((uint32_t)sp[-1] - (uint32_t)sp[0]); break;
        case OP_MUL: sp--; sp[-1] = (int32_t)((uint32_t)sp[-1] * (uint32_t)sp[0]); break;
        case OP_MOD: sp--; sp[-1] = sp[0] == 0 ? 0 : (int32_t)((uint32_t)sp[-1] % (uint32_t)sp[0]); break;
        case OP_AND: sp--; sp[-1] &= sp[0]; break;
        case OP_XOR: sp--; sp[-1] ^= sp[0]; break;
        case OP_SHL: sp--; sp[-1] = (int32_t)((uint32_t)sp[-1] << (sp[0] & 31)); break;
        case OP_LT: sp--; sp[-1] = sp[-1] < sp[0]; break;
        case OP_JZ: {
            int32_t target = code[pc++];
            if (*--sp == 0) {
                pc = target;
            }
            break;
        }
        case OP_JMP:
            pc = code[pc];
            break;
        case OP_CALL: {
            /* CALL target argc: the arguments become the callee's first locals. */
            int32_t target = code[pc++];
            int32_t argc = code[pc++];
            frame *callee = fp + 1;
            callee->return_pc = pc;
            for (int i = argc - 1; i >= 0; i--) {
                callee->locals[i] = *--sp;
            }
            fp = callee;
            pc = target;
            break;
        }
        case OP_RET:
            pc = fp->return_pc;
            fp--;
            break;
        case OP_NATIVE: {
            native_fn fn = natives[code[pc++] & 3];
            sp--;
            sp[-1] = fn(sp[-1], sp[0]);
            break;
        }
        case OP_DUP: *sp = sp[-1]; sp++; break;
        case OP_POP: sp--; break;
        case OP_INC: fp->locals[code[pc]] += code[pc + 1]; pc += 2; break;
        default:
            fprintf(stderr, "bad opcode %d at %d\n", op, pc - 1);
            exit(1);
        }
    }
}

/* A tiny assembler: emits into a buffer and patches forward jumps. */
static int32_t program[512];
static int length;

static int emit(int32_t word) {
    program[length] = word;
    return length++;
}

static void emit2(int32_t op, int32_t arg) {
    emit(op);
    emit(arg);
}

/* fib(n) in bytecode: locals[0] = n. */
static int emit_fib(void) {
    int start = length;
    emit2(OP_LOAD, 0);
    emit2(OP_PUSH, 2);
    emit(OP_LT);
    int jz = emit(OP_JZ);
    int patch = emit(0);
    emit2(OP_LOAD, 0);
    emit(OP_RET);
    program[patch] = length;
    (void)jz;
    emit2(OP_LOAD, 0);
    emit2(OP_PUSH, 1);
    emit(OP_SUB);
    emit(OP_CALL); emit(start); emit(1);
    emit2(OP_LOAD, 0);
    emit2(OP_PUSH, 2);
    emit(OP_SUB);
    emit(OP_CALL); emit(start); emit(1);
    emit(OP_ADD);
    emit(OP_RET);
    return start;
}

/* main: for i < outer { for j < 200 { acc = mix(acc * 31 + (i ^ j) << (j & 3), j) % 1000003 }
 *                       acc = acc + fib(12 + (i & 3)) + gcd(i, acc) + max(min(i, j), 7) } */
static void assemble(int32_t outer) {
    length = 0;
    int skip = emit(OP_JMP);
    int skip_patch = emit(0);
    (void)skip;
    int fib = emit_fib();
    program[skip_patch] = length;
    enum { I, J, ACC };
    emit2(OP_PUSH, 0); emit2(OP_STORE, I);
    emit2(OP_PUSH, 1); emit2(OP_STORE, ACC);
    int outer_top = length;
    emit2(OP_LOAD, I); emit2(OP_PUSH, outer); emit(OP_LT);
    emit(OP_JZ); int outer_exit = emit(0);
    emit2(OP_PUSH, 0); emit2(OP_STORE, J);
    int inner_top = length;
    emit2(OP_LOAD, J); emit2(OP_PUSH, 200); emit(OP_LT);
    emit(OP_JZ); int inner_exit = emit(0);
    emit2(OP_LOAD, ACC); emit2(OP_PUSH, 31); emit(OP_MUL);
    emit2(OP_LOAD, I); emit2(OP_LOAD, J); emit(OP_XOR);
    emit2(OP_LOAD, J); emit2(OP_PUSH, 3); emit(OP_AND); emit(OP_SHL);
    emit(OP_ADD);
    emit2(OP_LOAD, J); emit2(OP_NATIVE, 0);
    emit2(OP_PUSH, 1000003); emit(OP_MOD);
    emit2(OP_STORE, ACC);
    emit(OP_INC); emit(J); emit(1);
    emit2(OP_JMP, inner_top);
    program[inner_exit] = length;
    emit2(OP_LOAD, ACC);
    emit2(OP_LOAD, I); emit2(OP_PUSH, 3); emit(OP_AND); emit2(OP_PUSH, 12); emit(OP_ADD);
    emit(OP_CALL); emit(fib); emit(1);
    emit(OP_ADD);
    emit2(OP_LOAD, I); emit2(OP_LOAD, ACC); emit2(OP_NATIVE, 3); emit(OP_ADD);
    emit2(OP_LOAD, I); emit2(OP_LOAD, J); emit2(OP_NATIVE, 1); emit2(OP_PUSH, 7); emit2(OP_NATIVE, 2); emit(OP_ADD);
    emit2(OP_STORE, ACC);
    emit(OP_INC); emit(I); emit(1);
    emit2(OP_JMP, outer_top);
    program[outer_exit] = length;
    emit2(OP_LOAD, ACC);
    emit(OP_HALT);
}

int main(int argc, char **argv) {
    int32_t outer = argc > 1 ? atoi(argv[1]) : 18000;
    assemble(outer);
    vm *machine = calloc(1, sizeof *machine);
    int32_t result = run(machine, program, 0);
    uint32_t code_sum = 0;
    for (int i = 0; i < length; i++) {
        code_sum = code_sum * 33u + (uint32_t)program[i];
    }
    printf("bytecode: %d words, checksum %08x\n", length, code_sum);
    printf("outer=%d result=%d steps=%llu\n", outer, result, (unsigned long long)machine->steps);
    free(machine);
    return 0;
}
