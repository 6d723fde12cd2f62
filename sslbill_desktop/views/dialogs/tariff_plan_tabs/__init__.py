"""The tabs of the tariff plan dialog: one file per block of the source's tariff form."""
