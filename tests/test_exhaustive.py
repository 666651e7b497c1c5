"""Exhaustive evaluation (`irproof.verifier.exhaustive`): every operator agrees with Z3 on
every input at small widths (and on wide values in 64-bit lanes), random queries get Z3's
answer, and a lone fixed-width query is decided by it."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from irproof.api import verify_file
from irproof.verifier import exhaustive, solver
from irproof.verifier.exhaustive import compile_query
from irproof.verifier.plain_query import plain_query
from irproof.verifier.solver import check


def _parsed(operator: str, *operands: z3.BitVecRef) -> z3.ExprRef:
    """An operator Z3's Python API has no constructor for, read from SMT-LIB."""
    declarations = {str(v): v.decl() for v in operands if z3.is_const(v)}
    term = f"({operator} {' '.join(v.sexpr() for v in operands)})"
    (fact,) = z3.parse_smt2_string(f"(assert (= {term} {term}))", decls=declarations)
    return fact.arg(0)


BINARY: dict[str, Callable[[z3.BitVecRef, z3.BitVecRef], z3.ExprRef]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "udiv": z3.UDiv,
    "urem": z3.URem,
    "sdiv": lambda a, b: a / b,
    "srem": z3.SRem,
    "smod": lambda a, b: a % b,
    "shl": lambda a, b: a << b,
    "lshr": z3.LShR,
    "ashr": lambda a, b: a >> b,
    "and": lambda a, b: a & b,
    "or": lambda a, b: a | b,
    "xor": lambda a, b: a ^ b,
    "concat": z3.Concat,
    "ult": z3.ULT,
    "ule": z3.ULE,
    "ugt": z3.UGT,
    "uge": z3.UGE,
    "slt": lambda a, b: a < b,
    "sle": lambda a, b: a <= b,
    "sgt": lambda a, b: a > b,
    "sge": lambda a, b: a >= b,
    "eq": lambda a, b: a == b,
    "distinct": lambda a, b: z3.Distinct(a, b),
    "bvcomp": lambda a, b: _parsed("bvcomp", a, b),
    "bvnand": lambda a, b: _parsed("bvnand", a, b),
    "bvnor": lambda a, b: _parsed("bvnor", a, b),
    "bvxnor": lambda a, b: _parsed("bvxnor", a, b),
    "rotl_by": lambda a, b: z3.RotateLeft(a, b),
    "rotr_by": lambda a, b: z3.RotateRight(a, b),
}

