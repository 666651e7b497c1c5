"""One symbolic iteration of a loop nest in place of all of its iterations.

`irproof.verifier.lockstep` proves a loop nest correct one iteration at a time: the query
runs a single iteration whose counters are free symbols. While it lowers a function,
`LoweringContext.iteration` holds a `SymbolicIteration` saying which loops do that:

- `loops`: the body region of an `scf.for` / `affine.for` level → its counter `t` (index
  width). The loop runs its body once, with the induction variable `lb + step * t`.
- `linalg`: the region of a structured linalg op → the counters of its leading loop
  dimensions. The op runs only the points whose leading coordinates are those counters (the
  remaining dimensions still run in full, in order).
- `skipped`: regions of the loop nests the query is not about: they do not run at all.

The counters' ranges (`t < trip count`) are assumptions of the query, added by the verifier;
which loops may be treated this way, and why that is sound, is the verifier's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.dialects import smt
from xdsl.ir import Region

from irproof.semantics.builder import Pair, SMTBuilder, Term, width_of


@dataclass
class SymbolicIteration:
    """Which loops run one symbolic iteration, and which do not run (by region)."""

    loops: dict[int, Term] = field(default_factory=dict)
    linalg: dict[int, list[Term]] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)

    def add_loop(self, body: Region, counter: Term) -> None:
        self.loops[id(body)] = counter

    def add_linalg(self, region: Region, counters: list[Term]) -> None:
        self.linalg[id(region)] = counters

    def skip(self, region: Region) -> None:
        self.skipped.add(id(region))

    def skips(self, region: Region) -> bool:
        return id(region) in self.skipped

    def counter(self, body: Region) -> Term | None:
        return self.loops.get(id(body))

    def leading(self, region: Region) -> list[Term]:
        """The counters of a linalg op's leading dimensions (none: it runs in full)."""
        return self.linalg.get(id(region), [])


def induction_value(b: SMTBuilder, lb: Pair, step: Pair, counter: Term) -> Pair:
    """`lb + step * t` at the loop's width (the counter is an index-width value small enough
    to fit any width the verifier allows here)."""
    width = width_of(lb.value)
    t = counter
    if width_of(counter) > width:
        t = b.extract(counter, 0, width)
    elif width_of(counter) < width:
        t = b.zext(counter, width)
    value = b.add(lb.value, b.binary(smt.BVMulOp, step.value, t))
    return Pair(value, b.or_(lb.poison, step.poison))
