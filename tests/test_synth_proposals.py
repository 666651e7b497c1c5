"""The committed proposals (`corpus/proposals/`): each is proved, and (with the `mlir`
extra) still not performed by MLIR's canonicalize."""

from __future__ import annotations

from pathlib import Path

import pytest
from xdsl.dialects import func

from irproof.loading import parse_module
from irproof.synth import cost as costs
from irproof.synth.discover import Rewrite
from irproof.synth.program import from_function, signature_of
from irproof.verifier.drivers import DriverUnavailable, make_driver
from irproof.verifier.generic import parse_widths
from irproof.verifier.pairs import find_pairs
from irproof.verifier.verify import CORRECT, VerifyOptions, verify_pair
from tests.conftest import CORPUS

PROPOSALS = sorted((CORPUS / "proposals").glob("*.mlir"))
WIDTHS = VerifyOptions(widths=parse_widths("1-8,16,32,64"))


def _rewrite(path: Path) -> Rewrite:
    module = parse_module(str(path))
    [pair] = find_pairs(module, path.stem)
    source, target = from_function(pair.source), from_function(pair.target)
    signature = signature_of(pair.source)
    assert source is not None and target is not None and signature is not None
    return Rewrite(
        pair.name,
        source,
        target,
        costs.cost(source, "ops"),
        costs.cost(target, "ops"),
        signature,
        widths=list(range(1, 65)),
    )


def test_there_are_proposals() -> None:
    assert len(PROPOSALS) >= 5


@pytest.mark.parametrize("path", PROPOSALS, ids=lambda p: p.stem)
def test_proposal_is_proved_and_cheaper(path: Path) -> None:
    module = parse_module(str(path))
    [pair] = find_pairs(module, path.stem)
    assert isinstance(pair.source, func.FuncOp)
    result = verify_pair(module, pair, str(path), WIDTHS)
    assert result.verdict == CORRECT, result.reason
    rewrite = _rewrite(path)
    assert rewrite.cost < rewrite.source_cost
    assert "Widths proved: 1-64" in path.read_text()


@pytest.mark.mlir
def test_canonicalize_still_misses_every_proposal() -> None:
    from irproof.synth.proposals import check_rewrites

    try:
        make_driver("mlir")
    except DriverUnavailable as error:
        pytest.skip(str(error))
    verdicts = check_rewrites([_rewrite(p) for p in PROPOSALS], "mlir")
    performed = [v.rewrite.name for v in verdicts if not v.missed]
    assert performed == [], f"MLIR now performs: {performed} (remove those proposals)"