UNARY: dict[str, Callable[[z3.BitVecRef], z3.ExprRef]] = {
    "neg": lambda a: -a,
    "not": lambda a: ~a,
    "extract": lambda a: z3.Extract(a.size() - 1, a.size() // 2, a),
    "zext": lambda a: z3.ZeroExt(5, a),
    "sext": lambda a: z3.SignExt(5, a),
    "rotl": lambda a: z3.RotateLeft(a, 2),
    "rotr": lambda a: z3.RotateRight(a, 3),
    "rotate_left": lambda a: _parsed("(_ rotate_left 3)", a),
    "rotate_right": lambda a: _parsed("(_ rotate_right 2)", a),
    "repeat": lambda a: z3.RepeatBitVec(2, a),
    "redor": lambda a: z3.BVRedOr(a),
    "redand": lambda a: z3.BVRedAnd(a),
}


def _table(term: z3.ExprRef, inputs: list[z3.BitVecRef], widths: list[int]) -> z3.BoolRef:
    """term == Z3's value of it, at every assignment of `inputs` (Z3 folds each one)."""
    rows = []
    for values in itertools.product(*(range(1 << w) for w in widths)):
        constants = [z3.BitVecVal(v, x.size()) for x, v in zip(inputs, values, strict=True)]
        folded = z3.simplify(z3.substitute(term, *zip(inputs, constants, strict=True)))
        assert z3.is_bv_value(folded) or z3.is_true(folded) or z3.is_false(folded)
        fixed = [x == c for x, c in zip(inputs, constants, strict=True)]
        rows.append(z3.Implies(z3.And(*fixed), term == folded))
    return z3.And(*rows)


def _decide(assertions: list[z3.BoolRef]) -> z3.CheckSatResult:
    plain = plain_query(assertions)
    assert plain is not None
    compiled = compile_query(plain)
    assert compiled is not None, "exhaustive evaluation should apply"
    return compiled.check(60.0)[0]


@pytest.mark.parametrize("width", [1, 3, 4])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_operators_agree_with_z3_on_every_input(name: str, width: int) -> None:
    x, y = z3.BitVec("x", width), z3.BitVec("y", width)
    term = BINARY[name](x, y)
    assert _decide([z3.Not(_table(term, [x, y], [width, width]))]) == z3.unsat


@pytest.mark.parametrize("width", [1, 4, 6])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_operators_agree_with_z3_on_every_input(name: str, width: int) -> None:
    x = z3.BitVec("x", width)
    term = UNARY[name](x)
    assert _decide([z3.Not(_table(term, [x], [width]))]) == z3.unsat


@pytest.mark.parametrize(
    "name",
    ["add", "mul", "udiv", "urem", "sdiv", "srem", "smod", "shl", "lshr", "ashr", "slt", "ult"],
)
def test_wide_values_in_64_bit_lanes(name: str) -> None:
    """Values of 40 and 64 bits (sign- and zero-extended small inputs, shifted to the top):
    the carries, signs and quotients of 64-bit lanes."""
    x, y = z3.BitVec("x", 3), z3.BitVec("y", 3)
    for width in (40, 64):
        a = z3.SignExt(width - 3, x) << (width - 4)
        b = z3.ZeroExt(width - 3, y) + z3.SignExt(width - 3, x)
        term = BINARY[name](a, b)
        assert _decide([z3.Not(_table(term, [x, y], [3, 3]))]) == z3.unsat


def test_a_wrong_table_is_found_with_its_row() -> None:
    """The twin: one row of the table changed, and that row is the counterexample."""
    x, y = z3.BitVec("x", 4), z3.BitVec("y", 4)
    wrong = z3.Implies(z3.And(x == 11, y == 3), z3.SRem(x, y) == 2)  # it is -2
    plain = plain_query([z3.Not(wrong)])
    assert plain is not None
    compiled = compile_query(plain)
    assert compiled is not None
    result, model, _ = compiled.check(60.0)
    assert result == z3.sat and model is not None
    assert (model.eval(x).as_long(), model.eval(y).as_long()) == (11, 3)


def test_non_poison_assignments_come_first() -> None:
    """Booleans (the poison flags) are the leading axes: a counterexample without poison
    comes before any with."""
    x, p = z3.BitVec("x", 8), z3.Bool("p")
    compiled = compile_query(plain_query([z3.Or(p, x == 200)]))  # type: ignore[arg-type]
    assert compiled is not None
    result, model, _ = compiled.check(60.0)
    assert result == z3.sat and model is not None
    assert z3.is_false(model.eval(p)) and model.eval(x).as_long() == 200


def test_it_does_not_apply_beyond_its_reach() -> None:
    x, y = z3.BitVec("x", 16), z3.BitVec("y", 16)
    assert compile_query(plain_query([x * y == 7])) is None  # type: ignore[arg-type]  # 32 bits
    small = z3.BitVec("s", 4)
    wide = z3.ZeroExt(100, small)
    assert compile_query(plain_query([wide * wide == 9])) is None  # type: ignore[arg-type]  # 104 bits
    ovfl = z3.BVMulNoOverflow(small, small, False)
    assert compile_query(plain_query([z3.Not(ovfl)])) is None  # type: ignore[arg-type]  # Z3-only op


def test_it_resumes_where_its_slice_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exhaustive, "CHUNK_BITS", 8)
    x, y = z3.BitVec("x", 8), z3.BitVec("y", 8)
    product = z3.ZeroExt(8, x) * z3.ZeroExt(8, y)  # no wrapping: 143 = 11 * 13 only
    compiled = compile_query(plain_query([product == 143, z3.UGT(x, 1), z3.ULE(x, y)]))  # type: ignore[arg-type]
    assert compiled is not None and compiled.chunks == 256
    result, _, reason = compiled.check(0.0)  # one chunk, then out of time
    assert (result, reason, compiled.next_chunk) == (z3.unknown, "timeout", 1)
    result, model, _ = compiled.check(60.0)
    assert result == z3.sat and model is not None
    assert (model.eval(x).as_long(), model.eval(y).as_long()) == (11, 13)


_LEAVES = st.sampled_from(["x", "y", "z", "c"])


