#include "support.h"

#include "draws.h"

#include <math.h>
#include <gsl/gsl_randist.h>

#include "caseload.h"
#include "connection.h"
#include "outcome_accounting.h"
#include "referral.h"
#include "world.h"

enum {
    SPSIM_MAX_CONTACTS = 1000
}; /* a cap far beyond any plausible episode */

double spsim_support_mean_length_weeks(const spsim_support_params *p)
{
    return p->contacts_mean * p->contact_interval_weeks;
}

void spsim_support_contacts_table(const spsim_support_params *p, spsim_count_table *t)
{
    double extra_mean = p->contacts_mean - 1.0, k = p->contacts_dispersion;
    if (extra_mean <= 0.0) {
        *t = (spsim_count_table){.n = 1, .cdf = {1.0}}; /* never read: no draw is made */
        return;
    }
    spsim_count_table_negative_binomial(t, k / (k + extra_mean), k, SPSIM_MAX_CONTACTS - 1);
}

static int draw_contacts(const spsim_support_params *p, const spsim_count_table *extra_contacts,
                         gsl_rng *r)
{
    if (p->contacts_mean <= 1.0) return 1;
    return spsim_draw_negative_binomial(r, extra_contacts) + 1; /* the table caps it */
}

static void record_contact(double t, int horizon_weeks, double *contacts_by_week, int stride)
{
    if (t < horizon_weeks) contacts_by_week[(long)t * stride] += 1.0;
}

spsim_episode spsim_support_plan(const spsim_support_params *p,
                                 const spsim_quantile_table *interval,
                                 const spsim_count_table *extra_contacts, int agreement_contact,
                                 gsl_rng *episode_rng, double dropout_after_weeks,
                                 double start_weeks, int horizon_weeks, double *contacts_by_week,
                                 int stride)
{
    int contacts = draw_contacts(p, extra_contacts, episode_rng);

    int agreement_index = (agreement_contact < contacts ? agreement_contact : contacts) - 1;
    spsim_episode e = {.completed = true,
                       .agreement_after_weeks = INFINITY,
                       .third_contact_after_weeks = INFINITY};
    double elapsed = 0.0; /* weeks since the start of the episode */
    for (int c = 0; c < contacts; c++) {
        if (elapsed >= dropout_after_weeks) break;
        record_contact(start_weeks + elapsed, horizon_weeks, contacts_by_week, stride);
        if (c == agreement_index) e.agreement_after_weeks = elapsed;
        if (c == 2) e.third_contact_after_weeks = elapsed;
        e.contacts_made++;
        elapsed += spsim_draw_gamma(episode_rng, interval, p->contact_interval_weeks);
    }
    if (elapsed >= dropout_after_weeks) {
        e.completed = false;
        e.length_weeks = dropout_after_weeks;
    } else {
        e.length_weeks = elapsed;
    }
    return e;
}

int spsim_support_init(spsim_support *s, const spsim_support_params *p, int n_weeks)
{
    s->mean_episode_weeks = spsim_mean_slot_weeks(p);
    spsim_support_contacts_table(p, &s->extra_contacts);
    for (int l = 0; l < SPSIM_MAX_LOCALITIES; l++) s->first_contact_sum[l] = 0.0;
    for (int l = 0; l < SPSIM_MAX_LOCALITIES; l++) s->first_contact_count[l] = 0;
    return spsim_wait_stats_init(&s->first_contact_waits, n_weeks);
}

void spsim_support_free(spsim_support *s)
{
    spsim_wait_stats_free(&s->first_contact_waits);
}

/* The person never turns up: the slot is held until the missed appointment, then freed. */
static int no_show(spsim_world *w, uint32_t id, double appointment)
{
    spsim_person *person = spsim_person_at(w, id);
    person->no_show = 1;
    person->completes_episode = 0;
    person->contacts_made = 0;
    person->support_started_at = NAN; /* support never began: no effect, no payment */
    person->support_ended_at = (float)appointment;
    spsim_person_record *r = spsim_logged(w->log, person);
    if (r) r->support_ended_at_weeks = appointment;
    return spsim_schedule(w, appointment, SPSIM_EVENT_EPISODE_END, id, person->serial);
}

