"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<1024xi32, #tpu.memory_space<smem>>, %arg3: memref<8xi32, #tpu.memory_space<smem>>, %arg4: memref<8192xi32, #tpu.memory_space<smem>>, %arg5: memref<8xi32, #tpu.memory_space<smem>>, %arg6: memref<8xi32, #tpu.memory_space<smem>>, %arg7: memref<1xf32, #tpu.memory_space<smem>>, %arg8: memref<8x8x4x128xbf16, #tpu.memory_space<any>>, %arg9: memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, %arg10: memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, %arg11: memref<8x8x4x128xf32, #tpu.memory_space<any>>, %arg12: memref<8x8x4x1xf32, #tpu.memory_space<any>>, %arg13: memref<8x8x4x128xf32, #tpu.memory_space<any>>, %arg14: memref<8x8x4x1xf32, #tpu.memory_space<any>>, %arg15: memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>, %arg16: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg17: memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, %arg18: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg19: memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, %arg20: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg21: memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, %arg22: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg23: memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, %arg24: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg7, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.index_cast"(%arg1) : (i32) -> index
    %3 = "stable_mosaic.memref.load"(%arg6, %2) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %4 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %5 = "stable_mosaic.memref.load"(%arg3, %4) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %6 = "stable_mosaic.memref.load"(%arg5, %4) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %7 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %8 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg0, %arg1, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%8, %arg15, %arg16) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x128xbf16, #tpu.memory_space<any>>, memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %9 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg0, %arg1, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg16, %9, %arg15) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xbf16, #tpu.memory_space<any>>, memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>) -> ()
    %10 = "stable_mosaic.vector.load"(%arg15, %0, %0, %0, %0) : (memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x4x128xbf16>
    %11 = "stable_mosaic.vector.shape_cast"(%10) : (vector<1x1x4x128xbf16>) -> vector<4x128xbf16>
    %12 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<4xf32>} : () -> vector<4xf32>
    %13 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4xf32>} : () -> vector<4xf32>
    %14 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4x128xf32>} : () -> vector<4x128xf32>
    %15 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %16 = "stable_mosaic.arith.addi"(%7, %7) : (i32, i32) -> i32
    %17 = "stable_mosaic.arith.cmpi"(%16, %6) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%17) ({
      %18 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
      %19 = "stable_mosaic.arith.muli"(%arg0, %18) : (i32, i32) -> i32
      %20 = "stable_mosaic.arith.addi"(%19, %3) : (i32, i32) -> i32
      %21 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %22 = "stable_mosaic.arith.muli"(%20, %21) : (i32, i32) -> i32
      %23 = "stable_mosaic.arith.addi"(%22, %16) : (i32, i32) -> i32
      %24 = "stable_mosaic.arith.index_cast"(%23) : (i32) -> index
      %25 = "stable_mosaic.memref.load"(%arg4, %24) : (memref<8192xi32, #tpu.memory_space<smem>>, index) -> i32
      %26 = "stable_mosaic.arith.muli"(%arg0, %21) : (i32, i32) -> i32
      %27 = "stable_mosaic.arith.addi"(%26, %25) : (i32, i32) -> i32
      %28 = "stable_mosaic.arith.index_cast"(%27) : (i32) -> index
      %29 = "stable_mosaic.memref.load"(%arg2, %28) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %30 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %29, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %31 = "stable_mosaic.tpu.memref_slice"(%arg17, %7, %7, %7, %7, %7) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %32 = "stable_mosaic.tpu.memref_squeeze"(%31) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %33 = "stable_mosaic.tpu.memref_slice"(%arg18, %7) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %34 = "stable_mosaic.tpu.memref_squeeze"(%33) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%30, %32, %34) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %35 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %29, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %36 = "stable_mosaic.tpu.memref_slice"(%arg19, %7, %7, %7, %7, %7) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %37 = "stable_mosaic.tpu.memref_squeeze"(%36) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %38 = "stable_mosaic.tpu.memref_slice"(%arg20, %7) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %39 = "stable_mosaic.tpu.memref_squeeze"(%38) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%35, %37, %39) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %40:3 = "stable_mosaic.scf.for"(%7, %6, %15, %12, %13, %14) ({
    ^bb0(%41: i32, %42: vector<4xf32>, %43: vector<4xf32>, %44: vector<4x128xf32>):
      %45 = "stable_mosaic.arith.subi"(%41, %7) : (i32, i32) -> i32
      %46 = "stable_mosaic.arith.divsi"(%45, %15) : (i32, i32) -> i32
      %47 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %48 = "stable_mosaic.arith.remsi"(%46, %47) : (i32, i32) -> i32
      %49 = "stable_mosaic.arith.addi"(%46, %15) : (i32, i32) -> i32
      %50 = "stable_mosaic.arith.remsi"(%49, %47) : (i32, i32) -> i32
      %51 = "stable_mosaic.arith.addi"(%41, %15) : (i32, i32) -> i32
      %52 = "stable_mosaic.arith.cmpi"(%51, %6) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%52) ({
        %53 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
        %54 = "stable_mosaic.arith.muli"(%arg0, %53) : (i32, i32) -> i32
        %55 = "stable_mosaic.arith.addi"(%54, %3) : (i32, i32) -> i32
        %56 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
        %57 = "stable_mosaic.arith.muli"(%55, %56) : (i32, i32) -> i32
        %58 = "stable_mosaic.arith.addi"(%57, %51) : (i32, i32) -> i32
        %59 = "stable_mosaic.arith.index_cast"(%58) : (i32) -> index
        %60 = "stable_mosaic.memref.load"(%arg4, %59) : (memref<8192xi32, #tpu.memory_space<smem>>, index) -> i32
        %61 = "stable_mosaic.arith.muli"(%arg0, %56) : (i32, i32) -> i32
        %62 = "stable_mosaic.arith.addi"(%61, %60) : (i32, i32) -> i32
        %63 = "stable_mosaic.arith.index_cast"(%62) : (i32) -> index
        %64 = "stable_mosaic.memref.load"(%arg2, %63) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
        %65 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %64, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
        %66 = "stable_mosaic.tpu.memref_slice"(%arg17, %50, %7, %7, %7, %7) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %67 = "stable_mosaic.tpu.memref_squeeze"(%66) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %68 = "stable_mosaic.tpu.memref_slice"(%arg18, %50) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %69 = "stable_mosaic.tpu.memref_squeeze"(%68) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%65, %67, %69) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %70 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %64, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
        %71 = "stable_mosaic.tpu.memref_slice"(%arg19, %50, %7, %7, %7, %7) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %72 = "stable_mosaic.tpu.memref_squeeze"(%71) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
        %73 = "stable_mosaic.tpu.memref_slice"(%arg20, %50) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %74 = "stable_mosaic.tpu.memref_squeeze"(%73) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%70, %72, %74) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %75 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
      %76 = "stable_mosaic.arith.muli"(%arg0, %75) : (i32, i32) -> i32
      %77 = "stable_mosaic.arith.addi"(%76, %3) : (i32, i32) -> i32
      %78 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %79 = "stable_mosaic.arith.muli"(%77, %78) : (i32, i32) -> i32
      %80 = "stable_mosaic.arith.addi"(%79, %41) : (i32, i32) -> i32
      %81 = "stable_mosaic.arith.index_cast"(%80) : (i32) -> index
      %82 = "stable_mosaic.memref.load"(%arg4, %81) : (memref<8192xi32, #tpu.memory_space<smem>>, index) -> i32
      %83 = "stable_mosaic.arith.muli"(%arg0, %78) : (i32, i32) -> i32
      %84 = "stable_mosaic.arith.addi"(%83, %82) : (i32, i32) -> i32
      %85 = "stable_mosaic.arith.index_cast"(%84) : (i32) -> index
      %86 = "stable_mosaic.memref.load"(%arg2, %85) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %87 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %88 = "stable_mosaic.vector.shape_cast"(%87) : (vector<1x16xi32>) -> vector<16xi32>
      %89 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
      %90 = "stable_mosaic.arith.muli"(%82, %89) : (i32, i32) -> i32
      %91 = "stable_mosaic.vector.broadcast"(%90) : (i32) -> vector<16xi32>
      %92 = "stable_mosaic.arith.addi"(%88, %91) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %93 = "stable_mosaic.vector.broadcast"(%5) : (i32) -> vector<16xi32>
      %94 = "stable_mosaic.arith.cmpi"(%92, %93) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %95 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %86, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %96 = "stable_mosaic.tpu.memref_slice"(%arg17, %48, %7, %7, %7, %7) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %97 = "stable_mosaic.tpu.memref_squeeze"(%96) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %98 = "stable_mosaic.tpu.memref_slice"(%arg18, %48) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %99 = "stable_mosaic.tpu.memref_squeeze"(%98) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%99, %95, %97) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %100 = "stable_mosaic.vector.load"(%97, %0, %0, %0, %0) : (memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xbf16>
      %101 = "stable_mosaic.vector.shape_cast"(%100) : (vector<1x1x16x128xbf16>) -> vector<16x128xbf16>
      %102 = "stable_mosaic.arith.extui"(%94) : (vector<16xi1>) -> vector<16xi32>
      %103 = "stable_mosaic.vector.shape_cast"(%102) : (vector<16xi32>) -> vector<16x1xi32>
      %104 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x1xi32>} : () -> vector<16x1xi32>
      %105 = "stable_mosaic.arith.cmpi"(%103, %104) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %106 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %86, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xbf16, #tpu.memory_space<any>>
      %107 = "stable_mosaic.tpu.memref_slice"(%arg19, %48, %7, %7, %7, %7) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %108 = "stable_mosaic.tpu.memref_squeeze"(%107) : (memref<1x1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>
      %109 = "stable_mosaic.tpu.memref_slice"(%arg20, %48) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %110 = "stable_mosaic.tpu.memref_squeeze"(%109) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%110, %106, %108) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xbf16, #tpu.memory_space<any>>, memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %111 = "stable_mosaic.vector.load"(%108, %0, %0, %0, %0) : (memref<1x1x16x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xbf16>
      %112 = "stable_mosaic.vector.shape_cast"(%111) : (vector<1x1x16x128xbf16>) -> vector<16x128xbf16>
      %113 = "stable_mosaic.arith.constant"() {value = 0x0000 : bf16} : () -> bf16
      %114 = "stable_mosaic.arith.extui"(%105) : (vector<16x1xi1>) -> vector<16x1xi32>
      %115 = "stable_mosaic.vector.broadcast"(%114) : (vector<16x1xi32>) -> vector<16x128xi32>
      %116 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x128xi32>} : () -> vector<16x128xi32>
      %117 = "stable_mosaic.arith.cmpi"(%115, %116) {predicate = 1 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %118 = "stable_mosaic.vector.broadcast"(%113) : (bf16) -> vector<16x128xbf16>
      %119 = "stable_mosaic.arith.select"(%117, %112, %118) : (vector<16x128xi1>, vector<16x128xbf16>, vector<16x128xbf16>) -> vector<16x128xbf16>
      %120 = "stable_mosaic.arith.extui"(%94) : (vector<16xi1>) -> vector<16xi32>
      %121 = "stable_mosaic.vector.shape_cast"(%120) : (vector<16xi32>) -> vector<1x16xi32>
      %122 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<1x16xi32>} : () -> vector<1x16xi32>
      %123 = "stable_mosaic.arith.cmpi"(%121, %122) {predicate = 1 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %124 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4x16xf32>} : () -> vector<4x16xf32>
      %125 = "stable_mosaic.tpu.matmul"(%11, %101, %124) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<4x128xbf16>, vector<16x128xbf16>, vector<4x16xf32>) -> vector<4x16xf32>
      %126 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<4x16xf32>
      %127 = "stable_mosaic.arith.mulf"(%125, %126) : (vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %128 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %129 = "stable_mosaic.arith.extui"(%123) : (vector<1x16xi1>) -> vector<1x16xi32>
      %130 = "stable_mosaic.vector.broadcast"(%129) : (vector<1x16xi32>) -> vector<4x16xi32>
      %131 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<4x16xi32>} : () -> vector<4x16xi32>
      %132 = "stable_mosaic.arith.cmpi"(%130, %131) {predicate = 1 : i64} : (vector<4x16xi32>, vector<4x16xi32>) -> vector<4x16xi1>
      %133 = "stable_mosaic.vector.broadcast"(%128) : (f32) -> vector<4x16xf32>
      %134 = "stable_mosaic.arith.select"(%132, %127, %133) : (vector<4x16xi1>, vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %135 = "stable_mosaic.vector.multi_reduction"(%134, %12) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<4x16xf32>, vector<4xf32>) -> vector<4xf32>
      %136 = "stable_mosaic.arith.maximumf"(%42, %135) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %137 = "stable_mosaic.vector.broadcast"(%128) : (f32) -> vector<4xf32>
      %138 = "stable_mosaic.arith.cmpf"(%136, %137) {predicate = 2 : i64} : (vector<4xf32>, vector<4xf32>) -> vector<4xi1>
      %139 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
      %140 = "stable_mosaic.vector.broadcast"(%139) : (f32) -> vector<4xf32>
      %141 = "stable_mosaic.arith.select"(%138, %136, %140) : (vector<4xi1>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %142 = "stable_mosaic.vector.shape_cast"(%141) : (vector<4xf32>) -> vector<4x1xf32>
      %143 = "stable_mosaic.vector.broadcast"(%142) : (vector<4x1xf32>) -> vector<4x16xf32>
      %144 = "stable_mosaic.arith.subf"(%134, %143) : (vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %145 = "stable_mosaic.math.exp"(%144) : (vector<4x16xf32>) -> vector<4x16xf32>
      %146 = "stable_mosaic.arith.subf"(%42, %141) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %147 = "stable_mosaic.math.exp"(%146) : (vector<4xf32>) -> vector<4xf32>
      %148 = "stable_mosaic.arith.mulf"(%43, %147) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %149 = "stable_mosaic.vector.multi_reduction"(%145, %13) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<4x16xf32>, vector<4xf32>) -> vector<4xf32>
      %150 = "stable_mosaic.arith.addf"(%148, %149) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %151 = "stable_mosaic.vector.shape_cast"(%147) : (vector<4xf32>) -> vector<4x1xf32>
      %152 = "stable_mosaic.vector.broadcast"(%151) : (vector<4x1xf32>) -> vector<4x128xf32>
      %153 = "stable_mosaic.arith.mulf"(%44, %152) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      %154 = "stable_mosaic.arith.truncf"(%145) : (vector<4x16xf32>) -> vector<4x16xbf16>
      %155 = "stable_mosaic.tpu.matmul"(%154, %119, %14) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<4x16xbf16>, vector<16x128xbf16>, vector<4x128xf32>) -> vector<4x128xf32>
      %156 = "stable_mosaic.arith.addf"(%153, %155) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      "stable_mosaic.scf.yield"(%136, %150, %156) : (vector<4xf32>, vector<4xf32>, vector<4x128xf32>) -> ()
    }) : (i32, i32, i32, vector<4xf32>, vector<4xf32>, vector<4x128xf32>) -> (vector<4xf32>, vector<4xf32>, vector<4x128xf32>)
    %157 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %158 = "stable_mosaic.vector.broadcast"(%157) : (f32) -> vector<4xf32>
    %159 = "stable_mosaic.arith.cmpf"(%40#1, %158) {predicate = 2 : i64} : (vector<4xf32>, vector<4xf32>) -> vector<4xi1>
    %160 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %161 = "stable_mosaic.vector.broadcast"(%160) : (f32) -> vector<4xf32>
    %162 = "stable_mosaic.arith.select"(%159, %40#1, %161) : (vector<4xi1>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %163 = "stable_mosaic.math.log"(%162) : (vector<4xf32>) -> vector<4xf32>
    %164 = "stable_mosaic.arith.addf"(%40#0, %163) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %165 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
    %166 = "stable_mosaic.vector.broadcast"(%165) : (f32) -> vector<4xf32>
    %167 = "stable_mosaic.arith.select"(%159, %164, %166) : (vector<4xi1>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %168 = "stable_mosaic.vector.shape_cast"(%162) : (vector<4xf32>) -> vector<4x1xf32>
    %169 = "stable_mosaic.vector.broadcast"(%168) : (vector<4x1xf32>) -> vector<4x128xf32>
    %170 = "stable_mosaic.arith.divf"(%40#2, %169) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
    %171 = "stable_mosaic.vector.shape_cast"(%170) : (vector<4x128xf32>) -> vector<1x1x4x128xf32>
    %172 = "stable_mosaic.arith.index_cast"(%7) : (i32) -> index
    "stable_mosaic.vector.store"(%171, %arg21, %172, %172, %172, %172) : (vector<1x1x4x128xf32>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %173 = "stable_mosaic.tpu.memref_slice"(%arg13, %arg0, %arg1, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg21, %173, %arg22) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<1x1x4x128xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg22, %arg21, %173) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<1x1x4x128xf32, #tpu.memory_space<any>>) -> ()
    %174 = "stable_mosaic.vector.shape_cast"(%167) : (vector<4xf32>) -> vector<4x1xf32>
    %175 = "stable_mosaic.vector.shape_cast"(%174) : (vector<4x1xf32>) -> vector<1x1x4x1xf32>
    "stable_mosaic.vector.store"(%175, %arg23, %172, %172, %172, %172) : (vector<1x1x4x1xf32>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %176 = "stable_mosaic.tpu.memref_slice"(%arg14, %arg0, %arg1, %7, %7) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x1xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg23, %176, %arg24) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<1x1x4x1xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg24, %arg23, %176) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<1x1x4x1xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<1024xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<8192xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<1xf32, #tpu.memory_space<smem>>, memref<8x8x4x128xbf16, #tpu.memory_space<any>>, memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, memref<8x1027x16x128xbf16, #tpu.memory_space<any>>, memref<8x8x4x128xf32, #tpu.memory_space<any>>, memref<8x8x4x1xf32, #tpu.memory_space<any>>, memref<8x8x4x128xf32, #tpu.memory_space<any>>, memref<8x8x4x1xf32, #tpu.memory_space<any>>, memref<1x1x4x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 8, 8>, scalar_prefetch = 6 : i64, scratch_operands = 10 : i64, sym_name = "kascade_decode_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
