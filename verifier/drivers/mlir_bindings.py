"""The default driver: upstream MLIR passes, in-process, through the MLIR Python bindings
that the `torch-mlir` wheel ships (`pip install 'irproof[mlir]'`; no torch needed)."""

from __future__ import annotations

from typing import Any

from irproof.verifier.drivers.base import DriverError, DriverUnavailable, first_error_line
from irproof.verifier.pass_pipeline import PassStep

INSTALL_HINT = "the mlir driver needs the MLIR Python bindings: pip install 'irproof[mlir]'"


def _bindings() -> tuple[Any, Any]:
    try:
        from torch_mlir import ir
        from torch_mlir.passmanager import PassManager
    except ImportError:
        raise DriverUnavailable(INSTALL_HINT) from None
    return ir, PassManager


class MlirBindingsDriver:
    name = "mlir"

    def __init__(self) -> None:
        self._ir, self._pass_manager = _bindings()

    def run(self, text: str, step: PassStep) -> str:
        ir = self._ir
        messages: list[str] = []

        def collect(diagnostic: Any) -> bool:
            messages.append(str(diagnostic.message))
            return True  # handled: nothing printed on stderr

        with ir.Context() as context:
            context.attach_diagnostic_handler(collect)
            try:
                module = ir.Module.parse(text)
            except ir.MLIRError as error:
                found = [str(d.message) for d in error.error_diagnostics] + messages
                raise DriverError(
                    f"MLIR cannot parse the module: {found[0] if found else error}"
                ) from None
            try:
                manager = self._pass_manager.parse(step.pipeline)
            except ValueError as error:
                raise DriverError(first_error_line(str(error), "invalid pass")) from None
            try:
                manager.run(module.operation)
            except ir.MLIRError as error:
                found = messages + [str(d.message) for d in error.error_diagnostics]
                raise DriverError(found[0] if found else "the pass failed") from None
            return str(module.operation.get_asm(print_generic_op_form=False))
