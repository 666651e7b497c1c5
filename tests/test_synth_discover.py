"""`irproof synth --discover`: rewrites from scratch, deduplicated, each proved at widths
1-64; their PDL round trip; and the missed-optimization finder against real MLIR."""

from __future__ import annotations

from pathlib import Path

import pytest

from irproof.api import verify_file
from irproof.synth import discover as discovery_module
from irproof.synth.discover import GENERIC_TYPE, DiscoverOptions, discover, pairs_module
from irproof.synth.match import covers, match
from irproof.synth.pdl_emit import NotExpressible, pdl_module, pdl_pattern
from irproof.synth.program import Expr, arg, const
from irproof.verifier.drivers import DriverUnavailable, make_driver
from irproof.verifier.verify import CORRECT, INCORRECT

T = GENERIC_TYPE
X, Y = arg(0, T), arg(1, T)
OPS = ("arith.addi", "arith.subi", "arith.andi", "arith.xori", "arith.muli")


def _e(op: str, *args: Expr, type_: str = T, attr: str | None = None) -> Expr:
    return Expr(op, type_, args, attr)


@pytest.fixture(scope="module")
def small() -> discovery_module.Discovery:
    return discover(DiscoverOptions(ops=OPS, max_ops=1, widths=tuple(range(1, 65))))


def test_discovery_finds_the_classic_identities(small: discovery_module.Discovery) -> None:
    shown = {r.show() for r in small.rewrites}
    for expected in (
        "subi(x, x) -> 0",
        "xori(x, x) -> 0",
        "addi(x, 0) -> x",
        "muli(x, 1) -> x",
        "muli(x, 0) -> 0",
        "andi(x, x) -> x",
    ):
        assert expected in shown
    # Twin: a rewrite that is not one (x + 1 is cheapest as it is) is not emitted.
    assert not any(r.source == _e("arith.addi", X, const(1, T)) for r in small.rewrites)
    assert all(r.cost < r.source_cost for r in small.rewrites)


def test_discovered_rewrites_are_deduplicated(small: discovery_module.Discovery) -> None:
    for a in small.rewrites:
        for b in small.rewrites:
            if a is not b:
                assert not covers(a.source, b.source), f"{a.show()} implies {b.show()}"
    # One of x - x and y - y, of x + 0 and 0 + x.
    assert sum(r.show().startswith("subi(y, y)") for r in small.rewrites) == 0


def test_discovered_rewrites_reverify_at_every_width(
    small: discovery_module.Discovery, tmp_path: Path
) -> None:
    path = tmp_path / "discovered.mlir"
    path.write_text(pairs_module(small.rewrites))
    results = verify_file(str(path))
    assert len(results) == len(small.rewrites) > 5
    assert all(r.verdict == CORRECT and r.widths == list(range(1, 65)) for r in results)


