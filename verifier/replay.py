"""Replays a counterexample on the concrete interpreter (written apart from the SMT rules).

A counterexample is confirmed only when the interpreter, run on the same inputs, shows the
same failed condition on the same result. Anything else is reported as `unknown`.
"""

from __future__ import annotations

from xdsl.dialects.builtin import ModuleOp

from irproof.semantics.concrete.interpreter import ConcreteRun, UnsupportedOp, run_function
from irproof.semantics.concrete.values import POISON, ConcreteValue, Poison
from irproof.verifier.counterexample import Counterexample


def _concrete_failure(src: ConcreteRun, tgt: ConcreteRun) -> tuple[str, int | None] | None:
    """The first refinement condition that fails concretely, in ub → poison → value order."""
    if src.ub is not None:
        return None
    if tgt.ub is not None:
        return ("ub", None)
    pairs = list(zip(src.results, tgt.results, strict=True))
    for i, (s, t) in enumerate(pairs):
        if not isinstance(s, Poison) and isinstance(t, Poison):
            return ("poison", i)
    for i, (s, t) in enumerate(pairs):
        if not isinstance(s, Poison) and not isinstance(t, Poison) and s != t:
            return ("value", i)
    return None


def replay(module: ModuleOp, source: str, target: str, cex: Counterexample) -> tuple[bool, str]:
    """(confirmed, explanation)."""
    args: list[ConcreteValue] = [POISON if i.value is None else i.value for i in cex.inputs]
    try:
        widths = cex.widths
        src = run_function(module, source, args, widths.index_width, widths.variables)
        tgt = run_function(module, target, args, widths.index_width, widths.variables)
    except UnsupportedOp as error:
        return False, f"replay impossible: {error}"
    found = _concrete_failure(src, tgt)
    expected = (cex.failed, cex.result)
    if found == expected:
        return True, "confirmed by the concrete interpreter"
    if found is None:
        what = f"source UB ({src.ub})" if src.ub else "refinement holds on these inputs"
        return False, f"counterexample not confirmed by replay: {what}"
    return False, (
        f"counterexample not confirmed by replay: the solver found a {cex.failed} failure, "
        f"the interpreter a {found[0]} failure"
    )
