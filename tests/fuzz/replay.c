/* Replays inputs through the fuzzer's target (fuzz_scenario.c) without libFuzzer: every file
 * named on the command line, or every file in each folder named. Used by the suite to replay
 * tests/fuzz/regressions/ (each input that once crashed, hung or leaked) and the seed corpus in
 * every build, so the sanitizer build checks them too. Exit status 1 when a file cannot be read;
 * a crash or a sanitizer's report ends the process on its own. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scenario/yaml_tree.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
    MAX_INPUT_BYTES = 16 << 20
};

static int replay_file(const char *path)
{
    size_t len = 0;
    int err = 0;
    char *text = spsim_read_text_file(path, MAX_INPUT_BYTES, &len, &err);
    if (!text) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)text, len);
    free(text);
    return 0;
}

static int replay_path(const char *path, int *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: no such file or folder %s\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        ++*count;
        return replay_file(path);
    }
    DIR *dir = opendir(path);
    if (!dir) return 1;
    int failed = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.') continue;
        char child[4096];
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        failed |= replay_path(child, count);
    }
    closedir(dir);
    return failed;
}

int main(int argc, char **argv)
{
    /* paths are made absolute first: the target works in a folder of its own */
    char **paths = calloc((size_t)argc, sizeof *paths);
    for (int i = 1; paths && i < argc; i++) paths[i] = realpath(argv[i], NULL);
    LLVMFuzzerInitialize(&argc, &argv);
    int failed = !paths, count = 0;
    for (int i = 1; paths && i < argc; i++) {
        if (!paths[i]) {
            fprintf(stderr, "replay: no such file or folder %s\n", argv[i]);
            failed = 1;
            continue;
        }
        failed |= replay_path(paths[i], &count);
        free(paths[i]);
    }
    free(paths);
    printf("replayed %d inputs through the scenario reader\n", count);
    return failed;
}
