"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<8x4096xf32, #tpu.memory_space<any>>, %arg3: memref<2048x4096xi8, #tpu.memory_space<any>>, %arg4: memref<128x4096xf32, #tpu.memory_space<any>>, %arg5: memref<128x4096xf32, #tpu.memory_space<any>>, %arg6: memref<8x4096xf32, #tpu.memory_space<any>>, %arg7: memref<8x4096xf32, #tpu.memory_space<any>>, %arg8: memref<2x128x128xi8, #tpu.memory_space<vmem>>, %arg9: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg10: memref<2x8x128xf32, #tpu.memory_space<vmem>>, %arg11: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg12: memref<2x8x128xf32, #tpu.memory_space<vmem>>, %arg13: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2x8x128xf32, #tpu.memory_space<vmem>>, %arg15: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<2x8x128xf32, #tpu.memory_space<vmem>>, %arg17: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg19: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
    %3 = "stable_mosaic.arith.muli"(%arg1, %2) : (i32, i32) -> i32
    %4 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<128x8xi32>
    %5 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %6 = "stable_mosaic.vector.broadcast"(%5) : (i32) -> vector<128x8xi32>
    %7 = "stable_mosaic.arith.addi"(%4, %6) : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %8 = "stable_mosaic.arith.constant"() {value = 5 : i32} : () -> i32
    %9 = "stable_mosaic.vector.broadcast"(%8) : (i32) -> vector<128x8xi32>
    %10 = "stable_mosaic.arith.constant"() {value = dense<32> : vector<128x8xi32>} : () -> vector<128x8xi32>
    %11 = "stable_mosaic.arith.cmpi"(%9, %10) {predicate = 9 : i64} : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi1>
    %12 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<128x8xi32>} : () -> vector<128x8xi32>
    %13 = "stable_mosaic.arith.constant"() {value = dense<31> : vector<128x8xi32>} : () -> vector<128x8xi32>
    %14 = "stable_mosaic.arith.select"(%11, %13, %9) : (vector<128x8xi1>, vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %15 = "stable_mosaic.arith.shrsi"(%7, %14) : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %16 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<128x8xi32>
    %17 = "stable_mosaic.arith.cmpi"(%15, %16) {predicate = 0 : i64} : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi1>
    %18 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %19 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %20 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<128x8xf32>
    %21 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<128x8xf32>
    %22 = "stable_mosaic.arith.select"(%17, %20, %21) : (vector<128x8xi1>, vector<128x8xf32>, vector<128x8xf32>) -> vector<128x8xf32>
    %23 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<128x8xi32>
    %24 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<128x8xi32>
    %25 = "stable_mosaic.arith.addi"(%23, %24) : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %26 = "stable_mosaic.vector.broadcast"(%8) : (i32) -> vector<128x8xi32>
    %27 = "stable_mosaic.arith.cmpi"(%26, %10) {predicate = 9 : i64} : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi1>
    %28 = "stable_mosaic.arith.select"(%27, %13, %26) : (vector<128x8xi1>, vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %29 = "stable_mosaic.arith.shrsi"(%25, %28) : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %30 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<128x8xi32>
    %31 = "stable_mosaic.arith.cmpi"(%29, %30) {predicate = 0 : i64} : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi1>
    %32 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<128x8xf32>
    %33 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<128x8xf32>
    %34 = "stable_mosaic.arith.select"(%31, %32, %33) : (vector<128x8xi1>, vector<128x8xf32>, vector<128x8xf32>) -> vector<128x8xf32>
    %35 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x128xf32>} : () -> vector<8x128xf32>
    %36 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
    %37 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %38 = "stable_mosaic.arith.addi"(%5, %5) : (i32, i32) -> i32
    %39 = "stable_mosaic.arith.cmpi"(%38, %36) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%39) ({
      %40 = "stable_mosaic.arith.muli"(%38, %2) : (i32, i32) -> i32
      %41 = "stable_mosaic.arith.muli"(%38, %0) : (i32, i32) -> i32
      %42 = "stable_mosaic.arith.muli"(%38, %0) : (i32, i32) -> i32
      %43 = "stable_mosaic.arith.constant"() {value = 256 : i32} : () -> i32
      %44 = "stable_mosaic.arith.muli"(%38, %43) : (i32, i32) -> i32
      %45 = "stable_mosaic.arith.muli"(%38, %43) : (i32, i32) -> i32
      %46 = "stable_mosaic.arith.addi"(%45, %2) : (i32, i32) -> i32
      %47 = "stable_mosaic.tpu.memref_slice"(%arg3, %40, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<2048x4096xi8, #tpu.memory_space<any>>, i32, i32) -> memref<128x128xi8, #tpu.memory_space<any>>
      %48 = "stable_mosaic.tpu.memref_slice"(%arg8, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x128x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x128x128xi8, #tpu.memory_space<vmem>>
      %49 = "stable_mosaic.tpu.memref_squeeze"(%48) : (memref<1x128x128xi8, #tpu.memory_space<vmem>>) -> memref<128x128xi8, #tpu.memory_space<vmem>>
      %50 = "stable_mosaic.tpu.memref_slice"(%arg9, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %51 = "stable_mosaic.tpu.memref_squeeze"(%50) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%47, %49, %51) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<128x128xi8, #tpu.memory_space<any>>, memref<128x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %52 = "stable_mosaic.tpu.memref_slice"(%arg4, %41, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<128x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %53 = "stable_mosaic.tpu.memref_slice"(%arg10, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %54 = "stable_mosaic.tpu.memref_squeeze"(%53) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %55 = "stable_mosaic.tpu.memref_slice"(%arg11, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %56 = "stable_mosaic.tpu.memref_squeeze"(%55) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%52, %54, %56) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %57 = "stable_mosaic.tpu.memref_slice"(%arg5, %42, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<128x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %58 = "stable_mosaic.tpu.memref_slice"(%arg12, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %59 = "stable_mosaic.tpu.memref_squeeze"(%58) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %60 = "stable_mosaic.tpu.memref_slice"(%arg13, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %61 = "stable_mosaic.tpu.memref_squeeze"(%60) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%57, %59, %61) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %62 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %44) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<8x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %63 = "stable_mosaic.tpu.memref_slice"(%arg14, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %64 = "stable_mosaic.tpu.memref_squeeze"(%63) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %65 = "stable_mosaic.tpu.memref_slice"(%arg15, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %66 = "stable_mosaic.tpu.memref_squeeze"(%65) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%62, %64, %66) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %67 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %46) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<8x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %68 = "stable_mosaic.tpu.memref_slice"(%arg16, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %69 = "stable_mosaic.tpu.memref_squeeze"(%68) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %70 = "stable_mosaic.tpu.memref_slice"(%arg17, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %71 = "stable_mosaic.tpu.memref_squeeze"(%70) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%67, %69, %71) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %72 = "stable_mosaic.scf.for"(%5, %36, %37, %35) ({
    ^bb0(%73: i32, %74: vector<8x128xf32>):
      %75 = "stable_mosaic.arith.subi"(%73, %5) : (i32, i32) -> i32
      %76 = "stable_mosaic.arith.divsi"(%75, %37) : (i32, i32) -> i32
      %77 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %78 = "stable_mosaic.arith.remsi"(%76, %77) : (i32, i32) -> i32
      %79 = "stable_mosaic.arith.addi"(%76, %37) : (i32, i32) -> i32
      %80 = "stable_mosaic.arith.remsi"(%79, %77) : (i32, i32) -> i32
      %81 = "stable_mosaic.arith.addi"(%73, %37) : (i32, i32) -> i32
      %82 = "stable_mosaic.arith.cmpi"(%81, %36) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%82) ({
        %83 = "stable_mosaic.arith.muli"(%81, %2) : (i32, i32) -> i32
        %84 = "stable_mosaic.arith.muli"(%81, %0) : (i32, i32) -> i32
        %85 = "stable_mosaic.arith.muli"(%81, %0) : (i32, i32) -> i32
        %86 = "stable_mosaic.arith.constant"() {value = 256 : i32} : () -> i32
        %87 = "stable_mosaic.arith.muli"(%81, %86) : (i32, i32) -> i32
        %88 = "stable_mosaic.arith.muli"(%81, %86) : (i32, i32) -> i32
        %89 = "stable_mosaic.arith.addi"(%88, %2) : (i32, i32) -> i32
        %90 = "stable_mosaic.tpu.memref_slice"(%arg3, %83, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<2048x4096xi8, #tpu.memory_space<any>>, i32, i32) -> memref<128x128xi8, #tpu.memory_space<any>>
        %91 = "stable_mosaic.tpu.memref_slice"(%arg8, %80, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x128x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x128x128xi8, #tpu.memory_space<vmem>>
        %92 = "stable_mosaic.tpu.memref_squeeze"(%91) : (memref<1x128x128xi8, #tpu.memory_space<vmem>>) -> memref<128x128xi8, #tpu.memory_space<vmem>>
        %93 = "stable_mosaic.tpu.memref_slice"(%arg9, %80) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %94 = "stable_mosaic.tpu.memref_squeeze"(%93) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%90, %92, %94) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<128x128xi8, #tpu.memory_space<any>>, memref<128x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %95 = "stable_mosaic.tpu.memref_slice"(%arg4, %84, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<128x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        %96 = "stable_mosaic.tpu.memref_slice"(%arg10, %80, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
        %97 = "stable_mosaic.tpu.memref_squeeze"(%96) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
        %98 = "stable_mosaic.tpu.memref_slice"(%arg11, %80) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %99 = "stable_mosaic.tpu.memref_squeeze"(%98) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%95, %97, %99) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %100 = "stable_mosaic.tpu.memref_slice"(%arg5, %85, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<128x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        %101 = "stable_mosaic.tpu.memref_slice"(%arg12, %80, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
        %102 = "stable_mosaic.tpu.memref_squeeze"(%101) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
        %103 = "stable_mosaic.tpu.memref_slice"(%arg13, %80) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %104 = "stable_mosaic.tpu.memref_squeeze"(%103) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%100, %102, %104) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %105 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %87) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<8x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        %106 = "stable_mosaic.tpu.memref_slice"(%arg14, %80, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
        %107 = "stable_mosaic.tpu.memref_squeeze"(%106) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
        %108 = "stable_mosaic.tpu.memref_slice"(%arg15, %80) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %109 = "stable_mosaic.tpu.memref_squeeze"(%108) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%105, %107, %109) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %110 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %89) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<8x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        %111 = "stable_mosaic.tpu.memref_slice"(%arg16, %80, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
        %112 = "stable_mosaic.tpu.memref_squeeze"(%111) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
        %113 = "stable_mosaic.tpu.memref_slice"(%arg17, %80) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %114 = "stable_mosaic.tpu.memref_squeeze"(%113) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%110, %112, %114) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %115 = "stable_mosaic.arith.muli"(%73, %2) : (i32, i32) -> i32
      %116 = "stable_mosaic.tpu.memref_slice"(%arg3, %115, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<2048x4096xi8, #tpu.memory_space<any>>, i32, i32) -> memref<128x128xi8, #tpu.memory_space<any>>
      %117 = "stable_mosaic.tpu.memref_slice"(%arg8, %78, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x128x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x128x128xi8, #tpu.memory_space<vmem>>
      %118 = "stable_mosaic.tpu.memref_squeeze"(%117) : (memref<1x128x128xi8, #tpu.memory_space<vmem>>) -> memref<128x128xi8, #tpu.memory_space<vmem>>
      %119 = "stable_mosaic.tpu.memref_slice"(%arg9, %78) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %120 = "stable_mosaic.tpu.memref_squeeze"(%119) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%120, %116, %118) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<128x128xi8, #tpu.memory_space<any>>, memref<128x128xi8, #tpu.memory_space<vmem>>) -> ()
      %121 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %122 = "stable_mosaic.vector.load"(%118, %121, %121) : (memref<128x128xi8, #tpu.memory_space<vmem>>, index, index) -> vector<128x128xi8>
      %123 = "stable_mosaic.arith.extui"(%122) : (vector<128x128xi8>) -> vector<128x128xi32>
      %124 = "stable_mosaic.arith.muli"(%73, %0) : (i32, i32) -> i32
      %125 = "stable_mosaic.tpu.memref_slice"(%arg4, %124, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<128x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %126 = "stable_mosaic.tpu.memref_slice"(%arg10, %78, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %127 = "stable_mosaic.tpu.memref_squeeze"(%126) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %128 = "stable_mosaic.tpu.memref_slice"(%arg11, %78) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %129 = "stable_mosaic.tpu.memref_squeeze"(%128) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%129, %125, %127) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %130 = "stable_mosaic.vector.load"(%127, %121, %121) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %131 = "stable_mosaic.arith.muli"(%73, %0) : (i32, i32) -> i32
      %132 = "stable_mosaic.tpu.memref_slice"(%arg5, %131, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<128x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %133 = "stable_mosaic.tpu.memref_slice"(%arg12, %78, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %134 = "stable_mosaic.tpu.memref_squeeze"(%133) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %135 = "stable_mosaic.tpu.memref_slice"(%arg13, %78) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %136 = "stable_mosaic.tpu.memref_squeeze"(%135) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%136, %132, %134) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %137 = "stable_mosaic.vector.load"(%134, %121, %121) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %138 = "stable_mosaic.arith.constant"() {value = 15 : i32} : () -> i32
      %139 = "stable_mosaic.vector.broadcast"(%138) : (i32) -> vector<128x128xi32>
      %140 = "stable_mosaic.arith.andi"(%123, %139) : (vector<128x128xi32>, vector<128x128xi32>) -> vector<128x128xi32>
      %141 = "stable_mosaic.arith.constant"() {value = 4 : i32} : () -> i32
      %142 = "stable_mosaic.vector.broadcast"(%141) : (i32) -> vector<128x128xi32>
      %143 = "stable_mosaic.arith.constant"() {value = dense<255> : vector<128x128xi32>} : () -> vector<128x128xi32>
      %144 = "stable_mosaic.arith.andi"(%142, %143) : (vector<128x128xi32>, vector<128x128xi32>) -> vector<128x128xi32>
      %145 = "stable_mosaic.arith.constant"() {value = dense<8> : vector<128x128xi32>} : () -> vector<128x128xi32>
      %146 = "stable_mosaic.arith.cmpi"(%144, %145) {predicate = 9 : i64} : (vector<128x128xi32>, vector<128x128xi32>) -> vector<128x128xi1>
      %147 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<128x128xi32>} : () -> vector<128x128xi32>
      %148 = "stable_mosaic.arith.select"(%146, %147, %144) : (vector<128x128xi1>, vector<128x128xi32>, vector<128x128xi32>) -> vector<128x128xi32>
      %149 = "stable_mosaic.arith.shrui"(%123, %148) : (vector<128x128xi32>, vector<128x128xi32>) -> vector<128x128xi32>
      %150 = "stable_mosaic.arith.select"(%146, %147, %149) : (vector<128x128xi1>, vector<128x128xi32>, vector<128x128xi32>) -> vector<128x128xi32>
      %151 = "stable_mosaic.arith.sitofp"(%140) : (vector<128x128xi32>) -> vector<128x128xf32>
      %152 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<128x128xf32>} : () -> vector<128x128xf32>
      %153 = "stable_mosaic.tpu.matmul"(%22, %130, %152) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<128x8xf32>, vector<8x128xf32>, vector<128x128xf32>) -> vector<128x128xf32>
      %154 = "stable_mosaic.arith.mulf"(%151, %153) : (vector<128x128xf32>, vector<128x128xf32>) -> vector<128x128xf32>
      %155 = "stable_mosaic.tpu.matmul"(%22, %137, %152) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<128x8xf32>, vector<8x128xf32>, vector<128x128xf32>) -> vector<128x128xf32>
      %156 = "stable_mosaic.arith.addf"(%154, %155) : (vector<128x128xf32>, vector<128x128xf32>) -> vector<128x128xf32>
      %157 = "stable_mosaic.arith.sitofp"(%150) : (vector<128x128xi32>) -> vector<128x128xf32>
      %158 = "stable_mosaic.tpu.matmul"(%34, %130, %152) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<128x8xf32>, vector<8x128xf32>, vector<128x128xf32>) -> vector<128x128xf32>
      %159 = "stable_mosaic.arith.mulf"(%157, %158) : (vector<128x128xf32>, vector<128x128xf32>) -> vector<128x128xf32>
      %160 = "stable_mosaic.tpu.matmul"(%34, %137, %152) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<128x8xf32>, vector<8x128xf32>, vector<128x128xf32>) -> vector<128x128xf32>
      %161 = "stable_mosaic.arith.addf"(%159, %160) : (vector<128x128xf32>, vector<128x128xf32>) -> vector<128x128xf32>
      %162 = "stable_mosaic.arith.constant"() {value = 256 : i32} : () -> i32
      %163 = "stable_mosaic.arith.muli"(%73, %162) : (i32, i32) -> i32
      %164 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %163) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<8x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %165 = "stable_mosaic.tpu.memref_slice"(%arg14, %78, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %166 = "stable_mosaic.tpu.memref_squeeze"(%165) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %167 = "stable_mosaic.tpu.memref_slice"(%arg15, %78) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %168 = "stable_mosaic.tpu.memref_squeeze"(%167) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%168, %164, %166) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %169 = "stable_mosaic.vector.load"(%166, %121, %121) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %170 = "stable_mosaic.arith.muli"(%73, %162) : (i32, i32) -> i32
      %171 = "stable_mosaic.arith.addi"(%170, %2) : (i32, i32) -> i32
      %172 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %171) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<8x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %173 = "stable_mosaic.tpu.memref_slice"(%arg16, %78, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %174 = "stable_mosaic.tpu.memref_squeeze"(%173) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %175 = "stable_mosaic.tpu.memref_slice"(%arg17, %78) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %176 = "stable_mosaic.tpu.memref_squeeze"(%175) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%176, %172, %174) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %177 = "stable_mosaic.vector.load"(%174, %121, %121) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %178 = "stable_mosaic.tpu.matmul"(%169, %156, %35) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xf32>, vector<128x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %179 = "stable_mosaic.tpu.matmul"(%177, %161, %35) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xf32>, vector<128x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %180 = "stable_mosaic.arith.addf"(%178, %179) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %181 = "stable_mosaic.arith.addf"(%74, %180) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      "stable_mosaic.scf.yield"(%181) : (vector<8x128xf32>) -> ()
    }) : (i32, i32, i32, vector<8x128xf32>) -> (vector<8x128xf32>)
    %182 = "stable_mosaic.arith.index_cast"(%5) : (i32) -> index
    "stable_mosaic.vector.store"(%72, %arg18, %182, %182) : (vector<8x128xf32>, memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %183 = "stable_mosaic.tpu.memref_slice"(%arg7, %1, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<8x4096xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg18, %183, %arg19) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<vmem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg19, %arg18, %183) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<8x128xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<8x4096xf32, #tpu.memory_space<any>>, memref<2048x4096xi8, #tpu.memory_space<any>>, memref<128x4096xf32, #tpu.memory_space<any>>, memref<128x4096xf32, #tpu.memory_space<any>>, memref<8x4096xf32, #tpu.memory_space<any>>, memref<8x4096xf32, #tpu.memory_space<any>>, memref<2x128x128xi8, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 1, 32>, scalar_prefetch = 0 : i64, scratch_operands = 12 : i64, sym_name = "matmul_q4_1_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