/* The first contact at `first`: counted in its week, its wait from referral recorded. */
static void record_first_contact(spsim_world *w, const spsim_person *person, double first)
{
    if (first >= w->n_weeks) return; /* after the horizon: not seen within the run */
    spsim_count(w, SPSIM_SERIES_FIRST_CONTACTS, first, person->locality, 1.0);
    /* the week's sum of waits until spsim_support_finish divides it by the week's count */
    spsim_count(w, SPSIM_SERIES_FIRST_CONTACT_WAIT_MEAN, first, person->locality,
                first - person->referred_at);
    spsim_wait_stats_record(&w->support.first_contact_waits, first - person->referred_at);
    w->support.first_contact_sum[person->locality] += first - person->referred_at;
    w->support.first_contact_count[person->locality]++;
    spsim_person_record *r = spsim_logged(w->log, person);
    if (r) {
        r->first_contact_at_weeks = first;
        r->first_contact_wait_weeks = first - person->referred_at;
    }
}

/* The planned episode in a sampled person's record. */
static void log_episode(spsim_world *w, const spsim_person *person, double ends_at)
{
    spsim_person_record *r = spsim_logged(w->log, person);
    if (!r) return;
    r->contacts = person->contacts_made;
    r->support_ended_at_weeks = ends_at;
}

spsim_episode_start spsim_support_start_draws(gsl_rng *episode_rng, uint64_t person_key)
{
    gsl_rng_set(episode_rng, person_key); /* the person's own sub-stream, from its start */
    spsim_episode_start s;
    s.first_contact_u = spsim_draw_uniform(episode_rng);
    s.no_show_u = spsim_draw_uniform(episode_rng);
    s.dropout_u = spsim_draw_uniform(episode_rng);
    return s;
}

int spsim_support_begin(spsim_world *w, uint32_t id, double t)
{
    spsim_person *person = spsim_person_at(w, id);
    const spsim_support_params *sp = &w->p->support;
    int l = person->locality;
    gsl_rng *episode_rng = w->support.episodes;
    spsim_episode_start draws = spsim_support_start_draws(episode_rng, spsim_person_key(person));
    /* The slot is the person's from `t`; the first appointment follows the scheduling delay. */
    double first =
        t + spsim_gamma_from_uniform(w->samplers.first_contact_delay, sp->first_contact_delay_weeks,
                                     draws.first_contact_u);
    if (draws.no_show_u < sp->no_show_probability) return no_show(w, id, first);
    record_first_contact(w, person, first);
    person->support_started_at = (float)first;
    /* The home locality's delivery model sets the drop-out multiplier. */
    double dropout_per_week = sp->dropout_per_week * w->p->localities[l].dropout_ratio;
    spsim_episode e = spsim_support_plan(
        sp, w->samplers.contact_interval, &w->support.extra_contacts,
        w->p->community.agreement_contact, episode_rng,
        spsim_dropout_after_weeks(dropout_per_week, draws.dropout_u), first, w->n_weeks,
        spsim_series_at(w->out, SPSIM_SERIES_CONTACTS, 0, l), w->out->n_localities);
    if (first + e.third_contact_after_weeks < w->n_weeks)
        w->out->totals[SPSIM_TOTAL_SEEN_3_OR_MORE] += 1.0;
    if (w->p->community.enabled)
        spsim_connection_draw(w, person); /* continues the person's episode stream */
    else
        e.agreement_after_weeks = INFINITY; /* nobody seeks a place */
    person->completes_episode = e.completed;
    person->contacts_made = (uint16_t)e.contacts_made;
    person->support_ended_at = (float)(first + e.length_weeks);
    log_episode(w, person, first + e.length_weeks);
    if (!isinf(e.agreement_after_weeks) &&
        spsim_schedule(w, first + e.agreement_after_weeks, SPSIM_EVENT_AGREEMENT, id,
                       person->serial) != 0)
        return -1;
    return spsim_schedule(w, first + e.length_weeks, SPSIM_EVENT_EPISODE_END, id, person->serial);
}

