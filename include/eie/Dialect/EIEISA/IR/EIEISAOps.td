//===- EIEISAOps.td - The ops of the eie_isa dialect --------*- tablegen -*-===//
//
// One op per instruction of the EIE instruction set (docs/ISA.md) inside an `eie_isa.program`,
// which also holds what the binary container holds besides the instructions: the machine
// parameters, the host vectors, the layer names and the data sections.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_DIALECT_EIEISA_IR_EIEISAOPS_TD
#define EIE_DIALECT_EIEISA_IR_EIEISAOPS_TD

include "eie/Dialect/EIEISA/IR/EIEISADialect.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/SymbolInterfaces.td"

//===----------------------------------------------------------------------===//
// Attribute constraints
//===----------------------------------------------------------------------===//

// The binary stores these fields as u32.
def EIEISA_U32Attr : ConfinedAttr<I64Attr, [IntNonNegative, IntMaxValue<4294967295>]>;
def EIEISA_PositiveU32Attr : ConfinedAttr<I64Attr, [IntPositive, IntMaxValue<4294967295>]>;
// A fractional width of docs/NUMERICS.md.
def EIEISA_FracBitsAttr : ConfinedAttr<I64Attr, [IntNonNegative, IntMaxValue<15>]>;

def EIEISA_HostVectorRole : I32EnumAttr<"HostVectorRole", "role of a host vector", [
    I32EnumAttrCase<"Input", 0, "input">,
    I32EnumAttrCase<"Output", 1, "output">,
    I32EnumAttrCase<"Scratch", 2, "scratch">]> {
  let cppNamespace = "::mlir::eie_isa";
}

//===----------------------------------------------------------------------===//
// Program
//===----------------------------------------------------------------------===//

def EIEISA_ProgramOp : EIEISA_Op<"program", [IsolatedFromAbove, NoTerminator, SingleBlock,
                                      SymbolTable]> {
  let summary = "An EIE instruction stream and the data it loads into the machine";
  let description = [{
    Everything the binary container of docs/ISA.md holds, one-to-one, so that
    `eie-translate --mlir-to-eie` and `--eie-to-mlir` are inverse:

    - the machine it was compiled for: `pes` processing elements, `regfile` entries per PE of
      each activation register file, `spmat` bytes of sparse-matrix SRAM and `ptr` 16-bit
      entries of pointer SRAM per PE;
    - `layers`: the layer names, indexed by `eie_isa.run`'s `layer`;
    - in its body, in order: `eie_isa.host_vector` declarations (host vector `i` is the
      `i`-th), the data sections (`eie_isa.codebook_section`, `eie_isa.spmat_section`,
      `eie_isa.ptr_section`, `eie_isa.bias_section`; section `i` is the `i`-th section op of
      any kind), and one op per instruction, ending with `eie_isa.halt`. Declarations and
      instructions refer to each other by symbol.

    The verifier checks the structure (exactly one input and one output host vector, a single
    `eie_isa.halt` at the end, images for every PE). The execution rules of docs/ISA.md (no
    read of undefined memory, SRAM capacities, I/O versus computing mode...) are checked when
    the program is translated to the binary (lib/Target/EIE), with the error at the offending
    instruction.

    ```mlir
    // y = relu(W x + b) for W = [[1, 0], [0, -0.5], [0, 1], [-0.5, 0]], b = [1, -0.5, 0, 0.25].
    eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers ["hand"] {
      eie_isa.host_vector @input input length 2 frac 8
      eie_isa.host_vector @output output length 4 frac 8
      eie_isa.codebook_section @codebook0 [0, 128, -64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
      eie_isa.spmat_section @spmat1 counts [2, 2] data dense<[1, 17, 18, 2]> : tensor<4xi8>
      eie_isa.ptr_section @ptr2 counts [3, 3] data dense<[0, 1, 2, 0, 1, 2]> : tensor<6xi16>
      eie_isa.bias_section @bias3 counts [2, 2] data dense<[256, 0, -128, 64]> : tensor<4xi16>
      eie_isa.load_codebook @codebook0
      eie_isa.load_spmat @spmat1 at 0
      eie_isa.load_ptr @ptr2 at 0
      eie_isa.load_bias @bias3
      eie_isa.load_act @input[0, 2]
      eie_isa.run layer 0 cols 2 colbase 0 rows 4 spmat 0 ptr 0 fa 8 fw 7 fo 8 clear bias writeback relu
      eie_isa.sync
      eie_isa.store_act @output[0, 4]
      eie_isa.halt
    }
    ```
  }];
  let arguments = (ins
    EIEISA_PositiveU32Attr:$pes,
    EIEISA_PositiveU32Attr:$regfile,
    EIEISA_PositiveU32Attr:$spmat,
    EIEISA_PositiveU32Attr:$ptr,
    StrArrayAttr:$layers);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `machine` `(` `pes` `=` $pes `,` `regfile` `=` $regfile `,` `spmat` `=` $spmat `,`
      `ptr` `=` $ptr `)` `layers` $layers attr-dict-with-keyword $body
  }];
  let hasRegionVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

