"""`irproof fuzz --self-check`: random programs and inputs run three ways must agree.

The concrete interpreter (`run_function`) and the SMT semantics evaluated by Z3
(`evaluate_function`) must give the same outcome exactly: UB or not, and every result's value
and poison-ness, at each index width drawn. Programs over memory (memref or tensor
arguments: the `memref` and `linalg` kinds) run through `memory_runs` instead, whose outcome
also holds the final contents of every memref argument. Where the interpreter gives a
result that is neither UB nor poison (and no input is poison), upstream MLIR's JIT-compiled
code (`jit`, at index width 64) must compute the same value (scalar programs only: memory
programs are not run upstream). Every difference is a bug in one of them: a `disagreement`
finding, minimized. A run past the unrolling bound, or a program one side cannot run (an op
without semantics), is `unknown`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from hypothesis import strategies as st
from xdsl.dialects.builtin import ModuleOp

from irproof.loading import parse_module
from irproof.semantics.concrete.interpreter import run_function
from irproof.semantics.concrete.registry import UnsupportedOp as ConcreteUnsupported
from irproof.semantics.concrete.values import POISON, Poison
from irproof.semantics.evaluate import evaluate_function
from irproof.semantics.lowering import UnsupportedOp
from irproof.strategies import (
    LINALG,
    MEMREF,
    GeneratedFunction,
    ProgramOptions,
    arguments,
    programs,
)
from irproof.verifier.fuzz import jit, memory_jit, memory_runs
from irproof.verifier.fuzz.findings import DISAGREEMENT, Finding
from irproof.verifier.fuzz.search import FindingFound, FuzzCheck

MODE = "self-check"
UB = "UB"
Outcome = str | tuple[int | None, ...]
"""`UB`, or every result (None = poison) of a run."""

MEMORY_KINDS = (MEMREF, LINALG)
"""Program kinds over memory: not run upstream."""
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


def show_args(args: Sequence[memory_runs.Input]) -> str:
    return ", ".join(f"%arg{i} = {memory_runs.show_input(a)}" for i, a in enumerate(args))


def _defined(value: memory_runs.Input) -> int | tuple[int, ...]:
    """`value` with 1 for poison (in a tuple: for each poison element)."""
    if isinstance(value, tuple):
        return tuple(1 if v is None else v for v in value)
    return 1 if value is None else value


def over_memory(function: GeneratedFunction) -> bool:
    """Whether `function` takes or returns memrefs or tensors (`memory_runs` runs it)."""
    return any(t.startswith(SHAPED) for t in (*function.arg_types, *function.result_types))


SHAPED = ("memref<", "tensor<")


def show_outcome(outcome: Outcome) -> str:
    if isinstance(outcome, str):
        return outcome
    return "(" + ", ".join("poison" if v is None else f"{v} ({v:#x})" for v in outcome) + ")"


def reproducer_text(function: GeneratedFunction, args: Sequence[memory_runs.Input], iw: int) -> str:
    return f"// inputs at index width {iw}: {show_args(args) or 'none'}\n{function.text}\n"


class SelfCheck(FuzzCheck):
    mode = MODE

    def __init__(self, options: SelfCheckOptions) -> None:
        super().__init__()
        self.options = options
        self.use_jit = options.use_jit and jit.jit_available()
        self.programs = programs(options.program)
        scalar_kinds = tuple(k for k in options.program.kinds if k not in MEMORY_KINDS)
        # The host's index width first (what Hypothesis tries most) when the JIT compares.
        self.index_widths = sorted(options.index_widths, reverse=self.use_jit)
        if self.use_jit and scalar_kinds and options.program.widths is None:
            # Half of the programs in the widths upstream's C interface passes (JIT_WIDTHS).
            jit_friendly = replace(options.program, widths=jit.JIT_WIDTHS, kinds=scalar_kinds)
            self.programs = st.one_of(self.programs, programs(jit_friendly))

    def run(self, data: st.DataObject) -> str:
        function: GeneratedFunction = data.draw(self.programs, label="program")
        self.program(function)
        iw: int = data.draw(st.sampled_from(self.index_widths), label="index width")
        drawn: list[memory_runs.Input] = data.draw(
            arguments(function, iw, self.options.poison_probability), label="inputs"
        )
        self.program(function, reproducer_text(function, drawn, iw))
        module = parse_module("generated.mlir", function.text)
        if over_memory(function):
            return self.check_over_memory(function, module, drawn, iw)
        args = [a for a in drawn if not isinstance(a, tuple)]
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

    def check_over_memory(
        self,
        function: GeneratedFunction,
        module: ModuleOp,
        args: Sequence[memory_runs.Input],
        iw: int,
    ) -> str:
        """Check a program over memory (`module` holds `function`) on `args` at index width
        `iw`: the outcome label, or `FindingFound`."""
        try:
            smt = memory_runs.smt_run(module, "f", args, iw)
            concrete = memory_runs.concrete_run(module, "f", args, iw)
        except (UnsupportedOp, ConcreteUnsupported, memory_runs.Unsupported):
            return UNKNOWN
        if smt is None:
            return UNKNOWN
        if smt != concrete:
            self._memory_disagree(function, args, iw, smt, concrete)
        assert isinstance(concrete, str | memory_runs.MemoryOutcome)
        if (
            self.use_jit
            and iw == jit.HOST_INDEX_WIDTH
            and isinstance(concrete, memory_runs.MemoryOutcome)
            and memory_jit.eligible(function)
        ):
            return self._compare_memory_jit(function, args, concrete)
        return AGREE

    def _compare_memory_jit(
        self,
        function: GeneratedFunction,
        args: Sequence[memory_runs.Input],
        concrete: memory_runs.MemoryOutcome,
    ) -> str:
        """Upstream's results and final memory hold every value the interpreter defines.
        Upstream runs on the inputs with 1 for each poison value or element: a value the
        interpreter defines does not depend on poison (which propagates, and is UB where
        it decides control flow or an address), and 1 is no divisor that traps."""
        try:
            runs = memory_jit.run_upstream(function, [_defined(a) for a in args])
        except jit.JitError:
            return AGREE  # upstream rejects the program: nothing to compare
        for n, run in enumerate(runs):
            ours = concrete.results[n] if concrete.results else None
            wrong = None
            if ours is not None and run.result != ours:
                wrong = f"result{n}"
            for (_, contents), theirs in zip(concrete.memory, run.memory, strict=True):
                if contents is not None and any(
                    v is not None and v != u for v, u in zip(contents, theirs, strict=True)
                ):
                    wrong = wrong or "memory"
                    break
            if wrong is not None:
                shown = memory_runs.MemoryOutcome(
                    tuple(run.result if i == n else None for i in range(len(concrete.results))),
                    tuple((p, m) for (p, _), m in zip(concrete.memory, run.memory, strict=True)),
                )
                self._disagree(
                    function,
                    args,
                    jit.HOST_INDEX_WIDTH,
                    JIT_VS_CONCRETE,
                    wrong,
                    memory_runs.show_outcome(shown),
                    memory_runs.show_outcome(concrete),
                    first=f"upstream JIT (@r{n}: result {n} only; {memory_jit.PIPELINE})",
                )
        return JIT_RUN

    def _memory_disagree(
        self,
        function: GeneratedFunction,
        args: Sequence[memory_runs.Input],
        iw: int,
        smt: memory_runs.Outcome,
        concrete: memory_runs.Outcome,
    ) -> None:
        """Raise the disagreement of the SMT semantics with the interpreter: on UB-ness,
        results or (only) final memory."""
        failed = "outcome"
        if isinstance(smt, memory_runs.MemoryOutcome) and isinstance(
            concrete, memory_runs.MemoryOutcome
        ):
            failed = "memory" if smt.results == concrete.results else "results"
        self._disagree(
            function,
            args,
            iw,
            SMT_VS_CONCRETE,
            failed,
            memory_runs.show_outcome(smt),
            memory_runs.show_outcome(concrete),
        )

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
        args: Sequence[memory_runs.Input],
        iw: int,
        where: str,
        failed: str,
        first_outcome: Outcome,
        concrete: Outcome,
        first: str = "SMT semantics (Z3)",
    ) -> None:
        """Raise the disagreement (an outcome already shown as text is printed as is)."""
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
            extra={
                "index_width": iw,
                "inputs": [list(a) if isinstance(a, tuple) else a for a in args],
            },
        )
        raise FindingFound(finding)
