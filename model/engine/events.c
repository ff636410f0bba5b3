#include "events.h"

#include <stdlib.h>
#include <string.h>

/* Buckets ahead of the current one are unsorted: a push there is an append. A bucket is sorted
 * once, when the calendar reaches it, and then read from the front; the few events scheduled
 * into the current bucket itself are inserted in place. With buckets a 32nd of a week wide a
 * bucket holds a handful of events in a local scenario, sorted by insertion; a national one puts
 * thousands in each, dealt by time into slices of a few events that are then sorted by insertion
 * (linear in the bucket; merging, which it replaced, took a twentieth of a national run, and
 * qsort's call per comparison cost as much as the rest of the calendar). */

enum {
    SHORT_RUN = 16,              /* runs sorted by insertion before merging */
    DISTRIBUTION_AT_LEAST = 256, /* buckets this large are dealt into slices first */
    DISTRIBUTION_SLICE = 8       /* events a slice, on average */
};

int spsim_events_init(spsim_event_queue *q, int n_weeks)
{
    int n_buckets = n_weeks * SPSIM_BUCKETS_PER_WEEK + 1;
    *q = (spsim_event_queue){.n_weeks = n_weeks, .n_buckets = n_buckets};
    q->buckets = calloc((size_t)n_buckets, sizeof *q->buckets);
    return q->buckets ? 0 : -1;
}

void spsim_events_free(spsim_event_queue *q)
{
    if (q->buckets)
        for (int b = 0; b < q->n_buckets; b++) free(q->buckets[b].entries);
    for (int i = 0; i < q->n_spare; i++) free(q->spare[i].entries);
    free(q->buckets);
    free(q->scratch);
    free(q->counts);
    *q = (spsim_event_queue){0};
}

static inline bool earlier(const spsim_calendar_entry *a, const spsim_calendar_entry *b)
{
    return a->time < b->time || (a->time == b->time && a->order_type < b->order_type);
}

static int grow(spsim_event_queue *q, spsim_event_bucket *b)
{
    if (b->cap == 0 && q->n_spare > 0) { /* a finished bucket's storage, already counted */
        *b = q->spare[--q->n_spare];
        return 0;
    }
    size_t cap = b->cap ? 2 * b->cap : 4; /* a bucket holds a handful */
    spsim_calendar_entry *h = realloc(b->entries, cap * sizeof *h);
    if (!h) return -1;
    q->bytes += (cap - b->cap) * sizeof *h;
    if (q->bytes > q->peak_bytes) q->peak_bytes = q->bytes;
    b->entries = h;
    b->cap = cap;
    return 0;
}

static int by_time_then_order(const void *x, const void *y)
{
    const spsim_calendar_entry *a = x, *b = y;
    return earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0;
}

static void insertion_sort(spsim_calendar_entry *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        spsim_calendar_entry x = e[i];
        size_t j = i;
        for (; j > 0 && earlier(&x, &e[j - 1]); j--) e[j] = e[j - 1];
        e[j] = x;
    }
}

/* Merges the sorted runs from[lo, mid) and from[mid, hi) into to[lo, hi). */
static void merge(const spsim_calendar_entry *from, spsim_calendar_entry *to, size_t lo, size_t mid,
                  size_t hi)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) to[k++] = earlier(&from[j], &from[i]) ? from[j++] : from[i++];
    while (i < mid) to[k++] = from[i++];
    while (j < hi) to[k++] = from[j++];
}

/* Room for `n` entries of the sorts' scratch space; false when it cannot grow. */
static bool reserve_scratch(spsim_event_queue *q, size_t n)
{
    if (q->scratch_cap >= n) return true;
    spsim_calendar_entry *s = realloc(q->scratch, n * sizeof *s);
    if (!s) return false;
    q->scratch = s;
    q->scratch_cap = n;
    return true;
}

/* Bottom-up merge sort of e[0, n) through q's scratch space; false when that cannot grow. */
static bool merge_sort(spsim_event_queue *q, spsim_calendar_entry *e, size_t n)
{
    if (!reserve_scratch(q, n)) return false;
    for (size_t lo = 0; lo < n; lo += SHORT_RUN)
        insertion_sort(e + lo, n - lo < SHORT_RUN ? n - lo : SHORT_RUN);
    spsim_calendar_entry *from = e, *to = q->scratch;
    for (size_t width = SHORT_RUN; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            merge(from, to, lo, mid, hi);
        }
        spsim_calendar_entry *t = from;
        from = to;
        to = t;
    }
    if (from != e) memcpy(e, from, n * sizeof *e);
    return true;
}

/* Sorts e[0, n) by merging, or (no memory for merging) by qsort: slower, the same order. */
static void sort_run(spsim_event_queue *q, spsim_calendar_entry *e, size_t n)
{
    if (n <= 2 * SHORT_RUN)
        insertion_sort(e, n);
    else if (!merge_sort(q, e, n))
        qsort(e, n, sizeof *e, by_time_then_order);
}

/* Room for `n` entries of scratch and `k` + 1 counts; false when they cannot grow. */
static bool reserve_distribution(spsim_event_queue *q, size_t n, size_t k)
{
    if (!reserve_scratch(q, n)) return false;
    if (q->counts_cap < k + 1) {
        size_t *c = realloc(q->counts, (k + 1) * sizeof *c);
        if (!c) return false;
        q->counts = c;
        q->counts_cap = k + 1;
    }
    return true;
}

/* Which of `k` equal slices of the bucket starting at `t0` an event falls in: never decreasing
 * with its time (a difference and a product, each rounded monotonically). */
