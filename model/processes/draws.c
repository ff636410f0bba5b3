#include "draws.h"

const char *const spsim_variate_name[SPSIM_N_VARIATE_KINDS] = {
    [SPSIM_VARIATE_UNIFORM] = "uniform",
    [SPSIM_VARIATE_EXPONENTIAL] = "exponential",
    [SPSIM_VARIATE_GAMMA] = "gamma",
    [SPSIM_VARIATE_BETA] = "beta",
    [SPSIM_VARIATE_POISSON] = "poisson",
    [SPSIM_VARIATE_NEGATIVE_BINOMIAL] = "negative_binomial",
    [SPSIM_VARIATE_DISCRETE] = "discrete",
    [SPSIM_VARIATE_WEIBULL_INVERSE] = "weibull_inverse",
    [SPSIM_VARIATE_EXPONENTIAL_INVERSE] = "exponential_inverse",
    [SPSIM_VARIATE_GAUSSIAN] = "gaussian",
    [SPSIM_VARIATE_GAMMA_INVERSE] = "gamma_inverse",
};

#ifdef SPSIM_COUNT_VARIATES
_Thread_local unsigned long long spsim_variates_drawn[SPSIM_N_VARIATE_KINDS];
#endif
