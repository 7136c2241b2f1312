/* File-system semantics probe, in the preopened directory "/data": each line is one operation and
 * its result (a value or the errno text), so the exact behaviour of a WASI host can be compared
 * with another's: error cases of open/mkdir/rmdir/unlink/rename, holes after a seek past the end,
 * append mode, truncation, timestamps, a directory of many entries read in several fd_readdir
 * calls, and rewinding a directory stream. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, int result) {
    printf("%-40s -> %s\n", what, result >= 0 ? "ok" : strerror(errno));
    errno = 0;
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        return -1;
    }
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static long long size_of(const char *path) {
    struct stat info;
    return stat(path, &info) == 0 ? (long long)info.st_size : -1;
}

int main(void) {
    report("mkdir /data/p", mkdir("/data/p", 0755));
    report("write /data/p/a.txt", write_file("/data/p/a.txt", "hello"));
    report("open O_CREAT|O_EXCL existing", open("/data/p/a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
    report("open missing", open("/data/p/none.txt", O_RDONLY));
    report("open O_DIRECTORY on a file", open("/data/p/a.txt", O_RDONLY | O_DIRECTORY));
    report("open directory for writing", open("/data/p", O_WRONLY));
    report("open file/child", open("/data/p/a.txt/child", O_RDONLY));
    report("mkdir existing", mkdir("/data/p", 0755));
    report("mkdir under missing parent", mkdir("/data/q/r", 0755));
    report("rmdir a file", rmdir("/data/p/a.txt"));
    report("rmdir non-empty", rmdir("/data/p"));
    report("unlink a directory", unlink("/data/p"));
    report("unlink missing", unlink("/data/p/none.txt"));

    int ro = open("/data/p/a.txt", O_RDONLY);
    report("write to a read-only fd", (int)write(ro, "x", 1));
    close(ro);
    int wo = open("/data/p/a.txt", O_WRONLY);
    char byte;
    report("read from a write-only fd", (int)read(wo, &byte, 1));
    close(wo);
    int dir = open("/data/p", O_RDONLY | O_DIRECTORY);
    report("read from a directory fd", (int)read(dir, &byte, 1));
    report("lseek on a directory fd", (int)lseek(dir, 0, SEEK_SET));
    close(dir);
    report("close a closed fd", close(dir));
    report("lseek on stdout", (int)lseek(1, 0, SEEK_CUR));

    int fd = open("/data/p/hole.bin", O_RDWR | O_CREAT, 0644);
    lseek(fd, 10000, SEEK_SET);
    write(fd, "end", 3);
    unsigned char middle[4] = {1, 1, 1, 1};
    pread(fd, middle, 4, 5000);
    printf("%-40s -> size %lld, bytes %d%d%d%d\n", "write after seeking past the end", size_of("/data/p/hole.bin"), middle[0],
           middle[1], middle[2], middle[3]);
    report("lseek to a negative offset", (int)lseek(fd, -20000, SEEK_END));
    report("ftruncate to 100", ftruncate(fd, 100));
    printf("%-40s -> size %lld, offset %lld\n", "after ftruncate", size_of("/data/p/hole.bin"), (long long)lseek(fd, 0, SEEK_CUR));
    report("fsync", fsync(fd));
    report("fdatasync", fdatasync(fd));
    close(fd);

    fd = open("/data/p/a.txt", O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    write(fd, " world", 6);
    close(fd);
    fd = open("/data/p/a.txt", O_RDONLY);
    char text[32] = {0};
    read(fd, text, sizeof text - 1);
    close(fd);
    printf("%-40s -> \"%s\"\n", "append after seeking to the start", text);
    fd = open("/data/p/a.txt", O_RDONLY | O_TRUNC);
    close(fd);
    printf("%-40s -> size %lld\n", "open O_RDONLY|O_TRUNC", size_of("/data/p/a.txt"));

    struct timespec times[2] = {{1000000000, 0}, {1234567890, 500000000}};
    report("utimensat", utimensat(AT_FDCWD, "/data/p/a.txt", times, 0));
    struct stat info;
    stat("/data/p/a.txt", &info);
    printf("%-40s -> mtime %lld.%09ld\n", "stat after utimensat", (long long)info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
    stat("/data/p", &info);
    printf("%-40s -> directory=%d regular=%d\n", "stat /data/p", S_ISDIR(info.st_mode), S_ISREG(info.st_mode));
    stat("/data", &info);
    printf("%-40s -> directory=%d\n", "stat /data", S_ISDIR(info.st_mode));

    report("mkdir /data/p/full", mkdir("/data/p/full", 0755));
    report("write /data/p/full/x", write_file("/data/p/full/x", "x"));
    report("mkdir /data/p/empty", mkdir("/data/p/empty", 0755));
    report("rename dir over non-empty dir", rename("/data/p/empty", "/data/p/full"));
    report("rename file over a directory", rename("/data/p/a.txt", "/data/p/empty"));
    report("rename dir over a file", rename("/data/p/empty", "/data/p/a.txt"));
    report("rename dir over an empty dir", rename("/data/p/full", "/data/p/empty"));
    report("rename file over a file", rename("/data/p/empty/x", "/data/p/a.txt"));
    report("rename missing", rename("/data/p/none", "/data/p/none2"));

    report("mkdir /data/many", mkdir("/data/many", 0755));
    for (int i = 0; i < 300; i++) {
        char name[64];
        snprintf(name, sizeof name, "/data/many/entry-with-a-longish-name-%03d", i);
        if (write_file(name, "") != 0) {
            report(name, -1);
        }
    }
    DIR *stream = opendir("/data/many");
    long total = 0, checksum = 0, first_pass = 0;
    for (int pass = 0; pass < 2; pass++) {
        struct dirent *entry;
        while ((entry = readdir(stream)) != NULL) {
            total++;
            if (entry->d_name[0] != '.') {
                checksum += atoi(entry->d_name + strlen("entry-with-a-longish-name-"));
            }
        }
        if (pass == 0) {
            first_pass = total;
            rewinddir(stream);
        }
    }
    closedir(stream);
    printf("%-40s -> %ld entries then %ld after rewind, index sum %ld\n", "readdir of 300 files", first_pass,
           total - first_pass, checksum);
    for (int i = 0; i < 300; i++) {
        char name[64];
        snprintf(name, sizeof name, "/data/many/entry-with-a-longish-name-%03d", i);
        unlink(name);
    }
    report("rmdir /data/many", rmdir("/data/many"));
    report("access existing", access("/data/p/a.txt", F_OK));
    report("access missing", access("/data/p/none", F_OK));
    return 0;
}
