// expected-error @+1 {{unknown eie dialect attribute 'eie.other'}}
func.func @unknown() attributes {eie.other} {
  return
}
