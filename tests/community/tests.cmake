# Community supply: trust, groups and places, builders, funding streams.
spsim_c_test(community_trust community/test_trust.c)
