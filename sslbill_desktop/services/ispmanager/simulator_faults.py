"""Fault injection for the simulator: what goes wrong, on which calls, how often.

A rule names a fault kind, the functions it hits (all when empty) and how often: the next N
matching calls (`times=1` is one-shot), every call (`times=None`), or at random with a seeded
generator (`probability`). Rules are consumed under a lock, so concurrent requests never use one
shot twice. The kinds:

- `latency`: wait `seconds` before handling the call (the reply is late, the work is done);
- `http_500`, `http_502`: an error page with that status; the call is not carried out;
- `reset`: the connection is reset before any reply; the call is not carried out;
- `html`: an HTML maintenance page with status 200, as a misconfigured proxy sends;
- `garbled`: the call is carried out, then the reply's JSON is cut short;
- `missing_keys`: the call is carried out, then the reply is a document without its content;
- `session_expiry`: the caller's session expires just before the call (`$type=access`);
- `drop_after_commit`: the call is carried out, then the connection closes without a reply;
- `hang_after_commit`: the call is carried out, then the reply never comes (until `seconds`
  pass or the simulator stops) and the connection closes.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

LATENCY = "latency"
HTTP_500 = "http_500"
HTTP_502 = "http_502"
RESET = "reset"
HTML = "html"
GARBLED = "garbled"
MISSING_KEYS = "missing_keys"
SESSION_EXPIRY = "session_expiry"
DROP_AFTER_COMMIT = "drop_after_commit"
HANG_AFTER_COMMIT = "hang_after_commit"

FAULT_KINDS = (
    LATENCY,
    HTTP_500,
    HTTP_502,
    RESET,
    HTML,
    GARBLED,
    MISSING_KEYS,
    SESSION_EXPIRY,
    DROP_AFTER_COMMIT,
    HANG_AFTER_COMMIT,
)
#: Faults that answer instead of the call: the call itself is never carried out.
BEFORE_CALL = frozenset({HTTP_500, HTTP_502, RESET, HTML})
#: Faults applied to the reply after the call was carried out.
AFTER_CALL = frozenset({GARBLED, MISSING_KEYS, DROP_AFTER_COMMIT, HANG_AFTER_COMMIT})


@dataclass
class FaultRule:
    kind: str
    funcs: frozenset[str] = frozenset()
    #: Matching calls left; None = unlimited.
    times: int | None = 1
    probability: float = 1.0
    seconds: float = 0.0
    rng: random.Random = field(default_factory=random.Random)

    def matches(self, func: str) -> bool:
        return not self.funcs or func in self.funcs


@dataclass(frozen=True)
class Fault:
    """A fault chosen for one call."""

    kind: str
    seconds: float = 0.0


class FaultPlan:
    """The active rules; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []

    def add(
        self,
        kind: str,
        *,
        funcs: frozenset[str] | set[str] | tuple[str, ...] | list[str] | None = None,
        times: int | None = 1,
        probability: float = 1.0,
        seed: int | None = None,
        seconds: float = 0.0,
    ) -> None:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(FAULT_KINDS)}")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1, or None for every call")
        if not 0.0 < probability <= 1.0:
            raise ValueError("probability must be in (0, 1]")
        rule = FaultRule(
            kind=kind,
            funcs=frozenset(funcs or ()),
            times=times,
            probability=probability,
            seconds=seconds,
            rng=random.Random(seed),
        )
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def draw(self, func: str) -> list[Fault]:
        """The faults for one call of `func` (at most one per kind), consuming one-shot rules."""
        chosen: dict[str, Fault] = {}
        with self._lock:
            for rule in list(self._rules):
                if rule.kind in chosen or not rule.matches(func):
                    continue
                if rule.probability < 1.0 and rule.rng.random() >= rule.probability:
                    continue
                chosen[rule.kind] = Fault(rule.kind, rule.seconds)
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
        return list(chosen.values())

    def pending(self) -> int:
        with self._lock:
            return len(self._rules)


@dataclass(frozen=True)
class FaultSpec:
    """A fault rule as given on the command line (`FaultPlan.add`'s arguments)."""

    kind: str
    funcs: frozenset[str] = frozenset()
    times: int | None = 1
    probability: float = 1.0
    seconds: float = 0.0


def parse_fault_spec(spec: str) -> FaultSpec:
    """A command-line fault, `KIND[:N|:always|:P%][@func,func]`.

    `KIND` alone is one-shot; `:3` the next three calls; `:always` every call; `:25%` a quarter
    of the calls at random (seeded by `--seed`). `@certificate.order.param` limits it to those
    functions. `latency` takes its seconds as `latency=2.5`.
    """
    funcs: frozenset[str] = frozenset()
    if "@" in spec:
        spec, _, names = spec.partition("@")
        funcs = frozenset(n.strip() for n in names.split(",") if n.strip())
    kind, _, how = spec.partition(":")
    seconds = 0.0
    if "=" in kind:
        kind, _, raw_seconds = kind.partition("=")
        try:
            seconds = float(raw_seconds)
        except ValueError:
            raise ValueError(f"not a number of seconds: {raw_seconds!r}") from None
    kind = kind.strip()
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(FAULT_KINDS)}")
    times: int | None = 1
    probability = 1.0
    how = how.strip()
    if how == "always":
        times = None
    elif how.endswith("%"):
        times = None
        try:
            probability = float(how[:-1]) / 100
        except ValueError:
            raise ValueError(f"not a percentage: {how!r}") from None
    elif how:
        try:
            times = int(how)
        except ValueError:
            raise ValueError(f"not a count, 'always' or a percentage: {how!r}") from None
    if times is not None and times < 1:
        raise ValueError("the count of a fault must be at least 1")
    if not 0.0 < probability <= 1.0:
        raise ValueError("a random fault's share must be above 0% and at most 100%")
    return FaultSpec(kind, funcs, times, probability, seconds)
