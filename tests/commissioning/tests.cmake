# Commissioning arms: common random numbers, pooled slots, and the arms compared.
spsim_c_test(commissioning_common_random_numbers commissioning/test_common_random_numbers.c)
spsim_c_test(commissioning_pooling commissioning/test_pooling.c)
spsim_c_test(commissioning_same_service commissioning/test_same_service.c)
