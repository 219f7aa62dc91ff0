// RUN: eie-opt %s --cnn-optimize-blocking="arch=%S/Inputs/small-cache.json" \
// RUN:   --cnn-blocking-report="arch=%S/Inputs/small-cache.json" -o /dev/null 2>&1 \
// RUN:   | %PYTHON -c "import json, sys; r = json.load(sys.stdin)[0]['levels']; print('DRAM', r[-1]['accesses'], 'buffer', r[1]['footprint_words'])" \
// RUN:   | FileCheck %s --check-prefix=WHOLE
// RUN: eie-opt %s --cnn-optimize-blocking="arch=%S/Inputs/small-cache.json last-level-share=0.5" \
// RUN:   --cnn-blocking-report="arch=%S/Inputs/small-cache.json" -o /dev/null 2>&1 \
// RUN:   | %PYTHON -c "import json, sys; r = json.load(sys.stdin)[0]['levels']; print('DRAM', r[-1]['accesses'], 'buffer', r[1]['footprint_words'])" \
// RUN:   | FileCheck %s --check-prefix=HALF
// RUN: not eie-opt %s --cnn-optimize-blocking="arch=%S/Inputs/small-cache.json last-level-share=0" 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not eie-opt %s --cnn-optimize-blocking="arch=%S/Inputs/small-cache.json last-level-share=1.5" 2>&1 | FileCheck %s --check-prefix=ABOVE

// last-level-share: the tiles may fill only that share of the level above DRAM (the 120-word
// buffer). With all of it, the best blocking keeps 104 words there (the whole input, a 32-word
// weight tile, an 8-word output tile) and moves every tensor once from DRAM. With half of it
// (60 words) that blocking does not fit: the best one moves the input twice.

// WHOLE: DRAM {'I': 64, 'O': 64, 'W': 256} buffer {'I': 64, 'O': 8, 'W': 32}
// HALF: DRAM {'I': 128, 'O': 64, 'W': 256} buffer {'I': 8, 'O': 32, 'W': 16}
// ZERO: error: cnn-optimize-blocking: last-level-share must be in (0, 1], not 0
// ABOVE: error: cnn-optimize-blocking: last-level-share must be in (0, 1], not 1.5
func.func @fc(%x: tensor<4x16xf32>, %w: tensor<16x16xf32>) -> tensor<4x16xf32> {
  %i = tensor.empty() : tensor<4x16xf32>
  %y = cnn.fc ins(%x, %w : tensor<4x16xf32>, tensor<16x16xf32>) outs(%i : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
