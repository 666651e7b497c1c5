"""Choices the semantics leaves open, and how each side of a refinement makes them.

Some float ops do not fix their result: under the `nsz` fast-math flag the sign of a zero
result (and of a zero divisor) is unspecified; `maxnumf`/`minnumf` of +0 and -0 return
either; the bits of a NaN an arithmetic op produces are unspecified (only `arith.bitcast`
can observe them). A rule asks the context's `Nondeterminism` for such a choice.

Refinement quantifies over choices as Alive2 does: every choice the *target* may make must
be allowed, so the target's choices are free variables of the query; the target must match
*some* behaviour of the source, so the source's boolean choices are enumerated, each
assignment being one lowering of the source (`fixed`), and refinement fails only when it
fails for all of them. A source NaN is the canonical NaN (`FloatFormat.canonical_nan`): one
behaviour of the source among others, which keeps `correct` sound; a counterexample that
depends on the bits of a source NaN is not confirmed by the replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects import smt
from xdsl.ir import Operation

from irproof.semantics.builder import SMTBuilder, Term


@dataclass(frozen=True)
class Choice:
    """One choice made while lowering `op`: `kind` names it (`zero_sign`, `zero_pick`,
    `nan_bits`), `term` is an SMT boolean, or a bit-vector of `width` bits."""

    op: Operation
    kind: str
    term: Term
    width: int | None = None


@dataclass
class Nondeterminism:
    """How one lowering makes choices: `free` (target side) declares a variable for each;
    otherwise the i-th boolean choice is `fixed[i]` (False beyond its end) and NaNs get the
    canonical encoding. `made` lists the choices in the order they were made."""

    free: bool = False
    fixed: Sequence[bool] = ()
    nan_bits_observable: bool = False
    """Whether NaN bits can matter (the module bitcasts a float); when not, the target's
    NaNs are canonical too, which saves a variable per op."""
    made: list[Choice] = field(default_factory=list)

    def boolean(self, b: SMTBuilder, op: Operation, kind: str) -> Term:
        """A boolean choice (False is the default behaviour)."""
        if self.free:
            term = b.declare(kind, smt.BoolType())
        else:
            position = sum(1 for c in self.made if c.width is None)
            term = b.bool_const(position < len(self.fixed) and self.fixed[position])
        self.made.append(Choice(op, kind, term))
        return term

    def nan_bits(self, b: SMTBuilder, op: Operation, width: int) -> Term | None:
        """Free bits for a NaN result on the target side, None when the canonical NaN is
        used (the caller makes the bits a NaN)."""
        if not (self.free and self.nan_bits_observable):
            return None
        term = b.declare("nan_bits", smt.BitVectorType(width))
        self.made.append(Choice(op, "nan_bits", term, width))
        return term

    @property
    def boolean_count(self) -> int:
        return sum(1 for c in self.made if c.width is None)
