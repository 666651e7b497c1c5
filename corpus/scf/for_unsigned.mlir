// `scf.for unsigned` (upstream's unsignedCmp, newer than MLIR 19: this file parses with the
// torch-mlir bindings' MLIR, not with mlir-opt-19) compares lb <= iv < ub unsigned.

// Unsigned, 0 below 250 by 50: iv = 0, 50, 100, 150, 200: five iterations.
// EXPECT for_unsigned_trip: correct
func.func @for_unsigned_trip_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %ub = arith.constant 250 : i8
  %step = arith.constant 50 : i8
  %one = arith.constant 1 : i8
  %r = scf.for unsigned %i = %c0 to %ub step %step iter_args(%a = %x) -> (i8) : i8 {
    %b = arith.addi %a, %one : i8
    scf.yield %b : i8
  }
  return %r : i8
}
func.func @for_unsigned_trip_tgt(%x: i8) -> i8 {
  %c5 = arith.constant 5 : i8
  %r = arith.addi %x, %c5 : i8
  return %r : i8
}

// Dropping `unsigned`: 250 is -6 signed, the loop runs zero times: x vs x + 5.
// EXPECT for_signed_trip: incorrect value
func.func @for_signed_trip_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %ub = arith.constant 250 : i8
  %step = arith.constant 50 : i8
  %one = arith.constant 1 : i8
  %r = scf.for %i = %c0 to %ub step %step iter_args(%a = %x) -> (i8) : i8 {
    %b = arith.addi %a, %one : i8
    scf.yield %b : i8
  }
  return %r : i8
}
func.func @for_signed_trip_tgt(%x: i8) -> i8 {
  %c5 = arith.constant 5 : i8
  %r = arith.addi %x, %c5 : i8
  return %r : i8
}
