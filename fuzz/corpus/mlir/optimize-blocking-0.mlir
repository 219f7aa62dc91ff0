// When the register file holds the whole layer, the optimum moves every word from DRAM once:
// 4 inputs + 16 weights read, 4 outputs written (24 x 200 pJ), the register file serves
// 4 x 16 MACs - 4 first writes (60 x 1 pJ), and the MACs cost 16 x 0.1 pJ: 4861.6 pJ.
func.func @small_fc(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// OPTIMUM: "energy_pj": 4861.6{{[0-9]*}},
// OPTIMUM: "layer": "small_fc.0"

// PRESET-LABEL: func @alexnet_conv2
// PRESET: cnn.conv2d
// PRESET-SAME: blocking = #cnn.blocking<[<"RF", {{.*}}>, <"SRAM", {{.*}}, order = [{{.*}}]>, <"DRAM", {{.*}}, order = [{{.*}}]>]>
// PRESET-SAME: optimal = true
func.func @alexnet_conv2(%x: tensor<1x96x27x27xf32>, %w: tensor<256x48x5x5xf32>) -> tensor<1x256x27x27xf32> {
  %i = tensor.empty() : tensor<1x256x27x27xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x96x27x27xf32>, tensor<256x48x5x5xf32>) outs(%i : tensor<1x256x27x27xf32>)
         {padding = array<i64: 2, 2, 2, 2>, groups = 2 : i64} -> tensor<1x256x27x27xf32> loc("conv2")
  return %y : tensor<1x256x27x27xf32>
}

// The report names layers after their NameLoc, else <function>.<index>.
// The keys of each object are sorted.
// REPORT: "layer": "small_fc.0"
// REPORT: "bounds": {
// REPORT-DAG: "C": 48
// REPORT-DAG: "K": 256
// REPORT-DAG: "R": 5
// REPORT-DAG: "X": 27
// REPORT: "energy_pj": 1352313{{[0-9]+}}
// REPORT: "layer": "conv2"
// REPORT: "optimal": true

// With imperfect tiles, AlexNet conv2 (27 x 27 outputs, 5 x 5 kernels) gets a cheaper blocking
// whose tiles do not all divide the bounds; the attribute and the report say so.
// IMPERFECT-LABEL: func @alexnet_conv2
// IMPERFECT: blocking = #cnn.blocking<[{{.*}}], imperfect>
// IMPERFECT-SAME: optimal = true
// IMPERFECT-REPORT: "layer": "small_fc.0"
// IMPERFECT-REPORT: "energy_pj": 1279092{{[0-9]+}}
// IMPERFECT-REPORT-NEXT: "imperfect": true,
// IMPERFECT-REPORT-NEXT: "layer": "conv2"