/* How the episode ended, in a sampled person's record. */
static void log_episode_end(spsim_person_events *log, const spsim_person *person)
{
    spsim_person_record *r = spsim_logged(log, person);
    if (!r) return;
    r->no_show = person->no_show;
    r->completed = !person->no_show && person->completes_episode;
    r->dropped_out = !person->no_show && !person->completes_episode;
}

int spsim_on_episode_end(spsim_world *w, const spsim_event *e)
{
    spsim_person *person = spsim_person_at(w, e->subject);
    int l = person->locality, served = person->served_locality;
    spsim_caseload_release_slot(w, served, l);
    log_episode_end(w->log, person);
    if (person->no_show) {
        spsim_count(w, SPSIM_SERIES_NO_SHOWS, e->time, l, 1.0);
        w->out->totals[SPSIM_TOTAL_NO_SHOW] += 1.0;
    } else if (person->completes_episode) {
        spsim_count(w, SPSIM_SERIES_COMPLETED, e->time, l, 1.0);
        w->out->totals[SPSIM_TOTAL_COMPLETED] += 1.0;
    } else {
        spsim_count(w, SPSIM_SERIES_DROPPED_OUT, e->time, l, 1.0);
        w->out->totals[SPSIM_TOTAL_DROPPED_OUT] += 1.0;
    }
    person->state = SPSIM_PERSON_SUPPORT_ENDED;
    spsim_person_exit_if_done(w, e->subject);
    return spsim_caseload_fill_free_slots(w, served, e->time);
}

/* Sampled people still holding a slot at the horizon (their episode, or the wait for their
 * first appointment, runs past it). */
static void log_in_support_at_horizon(spsim_world *w)
{
    for (uint32_t id = 0; w->log && id < w->pool.n_used; id++) {
        const spsim_person *p = spsim_person_at(w, id);
        spsim_person_record *r = spsim_logged(w->log, p);
        if (r && p->state == SPSIM_PERSON_IN_SUPPORT) r->in_support_at_horizon = 1;
    }
}

/* Each week's sum of first-contact waits becomes the mean of that week's first contacts. A
 * first appointment can fall weeks after the slot is given, so only the end of the run knows a
 * week's last one. */
static void first_contact_wait_means(spsim_arm_results *out)
{
    double *sum = out->series[SPSIM_SERIES_FIRST_CONTACT_WAIT_MEAN];
    const double *n = out->series[SPSIM_SERIES_FIRST_CONTACTS];
    for (long i = 0; i < (long)out->n_weeks * out->n_localities; i++)
        sum[i] = n[i] > 0 ? sum[i] / n[i] : NAN;
}

void spsim_support_finish(spsim_world *w)
{
    log_in_support_at_horizon(w);
    first_contact_wait_means(w->out);
    const spsim_wait_stats *s = &w->support.first_contact_waits;
    double *totals = w->out->totals;
    totals[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN] = s->count ? s->sum / s->count : NAN;
    totals[SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90] = spsim_wait_stats_quantile(s, 0.9);
    for (int l = 0; l < w->p->n_localities; l++) {
        long n = w->support.first_contact_count[l];
        *spsim_locality_total_at(w->out, SPSIM_LOCALITY_FIRST_CONTACTED, l) = (double)n;
        *spsim_locality_total_at(w->out, SPSIM_LOCALITY_FIRST_CONTACT_WAIT_MEAN, l) =
            n ? w->support.first_contact_sum[l] / (double)n : NAN;
    }
    double offered = totals[SPSIM_TOTAL_REFERRALS] - totals[SPSIM_TOTAL_NOT_OFFERED];
    totals[SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE] =
        offered > 0 ? totals[SPSIM_TOTAL_SEEN_3_OR_MORE] / offered : NAN;
}
