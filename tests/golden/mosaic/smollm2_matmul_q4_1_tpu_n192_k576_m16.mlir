"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<16x576xf32, #tpu.memory_space<any>>, %arg3: memref<288x192xi8, #tpu.memory_space<any>>, %arg4: memref<18x192xf32, #tpu.memory_space<any>>, %arg5: memref<18x192xf32, #tpu.memory_space<any>>, %arg6: memref<16x192xf32, #tpu.memory_space<any>>, %arg7: memref<16x192xf32, #tpu.memory_space<any>>, %arg8: memref<2x288x192xi8, #tpu.memory_space<vmem>>, %arg9: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg10: memref<2x18x192xf32, #tpu.memory_space<vmem>>, %arg11: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg12: memref<2x18x192xf32, #tpu.memory_space<vmem>>, %arg13: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2x8x576xf32, #tpu.memory_space<vmem>>, %arg15: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<8x192xf32, #tpu.memory_space<vmem>>, %arg17: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 192 : i32} : () -> i32
    %3 = "stable_mosaic.arith.muli"(%arg1, %2) : (i32, i32) -> i32
    %4 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<288x18xi32>
    %5 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %6 = "stable_mosaic.vector.broadcast"(%5) : (i32) -> vector<288x18xi32>
    %7 = "stable_mosaic.arith.addi"(%4, %6) : (vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi32>
    %8 = "stable_mosaic.arith.constant"() {value = 5 : i32} : () -> i32
    %9 = "stable_mosaic.vector.broadcast"(%8) : (i32) -> vector<288x18xi32>
    %10 = "stable_mosaic.arith.constant"() {value = dense<32> : vector<288x18xi32>} : () -> vector<288x18xi32>
    %11 = "stable_mosaic.arith.cmpi"(%9, %10) {predicate = 9 : i64} : (vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi1>
    %12 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<288x18xi32>} : () -> vector<288x18xi32>
    %13 = "stable_mosaic.arith.constant"() {value = dense<31> : vector<288x18xi32>} : () -> vector<288x18xi32>
    %14 = "stable_mosaic.arith.select"(%11, %13, %9) : (vector<288x18xi1>, vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi32>
    %15 = "stable_mosaic.arith.shrsi"(%7, %14) : (vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi32>
    %16 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<288x18xi32>
    %17 = "stable_mosaic.arith.cmpi"(%15, %16) {predicate = 0 : i64} : (vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi1>
    %18 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %19 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %20 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<288x18xf32>
    %21 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<288x18xf32>
    %22 = "stable_mosaic.arith.select"(%17, %20, %21) : (vector<288x18xi1>, vector<288x18xf32>, vector<288x18xf32>) -> vector<288x18xf32>
    %23 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<288x18xi32>
    %24 = "stable_mosaic.arith.constant"() {value = 288 : i32} : () -> i32
    %25 = "stable_mosaic.vector.broadcast"(%24) : (i32) -> vector<288x18xi32>
    %26 = "stable_mosaic.arith.addi"(%23, %25) : (vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi32>
    %27 = "stable_mosaic.vector.broadcast"(%8) : (i32) -> vector<288x18xi32>
    %28 = "stable_mosaic.arith.cmpi"(%27, %10) {predicate = 9 : i64} : (vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi1>
    %29 = "stable_mosaic.arith.select"(%28, %13, %27) : (vector<288x18xi1>, vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi32>
    %30 = "stable_mosaic.arith.shrsi"(%26, %29) : (vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi32>
    %31 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<288x18xi32>
    %32 = "stable_mosaic.arith.cmpi"(%30, %31) {predicate = 0 : i64} : (vector<288x18xi32>, vector<288x18xi32>) -> vector<288x18xi1>
    %33 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<288x18xf32>
    %34 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<288x18xf32>
    %35 = "stable_mosaic.arith.select"(%32, %33, %34) : (vector<288x18xi1>, vector<288x18xf32>, vector<288x18xf32>) -> vector<288x18xf32>
    %36 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x192xf32>} : () -> vector<8x192xf32>
    %37 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %38 = "stable_mosaic.arith.addi"(%5, %5) : (i32, i32) -> i32
    %39 = "stable_mosaic.arith.cmpi"(%38, %37) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%39) ({
      %40 = "stable_mosaic.arith.muli"(%38, %24) : (i32, i32) -> i32
      %41 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
      %42 = "stable_mosaic.arith.muli"(%38, %41) : (i32, i32) -> i32
      %43 = "stable_mosaic.arith.muli"(%38, %41) : (i32, i32) -> i32
      %44 = "stable_mosaic.arith.constant"() {value = 576 : i32} : () -> i32
      %45 = "stable_mosaic.arith.muli"(%38, %44) : (i32, i32) -> i32
      %46 = "stable_mosaic.tpu.memref_slice"(%arg3, %40, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<288x192xi8, #tpu.memory_space<any>>, i32, i32) -> memref<288x192xi8, #tpu.memory_space<any>>
      %47 = "stable_mosaic.tpu.memref_slice"(%arg8, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x288x192xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x288x192xi8, #tpu.memory_space<vmem>>
      %48 = "stable_mosaic.tpu.memref_squeeze"(%47) : (memref<1x288x192xi8, #tpu.memory_space<vmem>>) -> memref<288x192xi8, #tpu.memory_space<vmem>>
      %49 = "stable_mosaic.tpu.memref_slice"(%arg9, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %50 = "stable_mosaic.tpu.memref_squeeze"(%49) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%46, %48, %50) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<288x192xi8, #tpu.memory_space<any>>, memref<288x192xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %51 = "stable_mosaic.tpu.memref_slice"(%arg4, %42, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x192xf32, #tpu.memory_space<any>>
      %52 = "stable_mosaic.tpu.memref_slice"(%arg10, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x192xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x192xf32, #tpu.memory_space<vmem>>
      %53 = "stable_mosaic.tpu.memref_squeeze"(%52) : (memref<1x18x192xf32, #tpu.memory_space<vmem>>) -> memref<18x192xf32, #tpu.memory_space<vmem>>
      %54 = "stable_mosaic.tpu.memref_slice"(%arg11, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %55 = "stable_mosaic.tpu.memref_squeeze"(%54) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%51, %53, %55) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x192xf32, #tpu.memory_space<any>>, memref<18x192xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %56 = "stable_mosaic.tpu.memref_slice"(%arg5, %43, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x192xf32, #tpu.memory_space<any>>
      %57 = "stable_mosaic.tpu.memref_slice"(%arg12, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x192xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x192xf32, #tpu.memory_space<vmem>>
      %58 = "stable_mosaic.tpu.memref_squeeze"(%57) : (memref<1x18x192xf32, #tpu.memory_space<vmem>>) -> memref<18x192xf32, #tpu.memory_space<vmem>>
      %59 = "stable_mosaic.tpu.memref_slice"(%arg13, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %60 = "stable_mosaic.tpu.memref_squeeze"(%59) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%56, %58, %60) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x192xf32, #tpu.memory_space<any>>, memref<18x192xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %61 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %45) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %62 = "stable_mosaic.tpu.memref_slice"(%arg14, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %63 = "stable_mosaic.tpu.memref_squeeze"(%62) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %64 = "stable_mosaic.tpu.memref_slice"(%arg15, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %65 = "stable_mosaic.tpu.memref_squeeze"(%64) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%61, %63, %65) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %66 = "stable_mosaic.scf.for"(%5, %37, %37, %36) ({
    ^bb0(%67: i32, %68: vector<8x192xf32>):
      %69 = "stable_mosaic.arith.subi"(%67, %5) : (i32, i32) -> i32
      %70 = "stable_mosaic.arith.divsi"(%69, %37) : (i32, i32) -> i32
      %71 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %72 = "stable_mosaic.arith.remsi"(%70, %71) : (i32, i32) -> i32
      %73 = "stable_mosaic.arith.addi"(%70, %37) : (i32, i32) -> i32
      %74 = "stable_mosaic.arith.remsi"(%73, %71) : (i32, i32) -> i32
      %75 = "stable_mosaic.arith.addi"(%67, %37) : (i32, i32) -> i32
      %76 = "stable_mosaic.arith.cmpi"(%75, %37) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%76) ({
        %77 = "stable_mosaic.arith.muli"(%75, %24) : (i32, i32) -> i32
        %78 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
        %79 = "stable_mosaic.arith.muli"(%75, %78) : (i32, i32) -> i32
        %80 = "stable_mosaic.arith.muli"(%75, %78) : (i32, i32) -> i32
        %81 = "stable_mosaic.arith.constant"() {value = 576 : i32} : () -> i32
        %82 = "stable_mosaic.arith.muli"(%75, %81) : (i32, i32) -> i32
        %83 = "stable_mosaic.tpu.memref_slice"(%arg3, %77, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<288x192xi8, #tpu.memory_space<any>>, i32, i32) -> memref<288x192xi8, #tpu.memory_space<any>>
        %84 = "stable_mosaic.tpu.memref_slice"(%arg8, %74, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x288x192xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x288x192xi8, #tpu.memory_space<vmem>>
        %85 = "stable_mosaic.tpu.memref_squeeze"(%84) : (memref<1x288x192xi8, #tpu.memory_space<vmem>>) -> memref<288x192xi8, #tpu.memory_space<vmem>>
        %86 = "stable_mosaic.tpu.memref_slice"(%arg9, %74) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %87 = "stable_mosaic.tpu.memref_squeeze"(%86) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%83, %85, %87) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<288x192xi8, #tpu.memory_space<any>>, memref<288x192xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %88 = "stable_mosaic.tpu.memref_slice"(%arg4, %79, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x192xf32, #tpu.memory_space<any>>
        %89 = "stable_mosaic.tpu.memref_slice"(%arg10, %74, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x192xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x192xf32, #tpu.memory_space<vmem>>
        %90 = "stable_mosaic.tpu.memref_squeeze"(%89) : (memref<1x18x192xf32, #tpu.memory_space<vmem>>) -> memref<18x192xf32, #tpu.memory_space<vmem>>
        %91 = "stable_mosaic.tpu.memref_slice"(%arg11, %74) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %92 = "stable_mosaic.tpu.memref_squeeze"(%91) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%88, %90, %92) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x192xf32, #tpu.memory_space<any>>, memref<18x192xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %93 = "stable_mosaic.tpu.memref_slice"(%arg5, %80, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x192xf32, #tpu.memory_space<any>>
        %94 = "stable_mosaic.tpu.memref_slice"(%arg12, %74, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x192xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x192xf32, #tpu.memory_space<vmem>>
        %95 = "stable_mosaic.tpu.memref_squeeze"(%94) : (memref<1x18x192xf32, #tpu.memory_space<vmem>>) -> memref<18x192xf32, #tpu.memory_space<vmem>>
        %96 = "stable_mosaic.tpu.memref_slice"(%arg13, %74) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %97 = "stable_mosaic.tpu.memref_squeeze"(%96) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%93, %95, %97) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x192xf32, #tpu.memory_space<any>>, memref<18x192xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %98 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %82) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
        %99 = "stable_mosaic.tpu.memref_slice"(%arg14, %74, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
        %100 = "stable_mosaic.tpu.memref_squeeze"(%99) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
        %101 = "stable_mosaic.tpu.memref_slice"(%arg15, %74) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %102 = "stable_mosaic.tpu.memref_squeeze"(%101) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%98, %100, %102) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %103 = "stable_mosaic.arith.muli"(%67, %24) : (i32, i32) -> i32
      %104 = "stable_mosaic.tpu.memref_slice"(%arg3, %103, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<288x192xi8, #tpu.memory_space<any>>, i32, i32) -> memref<288x192xi8, #tpu.memory_space<any>>
      %105 = "stable_mosaic.tpu.memref_slice"(%arg8, %72, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x288x192xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x288x192xi8, #tpu.memory_space<vmem>>
      %106 = "stable_mosaic.tpu.memref_squeeze"(%105) : (memref<1x288x192xi8, #tpu.memory_space<vmem>>) -> memref<288x192xi8, #tpu.memory_space<vmem>>
      %107 = "stable_mosaic.tpu.memref_slice"(%arg9, %72) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %108 = "stable_mosaic.tpu.memref_squeeze"(%107) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%108, %104, %106) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<288x192xi8, #tpu.memory_space<any>>, memref<288x192xi8, #tpu.memory_space<vmem>>) -> ()
      %109 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %110 = "stable_mosaic.vector.load"(%106, %109, %109) : (memref<288x192xi8, #tpu.memory_space<vmem>>, index, index) -> vector<288x192xi8>
      %111 = "stable_mosaic.arith.extui"(%110) : (vector<288x192xi8>) -> vector<288x192xi32>
      %112 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
      %113 = "stable_mosaic.arith.muli"(%67, %112) : (i32, i32) -> i32
      %114 = "stable_mosaic.tpu.memref_slice"(%arg4, %113, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x192xf32, #tpu.memory_space<any>>
      %115 = "stable_mosaic.tpu.memref_slice"(%arg10, %72, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x192xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x192xf32, #tpu.memory_space<vmem>>
      %116 = "stable_mosaic.tpu.memref_squeeze"(%115) : (memref<1x18x192xf32, #tpu.memory_space<vmem>>) -> memref<18x192xf32, #tpu.memory_space<vmem>>
      %117 = "stable_mosaic.tpu.memref_slice"(%arg11, %72) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %118 = "stable_mosaic.tpu.memref_squeeze"(%117) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%118, %114, %116) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<18x192xf32, #tpu.memory_space<any>>, memref<18x192xf32, #tpu.memory_space<vmem>>) -> ()
      %119 = "stable_mosaic.vector.load"(%116, %109, %109) : (memref<18x192xf32, #tpu.memory_space<vmem>>, index, index) -> vector<18x192xf32>
      %120 = "stable_mosaic.arith.muli"(%67, %112) : (i32, i32) -> i32
      %121 = "stable_mosaic.tpu.memref_slice"(%arg5, %120, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x192xf32, #tpu.memory_space<any>>
      %122 = "stable_mosaic.tpu.memref_slice"(%arg12, %72, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x192xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x192xf32, #tpu.memory_space<vmem>>
      %123 = "stable_mosaic.tpu.memref_squeeze"(%122) : (memref<1x18x192xf32, #tpu.memory_space<vmem>>) -> memref<18x192xf32, #tpu.memory_space<vmem>>
      %124 = "stable_mosaic.tpu.memref_slice"(%arg13, %72) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %125 = "stable_mosaic.tpu.memref_squeeze"(%124) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%125, %121, %123) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<18x192xf32, #tpu.memory_space<any>>, memref<18x192xf32, #tpu.memory_space<vmem>>) -> ()
      %126 = "stable_mosaic.vector.load"(%123, %109, %109) : (memref<18x192xf32, #tpu.memory_space<vmem>>, index, index) -> vector<18x192xf32>
      %127 = "stable_mosaic.arith.constant"() {value = 15 : i32} : () -> i32
      %128 = "stable_mosaic.vector.broadcast"(%127) : (i32) -> vector<288x192xi32>
      %129 = "stable_mosaic.arith.andi"(%111, %128) : (vector<288x192xi32>, vector<288x192xi32>) -> vector<288x192xi32>
      %130 = "stable_mosaic.arith.constant"() {value = 4 : i32} : () -> i32
      %131 = "stable_mosaic.vector.broadcast"(%130) : (i32) -> vector<288x192xi32>
      %132 = "stable_mosaic.arith.constant"() {value = dense<255> : vector<288x192xi32>} : () -> vector<288x192xi32>
      %133 = "stable_mosaic.arith.andi"(%131, %132) : (vector<288x192xi32>, vector<288x192xi32>) -> vector<288x192xi32>
      %134 = "stable_mosaic.arith.constant"() {value = dense<8> : vector<288x192xi32>} : () -> vector<288x192xi32>
      %135 = "stable_mosaic.arith.cmpi"(%133, %134) {predicate = 9 : i64} : (vector<288x192xi32>, vector<288x192xi32>) -> vector<288x192xi1>
      %136 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<288x192xi32>} : () -> vector<288x192xi32>
      %137 = "stable_mosaic.arith.select"(%135, %136, %133) : (vector<288x192xi1>, vector<288x192xi32>, vector<288x192xi32>) -> vector<288x192xi32>
      %138 = "stable_mosaic.arith.shrui"(%111, %137) : (vector<288x192xi32>, vector<288x192xi32>) -> vector<288x192xi32>
      %139 = "stable_mosaic.arith.select"(%135, %136, %138) : (vector<288x192xi1>, vector<288x192xi32>, vector<288x192xi32>) -> vector<288x192xi32>
      %140 = "stable_mosaic.arith.sitofp"(%129) : (vector<288x192xi32>) -> vector<288x192xf32>
      %141 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<288x192xf32>} : () -> vector<288x192xf32>
      %142 = "stable_mosaic.tpu.matmul"(%22, %119, %141) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<288x18xf32>, vector<18x192xf32>, vector<288x192xf32>) -> vector<288x192xf32>
      %143 = "stable_mosaic.arith.mulf"(%140, %142) : (vector<288x192xf32>, vector<288x192xf32>) -> vector<288x192xf32>
      %144 = "stable_mosaic.tpu.matmul"(%22, %126, %141) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<288x18xf32>, vector<18x192xf32>, vector<288x192xf32>) -> vector<288x192xf32>
      %145 = "stable_mosaic.arith.addf"(%143, %144) : (vector<288x192xf32>, vector<288x192xf32>) -> vector<288x192xf32>
      %146 = "stable_mosaic.arith.sitofp"(%139) : (vector<288x192xi32>) -> vector<288x192xf32>
      %147 = "stable_mosaic.tpu.matmul"(%35, %119, %141) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<288x18xf32>, vector<18x192xf32>, vector<288x192xf32>) -> vector<288x192xf32>
      %148 = "stable_mosaic.arith.mulf"(%146, %147) : (vector<288x192xf32>, vector<288x192xf32>) -> vector<288x192xf32>
      %149 = "stable_mosaic.tpu.matmul"(%35, %126, %141) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<288x18xf32>, vector<18x192xf32>, vector<288x192xf32>) -> vector<288x192xf32>
      %150 = "stable_mosaic.arith.addf"(%148, %149) : (vector<288x192xf32>, vector<288x192xf32>) -> vector<288x192xf32>
      %151 = "stable_mosaic.arith.constant"() {value = 576 : i32} : () -> i32
      %152 = "stable_mosaic.arith.muli"(%67, %151) : (i32, i32) -> i32
      %153 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %152) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %154 = "stable_mosaic.tpu.memref_slice"(%arg14, %72, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %155 = "stable_mosaic.tpu.memref_squeeze"(%154) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %156 = "stable_mosaic.tpu.memref_slice"(%arg15, %72) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %157 = "stable_mosaic.tpu.memref_squeeze"(%156) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%157, %153, %155) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
      %158 = "stable_mosaic.vector.load"(%155, %109, %109) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
      %159 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<576x288xi32>
      %160 = "stable_mosaic.vector.broadcast"(%5) : (i32) -> vector<576x288xi32>
      %161 = "stable_mosaic.arith.addi"(%159, %160) : (vector<576x288xi32>, vector<576x288xi32>) -> vector<576x288xi32>
      %162 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<576x288xi32>
      %163 = "stable_mosaic.arith.cmpi"(%162, %161) {predicate = 0 : i64} : (vector<576x288xi32>, vector<576x288xi32>) -> vector<576x288xi1>
      %164 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<576x288xf32>
      %165 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<576x288xf32>
      %166 = "stable_mosaic.arith.select"(%163, %164, %165) : (vector<576x288xi1>, vector<576x288xf32>, vector<576x288xf32>) -> vector<576x288xf32>
      %167 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x288xf32>} : () -> vector<8x288xf32>
      %168 = "stable_mosaic.tpu.matmul"(%158, %166, %167) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x576xf32>, vector<576x288xf32>, vector<8x288xf32>) -> vector<8x288xf32>
      %169 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<576x288xi32>
      %170 = "stable_mosaic.vector.broadcast"(%24) : (i32) -> vector<576x288xi32>
      %171 = "stable_mosaic.arith.addi"(%169, %170) : (vector<576x288xi32>, vector<576x288xi32>) -> vector<576x288xi32>
      %172 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<576x288xi32>
      %173 = "stable_mosaic.arith.cmpi"(%172, %171) {predicate = 0 : i64} : (vector<576x288xi32>, vector<576x288xi32>) -> vector<576x288xi1>
      %174 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<576x288xf32>
      %175 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<576x288xf32>
      %176 = "stable_mosaic.arith.select"(%173, %174, %175) : (vector<576x288xi1>, vector<576x288xf32>, vector<576x288xf32>) -> vector<576x288xf32>
      %177 = "stable_mosaic.tpu.matmul"(%158, %176, %167) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x576xf32>, vector<576x288xf32>, vector<8x288xf32>) -> vector<8x288xf32>
      %178 = "stable_mosaic.tpu.matmul"(%168, %145, %36) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x288xf32>, vector<288x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
      %179 = "stable_mosaic.tpu.matmul"(%177, %150, %36) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x288xf32>, vector<288x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
      %180 = "stable_mosaic.arith.addf"(%178, %179) : (vector<8x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
      %181 = "stable_mosaic.arith.addf"(%68, %180) : (vector<8x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
      "stable_mosaic.scf.yield"(%181) : (vector<8x192xf32>) -> ()
    }) : (i32, i32, i32, vector<8x192xf32>) -> (vector<8x192xf32>)
    %182 = "stable_mosaic.arith.index_cast"(%5) : (i32) -> index
    "stable_mosaic.vector.store"(%66, %arg16, %182, %182) : (vector<8x192xf32>, memref<8x192xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %183 = "stable_mosaic.tpu.memref_slice"(%arg7, %1, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x192xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg16, %183, %arg17) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x192xf32, #tpu.memory_space<vmem>>, memref<8x192xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg17, %arg16, %183) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x192xf32, #tpu.memory_space<vmem>>, memref<8x192xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<16x576xf32, #tpu.memory_space<any>>, memref<288x192xi8, #tpu.memory_space<any>>, memref<18x192xf32, #tpu.memory_space<any>>, memref<18x192xf32, #tpu.memory_space<any>>, memref<16x192xf32, #tpu.memory_space<any>>, memref<16x192xf32, #tpu.memory_space<any>>, memref<2x288x192xi8, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x18x192xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x18x192xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x576xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x192xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2, 1>, scalar_prefetch = 0 : i64, scratch_operands = 10 : i64, sym_name = "matmul_q4_1_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
