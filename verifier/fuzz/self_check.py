"""`irproof fuzz --self-check`: random programs and inputs run three ways must agree.

The concrete interpreter (`run_function`) and the SMT semantics evaluated by Z3
(`evaluate_function`) must give the same outcome exactly: UB or not, and every result's value
and poison-ness, at each index width drawn. Where the interpreter gives a result that is
neither UB nor poison (and no input is poison), upstream MLIR's JIT-compiled code (`jit`, at
index width 64) must compute the same value. Every difference is a bug in one of them: a
`disagreement` finding, minimized. A run past the unrolling bound, or a program one side
cannot run (an op without semantics), is `unknown`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from hypothesis import strategies as st

from irproof.loading import parse_module
from irproof.semantics.concrete.interpreter import run_function
from irproof.semantics.concrete.registry import UnsupportedOp as ConcreteUnsupported
from irproof.semantics.concrete.values import POISON, Poison
from irproof.semantics.evaluate import evaluate_function
from irproof.semantics.lowering import UnsupportedOp
from irproof.strategies import GeneratedFunction, ProgramOptions, arguments, programs
from irproof.verifier.fuzz import jit
from irproof.verifier.fuzz.findings import DISAGREEMENT, Finding
from irproof.verifier.fuzz.search import FindingFound, FuzzCheck

MODE = "self-check"
UB = "UB"
Outcome = str | tuple[int | None, ...]
"""`UB`, or every result (None = poison) of a run."""

SMT_VS_CONCRETE = "smt-semantics-vs-concrete-interpreter"
JIT_VS_CONCRETE = "upstream-jit-vs-concrete-interpreter"
AGREE, UNKNOWN, JIT_RUN = "agree", "unknown", "jit-compared"


@dataclass(frozen=True)
class SelfCheckOptions:
    program: ProgramOptions = field(default_factory=ProgramOptions)
    index_widths: tuple[int, ...] = (32, 64)
    poison_probability: float = 0.1
    use_jit: bool = True
    """Compare with upstream's JIT when the `mlir` extra is installed."""


def show_args(args: Sequence[int | None]) -> str:
    return ", ".join(
        f"%arg{i} = " + ("poison" if a is None else f"{a} ({a:#x})") for i, a in enumerate(args)
    )


def show_outcome(outcome: Outcome) -> str:
    if isinstance(outcome, str):
        return outcome
    return "(" + ", ".join("poison" if v is None else f"{v} ({v:#x})" for v in outcome) + ")"


def reproducer_text(function: GeneratedFunction, args: Sequence[int | None], iw: int) -> str:
    return f"// inputs at index width {iw}: {show_args(args) or 'none'}\n{function.text}\n"


class SelfCheck(FuzzCheck):
    mode = MODE

    def __init__(self, options: SelfCheckOptions) -> None:
        super().__init__()
        self.options = options
        self.use_jit = options.use_jit and jit.jit_available()
        self.programs = programs(options.program)
        # The host's index width first (what Hypothesis tries most) when the JIT compares.
        self.index_widths = sorted(options.index_widths, reverse=self.use_jit)
        if self.use_jit and options.program.widths is None:
            # Half of the programs in the widths upstream's C interface passes (JIT_WIDTHS).
            jit_friendly = replace(options.program, widths=jit.JIT_WIDTHS)
            self.programs = st.one_of(self.programs, programs(jit_friendly))

    def run(self, data: st.DataObject) -> str:
        function: GeneratedFunction = data.draw(self.programs, label="program")
        self.program(function)
        iw: int = data.draw(st.sampled_from(self.index_widths), label="index width")
        args: list[int | None] = data.draw(
            arguments(function, iw, self.options.poison_probability), label="inputs"
        )
        self.program(function, reproducer_text(function, args, iw))
        module = parse_module("generated.mlir", function.text)
        try:
            smt = evaluate_function(module, "f", args, iw)
            concrete_run = run_function(module, "f", [POISON if a is None else a for a in args], iw)
        except (UnsupportedOp, ConcreteUnsupported):
            return UNKNOWN
        if smt.exceeded:
            return UNKNOWN
        smt_outcome: Outcome = UB if smt.ub else tuple(smt.results)
        concrete: Outcome = (
            UB
            if concrete_run.ub is not None
            else tuple(None if isinstance(v, Poison) else v for v in concrete_run.results)
        )
        if smt_outcome != concrete:
            self._disagree(function, args, iw, SMT_VS_CONCRETE, "outcome", smt_outcome, concrete)
        if (
            self.use_jit
            and iw == jit.HOST_INDEX_WIDTH
            and concrete != UB
            and None not in args
            and jit.jit_eligible(function)
        ):
            self._compare_jit(function, [a for a in args if a is not None], concrete)
            return JIT_RUN
        return AGREE

    def _compare_jit(self, function: GeneratedFunction, args: list[int], concrete: Outcome) -> None:
        assert not isinstance(concrete, str)
        if all(v is None for v in concrete):
            return
        try:
            upstream = jit.run_upstream(function, args)
        except jit.JitError:
            return  # upstream rejects the program (counted as agreement: nothing to compare)
        shown: list[int | None] = [
            u if ours is not None else None for ours, u in zip(concrete, upstream, strict=True)
        ]
        if tuple(shown) != concrete:
            wrong = next(i for i, (a, b) in enumerate(zip(shown, concrete, strict=True)) if a != b)
            self._disagree(
                function,
                list(args),
                jit.HOST_INDEX_WIDTH,
                JIT_VS_CONCRETE,
                f"result{wrong}",
                tuple(shown),
                concrete,
                first="upstream JIT (poison results left out)",
            )

    def _disagree(
        self,
        function: GeneratedFunction,
        args: Sequence[int | None],
        iw: int,
        where: str,
        failed: str,
        first_outcome: Outcome,
        concrete: Outcome,
        first: str = "SMT semantics (Z3)",
    ) -> None:
        detail = (
            f"{where.replace('-', ' ')} disagree at index width {iw}\n"
            f"inputs: {show_args(args) or 'none'}\n"
            f"{first}: {show_outcome(first_outcome)}\n"
            f"concrete interpreter: {show_outcome(concrete)}"
        )
        finding = Finding(
            DISAGREEMENT,
            MODE,
            where,
            failed,
            function.op_names,
            reproducer_text(function, args, iw),
            detail,
            extra={"index_width": iw, "inputs": [None if a is None else a for a in args]},
        )
        raise FindingFound(finding)
