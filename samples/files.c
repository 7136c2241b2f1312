/* File I/O in a preopened directory (guest path "/data", or argv[1]): create a directory, write a
 * file with fwrite and with write(2), read it back, seek, append, stat, list the directory (sorted,
 * so the output does not depend on the host's order), rename, and remove everything it made
 * except one summary file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256];

static const char *at(const char *relative) {
    static char path[4][512];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", root, relative);
    return p;
}

static int fail(const char *what) {
    printf("FAILED: %s: %s\n", what, strerror(errno));
    return 1;
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : "/data");

    if (mkdir(at("work"), 0755) != 0) {
        return fail("mkdir work");
    }
    FILE *out = fopen(at("work/numbers.txt"), "w");
    if (out == NULL) {
        return fail("fopen numbers.txt");
    }
    for (int i = 1; i <= 1000; i++) {
        fprintf(out, "%d %d\n", i, i * i);
    }
    fclose(out);

    int fd = open(at("work/raw.bin"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        return fail("open raw.bin");
    }
    unsigned char block[4096];
    for (int i = 0; i < (int)sizeof block; i++) {
        block[i] = (unsigned char)(i * 31);
    }
    for (int i = 0; i < 16; i++) {
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block) {
            return fail("write raw.bin");
        }
    }
    close(fd);

    FILE *in = fopen(at("work/numbers.txt"), "r");
    long long sum = 0;
    int lines = 0, n, square;
    while (fscanf(in, "%d %d", &n, &square) == 2) {
        sum += square;
        lines++;
    }
    fclose(in);
    printf("numbers.txt: %d lines, sum of squares %lld\n", lines, sum);

    fd = open(at("work/raw.bin"), O_RDWR);
    struct stat info;
    fstat(fd, &info);
    printf("raw.bin: %lld bytes, regular=%d\n", (long long)info.st_size, S_ISREG(info.st_mode));
    off_t position = lseek(fd, 5000, SEEK_SET);
    unsigned char probe[4];
    ssize_t got = read(fd, probe, sizeof probe);
    printf("at %lld read %zd bytes: %02x %02x %02x %02x\n", (long long)position, got, probe[0], probe[1], probe[2], probe[3]);
    lseek(fd, -2, SEEK_END);
    got = read(fd, probe, sizeof probe);
    printf("near the end read %zd bytes; at end read %zd bytes\n", got, read(fd, probe, sizeof probe));
    pwrite(fd, "PATCH", 5, 10);
    pread(fd, probe, 4, 9);
    printf("pread after pwrite: %02x %c%c%c\n", probe[0], probe[1], probe[2], probe[3]);
    close(fd);

    out = fopen(at("work/numbers.txt"), "a");
    fputs("the end\n", out);
    fclose(out);
    stat(at("work/numbers.txt"), &info);
    printf("numbers.txt after append: %lld bytes\n", (long long)info.st_size);

    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "work/file-%c.txt", 'e' - i);
        out = fopen(at(name), "w");
        fprintf(out, "file %d\n", i);
        fclose(out);
    }
    if (rename(at("work/file-a.txt"), at("work/renamed.txt")) != 0) {
        return fail("rename");
    }
    mkdir(at("work/sub"), 0755);

    DIR *dir = opendir(at("work"));
    if (dir == NULL) {
        return fail("opendir");
    }
    char *names[64];
    int count = 0;
    for (struct dirent *entry; (entry = readdir(dir)) != NULL && count < 64;) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
            names[count++] = strdup(entry->d_name);
        }
    }
    closedir(dir);
    qsort(names, (size_t)count, sizeof names[0], compare_names);
    printf("work/ holds %d entries:", count);
    for (int i = 0; i < count; i++) {
        printf(" %s", names[i]);
    }
    printf("\n");

    errno = 0;
    printf("open missing file: %s\n", fopen(at("work/missing.txt"), "r") == NULL ? strerror(errno) : "opened?!");
    errno = 0;
    printf("rmdir non-empty directory: %s\n", rmdir(at("work")) != 0 ? "refused" : "removed?!");

    for (int i = 0; i < count; i++) {
        char name[300];
        snprintf(name, sizeof name, "work/%s", names[i]);
        if ((strcmp(names[i], "sub") == 0 ? rmdir(at(name)) : unlink(at(name))) != 0) {
            return fail(name);
        }
        free(names[i]);
    }
    if (rmdir(at("work")) != 0) {
        return fail("rmdir work");
    }
    out = fopen(at("files-summary.txt"), "w");
    fprintf(out, "lines=%d sum=%lld\n", lines, sum);
    fclose(out);
    printf("cleaned up; wrote files-summary.txt\n");
    return 0;
}
