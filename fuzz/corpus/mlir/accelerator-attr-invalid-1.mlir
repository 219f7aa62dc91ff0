// expected-error @+1 {{'eie.accelerator' must be a unit attribute on a function}}
module attributes {eie.accelerator} {
}
