"""Width classes: width-generic pairs proved at every width by ONE refinement query.

A width-generic pair (`irproof.verifier.generic`) is normally checked once per width of
`--widths` (`irproof.verifier.verify`). For the two classes below a theorem says that one
width decides the others, so `verify` solves a single query and, if it is unsat, reports
`correct` for every width asked for; if it is not, the per-width loop runs as usually (so
failing widths and the smallest counterexample are reported exactly as without the
shortcut). `--no-width-classes` (`VerifyOptions.width_classes`) turns the shortcut off.

Scope (both classes; anything else is in no class):

- exactly one width variable `iV`; every argument, result, operand and op result of both
  functions has type `iV` (no `i1`, no fixed width, no `index`, no float, no memref);
- each function is one block of ops listed in the class's table (`BIT_PARALLEL_OPS`,
  `TRUNCATION_OPS`), each with the attributes its rule allows (no flags), ended by
  `func.return`; so no `irproof.assume` (no precondition), no call, no region;
- function attributes are only the name, type, `irproof.generic` (plus, for class 2,
  `irproof.width_constraints`); argument attributes only `irproof.not_poison`; no result
  attributes; the module names no memory (so the query has no memory state).

Semantics used (`irproof.semantics.arith`): a value is a pair (bit-vector, poison flag);
`andi`, `ori`, `xori` and flag-less `addi`, `subi`, `muli` are poison exactly when an operand
is, and compute the bit-vector operation mod 2^w; `arith.constant c` at width w is
`c mod 2^w` and never poison; no op here has undefined behaviour. An argument's poison flag
is a free boolean (false for `irproof.not_poison` or `--no-poison-inputs`), the same at
every width. Hence the poison flag of every value is the same boolean function of the
arguments' flags at every width. Refinement at width w fails iff for some flags p and
result r: src_r not poison and (tgt_r poison, or for some inputs x in (2^w)^n the values of
src_r and tgt_r differ).

Theorem 1 (bit-parallel: `andi`/`ori`/`xori`, constants 0 and -1, return; no width
constraints). The pair is correct at width 1 iff it is correct at every width w >= 1.
Proof sketch. Poison is width-independent (above). For values: replace `andi`/`ori`/`xori`
by and/or/xor on booleans and the constants 0 / -1 by false / true (`c mod 2^w` is all zeros
/ all ones at every w); this gives for every value v a boolean function f_v, independent of
w, with bit k of v = f_v(bit k of x_1, ..., bit k of x_n) for every k < w. The values of
src_r and tgt_r differ at width w iff some bit k differs iff f_src(b) != f_tgt(b) for some
b in {0,1}^n (given b, set bit k of every input x_i to b_i; given x and k, take b_i = bit k
of x_i). That condition does not mention w, so a failure at w exists iff one at 1 does. []

Theorem 2 (truncation-homomorphic: `addi`/`subi`/`muli` without `nsw`/`nuw`,
`andi`/`ori`/`xori`, any integer constant, return). If the pair is correct at width W, it
is correct at every width w <= W. Proof sketch. Let t(y) = y mod 2^w. For op in
{+, -, *, and, or, xor}: t(a op_W b) = t(a) op_w t(b) (2^w divides 2^W, so reduction mod 2^w
is a ring homomorphism from Z/2^W; the bitwise ops act on each bit alone), and
t(c mod 2^W) = c mod 2^w. Suppose a failure at w with inputs x and flags p. Zero-extend
each x_i to X_i (t(X_i) = x_i); by induction over the ops every value v has
value_w(v)(x) = t(value_W(v)(X)) and the same poison flag. Correctness at W with (X, p)
gives for every result r: src_r poison, or tgt_r not poison and equal values at W; applying
t gives the same at w, contradicting the failure. [] (The converse fails: `x * x -> x` is
correct at width 1 only.) Width constraints only remove widths from the ones checked, all
of which are <= W, the largest checked, so they may be present.

Theorem 1 is used before theorem 2 (a width-1 query is the cheapest). Both are tested
differentially against the per-width loop (`tests/test_width_classes.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from xdsl.dialects import func
from xdsl.dialects.builtin import DictionaryAttr, IntegerAttr, IntegerType, ModuleOp
from xdsl.ir import Operation

from irproof.verifier.generic import CONSTRAINTS_ATTR, GENERIC_ATTR, GenericError, width_variables
from irproof.verifier.pair_scope import reachable_ops
from irproof.verifier.refinement import NOT_POISON_ATTR

OpRule = Callable[[Operation], bool]
"""Whether one op (of a name its class's table lists) keeps the class's theorem."""


def _plain(op: Operation) -> bool:
    """No properties and no attributes: no flags (`disjoint`, ...) of any kind."""
    return not op.properties and not op.attributes


def _without_overflow_flags(op: Operation) -> bool:
    """Only an empty `overflowFlags` property (no `nsw`, no `nuw`)."""
    flags = op.properties.get("overflowFlags")
    if op.attributes or set(op.properties) - {"overflowFlags"}:
        return False
    return flags is None or not getattr(flags, "data", True)


def _constant(allowed: frozenset[int] | None) -> OpRule:
    """An integer `arith.constant` (of the op's own type) whose literal is in `allowed`
    (any literal when None)."""

    def rule(op: Operation) -> bool:
        value = op.properties.get("value")
        if op.attributes or set(op.properties) != {"value"}:
            return False
        if not isinstance(value, IntegerAttr) or value.type != op.results[0].type:
            return False
        return allowed is None or value.value.data in allowed

    return rule


BIT_PARALLEL_OPS: Mapping[str, OpRule] = {
    "arith.andi": _plain,
    "arith.ori": _plain,
    "arith.xori": _plain,
    "arith.constant": _constant(frozenset({0, -1})),
    "func.return": _plain,
}
"""Theorem 1: bit k of every value is one boolean function of bit k of the inputs."""

TRUNCATION_OPS: Mapping[str, OpRule] = {
    "arith.addi": _without_overflow_flags,
    "arith.subi": _without_overflow_flags,
    "arith.muli": _without_overflow_flags,
    "arith.andi": _plain,
    "arith.ori": _plain,
    "arith.xori": _plain,
    "arith.constant": _constant(None),
    "func.return": _plain,
}
"""Theorem 2: every op commutes with truncation mod 2^w."""


@dataclass(frozen=True)
class WidthClass:
    """A class of width-generic pairs and the one width that proves all widths checked."""

    name: str
    ops: Mapping[str, OpRule]
    constraints_allowed: bool
    proof_width: Callable[[Sequence[int]], int]
    """The width to prove at, given the (non-empty) widths checked."""
    covers: str
    """Which widths a proof at `proof_width` covers (for the note in the result)."""

    def note(self, width: int) -> str:
        """The note a pair proved by this class carries (`reason` of a `correct` result)."""
        return f"{self.name}: proved once at i{width} (implies {self.covers})"


BIT_PARALLEL = WidthClass("bit-parallel", BIT_PARALLEL_OPS, False, lambda _: 1, "every width")
TRUNCATION_HOMOMORPHIC = WidthClass(
    "truncation-homomorphic", TRUNCATION_OPS, True, max, "every smaller width"
)
CLASSES = (BIT_PARALLEL, TRUNCATION_HOMOMORPHIC)
"""Tried in this order: the first class a pair is in is the one used."""

_FUNCTION_ATTRS = frozenset({"sym_name", "function_type", "arg_attrs", "res_attrs"})


def classify(module: ModuleOp, source: func.FuncOp, target: func.FuncOp) -> WidthClass | None:
    """The first class of `CLASSES` the pair is in, or None (then every width is checked)."""
    try:
        variables = width_variables(source)
    except GenericError:
        return None
    if variables is None or len(variables.declared) != 1:
        return None
    variable = IntegerType(variables.declared[0])
    for width_class in CLASSES:
        if variables.constraints and not width_class.constraints_allowed:
            continue
        if all(_in_class(f, variable, width_class) for f in (source, target)):
            return None if _names_memory(module, source, target) else width_class
    return None


def _names_memory(module: ModuleOp, source: func.FuncOp, target: func.FuncOp) -> bool:
    """Whether an op of the pair or its callees is a `memref` op (then every query has a
    memory state)."""
    return any(op.dialect_name() == "memref" for op in reachable_ops(module, source, target))


def _in_class(function: func.FuncOp, variable: IntegerType, width_class: WidthClass) -> bool:
    allowed_attrs = _FUNCTION_ATTRS | {GENERIC_ATTR}
    if width_class.constraints_allowed:
        allowed_attrs |= {CONSTRAINTS_ATTR}
    if (set(function.attributes) | set(function.properties)) - allowed_attrs:
        return False
    if not _plain_arguments(function) or len(function.body.blocks) != 1:
        return False
    types = [*function.function_type.inputs.data, *function.function_type.outputs.data]
    block = function.body.blocks[0]
    if any(t != variable for t in types) or any(a.type != variable for a in block.args):
        return False
    for op in block.ops:
        rule = width_class.ops.get(op.name)
        if rule is None or op.regions or op.successors or not rule(op):
            return False
        if any(v.type != variable for v in (*op.operands, *op.results)):
            return False
    return True


def _plain_arguments(function: func.FuncOp) -> bool:
    """Argument attributes at most `irproof.not_poison`; no result attributes."""
    for attrs in function.arg_attrs.data if function.arg_attrs is not None else ():
        if not isinstance(attrs, DictionaryAttr) or set(attrs.data) - {NOT_POISON_ATTR}:
            return False
    for attrs in function.res_attrs.data if function.res_attrs is not None else ():
        if not isinstance(attrs, DictionaryAttr) or attrs.data:
            return False
    return True
