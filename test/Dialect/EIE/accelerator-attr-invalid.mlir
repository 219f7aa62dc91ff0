// RUN: eie-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{'eie.accelerator' must be a unit attribute on a function}}
func.func @not_unit() attributes {eie.accelerator = 1 : i32} {
  return
}

// -----

// expected-error @+1 {{'eie.accelerator' must be a unit attribute on a function}}
module attributes {eie.accelerator} {
}

// -----

// expected-error @+1 {{unknown eie dialect attribute 'eie.other'}}
func.func @unknown() attributes {eie.other} {
  return
}
