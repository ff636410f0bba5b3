#include "caseload.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_statistics_double.h>

#include "referral.h"
#include "support.h"
#include "world.h"

static bool waiting_for_slot(const spsim_person *p)
{
    return p->state == SPSIM_PERSON_WAITING;
}

int spsim_caseload_init(spsim_caseload *c, int n_weeks)
{
    *c = (spsim_caseload){0};
    spsim_fifo_init(&c->queue, waiting_for_slot);
    return spsim_wait_stats_init(&c->waits, n_weeks);
}

void spsim_caseload_free(spsim_caseload *c)
{
    spsim_fifo_free(&c->queue);
    free(c->starters.weeks);
    spsim_wait_stats_free(&c->waits);
}

int spsim_wait_stats_init(spsim_wait_stats *s, int n_weeks)
{
    int n_bins = (n_weeks + 1) * SPSIM_WAIT_BINS_PER_WEEK;
    *s = (spsim_wait_stats){.bins = calloc((size_t)n_bins, sizeof *s->bins), .n_bins = n_bins};
    return s->bins ? 0 : -1;
}

void spsim_wait_stats_free(spsim_wait_stats *s)
{
    free(s->bins);
    *s = (spsim_wait_stats){0};
}

/* The k-th smallest wait (from 0): a zero, or within its bin, spread evenly over the bin. */
static double kth_wait(const spsim_wait_stats *s, long k)
{
    if (k < s->zeros) return 0.0;
    k -= s->zeros;
    for (int b = 0; b < s->n_bins; b++) {
        if (k < (long)s->bins[b]) return (b + (k + 0.5) / s->bins[b]) / SPSIM_WAIT_BINS_PER_WEEK;
        k -= s->bins[b];
    }
    return (double)s->n_bins / SPSIM_WAIT_BINS_PER_WEEK;
}

double spsim_wait_stats_quantile(const spsim_wait_stats *s, double q)
{
    if (s->count == 0) return NAN;
    double rank = q * (double)(s->count - 1);
    long i = (long)rank;
    double d = rank - (double)i, lower = kth_wait(s, i);
    return d > 0.0 ? (1 - d) * lower + d * kth_wait(s, i + 1) : lower;
}

size_t spsim_caseload_bytes(const spsim_caseload *c)
{
    return c->queue.cap * sizeof(spsim_fifo_entry) + c->starters.cap * sizeof(double);
}

bool spsim_caseload_has_room(const spsim_caseload *c, bool pooled)
{
    double held = c->in_support + c->pooled_in_support * c->pooled_extra_slots;
    double needed = pooled ? 1.0 + c->pooled_extra_slots : 1.0;
    return held + needed <= c->slots + 1e-9;
}

bool spsim_caseload_can_start_now(const spsim_caseload *c)
{
    return c->queue.in_line == 0 && spsim_caseload_has_room(c, false);
}

/* A neighbour's slot for someone from elsewhere: free, with room for their travel, and nobody
 * of its own waiting for it. */
static bool can_start_pooled(const spsim_caseload *c)
{
    return c->queue.in_line == 0 && spsim_caseload_has_room(c, true);
}

void spsim_caseload_set_slots(spsim_caseload *c, int slots, double pooled_extra_slots)
{
    c->slots = slots;
    c->pooled_extra_slots = pooled_extra_slots;
}

static int wait_buffer_add(spsim_wait_buffer *b, double w)
{
    b->sum += w;
    if (w == 0.0) {
        b->zeros++;
        return 0;
    }
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        double *weeks = realloc(b->weeks, cap * sizeof *weeks);
        if (!weeks) return -1;
        b->weeks = weeks;
        b->cap = cap;
    }
    b->weeks[b->n++] = w;
    return 0;
}

void spsim_wait_stats_record(spsim_wait_stats *s, double wait_weeks)
{
    s->sum += wait_weeks;
    s->count++;
    if (wait_weeks <= 0.0) {
        s->zeros++;
        return;
    }
    int bin = (int)(wait_weeks * SPSIM_WAIT_BINS_PER_WEEK);
    s->bins[bin < s->n_bins ? bin : s->n_bins - 1]++;
}

/* A whole-run wait of a person: over the arm and in the locality whose queue they joined (their
 * own, wherever the slot they get). */
static void record_wait(spsim_world *w, const spsim_person *person, double wait_weeks)
{
    spsim_wait_stats_record(&w->waits, wait_weeks);
    spsim_wait_stats_record(&w->loc[person->locality].caseload.waits, wait_weeks);
}

/* Person `id` starts support in a slot of locality `served` (their own, or a neighbour's when
 * slots are pooled); the support process plans the episode. */
