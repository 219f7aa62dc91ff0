// An op the pipeline cannot lower (a TOSA op, which does not bufferize).
func.func @forward() -> tensor<4xf32> {
  %x = arith.constant dense<-1.0> : tensor<4xf32>
  %r = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
