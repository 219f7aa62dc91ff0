// expected-error @+1 {{'eie.accelerator' must be a unit attribute on a function}}
func.func @not_unit() attributes {eie.accelerator = 1 : i32} {
  return
}
