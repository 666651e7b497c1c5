"""The `xdsl` driver: xDSL's own passes (its pass registry) on modules parsed in irproof's
xDSL context. xDSL passes are module passes: nested pipelines (`func.func(...)`) are refused.

`register_pass` adds a pass to the registry this driver looks names up in (tests use it for
deliberately broken passes)."""

from __future__ import annotations

from collections.abc import Callable

from xdsl.parser import Parser
from xdsl.passes import ModulePass, PassPipeline
from xdsl.transforms import get_all_passes

from irproof.dialects.mlir.context import input_context
from irproof.verifier.drivers.base import DriverError
from irproof.verifier.pass_pipeline import PassStep

EXTRA_PASSES: dict[str, Callable[[], type[ModulePass]]] = {}
"""Passes added with `register_pass`, on top of xDSL's registry."""


def register_pass(pass_type: type[ModulePass]) -> None:
    EXTRA_PASSES[pass_type.name] = lambda: pass_type


def unregister_pass(name: str) -> None:
    EXTRA_PASSES.pop(name, None)


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


class XdslDriver:
    name = "xdsl"

    def run(self, text: str, step: PassStep) -> str:
        if step.anchors:
            raise DriverError(
                f"the xdsl driver runs passes on whole modules: '{step.label}' is nested; "
                f"write '{step.text}'"
            )
        try:
            pipeline = PassPipeline.parse_spec({**get_all_passes(), **EXTRA_PASSES}, step.text)
        except Exception as error:  # ValueError, ArgSpecParseError: unknown pass, bad option
            raise DriverError(_first_line(error)) from None
        context = input_context()
        try:
            module = Parser(context, text).parse_module()
        except Exception as error:
            raise DriverError(f"xDSL cannot parse the module: {_first_line(error)}") from None
        try:
            pipeline.apply(context, module)
            module.verify()
        except Exception as error:  # a pass may fail in any way: report it, don't crash
            raise DriverError(f"{type(error).__name__}: {_first_line(error)}") from None
        return str(module) + "\n"
