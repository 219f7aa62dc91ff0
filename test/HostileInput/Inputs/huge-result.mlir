func.func @f() -> tensor<40000x40000xf32> {
  %0 = tensor.empty() : tensor<40000x40000xf32>
  return %0 : tensor<40000x40000xf32>
}