class EIEISA_MachineOp<string mnemonic, list<Trait> traits = []>
    : EIEISA_Op<mnemonic, !listconcat(traits, [HasParent<"ProgramOp">])>;

def EIEISA_HostVectorOp : EIEISA_MachineOp<"host_vector", [Symbol]> {
  let summary = "A vector of int16 activations in host memory";
  let description = [{
    A vector of `length` 16-bit activations in `Q(frac)` (docs/NUMERICS.md) in host memory:
    the program's `input` (defined when it starts), its `output`, or a `scratch` vector for
    activations that do not stay on chip between layers. `eie_isa.load_act` and `eie_isa.store_act`
    move them to and from the register files.

    ```mlir
    eie_isa.host_vector @input input length 9216 frac 8
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    EIEISA_HostVectorRole:$role,
    EIEISA_PositiveU32Attr:$length,
    EIEISA_FracBitsAttr:$frac);
  let assemblyFormat = "$sym_name $role `length` $length `frac` $frac attr-dict";
}

def EIEISA_CodebookSectionOp : EIEISA_MachineOp<"codebook_section", [Symbol]> {
  let summary = "A data section: the 16 fixed-point values of a codebook";
  let description = [{
    The 16 int16 codebook values in `Q(fw)` that `eie_isa.load_codebook` loads into every PE; code
    0 is the value 0 by convention of the format.

    ```mlir
    eie_isa.codebook_section @codebook0 [0, -96, 128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, DenseI16ArrayAttr:$values);
  let assemblyFormat = "$sym_name $values attr-dict";
  let hasVerifier = 1;
}

// A section with one image per PE: `counts` elements each, concatenated in `data`.
class EIEISA_PerPESectionOp<string mnemonic, int width, string what>
    : EIEISA_MachineOp<mnemonic, [Symbol]> {
  let arguments = (ins SymbolNameAttr:$sym_name, DenseI32ArrayAttr:$counts,
                       ElementsAttr:$data);
  let assemblyFormat = "$sym_name `counts` $counts `data` $data attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Bits of one element of `data`.
    static constexpr unsigned kElementBits = }] # width # [{;
    /// What the section holds, for diagnostics.
    static ::llvm::StringRef getContentName() { return "}] # what # [{"; }
  }];
}

def EIEISA_SpmatSectionOp : EIEISA_PerPESectionOp<"spmat_section", 8, "sparse-matrix entries"> {
  let summary = "A data section: per-PE images of the sparse-matrix SRAM";
  let description = [{
    For each PE, in PE order, `counts[p]` 8-bit entries (`v` in bits 0-3, `z` in bits 4-7) that
    `eie_isa.load_spmat` writes into PE `p`'s sparse-matrix SRAM. `data` is the concatenation of
    the images, a 1-D `i8` `dense` or `dense_resource` tensor of `sum(counts)` elements;
    `counts` has one entry per PE of the program.

    ```mlir
    eie_isa.spmat_section @spmat1 counts [2, 1] data dense<[1, 34, 18]> : tensor<3xi8>
    ```
  }];
}

