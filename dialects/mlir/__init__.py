"""xDSL definitions of upstream MLIR dialects, as current upstream MLIR prints them.

xDSL lags upstream in places (`exact` on divisions and right shifts, overflow flags on
`trunci`, `nneg` on `extui`/`index_castui`, the whole `index` dialect). The modules here
extend or add those definitions so that what `mlir-opt` / the MLIR Python bindings print
parses. `irproof.dialects.mlir.context.input_context()` is the context every input uses.
"""
