"""The simulator's price list: the real product ids of the EU service, plus generated plans."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

#: Months an order can run for.
PERIODS = (12, 24, 36)


@dataclass(frozen=True)
class SimPlan:
    id: str
    name: str
    siteinfo: str
    #: months -> cost in the account currency; None = not sold for that period.
    costs: dict[int, Decimal | None]

    def cost(self, months: int) -> Decimal | None:
        return self.costs.get(months)

    @property
    def available(self) -> bool:
        return any(c is not None for c in self.costs.values())


def _plan(plan_id: str, name: str, siteinfo: str, c12: str, c24: str, c36: str) -> SimPlan:
    costs = {m: (Decimal(c) if c else None) for m, c in zip(PERIODS, (c12, c24, c36), strict=True)}
    return SimPlan(plan_id, name, siteinfo, costs)


#: Real ids (public price list of api-eu.ispmanager.com) with realistic USD costs.
SEEDED_PLANS: tuple[SimPlan, ...] = (
    _plan("1011", "RapidSSL", "brand=DigiCert,validation=DV,wildcard=no,sans=0", "11.00", "21.00", "30.00"),
    _plan(
        "1012", "RapidSSL Wildcard", "brand=DigiCert,validation=DV,wildcard=yes,sans=0", "79.00", "150.00", ""
    ),
    _plan(
        "3033",
        "Sectigo PositiveSSL",
        "brand=Sectigo,validation=DV,wildcard=no,sans=0",
        "7.50",
        "14.00",
        "20.00",
    ),
    _plan(
        "27650",
        "Sectigo PositiveSSL Wildcard",
        "brand=Sectigo,validation=DV,wildcard=yes,sans=0",
        "62.00",
        "118.00",
        "170.00",
    ),
    _plan(
        "2025",
        "Sectigo Essential SSL",
        "brand=Sectigo,validation=DV,wildcard=no,sans=0",
        "19.00",
        "36.00",
        "",
    ),
    _plan(
        "2021",
        "DigiCert Secure Site",
        "brand=DigiCert,validation=OV,wildcard=no,sans=4",
        "299.00",
        "570.00",
        "830.00",
    ),
    _plan("55346", "AlphaSSL", "brand=GlobalSign,validation=DV,wildcard=no,sans=0", "32.00", "", ""),
    _plan(
        "55348",
        "GlobalSign DomainSSL",
        "brand=GlobalSign,validation=DV,wildcard=no,sans=4",
        "180.00",
        "340.00",
        "",
    ),
    _plan(
        "55352", "GlobalSign EV", "brand=GlobalSign,validation=EV,wildcard=no,sans=4", "380.00", "720.00", ""
    ),
)

#: Generated plans get ids from here on.
GENERATED_FIRST_ID = 900_001
_BRANDS = ("Sectigo", "DigiCert", "GlobalSign", "Thawte", "GeoTrust")
_VALIDATIONS = ("DV", "OV", "EV")


def generated_plans(count: int, seed: int = 0) -> list[SimPlan]:
    """`count` plausible plans, the same for the same seed; every one sold for at least a year."""
    rng = random.Random(seed)
    plans: list[SimPlan] = []
    for n in range(count):
        brand = _BRANDS[n % len(_BRANDS)]
        validation = _VALIDATIONS[rng.randrange(len(_VALIDATIONS))]
        wildcard = rng.random() < 0.3
        base = Decimal(rng.randrange(500, 40_000)) / 100
        costs: dict[int, Decimal | None] = {12: base}
        costs[24] = (base * Decimal("1.9")).quantize(Decimal("0.01")) if rng.random() < 0.8 else None
        costs[36] = (base * Decimal("2.7")).quantize(Decimal("0.01")) if rng.random() < 0.5 else None
        name = "{brand} {validation} SSL{wild} #{n}".format(
            brand=brand, validation=validation, wild=" Wildcard" if wildcard else "", n=n + 1
        )
        siteinfo = "brand={brand},validation={validation},wildcard={wild},sans={sans}".format(
            brand=brand, validation=validation, wild="yes" if wildcard else "no", sans=rng.choice((0, 2, 4))
        )
        plans.append(SimPlan(str(GENERATED_FIRST_ID + n), name, siteinfo, costs))
    return plans