static int start_support(spsim_world *w, uint32_t id, int served, double t)
{
    spsim_person *person = spsim_person_at(w, id);
    int l = person->locality;
    spsim_caseload *home = &w->loc[l].caseload;
    double wait = t - person->referred_at;
    person->state = SPSIM_PERSON_IN_SUPPORT; /* holds the slot; support sets the first contact */
    person->served_locality = (uint8_t)served;
    w->loc[served].caseload.in_support++;
    if (served != l) w->loc[served].caseload.pooled_in_support++;
    home->residents_in_support++;
    if (served != l) spsim_count(w, SPSIM_SERIES_POOLED_STARTS, t, served, 1.0);
    spsim_count(w, SPSIM_SERIES_STARTED, t, l, 1.0);
    if (wait == 0.0) spsim_count(w, SPSIM_SERIES_STARTED_WITHOUT_WAIT, t, l, 1.0);
    record_wait(w, person, wait);
    spsim_person_record *r = spsim_logged(w->log, person);
    if (r) {
        r->wait_weeks = wait;
        r->started = 1;
        r->started_at_weeks = t;
    }
    if (wait_buffer_add(&home->starters, wait) != 0) return -1;
    return spsim_support_begin(w, id, t);
}

/* The next person for a free slot in `l`: from its own queue, else (pooling) from the first
 * neighbour with someone waiting. UINT32_MAX when none. */
static uint32_t next_for_slot(spsim_world *w, int l)
{
    spsim_caseload *c = &w->loc[l].caseload;
    if (!spsim_caseload_has_room(c, false)) return UINT32_MAX;
    uint32_t id = spsim_fifo_pop(&c->queue, &w->pool);
    if (id != UINT32_MAX || !w->p->commissioning.pooling) return id;
    if (!spsim_caseload_has_room(c, true)) return UINT32_MAX;
    const spsim_locality *loc = &w->p->localities[l];
    for (int i = 0; i < loc->n_neighbours; i++) {
        spsim_caseload *nc = &w->loc[loc->neighbours[i]].caseload;
        if (spsim_caseload_waiting(nc) == 0) continue;
        id = spsim_fifo_pop(&nc->queue, &w->pool);
        if (id != UINT32_MAX) return id;
    }
    return UINT32_MAX;
}

int spsim_caseload_fill_free_slots(spsim_world *w, int l, double t)
{
    uint32_t id;
    while ((id = next_for_slot(w, l)) != UINT32_MAX)
        if (start_support(w, id, l, t) != 0) return -1;
    return 0;
}

/* Where a person taking up the offer can start at once: their own locality, else (pooling) a
 * neighbour with a free slot and nobody waiting; -1 when they must queue. */
static int slot_now(const spsim_world *w, int l)
{
    if (spsim_caseload_can_start_now(&w->loc[l].caseload)) return l;
    if (!w->p->commissioning.pooling) return -1;
    const spsim_locality *loc = &w->p->localities[l];
    for (int i = 0; i < loc->n_neighbours; i++)
        if (can_start_pooled(&w->loc[loc->neighbours[i]].caseload)) return loc->neighbours[i];
    return -1;
}

int spsim_caseload_take_up(spsim_world *w, uint32_t id, double t)
{
    spsim_person *person = spsim_person_at(w, id);
    spsim_caseload *c = &w->loc[person->locality].caseload;
    person->state = SPSIM_PERSON_WAITING;
    int served = slot_now(w, person->locality);
    if (served >= 0) return start_support(w, id, served, t);
    if (spsim_fifo_push(&c->queue, &w->pool, id) != 0) return -1;
    double leave_at =
        t + spsim_patience_weeks(&w->p->reneging, spsim_uniform_of_bits(person->patience_bits));
    if (leave_at >= w->n_weeks) return 0; /* would still be waiting at the horizon */
    return spsim_schedule(w, leave_at, SPSIM_EVENT_RENEGE, id, person->serial);
}

void spsim_on_renege(spsim_world *w, const spsim_event *e)
{
    spsim_person *person = spsim_person_at(w, e->subject);
    if (!spsim_event_is_current(w, e) || person->state != SPSIM_PERSON_WAITING) return;
    int l = person->locality;
    spsim_fifo_left(&w->loc[l].caseload.queue);
    spsim_count(w, SPSIM_SERIES_RENEGED, e->time, l, 1.0);
    w->out->totals[SPSIM_TOTAL_DROPPED_OUT] += 1.0;
    record_wait(w, person, e->time - person->referred_at);
    spsim_person_record *r = spsim_logged(w->log, person);
    if (r) {
        r->wait_weeks = e->time - person->referred_at;
        r->reneged = 1;
    }
    spsim_outcome_account(w, e->subject, e->time);
    spsim_person_release(&w->pool, e->subject);
}

