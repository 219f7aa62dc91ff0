//===- MachineStateTest.cpp - The execution rules of a program ------------===//

#include "HandProgram.h"

#include "eie/ISA/MachineState.h"

#include "gtest/gtest.h"

using namespace eie::isa;
using namespace eie::isa::testing;

namespace {

std::string verifyError(const Program &p) {
  llvm::Error e = verifyProgram(p);
  return e ? llvm::toString(std::move(e)) : "(no error)";
}

TEST(MachineState, HandProgramIsValid) {
  EXPECT_EQ(verifyError(handProgram()), "(no error)");
}

TEST(MachineState, DataMovementAndWriteBack) {
  Program p = handProgram();
  MachineState state(p);
  state.setInput({5, -7});
  bool ran = false;
  llvm::Error e = state.run([&](const RunPass &pass) {
    // Without arithmetic the accumulators stay at their cleared zero.
    EXPECT_EQ(pass.numCols, 2u);
    EXPECT_EQ(pass.localRows(0, 2), 2u);
    EXPECT_EQ(pass.localRows(1, 2), 2u);
    EXPECT_EQ(state.source(1)[0], -7);
    state.accumulators(1)[0] = 42;
    ran = true;
  });
  ASSERT_FALSE(bool(e)) << llvm::toString(std::move(e));
  EXPECT_TRUE(ran);
  EXPECT_EQ(state.hostVector(1), llvm::ArrayRef<int16_t>({0, 42, 0, 0}));
}

TEST(MachineState, UninitialisedMemory) {
  Program p = handProgram();
  p.instructions.erase(p.instructions.begin() + 2); // load.ptr
  EXPECT_EQ(verifyError(p), "instruction 3 (run): PE 0 reads pointer 0, "
                            "which was never loaded");
  p = handProgram();
  p.instructions.erase(p.instructions.begin() + 1); // load.spmat
  EXPECT_EQ(verifyError(p), "instruction 3 (run): PE 0 reads sparse-matrix "
                            "entry 0, which was never loaded");
  p = handProgram();
  p.instructions.erase(p.instructions.begin()); // load.codebook
  EXPECT_EQ(verifyError(p), "instruction 3 (run): no codebook was loaded");
  p = handProgram();
  p.instructions.erase(p.instructions.begin() + 3); // load.act
  EXPECT_EQ(verifyError(p), "instruction 3 (run): reads source activations "
                            "[0, 2) but only 0 are defined");
  p = handProgram();
  p.instructions[6].ops = {0, 4}; // store.act from host vector 0's view
  p.instructions[3].a = 1;        // load.act from the unwritten output
  EXPECT_EQ(verifyError(p), "instruction 3 (load.act): reads element 0 of "
                            "host vector 1, which was never written");
}

TEST(MachineState, PassesStayInsideTheirRows) {
  Program p = handProgram();
  p.sections[1].bytes[1] = {0x23}; // z = 2: local row 2 of a 2-row PE
  EXPECT_EQ(verifyError(p), "instruction 4 (run): PE 1 column 1 entry 0 "
                            "reaches local row 2, the pass has 2 rows in "
                            "this PE");
  p = handProgram();
  p.sections[2].words[0] = {0, 2, 1};
  EXPECT_EQ(verifyError(p), "instruction 4 (run): PE 0: pointer of column 2 "
                            "(1) is below that of column 1 (2)");
  p = handProgram();
  p.instructions[4].ops[RunPtrAddr] = 14;
  EXPECT_EQ(verifyError(p), "instruction 4 (run): pointers [14, 16] are "
                            "outside the pointer SRAM (16 entries)");
  p = handProgram();
  p.instructions[4].ops[RunNumRows] = 9;
  EXPECT_EQ(verifyError(p), "instruction 4 (run): 9 rows exceed a register "
                            "file (2 PEs x 4 entries)");
}

TEST(MachineState, ModesAndOrdering) {
  Program p = handProgram();
  p.instructions.erase(p.instructions.begin() + 5); // sync
  EXPECT_EQ(verifyError(p), "instruction 5 (store.act): needs I/O mode, but "
                            "a run is in progress: a sync must come first");
  p = handProgram();
  p.instructions[4].flags = RunClear; // no write-back
  EXPECT_EQ(verifyError(p), "instruction 6 (store.act): reads 4 destination "
                            "activations but only 0 were written back");
  p = handProgram();
  p.instructions[4].flags = RunWriteBack; // no clear
  EXPECT_EQ(verifyError(p), "instruction 4 (run): accumulates into partial "
                            "sums that no pass cleared");
  p = handProgram();
  p.instructions[4].flags = RunClear;
  p.instructions.erase(p.instructions.begin() + 6); // store.act
  EXPECT_EQ(verifyError(p), "instruction 6 (halt): partial sums of layer "
                            "'hand' were never written back");
  p = handProgram();
  p.instructions.insert(p.instructions.begin() + 5, p.instructions[4]);
  EXPECT_EQ(verifyError(p), "(no error)"); // a second full pass is fine
  p.instructions[5].flags = RunClear | RunWriteBack | RunBias;
  EXPECT_EQ(verifyError(p), "instruction 5 (run): PE 0 needs 2 biases, 0 "
                            "were loaded");
  p = handProgram();
  p.instructions.push_back(inst(Opcode::Sync));
  EXPECT_EQ(verifyError(p), "the program does not end with halt");
  p.instructions.push_back(inst(Opcode::Halt));
  EXPECT_EQ(verifyError(p), "instruction 8 (sync): follows halt");
  p = handProgram();
  p.instructions[6].ops = {0, 3};
  EXPECT_EQ(verifyError(p), "instruction 7 (halt): element 3 of the output "
                            "host vector was never written");
}

TEST(MachineState, OperandsAndStructure) {
  Program p = handProgram();
  p.instructions[5].ops[3] = 1;
  EXPECT_EQ(verifyError(p), "instruction 5 (sync): operand 3 = 1 must be 0");
  p = handProgram();
  p.instructions[4].ops[RunFormats] = packFormats(0, 0, 3);
  EXPECT_NE(verifyError(p).find("instruction 4 (run): fixed point:"),
            std::string::npos);
  p = handProgram();
  p.instructions[4].flags = 0x30;
  EXPECT_EQ(verifyError(p), "instruction 4 (run): unknown flags 0x30");
  p = handProgram();
  p.instructions[4].a = 3;
  EXPECT_EQ(verifyError(p), "instruction 4 (run): layer 3 is not defined (the "
                            "stream names 1)");
  p = handProgram();
  p.sections[1].bytes.pop_back();
  EXPECT_EQ(verifyError(p), "section 1: 1 sparse-matrix images for 2 PEs");
  p = handProgram();
  p.hostVectors[1].role = HostVectorRole::Scratch;
  EXPECT_EQ(verifyError(p), "1 input and 0 output host vectors, expected one "
                            "of each");
  p = handProgram();
  p.instructions[3].ops = {1, 2};
  EXPECT_EQ(verifyError(p), "instruction 3 (load.act): elements [1, 3) are "
                            "outside host vector 0 of length 2");
}

} // namespace