def EIEISA_PtrSectionOp : EIEISA_PerPESectionOp<"ptr_section", 16, "column pointers"> {
  let summary = "A data section: per-PE images of the pointer SRAM";
  let description = [{
    For each PE, `counts[p]` 16-bit column pointers (relative to the SRAM base a pass names)
    that `eie_isa.load_ptr` writes into PE `p`'s pointer SRAM. `data` is a 1-D `i16` `dense` or
    `dense_resource` tensor of `sum(counts)` elements.

    ```mlir
    eie_isa.ptr_section @ptr2 counts [3, 3] data dense<[0, 1, 2, 0, 0, 1]> : tensor<6xi16>
    ```
  }];
}

def EIEISA_BiasSectionOp : EIEISA_PerPESectionOp<"bias_section", 16, "biases"> {
  let summary = "A data section: per-PE biases of a row chunk";
  let description = [{
    For each PE, `counts[p]` int16 biases in `Q(fo)` of the PE's local rows that
    `eie_isa.load_bias` writes into PE `p`'s bias file. `data` is a 1-D `i16` `dense` or
    `dense_resource` tensor of `sum(counts)` elements.

    ```mlir
    eie_isa.bias_section @bias3 counts [2, 2] data dense<[5, -3, 0, 12]> : tensor<4xi16>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

class EIEISA_InstructionOp<string mnemonic, list<Trait> traits = []>
    : EIEISA_MachineOp<mnemonic, traits>;

// load.codebook / load.bias: a section, no address.
class EIEISA_LoadSectionOp<string mnemonic>
    : EIEISA_InstructionOp<mnemonic, [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins FlatSymbolRefAttr:$section);
  let assemblyFormat = "$section attr-dict";
}

// load.spmat / load.ptr: a section and the SRAM address its images start at.
class EIEISA_LoadSectionAtOp<string mnemonic>
    : EIEISA_InstructionOp<mnemonic, [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins FlatSymbolRefAttr:$section, EIEISA_U32Attr:$address);
  let assemblyFormat = "$section `at` $address attr-dict";
}

def EIEISA_LoadCodebookOp : EIEISA_LoadSectionOp<"load_codebook"> {
  let summary = "Instruction load.codebook: load a codebook into every PE";
  let description = [{
    Opcode 0x01. Loads the 16 values of an `eie_isa.codebook_section` into every PE's codebook.
    I/O mode only.

    ```mlir
    eie_isa.load_codebook @codebook0
    ```
  }];
}

def EIEISA_LoadBiasOp : EIEISA_LoadSectionOp<"load_bias"> {
  let summary = "Instruction load.bias: load each PE's biases into its bias file";
  let description = [{
    Opcode 0x04. Loads PE `p`'s image of an `eie_isa.bias_section` into its bias file from entry
    0; a later `eie_isa.run` with `clear` and `bias` starts its accumulators from them. I/O mode
    only.

    ```mlir
    eie_isa.load_bias @bias3
    ```
  }];
}

def EIEISA_LoadSpmatOp : EIEISA_LoadSectionAtOp<"load_spmat"> {
  let summary = "Instruction load.spmat: load sparse-matrix images into the PEs' SRAMs";
  let description = [{
    Opcode 0x02. Writes PE `p`'s image of an `eie_isa.spmat_section` into its sparse-matrix SRAM
    from entry `address`. I/O mode only; the image must fit the SRAM.

    ```mlir
    eie_isa.load_spmat @spmat1 at 0
    ```
  }];
}

def EIEISA_LoadPtrOp : EIEISA_LoadSectionAtOp<"load_ptr"> {
  let summary = "Instruction load.ptr: load column-pointer images into the PEs' pointer SRAMs";
  let description = [{
    Opcode 0x03. Writes PE `p`'s image of an `eie_isa.ptr_section` into its pointer SRAM from
    entry `address`. I/O mode only; the image must fit the SRAM.

    ```mlir
    eie_isa.load_ptr @ptr2 at 0
    ```
  }];
}

// load.act / store.act: a host vector and the element range moved.
class EIEISA_MoveActOp<string mnemonic>
    : EIEISA_InstructionOp<mnemonic, [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins FlatSymbolRefAttr:$vector, EIEISA_U32Attr:$offset,
                       EIEISA_PositiveU32Attr:$count);
  let assemblyFormat = "$vector `[` $offset `,` $count `]` attr-dict";
}

def EIEISA_LoadActOp : EIEISA_MoveActOp<"load_act"> {
  let summary = "Instruction load.act: host-vector elements into the source register file";
  let description = [{
    Opcode 0x05. Elements `[offset, offset + count)` of the host vector become elements
    `0 .. count - 1` of the source register file (element `k` in PE `k mod N`). I/O mode only;
    the elements must be defined.

    ```mlir
    eie_isa.load_act @input[0, 4096]
    ```
  }];
}

def EIEISA_StoreActOp : EIEISA_MoveActOp<"store_act"> {
  let summary = "Instruction store.act: destination register-file elements to a host vector";
  let description = [{
    Opcode 0x06. Elements `0 .. count - 1` of the destination register file become elements
    `[offset, offset + count)` of the host vector. I/O mode only; the elements must have been
    written back.

    ```mlir
    eie_isa.store_act @output[0, 1000]
    ```
  }];
}

def EIEISA_RunOp : EIEISA_InstructionOp<"run"> {
  let summary = "Instruction run: one pass of a layer over a range of rows and columns";
  let description = [{
    Opcode 0x07. Column `j < cols` reads source element `colbase + j`; every PE streams its
    entries of the column (pointers `ptr + j` and `ptr + j + 1`, entries relative to SRAM
    address `spmat`) into the accumulators of the pass's rows `r < rows` that it owns. Zero
    activations are skipped. `fa`, `fw`, `fo` are the layer's fixed-point formats
    (docs/NUMERICS.md, `fo <= fa + fw`); `layer` indexes the program's `layers`.

    Flags: `clear` starts the accumulators from zero, or with `bias` from the loaded biases
    (the bias column); `writeback` rounds, shifts by `fa + fw - fo`, applies ReLU with `relu`,
    saturates and writes the destination register file. Passes between a `clear` and a
    `writeback` accumulate partial sums. Enters computing mode until `eie_isa.sync`.

    ```mlir
    eie_isa.run layer 0 cols 4096 colbase 0 rows 4096 spmat 0 ptr 0 fa 8 fw 9 fo 8 clear bias
    ```
  }];
  let arguments = (ins
    EIEISA_U32Attr:$layer,
    EIEISA_PositiveU32Attr:$cols,
    EIEISA_U32Attr:$colbase,
    EIEISA_PositiveU32Attr:$rows,
    EIEISA_U32Attr:$spmat_base,
    EIEISA_U32Attr:$ptr_base,
    EIEISA_FracBitsAttr:$fa,
    EIEISA_FracBitsAttr:$fw,
    EIEISA_FracBitsAttr:$fo,
    UnitAttr:$clear,
    UnitAttr:$bias,
    UnitAttr:$writeback,
    UnitAttr:$relu);
  let assemblyFormat = [{
    `layer` $layer `cols` $cols `colbase` $colbase `rows` $rows `spmat` $spmat_base
    `ptr` $ptr_base `fa` $fa `fw` $fw `fo` $fo (`clear` $clear^)? (`bias` $bias^)?
    (`writeback` $writeback^)? (`relu` $relu^)? attr-dict
  }];
  let hasVerifier = 1;
}

def EIEISA_SwapOp : EIEISA_InstructionOp<"swap"> {
  let summary = "Instruction swap: exchange the source and destination register files";
  let description = [{
    Opcode 0x08. The destination register file (the last layer's output) becomes the source
    of the next layer, so activations stay on chip. I/O mode only.

    ```mlir
    eie_isa.swap
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def EIEISA_SyncOp : EIEISA_InstructionOp<"sync"> {
  let summary = "Instruction sync: wait for every PE to drain and return to I/O mode";
  let description = [{
    Opcode 0x09. Ends the computing mode that `eie_isa.run` entered; loads, stores and
    `eie_isa.swap` after passes need it.

    ```mlir
    eie_isa.sync
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def EIEISA_HaltOp : EIEISA_InstructionOp<"halt"> {
  let summary = "Instruction halt: end of the program";
  let description = [{
    Opcode 0x0a. The last op of every `eie_isa.program`, and only there. I/O mode only; no partial
    sums may be open and every output element must have been stored.

    ```mlir
    eie_isa.halt
    ```
  }];
  let assemblyFormat = "attr-dict";
}

#endif // EIE_DIALECT_EIEISA_IR_EIEISAOPS_TD