void spsim_caseload_release_slot(spsim_world *w, int served, int home)
{
    w->loc[served].caseload.in_support--;
    if (served != home) w->loc[served].caseload.pooled_in_support--;
    w->loc[home].caseload.residents_in_support--;
}

static double ratio_or_nan(double num, double den)
{
    return den > 0.0 ? num / den : NAN;
}

/* The k-th smallest (from 0) of the week's waits: the zeros first, then the positive ones, of
 * which the (k - zeros)-th smallest is selected in linear time (gsl_stats_select reorders the
 * buffer, which is emptied after the week's figures are taken). */
static double kth_starter_wait(spsim_wait_buffer *b, size_t k)
{
    return k < b->zeros ? 0.0 : gsl_stats_select(b->weeks, 1, b->n, k - b->zeros);
}

/* The week's starters' mean and 90th centile wait (GSL's quantile rule on sorted data: the two
 * order statistics about rank 0.9 (n - 1), interpolated; selected, not sorted, as nothing else
 * needs the order). */
static void record_wait_series(spsim_world *w, int week, int l)
{
    spsim_wait_buffer *b = &w->loc[l].caseload.starters;
    size_t n = b->n + b->zeros;
    double mean = NAN, p90 = NAN;
    if (n > 0) {
        mean = b->sum / (double)n;
        double rank = 0.9 * (double)(n - 1);
        size_t i = (size_t)rank;
        double d = rank - (double)i, lower = kth_starter_wait(b, i);
        p90 = d > 0.0 ? (1 - d) * lower + d * kth_starter_wait(b, i + 1) : lower;
    }
    spsim_level(w, SPSIM_SERIES_WAIT_MEAN, week, l, mean);
    spsim_level(w, SPSIM_SERIES_WAIT_P90, week, l, p90);
    b->n = b->zeros = 0;
    b->sum = 0.0;
}

void spsim_caseload_record_week(spsim_world *w, int week, int l, double fte)
{
    const spsim_caseload *c = &w->loc[l].caseload;
    double in_support = c->in_support; /* slots occupied here */
    spsim_level(w, SPSIM_SERIES_WAITING, week, l, spsim_caseload_waiting(c));
    spsim_level(w, SPSIM_SERIES_IN_SUPPORT, week, l, c->residents_in_support);
    spsim_level(w, SPSIM_SERIES_SLOTS, week, l, c->slots);
    spsim_level(w, SPSIM_SERIES_CASELOAD_PER_FTE, week, l, ratio_or_nan(in_support, fte));
    spsim_level(w, SPSIM_SERIES_SLOT_UTILISATION, week, l, ratio_or_nan(in_support, c->slots));
    if (fte > 0.0) {
        w->waits.caseload_per_fte_sum += in_support / fte;
        w->waits.caseload_per_fte_weeks++;
    }
    record_wait_series(w, week, l);
}

void spsim_caseload_finish(spsim_world *w)
{
    double censored_sum = 0.0;
    long censored = 0;
    for (uint32_t id = 0; id < w->pool.n_used; id++) {
        const spsim_person *p = spsim_person_at(w, id);
        if (p->state != SPSIM_PERSON_WAITING) continue;
        double wait = w->n_weeks - p->referred_at;
        record_wait(w, p, wait);
        spsim_person_record *r = spsim_logged(w->log, p);
        if (r) {
            r->wait_weeks = wait;
            r->waiting_at_horizon = 1;
        }
        censored_sum += wait;
        censored++;
    }
    const spsim_wait_stats *s = &w->waits;
    double *totals = w->out->totals;
    totals[SPSIM_TOTAL_WAITING_AT_HORIZON] = (double)censored;
    totals[SPSIM_TOTAL_CENSORED_WAIT_MEAN] = censored ? censored_sum / censored : NAN;
    totals[SPSIM_TOTAL_WAIT_MEAN] = s->count ? s->sum / s->count : NAN;
    totals[SPSIM_TOTAL_WAIT_P90] = spsim_wait_stats_quantile(s, 0.9);
    totals[SPSIM_TOTAL_CASELOAD_PER_FTE] =
        s->caseload_per_fte_weeks ? s->caseload_per_fte_sum / s->caseload_per_fte_weeks : NAN;
    for (int l = 0; l < w->p->n_localities; l++) {
        const spsim_wait_stats *local = &w->loc[l].caseload.waits;
        *spsim_locality_total_at(w->out, SPSIM_LOCALITY_JOINED_QUEUE, l) = (double)local->count;
        *spsim_locality_total_at(w->out, SPSIM_LOCALITY_WAIT_MEAN, l) =
            local->count ? local->sum / local->count : NAN;
        *spsim_locality_total_at(w->out, SPSIM_LOCALITY_WAIT_P90, l) =
            spsim_wait_stats_quantile(local, 0.9);
    }
}
