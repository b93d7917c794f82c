"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<1024xi32, #tpu.memory_space<smem>>, %arg3: memref<8xi32, #tpu.memory_space<smem>>, %arg4: memref<1xf32, #tpu.memory_space<smem>>, %arg5: memref<8x8x4x128xf32, #tpu.memory_space<any>>, %arg6: memref<8x1027x16x128xf32, #tpu.memory_space<any>>, %arg7: memref<8x1027x16x128xf32, #tpu.memory_space<any>>, %arg8: memref<8x8x4x128xf32, #tpu.memory_space<any>>, %arg9: memref<8x8x4x1xf32, #tpu.memory_space<any>>, %arg10: memref<8x8x4x128xf32, #tpu.memory_space<any>>, %arg11: memref<8x8x4x1xf32, #tpu.memory_space<any>>, %arg12: memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, %arg13: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, %arg15: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, %arg17: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, %arg19: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg20: memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, %arg21: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg22: memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, %arg23: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg24: memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, %arg25: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg4, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %3 = "stable_mosaic.memref.load"(%arg3, %2) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %4 = "stable_mosaic.arith.constant"() {value = 15 : i32} : () -> i32
    %5 = "stable_mosaic.arith.addi"(%3, %4) : (i32, i32) -> i32
    %6 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
    %7 = "stable_mosaic.arith.divsi"(%5, %6) : (i32, i32) -> i32
    %8 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %9 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%9, %arg12, %arg13) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x128xf32, #tpu.memory_space<any>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %10 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg13, %10, %arg12) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xf32, #tpu.memory_space<any>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>) -> ()
    %11 = "stable_mosaic.vector.load"(%arg12, %0, %0, %0, %0) : (memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x4x128xf32>
    %12 = "stable_mosaic.vector.shape_cast"(%11) : (vector<1x1x4x128xf32>) -> vector<4x128xf32>
    %13 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<4xf32>} : () -> vector<4xf32>
    %14 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4xf32>} : () -> vector<4xf32>
    %15 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4x128xf32>} : () -> vector<4x128xf32>
    %16 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %17 = "stable_mosaic.arith.addi"(%7, %16) : (i32, i32) -> i32
    %18 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
    %19 = "stable_mosaic.arith.divsi"(%17, %18) : (i32, i32) -> i32
    %20 = "stable_mosaic.arith.addi"(%8, %8) : (i32, i32) -> i32
    %21 = "stable_mosaic.arith.cmpi"(%20, %19) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%21) ({
      %22 = "stable_mosaic.arith.muli"(%20, %18) : (i32, i32) -> i32
      %23 = "stable_mosaic.arith.addi"(%22, %8) : (i32, i32) -> i32
      %24 = "stable_mosaic.arith.subi"(%7, %16) : (i32, i32) -> i32
      %25 = "stable_mosaic.arith.minsi"(%23, %24) : (i32, i32) -> i32
      %26 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %27 = "stable_mosaic.arith.muli"(%arg0, %26) : (i32, i32) -> i32
      %28 = "stable_mosaic.arith.addi"(%27, %25) : (i32, i32) -> i32
      %29 = "stable_mosaic.arith.index_cast"(%28) : (i32) -> index
      %30 = "stable_mosaic.memref.load"(%arg2, %29) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %31 = "stable_mosaic.arith.muli"(%20, %18) : (i32, i32) -> i32
      %32 = "stable_mosaic.arith.addi"(%31, %16) : (i32, i32) -> i32
      %33 = "stable_mosaic.arith.subi"(%7, %16) : (i32, i32) -> i32
      %34 = "stable_mosaic.arith.minsi"(%32, %33) : (i32, i32) -> i32
      %35 = "stable_mosaic.arith.muli"(%arg0, %26) : (i32, i32) -> i32
      %36 = "stable_mosaic.arith.addi"(%35, %34) : (i32, i32) -> i32
      %37 = "stable_mosaic.arith.index_cast"(%36) : (i32) -> index
      %38 = "stable_mosaic.memref.load"(%arg2, %37) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %39 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %30, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
      %40 = "stable_mosaic.tpu.memref_slice"(%arg14, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
      %41 = "stable_mosaic.tpu.memref_squeeze"(%40) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
      %42 = "stable_mosaic.tpu.memref_slice"(%arg15, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %43 = "stable_mosaic.tpu.memref_squeeze"(%42) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%39, %41, %43) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %44 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %30, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
      %45 = "stable_mosaic.tpu.memref_slice"(%arg16, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
      %46 = "stable_mosaic.tpu.memref_squeeze"(%45) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
      %47 = "stable_mosaic.tpu.memref_slice"(%arg17, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %48 = "stable_mosaic.tpu.memref_squeeze"(%47) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%44, %46, %48) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %49 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %38, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
      %50 = "stable_mosaic.tpu.memref_slice"(%arg18, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
      %51 = "stable_mosaic.tpu.memref_squeeze"(%50) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
      %52 = "stable_mosaic.tpu.memref_slice"(%arg19, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %53 = "stable_mosaic.tpu.memref_squeeze"(%52) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%49, %51, %53) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %54 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %38, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
      %55 = "stable_mosaic.tpu.memref_slice"(%arg20, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
      %56 = "stable_mosaic.tpu.memref_squeeze"(%55) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
      %57 = "stable_mosaic.tpu.memref_slice"(%arg21, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %58 = "stable_mosaic.tpu.memref_squeeze"(%57) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%54, %56, %58) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %59:3 = "stable_mosaic.scf.for"(%8, %19, %16, %14, %15, %13) ({
    ^bb0(%60: i32, %61: vector<4xf32>, %62: vector<4x128xf32>, %63: vector<4xf32>):
      %64 = "stable_mosaic.arith.subi"(%60, %8) : (i32, i32) -> i32
      %65 = "stable_mosaic.arith.divsi"(%64, %16) : (i32, i32) -> i32
      %66 = "stable_mosaic.arith.remsi"(%65, %18) : (i32, i32) -> i32
      %67 = "stable_mosaic.arith.addi"(%65, %16) : (i32, i32) -> i32
      %68 = "stable_mosaic.arith.remsi"(%67, %18) : (i32, i32) -> i32
      %69 = "stable_mosaic.arith.addi"(%60, %16) : (i32, i32) -> i32
      %70 = "stable_mosaic.arith.cmpi"(%69, %19) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%70) ({
        %71 = "stable_mosaic.arith.muli"(%69, %18) : (i32, i32) -> i32
        %72 = "stable_mosaic.arith.addi"(%71, %8) : (i32, i32) -> i32
        %73 = "stable_mosaic.arith.subi"(%7, %16) : (i32, i32) -> i32
        %74 = "stable_mosaic.arith.minsi"(%72, %73) : (i32, i32) -> i32
        %75 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
        %76 = "stable_mosaic.arith.muli"(%arg0, %75) : (i32, i32) -> i32
        %77 = "stable_mosaic.arith.addi"(%76, %74) : (i32, i32) -> i32
        %78 = "stable_mosaic.arith.index_cast"(%77) : (i32) -> index
        %79 = "stable_mosaic.memref.load"(%arg2, %78) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
        %80 = "stable_mosaic.arith.muli"(%69, %18) : (i32, i32) -> i32
        %81 = "stable_mosaic.arith.addi"(%80, %16) : (i32, i32) -> i32
        %82 = "stable_mosaic.arith.subi"(%7, %16) : (i32, i32) -> i32
        %83 = "stable_mosaic.arith.minsi"(%81, %82) : (i32, i32) -> i32
        %84 = "stable_mosaic.arith.muli"(%arg0, %75) : (i32, i32) -> i32
        %85 = "stable_mosaic.arith.addi"(%84, %83) : (i32, i32) -> i32
        %86 = "stable_mosaic.arith.index_cast"(%85) : (i32) -> index
        %87 = "stable_mosaic.memref.load"(%arg2, %86) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
        %88 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %79, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
        %89 = "stable_mosaic.tpu.memref_slice"(%arg14, %68, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
        %90 = "stable_mosaic.tpu.memref_squeeze"(%89) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
        %91 = "stable_mosaic.tpu.memref_slice"(%arg15, %68) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %92 = "stable_mosaic.tpu.memref_squeeze"(%91) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%88, %90, %92) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %93 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %79, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
        %94 = "stable_mosaic.tpu.memref_slice"(%arg16, %68, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
        %95 = "stable_mosaic.tpu.memref_squeeze"(%94) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
        %96 = "stable_mosaic.tpu.memref_slice"(%arg17, %68) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %97 = "stable_mosaic.tpu.memref_squeeze"(%96) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%93, %95, %97) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %98 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %87, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
        %99 = "stable_mosaic.tpu.memref_slice"(%arg18, %68, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
        %100 = "stable_mosaic.tpu.memref_squeeze"(%99) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
        %101 = "stable_mosaic.tpu.memref_slice"(%arg19, %68) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %102 = "stable_mosaic.tpu.memref_squeeze"(%101) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%98, %100, %102) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %103 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %87, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
        %104 = "stable_mosaic.tpu.memref_slice"(%arg20, %68, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
        %105 = "stable_mosaic.tpu.memref_squeeze"(%104) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
        %106 = "stable_mosaic.tpu.memref_slice"(%arg21, %68) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %107 = "stable_mosaic.tpu.memref_squeeze"(%106) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%103, %105, %107) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %108 = "stable_mosaic.arith.muli"(%60, %18) : (i32, i32) -> i32
      %109 = "stable_mosaic.arith.addi"(%108, %8) : (i32, i32) -> i32
      %110 = "stable_mosaic.arith.subi"(%7, %16) : (i32, i32) -> i32
      %111 = "stable_mosaic.arith.minsi"(%109, %110) : (i32, i32) -> i32
      %112 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %113 = "stable_mosaic.arith.muli"(%arg0, %112) : (i32, i32) -> i32
      %114 = "stable_mosaic.arith.addi"(%113, %111) : (i32, i32) -> i32
      %115 = "stable_mosaic.arith.index_cast"(%114) : (i32) -> index
      %116 = "stable_mosaic.memref.load"(%arg2, %115) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %117 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %116, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
      %118 = "stable_mosaic.tpu.memref_slice"(%arg14, %66, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
      %119 = "stable_mosaic.tpu.memref_squeeze"(%118) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
      %120 = "stable_mosaic.tpu.memref_slice"(%arg15, %66) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %121 = "stable_mosaic.tpu.memref_squeeze"(%120) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%121, %117, %119) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>) -> ()
      %122 = "stable_mosaic.vector.load"(%119, %0, %0, %0, %0) : (memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xf32>
      %123 = "stable_mosaic.vector.shape_cast"(%122) : (vector<1x1x16x128xf32>) -> vector<16x128xf32>
      %124 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %125 = "stable_mosaic.vector.shape_cast"(%124) : (vector<1x16xi32>) -> vector<16xi32>
      %126 = "stable_mosaic.arith.muli"(%109, %6) : (i32, i32) -> i32
      %127 = "stable_mosaic.vector.broadcast"(%126) : (i32) -> vector<16xi32>
      %128 = "stable_mosaic.arith.addi"(%125, %127) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %129 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<16xi32>
      %130 = "stable_mosaic.arith.cmpi"(%128, %129) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %131 = "stable_mosaic.arith.extui"(%130) : (vector<16xi1>) -> vector<16xi32>
      %132 = "stable_mosaic.vector.shape_cast"(%131) : (vector<16xi32>) -> vector<1x16xi32>
      %133 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<1x16xi32>} : () -> vector<1x16xi32>
      %134 = "stable_mosaic.arith.cmpi"(%132, %133) {predicate = 1 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %135 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<4x16xf32>} : () -> vector<4x16xf32>
      %136 = "stable_mosaic.tpu.matmul"(%12, %123, %135) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<4x128xf32>, vector<16x128xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %137 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<4x16xf32>
      %138 = "stable_mosaic.arith.mulf"(%136, %137) : (vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %139 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %140 = "stable_mosaic.arith.extui"(%134) : (vector<1x16xi1>) -> vector<1x16xi32>
      %141 = "stable_mosaic.vector.broadcast"(%140) : (vector<1x16xi32>) -> vector<4x16xi32>
      %142 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<4x16xi32>} : () -> vector<4x16xi32>
      %143 = "stable_mosaic.arith.cmpi"(%141, %142) {predicate = 1 : i64} : (vector<4x16xi32>, vector<4x16xi32>) -> vector<4x16xi1>
      %144 = "stable_mosaic.vector.broadcast"(%139) : (f32) -> vector<4x16xf32>
      %145 = "stable_mosaic.arith.select"(%143, %138, %144) : (vector<4x16xi1>, vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %146 = "stable_mosaic.arith.extui"(%130) : (vector<16xi1>) -> vector<16xi32>
      %147 = "stable_mosaic.vector.shape_cast"(%146) : (vector<16xi32>) -> vector<16x1xi32>
      %148 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x1xi32>} : () -> vector<16x1xi32>
      %149 = "stable_mosaic.arith.cmpi"(%147, %148) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %150 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %116, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
      %151 = "stable_mosaic.tpu.memref_slice"(%arg16, %66, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
      %152 = "stable_mosaic.tpu.memref_squeeze"(%151) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
      %153 = "stable_mosaic.tpu.memref_slice"(%arg17, %66) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %154 = "stable_mosaic.tpu.memref_squeeze"(%153) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%154, %150, %152) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>) -> ()
      %155 = "stable_mosaic.vector.load"(%152, %0, %0, %0, %0) : (memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xf32>
      %156 = "stable_mosaic.vector.shape_cast"(%155) : (vector<1x1x16x128xf32>) -> vector<16x128xf32>
      %157 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
      %158 = "stable_mosaic.arith.extui"(%149) : (vector<16x1xi1>) -> vector<16x1xi32>
      %159 = "stable_mosaic.vector.broadcast"(%158) : (vector<16x1xi32>) -> vector<16x128xi32>
      %160 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x128xi32>} : () -> vector<16x128xi32>
      %161 = "stable_mosaic.arith.cmpi"(%159, %160) {predicate = 1 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %162 = "stable_mosaic.vector.broadcast"(%157) : (f32) -> vector<16x128xf32>
      %163 = "stable_mosaic.arith.select"(%161, %156, %162) : (vector<16x128xi1>, vector<16x128xf32>, vector<16x128xf32>) -> vector<16x128xf32>
      %164 = "stable_mosaic.arith.muli"(%60, %18) : (i32, i32) -> i32
      %165 = "stable_mosaic.arith.addi"(%164, %16) : (i32, i32) -> i32
      %166 = "stable_mosaic.arith.subi"(%7, %16) : (i32, i32) -> i32
      %167 = "stable_mosaic.arith.minsi"(%165, %166) : (i32, i32) -> i32
      %168 = "stable_mosaic.arith.muli"(%arg0, %112) : (i32, i32) -> i32
      %169 = "stable_mosaic.arith.addi"(%168, %167) : (i32, i32) -> i32
      %170 = "stable_mosaic.arith.index_cast"(%169) : (i32) -> index
      %171 = "stable_mosaic.memref.load"(%arg2, %170) : (memref<1024xi32, #tpu.memory_space<smem>>, index) -> i32
      %172 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %171, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
      %173 = "stable_mosaic.tpu.memref_slice"(%arg18, %66, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
      %174 = "stable_mosaic.tpu.memref_squeeze"(%173) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
      %175 = "stable_mosaic.tpu.memref_slice"(%arg19, %66) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %176 = "stable_mosaic.tpu.memref_squeeze"(%175) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%176, %172, %174) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>) -> ()
      %177 = "stable_mosaic.vector.load"(%174, %0, %0, %0, %0) : (memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xf32>
      %178 = "stable_mosaic.vector.shape_cast"(%177) : (vector<1x1x16x128xf32>) -> vector<16x128xf32>
      %179 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %180 = "stable_mosaic.vector.shape_cast"(%179) : (vector<1x16xi32>) -> vector<16xi32>
      %181 = "stable_mosaic.arith.muli"(%165, %6) : (i32, i32) -> i32
      %182 = "stable_mosaic.vector.broadcast"(%181) : (i32) -> vector<16xi32>
      %183 = "stable_mosaic.arith.addi"(%180, %182) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %184 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<16xi32>
      %185 = "stable_mosaic.arith.cmpi"(%183, %184) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %186 = "stable_mosaic.arith.extui"(%185) : (vector<16xi1>) -> vector<16xi32>
      %187 = "stable_mosaic.vector.shape_cast"(%186) : (vector<16xi32>) -> vector<1x16xi32>
      %188 = "stable_mosaic.arith.cmpi"(%187, %133) {predicate = 1 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %189 = "stable_mosaic.tpu.matmul"(%12, %178, %135) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<4x128xf32>, vector<16x128xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %190 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<4x16xf32>
      %191 = "stable_mosaic.arith.mulf"(%189, %190) : (vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %192 = "stable_mosaic.arith.extui"(%188) : (vector<1x16xi1>) -> vector<1x16xi32>
      %193 = "stable_mosaic.vector.broadcast"(%192) : (vector<1x16xi32>) -> vector<4x16xi32>
      %194 = "stable_mosaic.arith.cmpi"(%193, %142) {predicate = 1 : i64} : (vector<4x16xi32>, vector<4x16xi32>) -> vector<4x16xi1>
      %195 = "stable_mosaic.vector.broadcast"(%139) : (f32) -> vector<4x16xf32>
      %196 = "stable_mosaic.arith.select"(%194, %191, %195) : (vector<4x16xi1>, vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %197 = "stable_mosaic.arith.extui"(%185) : (vector<16xi1>) -> vector<16xi32>
      %198 = "stable_mosaic.vector.shape_cast"(%197) : (vector<16xi32>) -> vector<16x1xi32>
      %199 = "stable_mosaic.arith.cmpi"(%198, %148) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %200 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %171, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf32, #tpu.memory_space<any>>
      %201 = "stable_mosaic.tpu.memref_slice"(%arg20, %66, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>
      %202 = "stable_mosaic.tpu.memref_squeeze"(%201) : (memref<1x1x1x16x128xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x128xf32, #tpu.memory_space<vmem>>
      %203 = "stable_mosaic.tpu.memref_slice"(%arg21, %66) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %204 = "stable_mosaic.tpu.memref_squeeze"(%203) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%204, %200, %202) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf32, #tpu.memory_space<any>>, memref<1x1x16x128xf32, #tpu.memory_space<vmem>>) -> ()
      %205 = "stable_mosaic.vector.load"(%202, %0, %0, %0, %0) : (memref<1x1x16x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xf32>
      %206 = "stable_mosaic.vector.shape_cast"(%205) : (vector<1x1x16x128xf32>) -> vector<16x128xf32>
      %207 = "stable_mosaic.arith.extui"(%199) : (vector<16x1xi1>) -> vector<16x1xi32>
      %208 = "stable_mosaic.vector.broadcast"(%207) : (vector<16x1xi32>) -> vector<16x128xi32>
      %209 = "stable_mosaic.arith.cmpi"(%208, %160) {predicate = 1 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %210 = "stable_mosaic.vector.broadcast"(%157) : (f32) -> vector<16x128xf32>
      %211 = "stable_mosaic.arith.select"(%209, %206, %210) : (vector<16x128xi1>, vector<16x128xf32>, vector<16x128xf32>) -> vector<16x128xf32>
      %212 = "stable_mosaic.vector.multi_reduction"(%145, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<4x16xf32>, vector<4xf32>) -> vector<4xf32>
      %213 = "stable_mosaic.arith.maximumf"(%63, %212) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %214 = "stable_mosaic.vector.multi_reduction"(%196, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<4x16xf32>, vector<4xf32>) -> vector<4xf32>
      %215 = "stable_mosaic.arith.maximumf"(%213, %214) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %216 = "stable_mosaic.arith.subf"(%63, %215) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %217 = "stable_mosaic.math.exp"(%216) : (vector<4xf32>) -> vector<4xf32>
      %218 = "stable_mosaic.arith.mulf"(%61, %217) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %219 = "stable_mosaic.vector.shape_cast"(%217) : (vector<4xf32>) -> vector<4x1xf32>
      %220 = "stable_mosaic.vector.broadcast"(%219) : (vector<4x1xf32>) -> vector<4x128xf32>
      %221 = "stable_mosaic.arith.mulf"(%62, %220) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      %222 = "stable_mosaic.vector.shape_cast"(%215) : (vector<4xf32>) -> vector<4x1xf32>
      %223 = "stable_mosaic.vector.broadcast"(%222) : (vector<4x1xf32>) -> vector<4x16xf32>
      %224 = "stable_mosaic.arith.subf"(%145, %223) : (vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %225 = "stable_mosaic.math.exp"(%224) : (vector<4x16xf32>) -> vector<4x16xf32>
      %226 = "stable_mosaic.vector.multi_reduction"(%225, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<4x16xf32>, vector<4xf32>) -> vector<4xf32>
      %227 = "stable_mosaic.arith.addf"(%218, %226) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %228 = "stable_mosaic.tpu.matmul"(%225, %163, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<4x16xf32>, vector<16x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      %229 = "stable_mosaic.arith.addf"(%221, %228) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      %230 = "stable_mosaic.vector.shape_cast"(%215) : (vector<4xf32>) -> vector<4x1xf32>
      %231 = "stable_mosaic.vector.broadcast"(%230) : (vector<4x1xf32>) -> vector<4x16xf32>
      %232 = "stable_mosaic.arith.subf"(%196, %231) : (vector<4x16xf32>, vector<4x16xf32>) -> vector<4x16xf32>
      %233 = "stable_mosaic.math.exp"(%232) : (vector<4x16xf32>) -> vector<4x16xf32>
      %234 = "stable_mosaic.vector.multi_reduction"(%233, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<4x16xf32>, vector<4xf32>) -> vector<4xf32>
      %235 = "stable_mosaic.arith.addf"(%227, %234) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
      %236 = "stable_mosaic.tpu.matmul"(%233, %211, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<4x16xf32>, vector<16x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      %237 = "stable_mosaic.arith.addf"(%229, %236) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
      "stable_mosaic.scf.yield"(%235, %237, %215) : (vector<4xf32>, vector<4x128xf32>, vector<4xf32>) -> ()
    }) : (i32, i32, i32, vector<4xf32>, vector<4x128xf32>, vector<4xf32>) -> (vector<4xf32>, vector<4x128xf32>, vector<4xf32>)
    %238 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %239 = "stable_mosaic.vector.broadcast"(%238) : (f32) -> vector<4xf32>
    %240 = "stable_mosaic.arith.cmpf"(%59#0, %239) {predicate = 2 : i64} : (vector<4xf32>, vector<4xf32>) -> vector<4xi1>
    %241 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %242 = "stable_mosaic.vector.broadcast"(%241) : (f32) -> vector<4xf32>
    %243 = "stable_mosaic.arith.select"(%240, %59#0, %242) : (vector<4xi1>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %244 = "stable_mosaic.math.log"(%243) : (vector<4xf32>) -> vector<4xf32>
    %245 = "stable_mosaic.arith.addf"(%59#2, %244) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %246 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
    %247 = "stable_mosaic.vector.broadcast"(%246) : (f32) -> vector<4xf32>
    %248 = "stable_mosaic.arith.select"(%240, %245, %247) : (vector<4xi1>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %249 = "stable_mosaic.vector.shape_cast"(%243) : (vector<4xf32>) -> vector<4x1xf32>
    %250 = "stable_mosaic.vector.broadcast"(%249) : (vector<4x1xf32>) -> vector<4x128xf32>
    %251 = "stable_mosaic.arith.divf"(%59#1, %250) : (vector<4x128xf32>, vector<4x128xf32>) -> vector<4x128xf32>
    %252 = "stable_mosaic.vector.shape_cast"(%251) : (vector<4x128xf32>) -> vector<1x1x4x128xf32>
    %253 = "stable_mosaic.arith.index_cast"(%8) : (i32) -> index
    "stable_mosaic.vector.store"(%252, %arg22, %253, %253, %253, %253) : (vector<1x1x4x128xf32>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %254 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg22, %254, %arg23) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<1x1x4x128xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg23, %arg22, %254) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<1x1x4x128xf32, #tpu.memory_space<any>>) -> ()
    %255 = "stable_mosaic.vector.shape_cast"(%248) : (vector<4xf32>) -> vector<4x1xf32>
    %256 = "stable_mosaic.vector.shape_cast"(%255) : (vector<4x1xf32>) -> vector<1x1x4x1xf32>
    "stable_mosaic.vector.store"(%256, %arg24, %253, %253, %253, %253) : (vector<1x1x4x1xf32>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %257 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x4x1xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x4x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg24, %257, %arg25) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<1x1x4x1xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg25, %arg24, %257) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<1x1x4x1xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<1024xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<1xf32, #tpu.memory_space<smem>>, memref<8x8x4x128xf32, #tpu.memory_space<any>>, memref<8x1027x16x128xf32, #tpu.memory_space<any>>, memref<8x1027x16x128xf32, #tpu.memory_space<any>>, memref<8x8x4x128xf32, #tpu.memory_space<any>>, memref<8x8x4x1xf32, #tpu.memory_space<any>>, memref<8x8x4x128xf32, #tpu.memory_space<any>>, memref<8x8x4x1xf32, #tpu.memory_space<any>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x4x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 8, 8>, scalar_prefetch = 3 : i64, scratch_operands = 14 : i64, sym_name = "paged_decode_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
