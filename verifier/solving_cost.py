"""A rough guess at how long a pair takes to verify, to schedule parallel jobs longest
first (never part of a verdict): bit-blasted dividers dominate solving time, then
multipliers; every other op counts 1."""

from __future__ import annotations

from irproof.verifier.pairs import FunctionPair

SLOW_OPS = {
    "arith.divsi": 50,
    "arith.divui": 50,
    "arith.remsi": 50,
    "arith.remui": 50,
    "arith.ceildivsi": 50,
    "arith.ceildivui": 50,
    "arith.floordivsi": 50,
    "arith.muli": 5,
}
"""Rough solving cost of an op relative to others."""


def expected_cost(pair: FunctionPair) -> int:
    ops = [*pair.source.walk(), *pair.target.walk()]
    return sum(SLOW_OPS.get(op.name, 1) for op in ops)
