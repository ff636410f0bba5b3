/* An interrupted tornado's partial file, and resuming it (run_tornado_resume.h). */
#define _POSIX_C_SOURCE 200809L
#include "run_tornado_resume.h"

#include <stdio.h>

#include "args.h"
#include "interrupt.h"
#include "run_stream.h"

/* Refuses a partial file of another run: another kind, scenario, seed, arms, -r or --keep. */
static int check_partial(const spsim_scenario *s, const spsim_tornado_request *r,
                         const spsim_h5_partial *p, char *err, size_t errlen)
{
    int variants = s->n_uncertain * SPSIM_TORNADO_N_BOUNDS;
    if (spsim_check_partial_identity(s, r->output, p, r->keep, r->keep_given, err, errlen) != 0)
        return -1;
    if (p->tornado_variants == 0 && p->precision > 0.0)
        snprintf(err, errlen,
                 "cannot resume %s: it is a partial run to a precision (--precision %g), not a "
                 "--tornado: resume it with --precision %g and without --tornado",
                 r->output, p->precision, p->precision);
    else if (p->tornado_variants == 0)
        snprintf(err, errlen,
                 "cannot resume %s: it is a partial run of a fixed count (%d replications), not "
                 "a --tornado: resume it without --tornado",
                 r->output, p->planned);
    else if (r->replications && r->replications != p->planned)
        snprintf(err, errlen,
                 "cannot resume %s: its tornado was run for %d replications, -r asks for %d",
                 r->output, p->planned, r->replications);
    else if (p->completed < 1 || p->completed > p->planned || p->tornado_variants != variants ||
             p->tornado_variants_done < 0 || p->tornado_variants_done > variants ||
             (p->tornado_variants_done > 0 && p->completed < p->planned))
        snprintf(err, errlen,
                 "cannot resume %s: it says it holds %d of %d base replications and %d of %d "
                 "tornado variants, which is not what this scenario's tornado leaves (%d variants, "
                 "none before the base is whole)",
                 r->output, p->completed, p->planned, p->tornado_variants_done, p->tornado_variants,
                 variants);
    else
        return 0;
    return -1;
}

int spsim_tornado_read_resume(const spsim_scenario *s, const spsim_tornado_request *r,
                              spsim_tornado_resumed *out, char *err, size_t errlen)
{
    spsim_h5_partial p;
    if (spsim_h5_read_partial(r->output, &p, err, errlen) != 0) return -1;
    int status = check_partial(s, r, &p, err, errlen);
    if (status == 0 && spsim_keep_parse(p.keep, &out->keep) != 0) {
        snprintf(err, errlen, "cannot resume %s: its keep attribute '%s' is not one spsim writes",
                 r->output, p.keep);
        status = -1;
    }
    out->planned = p.planned;
    out->base_done = p.completed;
    out->variants_done = p.tornado_variants_done;
    spsim_h5_partial_free(&p);
    return status;
}

int spsim_tornado_restore(spsim_h5_stream *st, const spsim_tornado_request *r,
                          const spsim_tornado_resumed *res, spsim_run *base, spsim_tornado *t,
                          char *err, size_t errlen)
{
    if (spsim_h5_stream_restore(st, r->output, base, res->base_done, err, errlen) != 0) return -1;
    return spsim_h5_read_tornado_state(r->output, t, res->variants_done, err, errlen);
}

int spsim_tornado_write_partial(spsim_h5_stream *st, const spsim_tornado_request *r,
                                spsim_run *base, spsim_tornado *t)
{
    char err[1400];
    int sig = spsim_interrupt_signal(), done = base->replications_done,
        planned = base->n_replications, variants = t->n_keys * SPSIM_TORNADO_N_BOUNDS;
    if (done == 0) {
        spsim_h5_stream_abandon(st);
        fprintf(stderr,
                "spsim: interrupted before any replication was done: nothing written (an "
                "earlier file under %s is untouched)\n",
                r->output);
        return 128 + sig;
    }
    spsim_run_truncate(base, done);
    base->tornado = t;
    int status = spsim_h5_stream_finish(st, base, true, err, sizeof err);
    base->tornado = NULL;
    if (status != 0) {
        fprintf(stderr, "spsim: interrupted, and the partial file could not be written: %s\n", err);
        return SPSIM_EXIT_RUNTIME;
    }
    fprintf(stderr,
            "spsim: interrupted: %s is a partial file holding %d of %d replications of the "
            "tornado's base run and %d of its %d variants (root attributes status = partial, "
            "replications_completed = %d, tornado_variants_done = %d; a variant in flight is "
            "run again); to resume:\n  ",
            r->output, done, planned, t->variants_done, variants, done, t->variants_done);
    spsim_print_resume_command(stderr, r->argc, r->argv, false);
    return 128 + sig;
}
