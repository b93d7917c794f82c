"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<1024xi32, #tpu.memory_space<smem>>, %arg3: memref<8xi32, #tpu.memory_space<smem>>, %arg4: memref<1xf32, #tpu.memory_space<smem>>, %arg5: memref<8x8x4x128xbf16, #tpu.memory_space<any>>, %arg6: memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, %arg7: memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, %arg8: memref<8x8x4x128xf32, #tpu.memory_space<any>>, %arg9: memref<8x8x4x1xf32, #tpu.memory_space<any>>, %arg10: memref<8x8x4x128xf32, #tpu.memory_space<any>>, %arg11: memref<8x8x4x1xf32, #tpu.memory_space<any>>, %arg12: memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>, %arg13: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, %arg15: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, %arg17: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, %arg19: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg20: memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, %arg21: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg4, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %3 = "stable_mosaic.memref.load"(%arg3, %2) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %4 = "stable_mosaic.arith.constant"() {value = 15 : i32} : () -> i32
    %5 = "stable_mosaic.arith.addi"(%3, %4) : (i32, i32) -> i32
    %6 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
    %7 = "stable_mosaic.arith.divsi"(%5, %6) : (i32, i32) -> i32
    %8 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %9 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%9, %arg12, %arg13) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x128xbf16, #tpu.memory_space<any>>, memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %10 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg13, %10, %arg12) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xbf16, #tpu.memory_space<any>>, memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>) -> ()
    %11 = "stable_mosaic.vector.load"(%arg12, %0, %0, %0, %0) : (memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x4x128xbf16>
    %12 = "stable_mosaic.vector.shape_cast"(%11) : (vector<1x1x4x128xbf16>) -> vector<4x128xbf16>
    %13 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<4xf32>} : () -> vector<4xf32>
    %14 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4xf32>} : () -> vector<4xf32>
    %15 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4x128xf32>} : () -> vector<4x128xf32>
    %16 = "stable_mosaic.arith.addi"(%7, %8) : (i32, i32) -> i32
    %17 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %18 = "stable_mosaic.arith.divsi"(%16, %17) : (i32, i32) -> i32
    %19 = "stable_mosaic.arith.addi"(%8, %8) : (i32, i32) -> i32
    %20 = "stable_mosaic.arith.cmpi"(%19, %18) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%20) ({
      %21 = "stable_mosaic.arith.muli"(%19, %17) : (i32, i32) -> i32
      %22 = "stable_mosaic.arith.addi"(%21, %8) : (i32, i32) -> i32
      %23 = "stable_mosaic.arith.subi"(%7, %17) : (i32, i32) -> i32
      %24 = "stable_mosaic.arith.minsi"(%22, %23) : (i32, i32) -> i32
      %25 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %26 = "stable_mosaic.arith.muli"(%arg0, %25) : (i32, i32) -> i32
      %27 = "stable_mosaic.arith.addi"(%26, %24) : (i32, i32) -> i32
      %28 = "stable_mosaic.arith.index_cast"(%27) : (i32) -> index
      %29 = "stable_mosaic.memref.load"(%arg2, %28) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %30 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %29, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %31 = "stable_mosaic.tpu.memref_slice"(%arg14, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %32 = "stable_mosaic.tpu.memref_squeeze"(%31) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %33 = "stable_mosaic.tpu.memref_slice"(%arg15, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %34 = "stable_mosaic.tpu.memref_squeeze"(%33) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%30, %32, %34) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %35 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %29, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %36 = "stable_mosaic.tpu.memref_slice"(%arg16, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %37 = "stable_mosaic.tpu.memref_squeeze"(%36) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %38 = "stable_mosaic.tpu.memref_slice"(%arg17, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %39 = "stable_mosaic.tpu.memref_squeeze"(%38) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%35, %37, %39) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %40:3 = "stable_mosaic.scf.for"(%8, %18, %17, %14, %15, %13) ({
    ^bb0(%41: i32, %42: vector<4xf32>, %43: vector<4x128xf32>, %44: vector<4xf32>):
      %45 = "stable_mosaic.arith.subi"(%41, %8) : (i32, i32) -> i32
      %46 = "stable_mosaic.arith.divsi"(%45, %17) : (i32, i32) -> i32
      %47 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %48 = "stable_mosaic.arith.remsi"(%46, %47) : (i32, i32) -> i32
      %49 = "stable_mosaic.arith.addi"(%46, %17) : (i32, i32) -> i32
      %50 = "stable_mosaic.arith.remsi"(%49, %47) : (i32, i32) -> i32
      %51 = "stable_mosaic.arith.addi"(%41, %17) : (i32, i32) -> i32
      %52 = "stable_mosaic.arith.cmpi"(%51, %18) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%52) ({
        %53 = "stable_mosaic.arith.muli"(%51, %17) : (i32, i32) -> i32
        %54 = "stable_mosaic.arith.addi"(%53, %8) : (i32, i32) -> i32
        %55 = "stable_mosaic.arith.subi"(%7, %17) : (i32, i32) -> i32
        %56 = "stable_mosaic.arith.minsi"(%54, %55) : (i32, i32) -> i32
        %57 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
        %58 = "stable_mosaic.arith.muli"(%arg0, %57) : (i32, i32) -> i32
        %59 = "stable_mosaic.arith.addi"(%58, %56) : (i32, i32) -> i32
        %60 = "stable_mosaic.arith.index_cast"(%59) : (i32) -> index
        %61 = "stable_mosaic.memref.load"(%arg2, %60) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
        %62 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %61, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
        %63 = "stable_mosaic.tpu.memref_slice"(%arg14, %50, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %64 = "stable_mosaic.tpu.memref_squeeze"(%63) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %65 = "stable_mosaic.tpu.memref_slice"(%arg15, %50) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %66 = "stable_mosaic.tpu.memref_squeeze"(%65) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%62, %64, %66) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %67 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %61, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
        %68 = "stable_mosaic.tpu.memref_slice"(%arg16, %50, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %69 = "stable_mosaic.tpu.memref_squeeze"(%68) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %70 = "stable_mosaic.tpu.memref_slice"(%arg17, %50) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %71 = "stable_mosaic.tpu.memref_squeeze"(%70) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%67, %69, %71) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %72 = "stable_mosaic.arith.muli"(%41, %17) : (i32, i32) -> i32
      %73 = "stable_mosaic.arith.addi"(%72, %8) : (i32, i32) -> i32
      %74 = "stable_mosaic.arith.subi"(%7, %17) : (i32, i32) -> i32
      %75 = "stable_mosaic.arith.minsi"(%73, %74) : (i32, i32) -> i32
      %76 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %77 = "stable_mosaic.arith.muli"(%arg0, %76) : (i32, i32) -> i32
      %78 = "stable_mosaic.arith.addi"(%77, %75) : (i32, i32) -> i32
      %79 = "stable_mosaic.arith.index_cast"(%78) : (i32) -> index
      %80 = "stable_mosaic.memref.load"(%arg2, %79) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %81 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %80, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %82 = "stable_mosaic.tpu.memref_slice"(%arg14, %48, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %83 = "stable_mosaic.tpu.memref_squeeze"(%82) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %84 = "stable_mosaic.tpu.memref_slice"(%arg15, %48) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %85 = "stable_mosaic.tpu.memref_squeeze"(%84) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%85, %81, %83) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %86 = "stable_mosaic.vector.load"(%83, %0, %0, %0, %0) : (memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xbf16>
      %87 = "stable_mosaic.vector.shape_cast"(%86) : (vector<1x1x16x128xbf16>) -> vector<16x128xbf16>
      %88 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %89 = "stable_mosaic.vector.shape_cast"(%88) : (vector<1x16xi32>) -> vector<16xi32>
      %90 = "stable_mosaic.arith.muli"(%73, %6) : (i32, i32) -> i32
      %91 = "stable_mosaic.vector.broadcast"(%90) : (i32) -> vector<16xi32>
      %92 = "stable_mosaic.arith.addi"(%89, %91) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %93 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<16xi32>
      %94 = "stable_mosaic.arith.cmpi"(%92, %93) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %95 = "stable_mosaic.arith.extui"(%94) : (vector<16xi1>) -> vector<16xi32>
      %96 = "stable_mosaic.vector.shape_cast"(%95) : (vector<16xi32>) -> vector<1x16xi32>
      %97 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<1x16xi32>} : () -> vector<1x16xi32>
      %98 = "stable_mosaic.arith.cmpi"(%96, %97) {predicate = 1 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %99 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4x16xf32>} : () -> vector<4x16xf32>
      %100 = "stable_mosaic.tpu.matmul"(%12, %87, %99) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<4x128xbf16>, vector<16x128xbf16>, vector<4x16xf32>) -> vector<4x16xf32>
      %101 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<4x16xf32>
      %102 = "stable_mosaic.arith.mulf"(%100, %101) : (vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %103 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %104 = "stable_mosaic.arith.extui"(%98) : (vector<1x16xi1>) -> vector<1x16xi32>
      %105 = "stable_mosaic.vector.broadcast"(%104) : (vector<1x16xi32>) -> vector<4x16xi32>
      %106 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<4x16xi32>} : () -> vector<4x16xi32>
      %107 = "stable_mosaic.arith.cmpi"(%105, %106) {predicate = 1 : i64} : (vector<4x16xi32>, vector<4x16xi32>) -> vector<4x16xi1>
      %108 = "stable_mosaic.vector.broadcast"(%103) : (f32) -> vector<4x16xf32>
      %109 = "stable_mosaic.arith.select"(%107, %102, %108) : (vector<4x16xi1>, vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %110 = "stable_mosaic.arith.extui"(%94) : (vector<16xi1>) -> vector<16xi32>
      %111 = "stable_mosaic.vector.shape_cast"(%110) : (vector<16xi32>) -> vector<16x1xi32>
      %112 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x1xi32>} : () -> vector<16x1xi32>
      %113 = "stable_mosaic.arith.cmpi"(%111, %112) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %114 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %80, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %115 = "stable_mosaic.tpu.memref_slice"(%arg16, %48, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %116 = "stable_mosaic.tpu.memref_squeeze"(%115) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %117 = "stable_mosaic.tpu.memref_slice"(%arg17, %48) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %118 = "stable_mosaic.tpu.memref_squeeze"(%117) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%118, %114, %116) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %119 = "stable_mosaic.vector.load"(%116, %0, %0, %0, %0) : (memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xbf16>
      %120 = "stable_mosaic.vector.shape_cast"(%119) : (vector<1x1x16x128xbf16>) -> vector<16x128xbf16>
      %121 = "stable_mosaic.arith.constant"() {value = 0x0000 : bf16} : () -> bf16
      %122 = "stable_mosaic.arith.extui"(%113) : (vector<16x1xi1>) -> vector<16x1xi32>
      %123 = "stable_mosaic.vector.broadcast"(%122) : (vector<16x1xi32>) -> vector<16x128xi32>
      %124 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x128xi32>} : () -> vector<16x128xi32>
      %125 = "stable_mosaic.arith.cmpi"(%123, %124) {predicate = 1 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %126 = "stable_mosaic.vector.broadcast"(%121) : (bf16) -> vector<16x128xbf16>
      %127 = "stable_mosaic.arith.select"(%125, %120, %126) : (vector<16x128xi1>, vector<16x128xbf16>, vector<16x128xbf16>) -> vector<16x128xbf16>
      %128 = "stable_mosaic.vector.multi_reduction"(%109, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<4x16xf32>, vector<4xf32>) -> vector<4xf32>
      %129 = "stable_mosaic.arith.maximumf"(%44, %128) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %130 = "stable_mosaic.arith.subf"(%44, %129) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %131 = "stable_mosaic.math.exp"(%130) : (vector<4xf32>) -> vector<4xf32>
      %132 = "stable_mosaic.arith.mulf"(%42, %131) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %133 = "stable_mosaic.vector.shape_cast"(%131) : (vector<4xf32>) -> vector<4x1xf32>
      %134 = "stable_mosaic.vector.broadcast"(%133) : (vector<4x1xf32>) -> vector<4x128xf32>
      %135 = "stable_mosaic.arith.mulf"(%43, %134) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      %136 = "stable_mosaic.vector.shape_cast"(%129) : (vector<4xf32>) -> vector<4x1xf32>
      %137 = "stable_mosaic.vector.broadcast"(%136) : (vector<4x1xf32>) -> vector<4x16xf32>
      %138 = "stable_mosaic.arith.subf"(%109, %137) : (vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %139 = "stable_mosaic.math.exp"(%138) : (vector<4x16xf32>) -> vector<4x16xf32>
      %140 = "stable_mosaic.vector.multi_reduction"(%139, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<4x16xf32>, vector<4xf32>) -> vector<4xf32>
      %141 = "stable_mosaic.arith.addf"(%132, %140) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %142 = "stable_mosaic.arith.truncf"(%139) : (vector<4x16xf32>) -> vector<4x16xbf16>
      %143 = "stable_mosaic.tpu.matmul"(%142, %127, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<4x16xbf16>, vector<16x128xbf16>, vector<4x128xf32>) -> vector<4x128xf32>
      %144 = "stable_mosaic.arith.addf"(%135, %143) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      "stable_mosaic.scf.yield"(%141, %144, %129) : (vector<4xf32>, vector<4x128xf32>, vector<4xf32>) -> ()
    }) : (i32, i32, i32, vector<4xf32>, vector<4x128xf32>, vector<4xf32>) -> (vector<4xf32>, vector<4x128xf32>, vector<4xf32>)
    %145 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %146 = "stable_mosaic.vector.broadcast"(%145) : (f32) -> vector<4xf32>
    %147 = "stable_mosaic.arith.cmpf"(%40#0, %146) {predicate = 2 : i64} : (vector<4xf32>, vector<4xf32>) -> vector<4xi1>
    %148 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %149 = "stable_mosaic.vector.broadcast"(%148) : (f32) -> vector<4xf32>
    %150 = "stable_mosaic.arith.select"(%147, %40#0, %149) : (vector<4xi1>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %151 = "stable_mosaic.math.log"(%150) : (vector<4xf32>) -> vector<4xf32>
    %152 = "stable_mosaic.arith.addf"(%40#2, %151) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %153 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
    %154 = "stable_mosaic.vector.broadcast"(%153) : (f32) -> vector<4xf32>
    %155 = "stable_mosaic.arith.select"(%147, %152, %154) : (vector<4xi1>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %156 = "stable_mosaic.vector.shape_cast"(%150) : (vector<4xf32>) -> vector<4x1xf32>
    %157 = "stable_mosaic.vector.broadcast"(%156) : (vector<4x1xf32>) -> vector<4x128xf32>
    %158 = "stable_mosaic.arith.divf"(%40#1, %157) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
    %159 = "stable_mosaic.vector.shape_cast"(%158) : (vector<4x128xf32>) -> vector<1x1x4x128xf32>
    %160 = "stable_mosaic.arith.index_cast"(%8) : (i32) -> index
    "stable_mosaic.vector.store"(%159, %arg18, %160, %160, %160, %160) : (vector<1x1x4x128xf32>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %161 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg18, %161, %arg19) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<1x1x4x128xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg19, %arg18, %161) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<1x1x4x128xf32, #tpu.memory_space<any>>) -> ()
    %162 = "stable_mosaic.vector.shape_cast"(%155) : (vector<4xf32>) -> vector<4x1xf32>
    %163 = "stable_mosaic.vector.shape_cast"(%162) : (vector<4x1xf32>) -> vector<1x1x4x1xf32>
    "stable_mosaic.vector.store"(%163, %arg20, %160, %160, %160, %160) : (vector<1x1x4x1xf32>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %164 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x1xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg20, %164, %arg21) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<1x1x4x1xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg21, %arg20, %164) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<1x1x4x1xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<1024xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<1xf32, #tpu.memory_space<smem>>, memref<8x8x4x128xbf16, #tpu.memory_space<any>>, memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, memref<8x8x4x128xf32, #tpu.memory_space<any>>, memref<8x8x4x1xf32, #tpu.memory_space<any>>, memref<8x8x4x128xf32, #tpu.memory_space<any>>, memref<8x8x4x1xf32, #tpu.memory_space<any>>, memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 8, 8>, scalar_prefetch = 3 : i64, scratch_operands = 10 : i64, sym_name = "paged_decode_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
