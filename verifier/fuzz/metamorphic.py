"""`irproof fuzz --metamorphic`: relations whose verdict is known in advance.

- identity: every program refines itself (`@src` and `@tgt` the same function, verified
  without the byte-identical shortcut of `irproof tv`);
- corpus rewrites: a known-correct corpus rewrite applied inside a random program
  (`corpus_rewrites.inside_context`) verifies.

Either must be `correct` (bounded when loops are unrolled) or `unknown`; an `incorrect`
verdict is a finding (a bug in the verifier, or a wrong corpus expectation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st
from xdsl.dialects import func

from irproof.loading import parse_module
from irproof.strategies import GeneratedFunction, ProgramOptions, programs
from irproof.verifier.fuzz.corpus_rewrites import DEFAULT_CORPUS, inside_context, load_rewrites
from irproof.verifier.fuzz.cross_check import SolverCheck
from irproof.verifier.fuzz.findings import INCORRECT, Finding
from irproof.verifier.fuzz.search import FindingFound, FuzzCheck, raise_internal_error
from irproof.verifier.pairs import FunctionPair
from irproof.verifier.report import human_result, result_json
from irproof.verifier.verify import INCORRECT as INCORRECT_VERDICT
from irproof.verifier.verify import PairResult, VerifyOptions, verify_pair

MODE = "metamorphic"
IDENTITY, CORPUS_REWRITE = "identity", "corpus-rewrite"
RELATIONS = (IDENTITY, CORPUS_REWRITE)
FILE = "metamorphic.mlir"


@dataclass(frozen=True)
class MetamorphicOptions:
    program: ProgramOptions = field(default_factory=ProgramOptions)
    relations: tuple[str, ...] = RELATIONS
    corpus: Path = DEFAULT_CORPUS
    verify: VerifyOptions = field(default_factory=lambda: VerifyOptions(timeout_s=5.0))
    solvers: tuple[str, ...] = ()


class Metamorphic(FuzzCheck):
    mode = MODE

    def __init__(self, options: MetamorphicOptions) -> None:
        super().__init__()
        self.options = options
        self.programs = programs(options.program)
        rewrites = load_rewrites(options.corpus) if CORPUS_REWRITE in options.relations else ()
        self.rewrites = st.sampled_from(rewrites) if rewrites else None
        self.relations = tuple(
            r for r in options.relations if r != CORPUS_REWRITE or self.rewrites is not None
        )
        if not self.relations:
            raise ValueError(f"no known-correct rewrite in {options.corpus}")
        self.solver_check = SolverCheck(options.solvers, options.verify)

    def run(self, data: st.DataObject) -> str:
        relation = data.draw(st.sampled_from(self.relations), label="relation")
        if relation == IDENTITY:
            function: GeneratedFunction = data.draw(self.programs, label="program")
            text = f"{function.function_text('src')}\n{function.function_text('tgt')}\n"
            return self._verify(IDENTITY, text, function.op_names)
        assert self.rewrites is not None
        rewrite = data.draw(self.rewrites, label="rewrite")
        placed = data.draw(inside_context(rewrite, self.options.program), label="context")
        text = (
            f"{rewrite.functions}\n{placed.program(True, 'src')}\n{placed.program(False, 'tgt')}\n"
        )
        where = f"{CORPUS_REWRITE}/{rewrite.file}::{rewrite.name}"
        return self._verify(where, text, placed.function.op_names)

    def _verify(self, where: str, text: str, ops: tuple[str, ...]) -> str:
        self.reproducer, self.ops = text, ops
        module = parse_module(FILE, text)
        functions = {op.sym_name.data: op for op in module.ops if isinstance(op, func.FuncOp)}
        pair = FunctionPair("f", functions["src"], functions["tgt"])
        result: PairResult = verify_pair(module, pair, FILE, self.options.verify)
        raise_internal_error(result.reason)
        if result.verdict == INCORRECT_VERDICT:
            cex = result.counterexample
            failed = cex.failed if cex is not None else "value"
            detail = f"{where}: expected correct\n{human_result(result)}"
            finding = Finding(
                INCORRECT, MODE, where, failed, ops, text, detail, result_json(result)
            )
            raise FindingFound(finding)
        self.solver_check.check_pair(module, pair, result, where, ops, text, MODE)
        return result.verdict