static size_t slice_of(double time, double t0, double scale, size_t k)
{
    double x = (time - t0) * scale;
    size_t s = x > 0.0 ? (size_t)x : 0;
    return s < k ? s : k - 1;
}

/* A large bucket (a national scenario's holds thousands) is sorted in linear time: its events
 * are dealt by time into slices of about DISTRIBUTION_SLICE events each, which are then sorted
 * each on its own (by insertion, or by merging when many share a time). As the slice never
 * decreases with the time, the slices in turn are the bucket in order: the same order as
 * merging the whole bucket, only cheaper. False when there is no memory for it. */
static bool distribution_sort(spsim_event_queue *q, spsim_calendar_entry *e, size_t n, double t0)
{
    size_t k = n / DISTRIBUTION_SLICE;
    if (!reserve_distribution(q, n, k)) return false;
    double scale = (double)k * SPSIM_BUCKETS_PER_WEEK;
    size_t *start = q->counts;
    for (size_t i = 0; i <= k; i++) start[i] = 0;
    for (size_t i = 0; i < n; i++) start[slice_of(e[i].time, t0, scale, k) + 1]++;
    for (size_t i = 1; i <= k; i++) start[i] += start[i - 1];
    for (size_t i = 0; i < n; i++) q->scratch[start[slice_of(e[i].time, t0, scale, k)]++] = e[i];
    /* start[s] is now the end of slice s */
    memcpy(e, q->scratch, n * sizeof *e);
    for (size_t s = 0, from = 0; s < k; from = start[s++]) sort_run(q, e + from, start[s] - from);
    return true;
}

/* Sorts the events still to come in bucket `index`. */
static void sort_bucket(spsim_event_queue *q, spsim_event_bucket *b, int index)
{
    spsim_calendar_entry *e = b->entries + b->next;
    size_t n = b->n - b->next;
    if (n >= DISTRIBUTION_AT_LEAST &&
        distribution_sort(q, e, n, (double)index / SPSIM_BUCKETS_PER_WEEK))
        return;
    sort_run(q, e, n);
}

/* Into the current bucket, which is sorted from `next`: after every event not later than it
 * (found by bisection; a national scenario's current bucket holds thousands). */
static void insert_sorted(spsim_event_bucket *b, spsim_calendar_entry x)
{
    size_t lo = b->next, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (earlier(&x, &b->entries[mid]))
            hi = mid;
        else
            lo = mid + 1;
    }
    memmove(&b->entries[lo + 1], &b->entries[lo], (b->n - lo) * sizeof x);
    b->entries[lo] = x;
    b->n++;
}

int spsim_events_push(spsim_event_queue *q, double time, spsim_event_type type, uint32_t subject,
                      uint32_t serial)
{
    if (time > q->n_weeks) return 0; /* after the horizon: never processed */
    int index = (int)(time * SPSIM_BUCKETS_PER_WEEK);
    /* Looking ahead (spsim_events_pop_until, leaving a later event) may have passed empty buckets that an event now
     * falls in: they are empty, so the calendar starts from there again. The bucket it leaves
     * is sorted again when the calendar comes back to it. */
    if (index < q->current) q->current = index;
    spsim_event_bucket *b = &q->buckets[index];
    if (b->n == b->cap && grow(q, b) != 0) return -1;
    spsim_calendar_entry e = {time, subject, serial, q->next_order++ << 8 | (uint64_t)type};
    if (index == q->current)
        insert_sorted(b, e);
    else
        b->entries[b->n++] = e;
    q->pending++;
    return 0;
}

/* A finished bucket's storage: kept for a bucket still to come, or released. Larger storage
 * than SPSIM_SPARE_BUCKET_EVENTS is always released, so that the spares cannot ratchet every
 * bucket up to the largest one's size (memory would then follow the largest bucket, not the
 * events pending). */
static void retire(spsim_event_queue *q, spsim_event_bucket *b)
{
    if (b->cap > 0 && b->cap <= SPSIM_SPARE_BUCKET_EVENTS && q->n_spare < SPSIM_SPARE_BUCKETS) {
        q->spare[q->n_spare++] = (spsim_event_bucket){.entries = b->entries, .cap = b->cap};
    } else {
        q->bytes -= b->cap * sizeof *b->entries;
        free(b->entries);
    }
    *b = (spsim_event_bucket){0};
}

/* Moves `current` to the first bucket with an event to come, sorting it; call only when an
 * event is pending. */
static void reach_next_event(spsim_event_queue *q)
{
    spsim_event_bucket *b = &q->buckets[q->current];
    if (b->next < b->n) return;
    do {
        retire(q, b);
        b = &q->buckets[++q->current];
    } while (b->next == b->n);
    sort_bucket(q, b, q->current);
}

/* Takes the current bucket's next event; call only when an event is pending and reached. */
static void take(spsim_event_queue *q, spsim_event *out)
{
    spsim_event_bucket *b = &q->buckets[q->current];
    const spsim_calendar_entry *e = &b->entries[b->next++];
    *out = (spsim_event){.time = e->time,
                         .subject = e->subject,
                         .serial = e->serial,
                         .type = (spsim_event_type)(e->order_type & 0xff)};
    q->pending--;
}

bool spsim_events_pop(spsim_event_queue *q, spsim_event *out)
{
    if (q->pending == 0) return false;
    reach_next_event(q);
    take(q, out);
    return true;
}

bool spsim_events_pop_until(spsim_event_queue *q, double limit, spsim_event *out)
{
    if (q->pending == 0) return false;
    reach_next_event(q);
    const spsim_event_bucket *b = &q->buckets[q->current];
    if (b->entries[b->next].time > limit) return false;
    take(q, out);
    return true;
}
