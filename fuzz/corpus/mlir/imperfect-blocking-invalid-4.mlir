func.func @imperfect_misspelled() attributes {
  // expected-error @+1 {{expected 'imperfect'}}
  b = #cnn.blocking<[<"RF", {K = 2}>, <"DRAM", {K = 16}, order = [N, K, C, Y, X, R, S]>], perfect>} {
  return
}