@st.composite
def _terms(draw: st.DrawFn, depth: int = 3) -> z3.BitVecRef:
    x, y, z = z3.BitVec("x", 5), z3.BitVec("y", 5), z3.BitVec("z", 5)
    if depth == 0 or draw(st.booleans()):
        leaf = draw(_LEAVES)
        if leaf == "c":
            return z3.BitVecVal(draw(st.integers(0, 31)), 5)
        return {"x": x, "y": y, "z": z}[leaf]
    name = draw(
        st.sampled_from(
            [
                "add",
                "sub",
                "mul",
                "udiv",
                "urem",
                "sdiv",
                "srem",
                "smod",
                "shl",
                "lshr",
                "ashr",
                "and",
                "or",
                "xor",
            ]
        )
    )
    return BINARY[name](draw(_terms(depth - 1)), draw(_terms(depth - 1)))  # type: ignore[return-value]


@settings(max_examples=60, deadline=None)
@given(_terms(), _terms(), st.sampled_from(["eq", "ult", "slt", "distinct"]))
def test_random_queries_get_z3s_answer(a: z3.BitVecRef, b: z3.BitVecRef, compare: str) -> None:
    query = [BINARY[compare](a, b)]
    solver = z3.Solver()
    solver.add(*query)
    expected = solver.check()
    plain = plain_query(query)  # type: ignore[arg-type]
    assert plain is not None  # every operator drawn is plain SMT-LIB
    compiled = compile_query(plain)
    assert compiled is not None
    result, model, _ = compiled.check(60.0)
    assert result == expected
    if result == z3.sat:
        assert model is not None and z3.is_true(model.eval(query[0], model_completion=True))


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The input bits of every query exhaustive evaluation is run on, in order."""
    calls: list[int] = []
    original = exhaustive.Exhaustive.check

    def counted(self: exhaustive.Exhaustive, budget_s: float, seed: int = 0):  # type: ignore[no-untyped-def]
        calls.append(self.bits)
        return original(self, budget_s, seed)

    monkeypatch.setattr(exhaustive.Exhaustive, "check", counted)
    return calls


def test_a_lone_query_is_decided_by_it(evaluations: list[int]) -> None:
    """`irproof.verifier.solver.check` gives a lone query it applies to to exhaustive
    evaluation after the first strategy's short slice: here, a division identity no
    solver proves in that slice (x = (x / y) * y + x % y, signed, at 10 bits)."""
    x, y = z3.BitVec("x", 10), z3.BitVec("y", 10)
    identity = x == (x / y) * y + z3.SRem(x, y)
    result, _, _ = check([z3.Not(identity)], "QF_BV", 30.0)
    assert result == z3.unsat and evaluations == [20]
    broken = x == (x / y) * y - z3.SRem(x, y)  # the twin: wrong wherever the remainder is not 0
    result, model, _ = check([z3.Not(broken)], "QF_BV", 30.0)
    assert result == z3.sat and model is not None
    assert z3.is_false(model.eval(broken, model_completion=True))


# Alive's 820 at i9: (X - X %s Y) /s Y == X /s Y (SAT solvers need 0.6-0.8 s to prove it);
# twin: with the unsigned remainder it is wrong
DIVISION_PAIR = """
func.func @rem_src(%x: i9, %y: i9) -> i9 {
  %z = arith.remsi %x, %y : i9
  %d = arith.subi %x, %z : i9
  %r = arith.divsi %d, %y : i9
  return %r : i9
}
func.func @rem_tgt(%x: i9, %y: i9) -> i9 {
  %r = arith.divsi %x, %y : i9
  return %r : i9
}
"""


def test_a_fixed_width_pair_is_proved_and_its_twin_refuted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, evaluations: list[int]
) -> None:
    """End to end: the pair's one query goes to exhaustive evaluation (after the first
    strategy's short slice) and is proved; the twin's counterexample is replayed."""
    # solvers that answer nothing in their slices, so the proof is exhaustive evaluation's
    monkeypatch.setattr(solver, "EXHAUSTIVE_AFTER_S", 0.0)
    path = tmp_path / "rem.mlir"
    path.write_text(DIVISION_PAIR)
    [proved] = verify_file(str(path))
    assert proved.verdict == "correct" and evaluations == [20]  # 2 x 9 bits, 2 poison flags
    path.write_text(DIVISION_PAIR.replace("arith.remsi", "arith.remui"))
    [wrong] = verify_file(str(path))
    assert wrong.verdict == "incorrect" and wrong.counterexample is not None
    assert wrong.counterexample.replay == "confirmed by the concrete interpreter"
