"""The Alive `.opt` importer, checked through real verdicts on small transformations.

Every transformation that must come out `correct` has a twin that differs in one place and
must come out `incorrect` (a wrong constant expression, a weaker precondition, a missing
width constraint), so a test cannot pass by the importer dropping what it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from irproof.api import VerifyOptions, verify_files
from irproof.loading import parse_module
from irproof.verifier.importers import importer_for
from irproof.verifier.importers.alive import import_alive
from irproof.verifier.importers.alive_body import PREDICATES
from irproof.verifier.importers.alive_parse import FLAGS_OF
from irproof.verifier.importers.alive_types import SAME_TYPE_PREDICATES
from irproof.verifier.verify import PairResult

WIDTHS = tuple(range(1, 9))

Verify = Callable[..., dict[str, PairResult]]


def test_imported_module_is_the_text_parsed() -> None:
    """The loader takes the pairs as the importer parsed them (`ImportedFile.module`) in
    place of parsing its text again: the same module; a transformation without a pair
    (`undef`) is in neither."""
    text = "Name: A\n%r = add %x, 0\n  =>\n%r = %x\n\nName: B\n%r = add %x, undef\n  =>\n%r = %x\n"
    imported = import_alive("two.opt", text)
    assert imported.module is not None
    assert [name for name, _ in imported.unsupported] == ["B"]
    names = [op.sym_name.data for op in imported.module.ops]  # type: ignore[attr-defined]
    assert names == ["A_src", "A_tgt"]
    assert str(imported.module) == str(parse_module("two.opt", imported.mlir))


@pytest.fixture
def verify(tmp_path: Path) -> Verify:
    """`verify(opt_text, widths=...)` → {pair name: result} of the whole file."""
    counter = iter(range(1000))

    def run(text: str, widths: tuple[int, ...] = WIDTHS) -> dict[str, PairResult]:
        path = tmp_path / f"case{next(counter)}.opt"
        path.write_text(text)
        results = verify_files([str(path)], VerifyOptions(widths=widths, timeout_s=20))
        return {r.name: r for r in results}

    return run


def twins(correct: str, incorrect: str) -> str:
    """An `.opt` file of two transformations named `good` and `bad`."""
    return f"Name: good\n{correct}\n\nName: bad\n{incorrect}\n"


def assert_twins(results: dict[str, PairResult]) -> None:
    good, bad = results["good"], results["bad"]
    assert good.verdict == "correct", good.reason
    assert bad.verdict == "incorrect", bad.reason
    assert bad.counterexample is not None


# --- Types: unification, explicit types, ext/trunc constraints, literal bounds ---------------


def test_untyped_values_share_one_width_variable(verify: Verify) -> None:
    results = verify(
        twins(
            "%a = add %b, %b\n  =>\n%a = shl %b, 1",
            "%a = add %b, %b\n  =>\n%a = shl %b, 2",
        )
    )
    assert_twins(results)
    # the literal 1 needs two bits (Alive's rule): i1 is not checked, where shl by 1 is poison
    assert results["good"].widths == list(range(2, 9))


def test_explicit_type_fixes_the_width(verify: Verify) -> None:
    results = verify(
        twins(
            "%r = add i8 %x, %y\n  =>\n%r = sub %x, -%y",
            "%r = add i8 %x, %y\n  =>\n%r = sub %x, %y",
        )
    )
    assert_twins(results)
    assert results["good"].widths == [8]


def test_zext_result_is_wider_than_its_operand(verify: Verify) -> None:
    # zext to a strictly wider type is never negative; sext can be
    results = verify(
        twins(
            "%y = zext %x\n%r = icmp sge %y, 0\n  =>\n%r = true",
            "%y = sext %x\n%r = icmp sge %y, 0\n  =>\n%r = true",
        )
    )
    assert_twins(results)
    assert results["good"].failed_widths == []


def test_trunc_to_a_fixed_type(verify: Verify) -> None:
    results = verify(
        twins(
            "%t = trunc %x to i4\n%r = zext %t\n  =>\n%r = and %x, 15",
            "%t = trunc %x to i4\n%r = zext %t\n  =>\n%r = and %x, 7",
        )
    )
    assert_twins(results)
    assert results["good"].widths == [5, 6, 7, 8]  # wider than i4, and 15 needs 5 bits


def test_icmp_gives_i1_and_select_takes_it(verify: Verify) -> None:
    results = verify(
        twins(
            "%c = icmp eq %x, %y\n%r = select %c, %x, %y\n  =>\n%r = %y",
            "%c = icmp ne %x, %y\n%r = select %c, %x, %y\n  =>\n%r = %y",
        )
    )
    assert_twins(results)


def test_named_type_is_one_type(verify: Verify) -> None:
    text = twins(
        "%a = zext Ty %x\n%b = zext Ty %y\n%r = udiv %a, %b\n  =>\n%d = udiv %x, %y\n%r = zext %d",
        "%a = zext Ty %x\n%b = zext Ty %y\n%r = sdiv %a, %b\n  =>\n%d = sdiv %x, %y\n%r = sext %d",
    )
    assert "@good_src(%x: i1000, %y: i1000)" in import_alive("x.opt", text).mlir
    assert_twins(verify(text, (1, 2, 3, 4)))


def test_zext_or_trunc_between_unordered_widths(verify: Verify) -> None:
    # %x may be narrower, as wide or wider than i5: the conversion goes through a wider type
    body = "%r = and %x, C\n  =>\n%t = ZExtOrTrunc %x to i5\n%r = ZExtOrTrunc %t"
    results = verify(twins(f"Pre: C == ~(-1 << 5)\n{body}", f"Pre: C == ~(-1 << 4)\n{body}"))
    assert_twins(results)
    assert results["good"].widths == [4, 5, 6, 7, 8]  # the literal 5 needs 4 bits
    assert results["bad"].failed_widths == ["i5", "i6", "i7", "i8"]


def test_precondition_only_types(verify: Verify) -> None:
    # zext(...) in the precondition gets a type wider than any checked (Alive picks one type)
    body = "%a = shl %x, C1\n%r = shl %a, C2\n  =>\n%r = shl %x, C1+C2"
    results = verify(
        twins(f"Pre: zext(C1+C2) < width(C1)\n{body}", f"Pre: zext(C1+C2) <= width(C1)\n{body}")
    )
    assert_twins(results)
    # the bit counts compared by the precondition take the type of what they count
    body = "%r = udiv C2, C1\n  =>\n%r = shl 1, log2(C2) - log2(C1)"
    pre = "isPowerOf2(C1) && isPowerOf2(C2) && log2(C2) {} log2(C1)"
    assert_twins(
        verify(twins(f"Pre: {pre.format('>=')}\n{body}", f"Pre: {pre.format('<=')}\n{body}"))
    )


# --- Preconditions ------------------------------------------------------------------------


def test_is_power_of_2(verify: Verify) -> None:
    results = verify(
        twins(
            "Pre: isPowerOf2(C)\n%r = mul %x, C\n  =>\n%r = shl %x, log2(C)",
            "Pre: isPowerOf2OrZero(C)\n%r = mul %x, C\n  =>\n%r = shl %x, log2(C)",
        )
    )
    assert_twins(results)
    cex = results["bad"].counterexample
    assert cex is not None
    assert [v.value for v in cex.inputs if v.name == "%C"] == [0]


def test_is_sign_bit(verify: Verify) -> None:
    results = verify(
        twins(
            "Pre: isSignBit(C)\n%r = add %x, C\n  =>\n%r = xor %x, C",
            "Pre: isPowerOf2(C)\n%r = add %x, C\n  =>\n%r = xor %x, C",
        )
    )
    assert_twins(results)


def test_masked_value_is_zero(verify: Verify) -> None:
    results = verify(
        twins(
            "Pre: MaskedValueIsZero(%x, C)\n%r = and %x, C\n  =>\n%r = 0",
            "Pre: !MaskedValueIsZero(%x, C)\n%r = and %x, C\n  =>\n%r = 0",
        )
    )
    assert_twins(results)


@pytest.mark.parametrize(
    ("flag", "good", "bad"),
    [
        ("nsw", "WillNotOverflowSignedAdd", "WillNotOverflowUnsignedAdd"),
        ("nuw", "WillNotOverflowUnsignedAdd", "WillNotOverflowSignedAdd"),
    ],
)
def test_will_not_overflow_add(verify: Verify, flag: str, good: str, bad: str) -> None:
    body = "%r = add %x, %y\n  =>\n%r = add " + flag + " %x, %y"
    assert_twins(verify(twins(f"Pre: {good}(%x, %y)\n{body}", f"Pre: {bad}(%x, %y)\n{body}")))


@pytest.mark.parametrize(
    ("op", "flag", "good", "bad"),
    [
        ("sub", "nsw", "WillNotOverflowSignedSub", "WillNotOverflowUnsignedSub"),
        ("sub", "nuw", "WillNotOverflowUnsignedSub", "WillNotOverflowSignedSub"),
        ("mul", "nsw", "WillNotOverflowSignedMul", "WillNotOverflowUnsignedMul"),
        ("mul", "nuw", "WillNotOverflowUnsignedMul", "WillNotOverflowSignedMul"),
    ],
)
def test_will_not_overflow(verify: Verify, op: str, flag: str, good: str, bad: str) -> None:
    body = f"%r = {op} %x, %y\n  =>\n%r = {op} {flag} %x, %y"
    results = verify(
        twins(f"Pre: {good}(%x, %y)\n{body}", f"Pre: {bad}(%x, %y)\n{body}"), (1, 2, 3, 4, 5, 6)
    )
    assert_twins(results)


def test_will_not_overflow_unsigned_shl(verify: Verify) -> None:
    results = verify(
        twins(
            "Pre: WillNotOverflowUnsignedShl(C1, C2)\n%r = shl C1, C2\n  =>\n%r = shl nuw C1, C2",
            "Pre: C2 u< width(C1)\n%r = shl C1, C2\n  =>\n%r = shl nuw C1, C2",
        )
    )
    assert_twins(results)


def test_is_shifted_mask(verify: Verify) -> None:
    # a run of ones with the ones below it filled in, plus one, has no bit in common with it
    body = "%r = and %x, 0\n  =>\n%r = and %x, ((C | (C - 1)) + 1) & (C | (C - 1))"
    assert_twins(verify(twins(f"Pre: isShiftedMask(C)\n{body}", body)))


def test_signed_and_unsigned_comparisons(verify: Verify) -> None:
    body = "%a = icmp ult %x, C1\n%b = icmp ult %x, C2\n%r = and %a, %b\n  =>\n%r = %a"
    assert_twins(verify(twins(f"Pre: C1 u< C2\n{body}", f"Pre: C1 < C2\n{body}")))


def test_and_or_not(verify: Verify) -> None:
    body = "%r = mul %x, C\n  =>\n%r = %x"
    results = verify(
        twins(f"Pre: !(C u> 1) && C != 0\n{body}", f"Pre: !(C u> 1) || C != 0\n{body}")
    )
    assert_twins(results)


def test_has_one_use_is_true_and_spares_the_value(verify: Verify) -> None:
    # %op is redefined: Alive checks it too, unless only %r uses it
    body = "%op = ashr %X, C1\n%r = and %op, C2\n  =>\n%op = lshr %X, C1\n%r = and %op, C2"
    pre = "C2 & lshr(-1, C1) == C2"
    assert_twins(verify(twins(f"Pre: hasOneUse(%op) && {pre}\n{body}", f"Pre: {pre}\n{body}")))


# --- Constant expressions -------------------------------------------------------------------

EXPRESSIONS = [
    ("plus_one", "%a = add %x, C1\n%r = add %a, 1\n  =>\n%r = add %x, {e}", "C1+1", "C1+2"),
    ("not", "%a = xor %x, C\n%r = xor %a, -1\n  =>\n%r = xor %x, {e}", "~C", "-C"),
    ("neg", "%r = sub %x, C\n  =>\n%r = add %x, {e}", "-C", "~C"),
    ("shl", "%a = shl %x, C2\n%r = mul %a, C1\n  =>\n%r = mul %x, {e}", "C1 << C2", "C1 << (C2+1)"),
    (
        "lshr",
        "%a = and %x, C1\n%r = lshr %a, C2\n  =>\n%b = lshr %x, C2\n%r = and %b, {e}",
        "lshr(C1, C2)",
        "lshr(C1, C2 + 1)",
    ),
    (
        "u_shr",
        "%a = and %x, C1\n%r = lshr %a, C2\n  =>\n%b = lshr %x, C2\n%r = and %b, {e}",
        "C1 u>> C2",
        "C1 u>> (C2 + 1)",
    ),
    (
        "max",
        "%c = icmp sgt C1, C2\n%r = select %c, C1, C2\n  =>\n%r = {e}",
        "max(C1, C2)",
        "umax(C1, C2)",
    ),
    (
        "umax",
        "%c = icmp ugt C1, C2\n%r = select %c, C1, C2\n  =>\n%r = {e}",
        "umax(C1, C2)",
        "max(C1, C2)",
    ),
    ("abs", "Pre: C < 0\n%r = mul %x, C\n  =>\n%n = sub 0, %x\n%r = mul %n, {e}", "abs(C)", "C"),
    (
        "cttz",
        "Pre: isPowerOf2(C)\n%r = mul %x, C\n  =>\n%r = shl %x, {e}",
        "countTrailingZeros(C)",
        "countLeadingZeros(C)",
    ),
    (
        "ctlz",
        "Pre: isPowerOf2(C)\n%r = mul %x, C\n  =>\n%r = shl %x, width(C) - 1 - {e}",
        "countLeadingZeros(C)",
        "countTrailingZeros(C)",
    ),
    (
        "log2",
        "Pre: isPowerOf2(C)\n%r = mul %x, C\n  =>\n%r = shl %x, {e}",
        "log2(C)",
        "log2(C) + 1",
    ),
    (
        "width",
        "%r = icmp slt %x, 0\n  =>\n%a = lshr %x, {e}\n%r = trunc %a",
        "width(%x)-1",
        "width(%x)-2",
    ),
    (
        "udiv",
        "Pre: C2 %u C1 == 0\n%m = mul nuw %X, C1\n%r = udiv %m, C2\n  =>\n%r = udiv %X, {e}",
        "C2 /u C1",
        "C2 / C1",
    ),
    ("srem", "Pre: C1 != 0\n%r = srem C2, C1\n  =>\n%r = {e}", "C2 % C1", "C2 %u C1"),
]


@pytest.mark.parametrize(
    ("template", "right", "wrong"), [e[1:] for e in EXPRESSIONS], ids=[e[0] for e in EXPRESSIONS]
)
def test_constant_expression(verify: Verify, template: str, right: str, wrong: str) -> None:
    results = verify(
        twins(template.replace("{e}", right), template.replace("{e}", wrong)), (1, 2, 3, 4, 5, 6)
    )
    assert_twins(results)


def test_constant_functions_of_constants(verify: Verify) -> None:
    results = verify(
        twins(
            "%a = zext %x\n%r = and %a, C\n  =>\n%b = and %x, trunc(C)\n%r = zext %b",
            "%a = zext %x\n%r = and %a, C\n  =>\n%b = and %x, trunc(C)\n%r = sext %b",
        )
    )
    assert_twins(results)
    results = verify(
        twins(
            "%a = sext %x\n%r = icmp eq %a, sext(C)\n  =>\n%r = icmp eq %x, C",
            "%a = sext %x\n%r = icmp eq %a, zext(C)\n  =>\n%r = icmp eq %x, C",
        )
    )
    # the source compares with an expression: Alive forbids that, irproof reads it
    assert_twins(results)


def test_shift_by_the_width_in_a_constant_expression_is_zero(verify: Verify) -> None:
    # as in Alive's SMT encoding: 1 << width is 0, not poison
    results = verify(
        twins(
            "%r = and %x, 0\n  =>\n%r = and %x, 1 << width(%x)",
            "%r = and %x, 0\n  =>\n%r = and %x, 1 << (width(%x) - 1)",
        )
    )
    assert_twins(results)


def test_division_by_zero_in_a_constant_expression_is_total(verify: Verify) -> None:
    # SMT-LIB: bvudiv(x, 0) = -1, bvurem(x, 0) = x, bvsdiv(-1, 0) = 1, bvsdiv(1, 0) = -1,
    # bvsrem(x, 0) = x: each term below is 0, and the twin's `+ 1` is 2
    zero = "~(C /u 0) | ((C %u 0) ^ C) | ((1 / 0) + 1) | ((C % 0) ^ C) | ((-1 / 0) {} 1)"
    body = "%r = and %x, 0\n  =>\n%r = and %x, "
    results = verify(twins(body + zero.format("-"), body + zero.format("+")), (2, 3, 4))
    assert_twins(results)


def test_target_uses_a_source_temporary(verify: Verify) -> None:
    results = verify(
        twins(
            "%op0 = icmp ult %a, C1\n%op1 = icmp ne %a, C2\n%r = and %op0, %op1\n  =>\n%r = %op0",
            "%op0 = icmp ult %a, C1\n%op1 = icmp ne %a, C2\n%r = and %op0, %op1\n  =>\n%r = %op1",
        )
        .replace("Name: good", "Name: good\nPre: C1 u< C2")
        .replace("Name: bad", "Name: bad\nPre: C1 u< C2")
    )
    assert_twins(results)


# --- Names, unsupported features, containment --------------------------------------------------


def test_names_are_sanitized_and_unique(verify: Verify) -> None:
    body = "%r = add %x, 0\n  =>\n%r = %x\n\n"
    text = "".join(f"Name: {n}\n{body}" for n in ["AddSub:1040", "AddSub:1040", "152", "A & ~B"])
    assert list(verify(text)) == ["AddSub_1040", "AddSub_1040_2", "_152", "A_B"]


UNSUPPORTED = [
    ("%r = add %x, undef\n  =>\n%r = undef", "undef"),
    ("%p = alloca i8, 0\n%y = load %p\n  =>\n%y = 0", "alloca"),
    ("store %x, %p\n%y = load %p\n  =>\n%y = %x", "store"),
    (
        "Pre: (computeKnownZeroBits(%x) | C) == -1\n%r = or %x, C\n  =>\n%r = -1",
        "computeKnownZeroBits",
    ),
    ("Pre: ComputeNumSignBits(%x) > C\n%r = ashr %x, C\n  =>\n%r = %x", "ComputeNumSignBits"),
    (
        "Pre: equivalentAddressValues(%p, %q)\n%r = add %p, %q\n  =>\n%r = %p",
        "equivalentAddressValues",
    ),
    ("Pre: isFancy(C)\n%r = add %x, C\n  =>\n%r = %x", "unknown predicate isFancy"),
    ("%r = add %x, frob(C)\n  =>\n%r = %x", "unknown function frob"),
    ("%r = add i8* %x, %y\n  =>\n%r = %x", "pointer types"),
    ("%r = icmp P %x, %y\n  =>\n%r = true", "predicate variable"),
    ("%r = add %x, %y\n  =>\n%r = add %x,", "cannot parse target"),
    ("%r = add %x, %y\n", "no '=>'"),
    # a flag LLVM does not allow on the op (it made invalid MLIR: an "importer bug")
    ("%r = add exact %x, %y\n  =>\n%r = add %y, %x", "add takes no 'exact' flag"),
    ("%r = xor nuw %x, %y\n  =>\n%r = xor %y, %x", "xor takes no 'nuw' flag"),
    ("%r = ashr nsw %x, %y\n  =>\n%r = ashr %x, %y", "ashr takes no 'nsw' flag"),
    ("%r = srem exact %x, %y\n  =>\n%r = srem %x, %y", "srem takes no 'exact' flag"),
    ("%r = add %x, %y\n  =>\n%r = shl exact %x, %y", "shl takes no 'exact' flag"),
    ("%r = add i8 %x, 300\n  =>\n%r = %x", "needs 10 bits in i8"),
    ("%a = add i8 %x, 1\n%r = add i16 %a, 1\n  =>\n%r = %a", "does not type check"),
    # SSA: a second definition on one side is an error (the last one would otherwise be
    # verified silently); the target redefining the source's `%r` is the usual rewrite.
    ("%r = add %x, 0\n%r = add %x, 1\n  =>\n%r = add %x, 1", "%r is defined twice in the source"),
    ("%r = add %x, 0\n  =>\n%r = %x\n%r = %x", "%r is defined twice in the target"),
]


@pytest.mark.parametrize(
    ("op", "flag"), [(op, flag) for op, flags in FLAGS_OF.items() for flag in flags]
)
def test_every_flag_an_op_takes_is_read(verify: Verify, op: str, flag: str) -> None:
    """Twin of the flag cases above: each flag an op takes is accepted and means poison
    (dropping it is a refinement, adding it is not)."""
    src, tgt = f"%r = {op} {flag} %x, %y", f"%r = {op} %x, %y"
    assert_twins(verify(twins(f"{src}\n  =>\n{tgt}", f"{tgt}\n  =>\n{src}")))


@pytest.mark.parametrize(("text", "reason"), UNSUPPORTED, ids=[u[1] for u in UNSUPPORTED])
def test_unsupported_is_unknown_with_a_reason(verify: Verify, text: str, reason: str) -> None:
    results = verify(f"Name: odd\n{text}\n\nName: fine\n%r = add %x, 0\n  =>\n%r = %x\n")
    assert results["odd"].verdict == "unknown"
    assert reason in results["odd"].reason
    assert results["fine"].verdict == "correct"  # the rest of the file is still verified


def test_an_importer_bug_costs_one_transformation(monkeypatch: pytest.MonkeyPatch) -> None:
    from irproof.verifier.importers import alive

    real = alive.emit_pair

    def broken(name, transformation, typing):  # type: ignore[no-untyped-def]
        pair = real(name, transformation, typing)
        if name == "odd":
            return type(pair)(name, pair.text.replace("arith.addi", "arith.addz"))
        if name == "crash":
            raise KeyError("boom")
        return pair

    monkeypatch.setattr(alive, "emit_pair", broken)
    body = "%r = add %x, 1\n  =>\n%r = sub %x, -1\n\n"
    imported = import_alive("x.opt", "".join(f"Name: {n}\n{body}" for n in ("odd", "crash", "ok")))
    reasons = dict(imported.unsupported)
    assert "importer bug" in reasons["odd"] and "arith.addz" in reasons["odd"]
    assert "importer bug: KeyError" in reasons["crash"]
    assert "@ok_src" in imported.mlir and "odd" not in imported.mlir


def test_a_file_of_only_unsupported_transformations(verify: Verify) -> None:
    results = verify("Name: m\nstore %x, %p\n  =>\nunreachable\n")
    assert results["m"].verdict == "unknown" and "memory" in results["m"].reason


def test_registered_for_opt_files() -> None:
    assert importer_for("suite/addsub.opt") is import_alive


def test_every_value_predicate_has_an_emitter() -> None:
    assert set(PREDICATES) == set(SAME_TYPE_PREDICATES) - {"hasOneUse"}


def test_generic_pair_text() -> None:
    text = "Name: AddSub:1156\n%a = add %b, %b\n  =>\n%a = shl %b, 1\n"
    mlir = import_alive("x.opt", text).mlir
    assert "func.func @AddSub_1156_src(%b: i1000) -> i1000" in mlir
    assert 'irproof.generic = [i1000], irproof.width_constraints = ["i1000 >= i2"]' in mlir
    constants = import_alive("x.opt", "Name: k\n%r = add %x, C\n  =>\n%r = add C, %x\n").mlir
    assert "%C: i1000 {irproof.not_poison}" in constants


def test_verify_files_checks_only_the_pairs_named(tmp_path: Path) -> None:
    """`names`: the benchmark verifies one rewrite of a file alone; twin: no names, all."""
    path = tmp_path / "two.opt"
    path.write_text(twins("%r = add %x, 0\n  =>\n%r = %x", "%r = add %x, 1\n  =>\n%r = %x"))
    options = VerifyOptions(widths=WIDTHS)
    [bad] = verify_files([str(path)], options, names={"bad"})
    assert bad.name == "bad" and bad.verdict == "incorrect"
    assert [r.name for r in verify_files([str(path)], options)] == ["good", "bad"]
