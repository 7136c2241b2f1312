/* Sandbox probe: tries to reach outside the preopened directory "/data" in every way a program
 * might — "..", absolute paths, symbolic links made by the host or by itself — and prints what each
 * attempt got (the errno text), so engines can be compared. The host is expected to have created
 * "/data/inside.txt", a link "/data/out-abs" to an absolute path outside, a link "/data/out-rel" to
 * "../outside.txt" and a link "/data/in-rel" to "inside.txt". Nothing here may succeed in reading
 * anything but inside.txt. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void try_open(const char *path) {
    errno = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("open %-28s -> %s\n", path, strerror(errno));
        return;
    }
    char buffer[64] = {0};
    ssize_t got = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    printf("open %-28s -> read %zd bytes: %s\n", path, got, buffer);
}

static void try_stat(const char *path) {
    struct stat info;
    errno = 0;
    int status = lstat(path, &info);
    printf("lstat %-27s -> %s\n", path,
           status == 0 ? (S_ISLNK(info.st_mode) ? "symlink" : S_ISDIR(info.st_mode) ? "directory" : "file")
                       : strerror(errno));
}

int main(void) {
    try_open("/data/inside.txt");
    try_open("/data/in-rel");
    try_open("/data/../outside.txt");
    try_open("/data/./../data/inside.txt");
    try_open("/outside.txt");
    try_open("/etc/passwd");
    try_open("/data/out-abs");
    try_open("/data/out-rel");
    try_open("/data/sub/../../outside.txt");
    try_stat("/data/out-abs");
    try_stat("/data/in-rel");
    try_stat("/data/missing");

    errno = 0;
    printf("mkdir /data/sub                   -> %s\n", mkdir("/data/sub", 0755) == 0 ? "ok" : strerror(errno));
    try_open("/data/sub/../inside.txt");
    errno = 0;
    printf("mkdir /data/../escaped            -> %s\n", mkdir("/data/../escaped", 0755) == 0 ? "ok" : strerror(errno));
    errno = 0;
    printf("symlink ../outside.txt mine       -> %s\n",
           symlink("../outside.txt", "/data/mine") == 0 ? "ok" : strerror(errno));
    try_open("/data/mine");
    errno = 0;
    printf("symlink /etc/passwd abs-mine      -> %s\n",
           symlink("/etc/passwd", "/data/abs-mine") == 0 ? "ok" : strerror(errno));
    try_open("/data/abs-mine");
    errno = 0;
    printf("unlink /data/abs-mine             -> %s\n", unlink("/data/abs-mine") == 0 ? "ok" : strerror(errno));
    errno = 0;
    printf("open O_CREAT /data/out-rel        -> %s\n", open("/data/out-rel", O_WRONLY | O_CREAT, 0644) >= 0 ? "created" : strerror(errno));
    errno = 0;
    printf("mkdir /data/inside.txt/x          -> %s\n", mkdir("/data/inside.txt/x", 0755) == 0 ? "ok" : strerror(errno));
    char target[64] = {0};
    errno = 0;
    ssize_t length = readlink("/data/out-rel", target, sizeof target - 1);
    printf("readlink /data/out-rel            -> %s\n", length >= 0 ? target : strerror(errno));
    errno = 0;
    printf("rename inside.txt ../stolen.txt   -> %s\n",
           rename("/data/inside.txt", "/data/../stolen.txt") == 0 ? "ok" : strerror(errno));
    errno = 0;
    printf("unlink /data/out-abs              -> %s\n", unlink("/data/out-abs") == 0 ? "ok" : strerror(errno));
    errno = 0;
    printf("unlink /data/mine                 -> %s\n", unlink("/data/mine") == 0 ? "ok" : strerror(errno));
    errno = 0;
    printf("rmdir /data/sub                   -> %s\n", rmdir("/data/sub") == 0 ? "ok" : strerror(errno));
    return 0;
}
