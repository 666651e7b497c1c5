"""What floating point adds to the refinement query (`irproof.verifier.refinement`).

- Value equality of floats: equal bit patterns, or both NaN (every NaN refines every NaN,
  whatever its sign and payload: MLIR and LLVM let an op return any NaN). +0 and -0 differ.
- Nondeterminism (`irproof.semantics.nondet`): the target's choices are free variables; the
  source's boolean choices are enumerated, the target having to fail against every
  behaviour of the source. At most `MAX_ENUMERATED_CHOICES` source choices are enumerated;
  the others keep their default, which leaves fewer source behaviours: `correct` stays
  sound, and a counterexample is only reported once the replay has tried every source
  behaviour (`irproof.verifier.replay`).
- Whether NaN bits can be observed at all: only `arith.bitcast` from a float type reads them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import z3
from xdsl.ir import Attribute, Operation

from irproof.semantics import float_bits
from irproof.semantics.builder import SMTBuilder, Term
from irproof.semantics.float_types import float_format
from irproof.semantics.nondet import Nondeterminism

MAX_ENUMERATED_CHOICES = 4
"""Source choices enumerated in the query (2**4 lowerings of the source at most)."""


def values_differ(b: SMTBuilder, typ: Attribute, source: Term, target: Term) -> Term:
    """The value condition of refinement for one result of type `typ`."""
    fmt = float_format(typ)
    if fmt is None:
        return b.ne(source, target)
    both_nan = b.and_(float_bits.is_nan(b, source, fmt), float_bits.is_nan(b, target, fmt))
    return b.and_(b.ne(source, target), b.not_(both_nan))


def nan_bits_observable(ops: Iterable[Operation]) -> bool:
    """Whether `ops` (those of a pair and its callees) bitcast a float: the only way to read
    the bits of a NaN."""
    return any(
        op.name == "arith.bitcast" and float_format(op.operands[0].type) is not None for op in ops
    )


def source_side(ops: Iterable[Operation]) -> Nondeterminism:
    return Nondeterminism(free=False, nan_bits_observable=nan_bits_observable(ops))


def target_side(ops: Iterable[Operation]) -> Nondeterminism:
    return Nondeterminism(free=True, nan_bits_observable=nan_bits_observable(ops))


def other_assignments(first: Nondeterminism) -> Iterator[Nondeterminism]:
    """The source sides to lower besides `first` (which made its choices by default): one per
    assignment of its first `MAX_ENUMERATED_CHOICES` boolean choices but all-false."""
    count = min(first.boolean_count, MAX_ENUMERATED_CHOICES)
    for assignment in itertools.product((False, True), repeat=count):
        if any(assignment):
            yield Nondeterminism(
                free=False, fixed=assignment, nan_bits_observable=first.nan_bits_observable
            )


SIMPLE_MANTISSA_BITS = 4
"""A float input preferred in a counterexample has at most this many leading mantissa bits."""


def simple_float(value: z3.BitVecRef, typ: Attribute) -> z3.BoolRef | None:
    """A preference for readable float inputs (the solver may ignore it): ±0, ±inf, the
    canonical NaN, or a number between 1/16 and 1024 with a short mantissa."""
    fmt = float_format(typ)
    if fmt is None:
        return None
    w = fmt.width
    magnitude = value & (fmt.exponent_mask | fmt.mantissa_mask)
    exponent = z3.LShR(value, fmt.mantissa_bits) & ((1 << fmt.exponent_bits) - 1)
    low_bits = fmt.mantissa_bits - min(SIMPLE_MANTISSA_BITS, fmt.mantissa_bits)
    return z3.Or(
        magnitude == z3.BitVecVal(0, w),
        magnitude == z3.BitVecVal(fmt.infinity, w),
        value == z3.BitVecVal(fmt.canonical_nan, w),
        z3.And(
            z3.UGE(exponent, fmt.bias - 4),
            z3.ULE(exponent, fmt.bias + 10),
            value & ((1 << low_bits) - 1) == z3.BitVecVal(0, w),
        ),
    )
