# Community supply: trust, groups and places, builders, funding streams.
spsim_c_test(community_trust community/test_trust.c)
spsim_c_test(community_supply community/test_supply.c)
spsim_c_test(community_closure_rate community/test_closure_rate.c)
spsim_c_test(community_place_time community/test_place_time.c)
spsim_c_test(community_builder_openings community/test_builder_openings.c)
spsim_c_test(community_funding_rates community/test_funding_rates.c)
spsim_c_test(community_unmet_need community/test_unmet_need.c)
spsim_c_test(community_group_formation community/test_group_formation.c)
