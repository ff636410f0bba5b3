/* Repeats by sorting: the children's indices are sorted by (text, index) with qsort, and each
 * run of equal texts points back to its first, smallest, index. */
#include "ynode_repeats.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *text; /* NULL: never a repeat (a non-scalar item) */
    int index;
} child_text;

static int by_text_then_index(const void *pa, const void *pb)
{
    const child_text *a = pa, *b = pb;
    int c = strcmp(a->text, b->text);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

int *spsim_ynode_repeats(const spsim_ynode *node)
{
    int n = node && node->kind != SPSIM_YNODE_SCALAR ? node->n : 0;
    int *first = malloc((size_t)(n > 0 ? n : 1) * sizeof *first);
    child_text *sorted = malloc((size_t)(n > 0 ? n : 1) * sizeof *sorted);
    if (!first || !sorted) {
        free(first);
        free(sorted);
        return NULL;
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
        first[i] = -1;
        const spsim_ynode *child =
            node->kind == SPSIM_YNODE_MAPPING ? node->pairs[i].key : node->items[i];
        if (child->kind == SPSIM_YNODE_SCALAR) sorted[m++] = (child_text){child->text, i};
    }
    qsort(sorted, (size_t)m, sizeof *sorted, by_text_then_index);
    for (int k = 1; k < m; k++) {
        int run_start = k - 1;
        while (k < m && strcmp(sorted[k].text, sorted[run_start].text) == 0)
            first[sorted[k++].index] = sorted[run_start].index;
    }
    free(sorted);
    return first;
}
