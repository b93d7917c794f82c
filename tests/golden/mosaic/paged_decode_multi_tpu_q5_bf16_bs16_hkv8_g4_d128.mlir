"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<1024xi32, #tpu.memory_space<smem>>, %arg3: memref<8xi32, #tpu.memory_space<smem>>, %arg4: memref<8xi32, #tpu.memory_space<smem>>, %arg5: memref<1xf32, #tpu.memory_space<smem>>, %arg6: memref<8x8x20x128xbf16, #tpu.memory_space<any>>, %arg7: memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, %arg8: memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, %arg9: memref<8x8x20x128xf32, #tpu.memory_space<any>>, %arg10: memref<8x8x20x1xf32, #tpu.memory_space<any>>, %arg11: memref<8x8x20x128xf32, #tpu.memory_space<any>>, %arg12: memref<8x8x20x1xf32, #tpu.memory_space<any>>, %arg13: memref<1x1x20x128xbf16, #tpu.memory_space<vmem>>, %arg14: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg15: memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, %arg16: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg17: memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, %arg18: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg19: memref<1x1x20x128xf32, #tpu.memory_space<vmem>>, %arg20: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg21: memref<1x1x20x1xf32, #tpu.memory_space<vmem>>, %arg22: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg5, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %3 = "stable_mosaic.memref.load"(%arg3, %2) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %4 = "stable_mosaic.memref.load"(%arg4, %2) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %5 = "stable_mosaic.arith.subi"(%3, %4) : (i32, i32) -> i32
    %6 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<20x16xi32>
    %7 = "stable_mosaic.arith.constant"() {value = 4 : i32} : () -> i32
    %8 = "stable_mosaic.arith.muli"(%4, %7) : (i32, i32) -> i32
    %9 = "stable_mosaic.vector.broadcast"(%8) : (i32) -> vector<20x16xi32>
    %10 = "stable_mosaic.arith.cmpi"(%6, %9) {predicate = 2 : i64} : (vector<20x16xi32>, vector<20x16xi32>) -> vector<20x16xi1>
    %11 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %12 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg0, %arg1, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x20x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x20x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%12, %arg13, %arg14) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x20x128xbf16, #tpu.memory_space<any>>, memref<1x1x20x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %13 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg0, %arg1, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x20x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x20x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg14, %13, %arg13) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x20x128xbf16, #tpu.memory_space<any>>, memref<1x1x20x128xbf16, #tpu.memory_space<vmem>>) -> ()
    %14 = "stable_mosaic.vector.load"(%arg13, %0, %0, %0, %0) : (memref<1x1x20x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x20x128xbf16>
    %15 = "stable_mosaic.vector.shape_cast"(%14) : (vector<1x1x20x128xbf16>) -> vector<20x128xbf16>
    %16 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<20xf32>} : () -> vector<20xf32>
    %17 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<20xf32>} : () -> vector<20xf32>
    %18 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<20x128xf32>} : () -> vector<20x128xf32>
    %19 = "stable_mosaic.arith.constant"() {value = 15 : i32} : () -> i32
    %20 = "stable_mosaic.arith.addi"(%3, %19) : (i32, i32) -> i32
    %21 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
    %22 = "stable_mosaic.arith.divsi"(%20, %21) : (i32, i32) -> i32
    %23 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %24 = "stable_mosaic.arith.addi"(%11, %11) : (i32, i32) -> i32
    %25 = "stable_mosaic.arith.cmpi"(%24, %22) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%25) ({
      %26 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %27 = "stable_mosaic.arith.muli"(%arg0, %26) : (i32, i32) -> i32
      %28 = "stable_mosaic.arith.addi"(%27, %24) : (i32, i32) -> i32
      %29 = "stable_mosaic.arith.index_cast"(%28) : (i32) -> index
      %30 = "stable_mosaic.memref.load"(%arg2, %29) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %31 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %30, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %32 = "stable_mosaic.tpu.memref_slice"(%arg15, %11, %11, %11, %11, %11) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %33 = "stable_mosaic.tpu.memref_squeeze"(%32) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %34 = "stable_mosaic.tpu.memref_slice"(%arg16, %11) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %35 = "stable_mosaic.tpu.memref_squeeze"(%34) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%31, %33, %35) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %36 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %30, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %37 = "stable_mosaic.tpu.memref_slice"(%arg17, %11, %11, %11, %11, %11) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %38 = "stable_mosaic.tpu.memref_squeeze"(%37) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %39 = "stable_mosaic.tpu.memref_slice"(%arg18, %11) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %40 = "stable_mosaic.tpu.memref_squeeze"(%39) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%36, %38, %40) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %41:3 = "stable_mosaic.scf.for"(%11, %22, %23, %16, %17, %18) ({
    ^bb0(%42: i32, %43: vector<20xf32>, %44: vector<20xf32>, %45: vector<20x128xf32>):
      %46 = "stable_mosaic.arith.subi"(%42, %11) : (i32, i32) -> i32
      %47 = "stable_mosaic.arith.divsi"(%46, %23) : (i32, i32) -> i32
      %48 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %49 = "stable_mosaic.arith.remsi"(%47, %48) : (i32, i32) -> i32
      %50 = "stable_mosaic.arith.addi"(%47, %23) : (i32, i32) -> i32
      %51 = "stable_mosaic.arith.remsi"(%50, %48) : (i32, i32) -> i32
      %52 = "stable_mosaic.arith.addi"(%42, %23) : (i32, i32) -> i32
      %53 = "stable_mosaic.arith.cmpi"(%52, %22) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%53) ({
        %54 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
        %55 = "stable_mosaic.arith.muli"(%arg0, %54) : (i32, i32) -> i32
        %56 = "stable_mosaic.arith.addi"(%55, %52) : (i32, i32) -> i32
        %57 = "stable_mosaic.arith.index_cast"(%56) : (i32) -> index
        %58 = "stable_mosaic.memref.load"(%arg2, %57) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
        %59 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %58, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
        %60 = "stable_mosaic.tpu.memref_slice"(%arg15, %51, %11, %11, %11, %11) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %61 = "stable_mosaic.tpu.memref_squeeze"(%60) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %62 = "stable_mosaic.tpu.memref_slice"(%arg16, %51) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %63 = "stable_mosaic.tpu.memref_squeeze"(%62) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%59, %61, %63) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %64 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %58, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
        %65 = "stable_mosaic.tpu.memref_slice"(%arg17, %51, %11, %11, %11, %11) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %66 = "stable_mosaic.tpu.memref_squeeze"(%65) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %67 = "stable_mosaic.tpu.memref_slice"(%arg18, %51) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %68 = "stable_mosaic.tpu.memref_squeeze"(%67) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%64, %66, %68) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %69 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %70 = "stable_mosaic.arith.muli"(%arg0, %69) : (i32, i32) -> i32
      %71 = "stable_mosaic.arith.addi"(%70, %42) : (i32, i32) -> i32
      %72 = "stable_mosaic.arith.index_cast"(%71) : (i32) -> index
      %73 = "stable_mosaic.memref.load"(%arg2, %72) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %74 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %73, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %75 = "stable_mosaic.tpu.memref_slice"(%arg15, %49, %11, %11, %11, %11) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %76 = "stable_mosaic.tpu.memref_squeeze"(%75) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %77 = "stable_mosaic.tpu.memref_slice"(%arg16, %49) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %78 = "stable_mosaic.tpu.memref_squeeze"(%77) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%78, %74, %76) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %79 = "stable_mosaic.vector.load"(%76, %0, %0, %0, %0) : (memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xbf16>
      %80 = "stable_mosaic.vector.shape_cast"(%79) : (vector<1x1x16x128xbf16>) -> vector<16x128xbf16>
      %81 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<20x16xi32>
      %82 = "stable_mosaic.arith.muli"(%42, %21) : (i32, i32) -> i32
      %83 = "stable_mosaic.vector.broadcast"(%82) : (i32) -> vector<20x16xi32>
      %84 = "stable_mosaic.arith.addi"(%81, %83) : (vector<20x16xi32>, vector<20x16xi32>) -> vector<20x16xi32>
      %85 = "stable_mosaic.vector.broadcast"(%5) : (i32) -> vector<20x16xi32>
      %86 = "stable_mosaic.arith.subi"(%84, %85) : (vector<20x16xi32>, vector<20x16xi32>) -> vector<20x16xi32>
      %87 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<20x16xi32>
      %88 = "stable_mosaic.arith.muli"(%86, %87) : (vector<20x16xi32>, vector<20x16xi32>) -> vector<20x16xi32>
      %89 = "stable_mosaic.arith.cmpi"(%88, %6) {predicate = 3 : i64} : (vector<20x16xi32>, vector<20x16xi32>) -> vector<20x16xi1>
      %90 = "stable_mosaic.arith.andi"(%10, %89) : (vector<20x16xi1>, vector<20x16xi1>) -> vector<20x16xi1>
      %91 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<20x16xf32>} : () -> vector<20x16xf32>
      %92 = "stable_mosaic.tpu.matmul"(%15, %80, %91) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<20x128xbf16>, vector<16x128xbf16>, vector<20x16xf32>) -> vector<20x16xf32>
      %93 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<20x16xf32>
      %94 = "stable_mosaic.arith.mulf"(%92, %93) : (vector<20x16xf32>, vector<20x16xf32>) -> vector<20x16xf32>
      %95 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %96 = "stable_mosaic.vector.broadcast"(%95) : (f32) -> vector<20x16xf32>
      %97 = "stable_mosaic.arith.select"(%90, %94, %96) : (vector<20x16xi1>, vector<20x16xf32>, vector<20x16xf32>) -> vector<20x16xf32>
      %98 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %99 = "stable_mosaic.vector.shape_cast"(%98) : (vector<1x16xi32>) -> vector<16xi32>
      %100 = "stable_mosaic.arith.muli"(%42, %21) : (i32, i32) -> i32
      %101 = "stable_mosaic.vector.broadcast"(%100) : (i32) -> vector<16xi32>
      %102 = "stable_mosaic.arith.addi"(%99, %101) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %103 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<16xi32>
      %104 = "stable_mosaic.arith.cmpi"(%102, %103) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %105 = "stable_mosaic.arith.extui"(%104) : (vector<16xi1>) -> vector<16xi32>
      %106 = "stable_mosaic.vector.shape_cast"(%105) : (vector<16xi32>) -> vector<16x1xi32>
      %107 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x1xi32>} : () -> vector<16x1xi32>
      %108 = "stable_mosaic.arith.cmpi"(%106, %107) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %109 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %73, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %110 = "stable_mosaic.tpu.memref_slice"(%arg17, %49, %11, %11, %11, %11) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %111 = "stable_mosaic.tpu.memref_squeeze"(%110) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %112 = "stable_mosaic.tpu.memref_slice"(%arg18, %49) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %113 = "stable_mosaic.tpu.memref_squeeze"(%112) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%113, %109, %111) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %114 = "stable_mosaic.vector.load"(%111, %0, %0, %0, %0) : (memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xbf16>
      %115 = "stable_mosaic.vector.shape_cast"(%114) : (vector<1x1x16x128xbf16>) -> vector<16x128xbf16>
      %116 = "stable_mosaic.arith.constant"() {value = 0x0000 : bf16} : () -> bf16
      %117 = "stable_mosaic.arith.extui"(%108) : (vector<16x1xi1>) -> vector<16x1xi32>
      %118 = "stable_mosaic.vector.broadcast"(%117) : (vector<16x1xi32>) -> vector<16x128xi32>
      %119 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x128xi32>} : () -> vector<16x128xi32>
      %120 = "stable_mosaic.arith.cmpi"(%118, %119) {predicate = 1 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %121 = "stable_mosaic.vector.broadcast"(%116) : (bf16) -> vector<16x128xbf16>
      %122 = "stable_mosaic.arith.select"(%120, %115, %121) : (vector<16x128xi1>, vector<16x128xbf16>, vector<16x128xbf16>) -> vector<16x128xbf16>
      %123 = "stable_mosaic.vector.multi_reduction"(%97, %16) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<20x16xf32>, vector<20xf32>) -> vector<20xf32>
      %124 = "stable_mosaic.arith.maximumf"(%43, %123) : (vector<20xf32>, vector<20xf32>) -> vector<20xf32>
      %125 = "stable_mosaic.vector.broadcast"(%95) : (f32) -> vector<20xf32>
      %126 = "stable_mosaic.arith.cmpf"(%124, %125) {predicate = 2 : i64} : (vector<20xf32>, vector<20xf32>) -> vector<20xi1>
      %127 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
      %128 = "stable_mosaic.vector.broadcast"(%127) : (f32) -> vector<20xf32>
      %129 = "stable_mosaic.arith.select"(%126, %124, %128) : (vector<20xi1>, vector<20xf32>, vector<20xf32>) -> vector<20xf32>
      %130 = "stable_mosaic.vector.shape_cast"(%129) : (vector<20xf32>) -> vector<20x1xf32>
      %131 = "stable_mosaic.vector.broadcast"(%130) : (vector<20x1xf32>) -> vector<20x16xf32>
      %132 = "stable_mosaic.arith.subf"(%97, %131) : (vector<20x16xf32>, vector<20x16xf32>) -> vector<20x16xf32>
      %133 = "stable_mosaic.math.exp"(%132) : (vector<20x16xf32>) -> vector<20x16xf32>
      %134 = "stable_mosaic.arith.subf"(%43, %129) : (vector<20xf32>, vector<20xf32>) -> vector<20xf32>
      %135 = "stable_mosaic.math.exp"(%134) : (vector<20xf32>) -> vector<20xf32>
      %136 = "stable_mosaic.arith.mulf"(%44, %135) : (vector<20xf32>, vector<20xf32>) -> vector<20xf32>
      %137 = "stable_mosaic.vector.multi_reduction"(%133, %17) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<20x16xf32>, vector<20xf32>) -> vector<20xf32>
      %138 = "stable_mosaic.arith.addf"(%136, %137) : (vector<20xf32>, vector<20xf32>) -> vector<20xf32>
      %139 = "stable_mosaic.vector.shape_cast"(%135) : (vector<20xf32>) -> vector<20x1xf32>
      %140 = "stable_mosaic.vector.broadcast"(%139) : (vector<20x1xf32>) -> vector<20x128xf32>
      %141 = "stable_mosaic.arith.mulf"(%45, %140) : (vector<20x128xf32>, vector<20x128xf32>) -> vector<20x128xf32>
      %142 = "stable_mosaic.arith.truncf"(%133) : (vector<20x16xf32>) -> vector<20x16xbf16>
      %143 = "stable_mosaic.tpu.matmul"(%142, %122, %18) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<20x16xbf16>, vector<16x128xbf16>, vector<20x128xf32>) -> vector<20x128xf32>
      %144 = "stable_mosaic.arith.addf"(%141, %143) : (vector<20x128xf32>, vector<20x128xf32>) -> vector<20x128xf32>
      "stable_mosaic.scf.yield"(%124, %138, %144) : (vector<20xf32>, vector<20xf32>, vector<20x128xf32>) -> ()
    }) : (i32, i32, i32, vector<20xf32>, vector<20xf32>, vector<20x128xf32>) -> (vector<20xf32>, vector<20xf32>, vector<20x128xf32>)
    %145 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %146 = "stable_mosaic.vector.broadcast"(%145) : (f32) -> vector<20xf32>
    %147 = "stable_mosaic.arith.cmpf"(%41#1, %146) {predicate = 2 : i64} : (vector<20xf32>, vector<20xf32>) -> vector<20xi1>
    %148 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %149 = "stable_mosaic.vector.broadcast"(%148) : (f32) -> vector<20xf32>
    %150 = "stable_mosaic.arith.select"(%147, %41#1, %149) : (vector<20xi1>, vector<20xf32>, vector<20xf32>) -> vector<20xf32>
    %151 = "stable_mosaic.math.log"(%150) : (vector<20xf32>) -> vector<20xf32>
    %152 = "stable_mosaic.arith.addf"(%41#0, %151) : (vector<20xf32>, vector<20xf32>) -> vector<20xf32>
    %153 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
    %154 = "stable_mosaic.vector.broadcast"(%153) : (f32) -> vector<20xf32>
    %155 = "stable_mosaic.arith.select"(%147, %152, %154) : (vector<20xi1>, vector<20xf32>, vector<20xf32>) -> vector<20xf32>
    %156 = "stable_mosaic.vector.shape_cast"(%150) : (vector<20xf32>) -> vector<20x1xf32>
    %157 = "stable_mosaic.vector.broadcast"(%156) : (vector<20x1xf32>) -> vector<20x128xf32>
    %158 = "stable_mosaic.arith.divf"(%41#2, %157) : (vector<20x128xf32>, vector<20x128xf32>) -> vector<20x128xf32>
    %159 = "stable_mosaic.vector.shape_cast"(%158) : (vector<20x128xf32>) -> vector<1x1x20x128xf32>
    %160 = "stable_mosaic.arith.index_cast"(%11) : (i32) -> index
    "stable_mosaic.vector.store"(%159, %arg19, %160, %160, %160, %160) : (vector<1x1x20x128xf32>, memref<1x1x20x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %161 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg0, %arg1, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x20x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x20x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg19, %161, %arg20) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x20x128xf32, #tpu.memory_space<vmem>>, memref<1x1x20x128xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg20, %arg19, %161) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x20x128xf32, #tpu.memory_space<vmem>>, memref<1x1x20x128xf32, #tpu.memory_space<any>>) -> ()
    %162 = "stable_mosaic.vector.shape_cast"(%155) : (vector<20xf32>) -> vector<20x1xf32>
    %163 = "stable_mosaic.vector.shape_cast"(%162) : (vector<20x1xf32>) -> vector<1x1x20x1xf32>
    "stable_mosaic.vector.store"(%163, %arg21, %160, %160, %160, %160) : (vector<1x1x20x1xf32>, memref<1x1x20x1xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %164 = "stable_mosaic.tpu.memref_slice"(%arg12, %arg0, %arg1, %11, %11) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x20x1xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x20x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg21, %164, %arg22) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x20x1xf32, #tpu.memory_space<vmem>>, memref<1x1x20x1xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg22, %arg21, %164) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x20x1xf32, #tpu.memory_space<vmem>>, memref<1x1x20x1xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<1024xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<1xf32, #tpu.memory_space<smem>>, memref<8x8x20x128xbf16, #tpu.memory_space<any>>, memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, memref<8x8x20x128xf32, #tpu.memory_space<any>>, memref<8x8x20x1xf32, #tpu.memory_space<any>>, memref<8x8x20x128xf32, #tpu.memory_space<any>>, memref<8x8x20x1xf32, #tpu.memory_space<any>>, memref<1x1x20x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x20x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x20x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 8, 8>, scalar_prefetch = 4 : i64, scratch_operands = 10 : i64, sym_name = "paged_decode_multi_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