def test_a_wrong_candidate_is_dropped_by_verification(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inject a candidate the fingerprints did not produce (x + 1 -> x): it is refuted."""
    real = discovery_module.find_candidates

    def with_wrong(options, deadline):  # type: ignore[no-untyped-def]
        pairs, stats, rows = real(options, deadline)
        return [*pairs, (_e("arith.addi", X, const(1, T)), X)], stats, rows

    monkeypatch.setattr(discovery_module, "find_candidates", with_wrong)
    found = discover(DiscoverOptions(ops=("arith.addi",), max_ops=1, widths=(1, 2, 8)))
    assert found.refuted == 1
    assert {r.show() for r in found.rewrites} == {"addi(x, 0) -> x"}


def test_only_width_generic_rewrites_are_kept() -> None:
    """x * x -> x holds at i1 only: fingerprints at 8 and 5 bits already tell it apart
    (and verification at i2 would); x & x -> x holds at every width."""
    found = discover(DiscoverOptions(ops=("arith.muli", "arith.andi"), max_ops=1, widths=(1, 2, 3)))
    shown = {r.show() for r in found.rewrites}
    assert "andi(x, x) -> x" in shown and "muli(x, x) -> x" not in shown


# ---- matching ----------------------------------------------------------------------------


def test_match_binds_consistently_up_to_commutativity() -> None:
    a = arg(0, "i1000")
    pattern = _e("arith.subi", X, X)
    assert match(pattern, Expr("arith.subi", "i1000", (a, a))) is not None
    assert match(pattern, _e("arith.subi", X, Y)) is None  # twin: two different values
    added = _e("arith.addi", X, const(0, T))
    assert match(added, _e("arith.addi", const(0, T), Y)) is not None
    swapped = _e("arith.cmpi", X, Y, type_="i1", attr="slt")
    assert match(swapped, _e("arith.cmpi", Y, X, type_="i1", attr="sgt")) is not None
    assert match(swapped, _e("arith.cmpi", Y, X, type_="i1", attr="ult")) is None
    # A width variable may stand for i1 (constants then compare at one bit).
    assert match(
        _e("arith.muli", X, const(-1, T)),
        _e("arith.muli", arg(0, "i1"), const(1, "i1"), type_="i1"),
    )


# ---- PDL ---------------------------------------------------------------------------------


def test_pdl_patterns_round_trip_through_the_importer(
    small: discovery_module.Discovery, tmp_path: Path
) -> None:
    patterns = [p for p in (r.pdl() for r in small.rewrites) if p]
    assert len(patterns) == len(small.rewrites)
    path = tmp_path / "discovered.pdl"
    path.write_text(pdl_module(patterns))
    results = verify_file(str(path))
    assert {r.name for r in results} == {r.name for r in small.rewrites}
    assert all(r.verdict == CORRECT for r in results)


def test_a_wrong_pdl_pattern_is_refuted(tmp_path: Path) -> None:
    cmp = _e("arith.cmpi", X, Y, type_="i1", attr="ult")
    good = pdl_pattern("Min", _e("arith.select", cmp, X, Y), _e("arith.minui", X, Y))
    bad = pdl_pattern("MinWrong", _e("arith.select", cmp, X, Y), _e("arith.minsi", X, Y))
    fixed = pdl_pattern(
        "Mul8",
        _e("arith.muli", arg(0, "i8"), const(8, "i8"), type_="i8"),
        _e("arith.shli", arg(0, "i8"), const(3, "i8"), type_="i8"),
        generic=False,
    )
    path = tmp_path / "p.pdl"
    path.write_text(pdl_module([good, bad, fixed]))
    verdicts = {r.name: r.verdict for r in verify_file(str(path))}
    assert verdicts == {"Min": CORRECT, "MinWrong": INCORRECT, "Mul8": CORRECT}
    with pytest.raises(NotExpressible):
        pdl_pattern("Five", _e("arith.addi", X, const(5, T)), X)


@pytest.mark.mlir
def test_pdl_patterns_parse_with_mlir_opt(
    small: discovery_module.Discovery, tmp_path: Path
) -> None:
    import shutil
    import subprocess

    tool = shutil.which("mlir-opt") or "/usr/lib/llvm-19/bin/mlir-opt"
    if not Path(tool).exists():
        pytest.skip("no mlir-opt")
    path = tmp_path / "discovered.pdl"
    path.write_text(pdl_module([p for p in (r.pdl() for r in small.rewrites) if p]))
    done = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# ---- missed optimizations ----------------------------------------------------------------


@pytest.mark.mlir
@pytest.mark.parametrize("driver", ["mlir", "mlir-opt"])
def test_missed_optimizations_against_canonicalize(
    small: discovery_module.Discovery, tmp_path: Path, driver: str
) -> None:
    from irproof.synth.proposals import check_rewrites, write_proposals

    try:
        make_driver(driver)
    except DriverUnavailable as error:
        pytest.skip(str(error))
    extra = discover(DiscoverOptions(ops=("arith.cmpi",), max_ops=1, widths=tuple(range(1, 65))))
    verdicts = {
        v.rewrite.show(): v for v in check_rewrites([*small.rewrites, *extra.rewrites], driver)
    }
    assert verdicts["subi(x, x) -> 0"].missed is False  # MLIR folds x - x
    missed = verdicts["cmpi ule(x, -1) -> 1"]  # x <=u UINT_MAX is not folded by canonicalize
    assert missed.missed is True and "arith.cmpi" in missed.mlir_text
    written = write_proposals([missed, verdicts["subi(x, x) -> 0"]], tmp_path, driver)
    assert len(written) == 1
    text = written[0].read_text()
    assert "Widths proved: 1-64" in text
    [result] = verify_file(str(written[0]))
    assert result.verdict == CORRECT


def test_i1_arguments_and_trivial_sources() -> None:
    """`select(c, x, x)` and `cmpi eq(x, x)` are sources worth rewriting: discovery builds
    them (synthesis of targets does not: they are never cheapest)."""
    found = discover(
        DiscoverOptions(
            ops=("arith.select", "arith.cmpi"), args=1, i1_args=1, max_ops=1, widths=(1, 2, 8)
        )
    )
    shown = {r.show() for r in found.rewrites}
    assert {"select(c, x, x) -> x", "cmpi eq(x, x) -> 1", "select(c, 1, 0) -> c"} <= shown
    # Twin: cmpi slt(x, x) is false, never true.
    assert "cmpi slt(x, x) -> 0" in shown and "cmpi slt(x, x) -> 1" not in shown
