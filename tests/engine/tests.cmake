# Engine data structures and the model's samplers, tested directly: the event calendar, the
# person pool and first-come-first-served line, and each sampler against its distribution.
spsim_c_test(engine_events engine/test_events.c)
spsim_c_test(engine_person_fifo engine/test_person_fifo.c)
spsim_c_test(engine_referral engine/test_referral.c)
spsim_c_test(engine_support engine/test_support.c)
spsim_c_test(engine_count_table engine/test_count_table.c)
spsim_c_test(engine_tornado engine/test_tornado.c)
spsim_c_test(engine_estimate engine/test_estimate.c)
