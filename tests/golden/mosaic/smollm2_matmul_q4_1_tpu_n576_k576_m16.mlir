"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<16x576xf32, #tpu.memory_space<any>>, %arg3: memref<288x576xi8, #tpu.memory_space<any>>, %arg4: memref<18x576xf32, #tpu.memory_space<any>>, %arg5: memref<18x576xf32, #tpu.memory_space<any>>, %arg6: memref<16x576xf32, #tpu.memory_space<any>>, %arg7: memref<16x576xf32, #tpu.memory_space<any>>, %arg8: memref<2x288x576xi8, #tpu.memory_space<vmem>>, %arg9: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg10: memref<2x18x576xf32, #tpu.memory_space<vmem>>, %arg11: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg12: memref<2x18x576xf32, #tpu.memory_space<vmem>>, %arg13: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2x8x576xf32, #tpu.memory_space<vmem>>, %arg15: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg17: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 576 : i32} : () -> i32
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
    %36 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x576xf32>} : () -> vector<8x576xf32>
    %37 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %38 = "stable_mosaic.arith.addi"(%5, %5) : (i32, i32) -> i32
    %39 = "stable_mosaic.arith.cmpi"(%38, %37) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%39) ({
      %40 = "stable_mosaic.arith.muli"(%38, %24) : (i32, i32) -> i32
      %41 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
      %42 = "stable_mosaic.arith.muli"(%38, %41) : (i32, i32) -> i32
      %43 = "stable_mosaic.arith.muli"(%38, %41) : (i32, i32) -> i32
      %44 = "stable_mosaic.arith.muli"(%38, %2) : (i32, i32) -> i32
      %45 = "stable_mosaic.tpu.memref_slice"(%arg3, %40, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<288x576xi8, #tpu.memory_space<any>>, i32, i32) -> memref<288x576xi8, #tpu.memory_space<any>>
      %46 = "stable_mosaic.tpu.memref_slice"(%arg8, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x288x576xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x288x576xi8, #tpu.memory_space<vmem>>
      %47 = "stable_mosaic.tpu.memref_squeeze"(%46) : (memref<1x288x576xi8, #tpu.memory_space<vmem>>) -> memref<288x576xi8, #tpu.memory_space<vmem>>
      %48 = "stable_mosaic.tpu.memref_slice"(%arg9, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %49 = "stable_mosaic.tpu.memref_squeeze"(%48) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%45, %47, %49) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<288x576xi8, #tpu.memory_space<any>>, memref<288x576xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %50 = "stable_mosaic.tpu.memref_slice"(%arg4, %42, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x576xf32, #tpu.memory_space<any>>
      %51 = "stable_mosaic.tpu.memref_slice"(%arg10, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x576xf32, #tpu.memory_space<vmem>>
      %52 = "stable_mosaic.tpu.memref_squeeze"(%51) : (memref<1x18x576xf32, #tpu.memory_space<vmem>>) -> memref<18x576xf32, #tpu.memory_space<vmem>>
      %53 = "stable_mosaic.tpu.memref_slice"(%arg11, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %54 = "stable_mosaic.tpu.memref_squeeze"(%53) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%50, %52, %54) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x576xf32, #tpu.memory_space<any>>, memref<18x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %55 = "stable_mosaic.tpu.memref_slice"(%arg5, %43, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x576xf32, #tpu.memory_space<any>>
      %56 = "stable_mosaic.tpu.memref_slice"(%arg12, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x576xf32, #tpu.memory_space<vmem>>
      %57 = "stable_mosaic.tpu.memref_squeeze"(%56) : (memref<1x18x576xf32, #tpu.memory_space<vmem>>) -> memref<18x576xf32, #tpu.memory_space<vmem>>
      %58 = "stable_mosaic.tpu.memref_slice"(%arg13, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %59 = "stable_mosaic.tpu.memref_squeeze"(%58) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%55, %57, %59) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x576xf32, #tpu.memory_space<any>>, memref<18x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %60 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %44) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %61 = "stable_mosaic.tpu.memref_slice"(%arg14, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %62 = "stable_mosaic.tpu.memref_squeeze"(%61) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %63 = "stable_mosaic.tpu.memref_slice"(%arg15, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %64 = "stable_mosaic.tpu.memref_squeeze"(%63) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%60, %62, %64) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %65 = "stable_mosaic.scf.for"(%5, %37, %37, %36) ({
    ^bb0(%66: i32, %67: vector<8x576xf32>):
      %68 = "stable_mosaic.arith.subi"(%66, %5) : (i32, i32) -> i32
      %69 = "stable_mosaic.arith.divsi"(%68, %37) : (i32, i32) -> i32
      %70 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %71 = "stable_mosaic.arith.remsi"(%69, %70) : (i32, i32) -> i32
      %72 = "stable_mosaic.arith.addi"(%69, %37) : (i32, i32) -> i32
      %73 = "stable_mosaic.arith.remsi"(%72, %70) : (i32, i32) -> i32
      %74 = "stable_mosaic.arith.addi"(%66, %37) : (i32, i32) -> i32
      %75 = "stable_mosaic.arith.cmpi"(%74, %37) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%75) ({
        %76 = "stable_mosaic.arith.muli"(%74, %24) : (i32, i32) -> i32
        %77 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
        %78 = "stable_mosaic.arith.muli"(%74, %77) : (i32, i32) -> i32
        %79 = "stable_mosaic.arith.muli"(%74, %77) : (i32, i32) -> i32
        %80 = "stable_mosaic.arith.muli"(%74, %2) : (i32, i32) -> i32
        %81 = "stable_mosaic.tpu.memref_slice"(%arg3, %76, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<288x576xi8, #tpu.memory_space<any>>, i32, i32) -> memref<288x576xi8, #tpu.memory_space<any>>
        %82 = "stable_mosaic.tpu.memref_slice"(%arg8, %73, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x288x576xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x288x576xi8, #tpu.memory_space<vmem>>
        %83 = "stable_mosaic.tpu.memref_squeeze"(%82) : (memref<1x288x576xi8, #tpu.memory_space<vmem>>) -> memref<288x576xi8, #tpu.memory_space<vmem>>
        %84 = "stable_mosaic.tpu.memref_slice"(%arg9, %73) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %85 = "stable_mosaic.tpu.memref_squeeze"(%84) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%81, %83, %85) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<288x576xi8, #tpu.memory_space<any>>, memref<288x576xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %86 = "stable_mosaic.tpu.memref_slice"(%arg4, %78, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x576xf32, #tpu.memory_space<any>>
        %87 = "stable_mosaic.tpu.memref_slice"(%arg10, %73, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x576xf32, #tpu.memory_space<vmem>>
        %88 = "stable_mosaic.tpu.memref_squeeze"(%87) : (memref<1x18x576xf32, #tpu.memory_space<vmem>>) -> memref<18x576xf32, #tpu.memory_space<vmem>>
        %89 = "stable_mosaic.tpu.memref_slice"(%arg11, %73) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %90 = "stable_mosaic.tpu.memref_squeeze"(%89) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%86, %88, %90) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x576xf32, #tpu.memory_space<any>>, memref<18x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %91 = "stable_mosaic.tpu.memref_slice"(%arg5, %79, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x576xf32, #tpu.memory_space<any>>
        %92 = "stable_mosaic.tpu.memref_slice"(%arg12, %73, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x576xf32, #tpu.memory_space<vmem>>
        %93 = "stable_mosaic.tpu.memref_squeeze"(%92) : (memref<1x18x576xf32, #tpu.memory_space<vmem>>) -> memref<18x576xf32, #tpu.memory_space<vmem>>
        %94 = "stable_mosaic.tpu.memref_slice"(%arg13, %73) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %95 = "stable_mosaic.tpu.memref_squeeze"(%94) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%91, %93, %95) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x576xf32, #tpu.memory_space<any>>, memref<18x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %96 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %80) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
        %97 = "stable_mosaic.tpu.memref_slice"(%arg14, %73, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
        %98 = "stable_mosaic.tpu.memref_squeeze"(%97) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
        %99 = "stable_mosaic.tpu.memref_slice"(%arg15, %73) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %100 = "stable_mosaic.tpu.memref_squeeze"(%99) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%96, %98, %100) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %101 = "stable_mosaic.arith.muli"(%66, %24) : (i32, i32) -> i32
      %102 = "stable_mosaic.tpu.memref_slice"(%arg3, %101, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<288x576xi8, #tpu.memory_space<any>>, i32, i32) -> memref<288x576xi8, #tpu.memory_space<any>>
      %103 = "stable_mosaic.tpu.memref_slice"(%arg8, %71, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x288x576xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x288x576xi8, #tpu.memory_space<vmem>>
      %104 = "stable_mosaic.tpu.memref_squeeze"(%103) : (memref<1x288x576xi8, #tpu.memory_space<vmem>>) -> memref<288x576xi8, #tpu.memory_space<vmem>>
      %105 = "stable_mosaic.tpu.memref_slice"(%arg9, %71) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %106 = "stable_mosaic.tpu.memref_squeeze"(%105) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%106, %102, %104) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<288x576xi8, #tpu.memory_space<any>>, memref<288x576xi8, #tpu.memory_space<vmem>>) -> ()
      %107 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %108 = "stable_mosaic.vector.load"(%104, %107, %107) : (memref<288x576xi8, #tpu.memory_space<vmem>>, index, index) -> vector<288x576xi8>
      %109 = "stable_mosaic.arith.extui"(%108) : (vector<288x576xi8>) -> vector<288x576xi32>
      %110 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
      %111 = "stable_mosaic.arith.muli"(%66, %110) : (i32, i32) -> i32
      %112 = "stable_mosaic.tpu.memref_slice"(%arg4, %111, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x576xf32, #tpu.memory_space<any>>
      %113 = "stable_mosaic.tpu.memref_slice"(%arg10, %71, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x576xf32, #tpu.memory_space<vmem>>
      %114 = "stable_mosaic.tpu.memref_squeeze"(%113) : (memref<1x18x576xf32, #tpu.memory_space<vmem>>) -> memref<18x576xf32, #tpu.memory_space<vmem>>
      %115 = "stable_mosaic.tpu.memref_slice"(%arg11, %71) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %116 = "stable_mosaic.tpu.memref_squeeze"(%115) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%116, %112, %114) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<18x576xf32, #tpu.memory_space<any>>, memref<18x576xf32, #tpu.memory_space<vmem>>) -> ()
      %117 = "stable_mosaic.vector.load"(%114, %107, %107) : (memref<18x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<18x576xf32>
      %118 = "stable_mosaic.arith.muli"(%66, %110) : (i32, i32) -> i32
      %119 = "stable_mosaic.tpu.memref_slice"(%arg5, %118, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x576xf32, #tpu.memory_space<any>>
      %120 = "stable_mosaic.tpu.memref_slice"(%arg12, %71, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x576xf32, #tpu.memory_space<vmem>>
      %121 = "stable_mosaic.tpu.memref_squeeze"(%120) : (memref<1x18x576xf32, #tpu.memory_space<vmem>>) -> memref<18x576xf32, #tpu.memory_space<vmem>>
      %122 = "stable_mosaic.tpu.memref_slice"(%arg13, %71) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %123 = "stable_mosaic.tpu.memref_squeeze"(%122) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%123, %119, %121) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<18x576xf32, #tpu.memory_space<any>>, memref<18x576xf32, #tpu.memory_space<vmem>>) -> ()
      %124 = "stable_mosaic.vector.load"(%121, %107, %107) : (memref<18x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<18x576xf32>
      %125 = "stable_mosaic.arith.constant"() {value = 15 : i32} : () -> i32
      %126 = "stable_mosaic.vector.broadcast"(%125) : (i32) -> vector<288x576xi32>
      %127 = "stable_mosaic.arith.andi"(%109, %126) : (vector<288x576xi32>, vector<288x576xi32>) -> vector<288x576xi32>
      %128 = "stable_mosaic.arith.constant"() {value = 4 : i32} : () -> i32
      %129 = "stable_mosaic.vector.broadcast"(%128) : (i32) -> vector<288x576xi32>
      %130 = "stable_mosaic.arith.constant"() {value = dense<255> : vector<288x576xi32>} : () -> vector<288x576xi32>
      %131 = "stable_mosaic.arith.andi"(%129, %130) : (vector<288x576xi32>, vector<288x576xi32>) -> vector<288x576xi32>
      %132 = "stable_mosaic.arith.constant"() {value = dense<8> : vector<288x576xi32>} : () -> vector<288x576xi32>
      %133 = "stable_mosaic.arith.cmpi"(%131, %132) {predicate = 9 : i64} : (vector<288x576xi32>, vector<288x576xi32>) -> vector<288x576xi1>
      %134 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<288x576xi32>} : () -> vector<288x576xi32>
      %135 = "stable_mosaic.arith.select"(%133, %134, %131) : (vector<288x576xi1>, vector<288x576xi32>, vector<288x576xi32>) -> vector<288x576xi32>
      %136 = "stable_mosaic.arith.shrui"(%109, %135) : (vector<288x576xi32>, vector<288x576xi32>) -> vector<288x576xi32>
      %137 = "stable_mosaic.arith.select"(%133, %134, %136) : (vector<288x576xi1>, vector<288x576xi32>, vector<288x576xi32>) -> vector<288x576xi32>
      %138 = "stable_mosaic.arith.sitofp"(%127) : (vector<288x576xi32>) -> vector<288x576xf32>
      %139 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<288x576xf32>} : () -> vector<288x576xf32>
      %140 = "stable_mosaic.tpu.matmul"(%22, %117, %139) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<288x18xf32>, vector<18x576xf32>, vector<288x576xf32>) -> vector<288x576xf32>
      %141 = "stable_mosaic.arith.mulf"(%138, %140) : (vector<288x576xf32>, vector<288x576xf32>) -> vector<288x576xf32>
      %142 = "stable_mosaic.tpu.matmul"(%22, %124, %139) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<288x18xf32>, vector<18x576xf32>, vector<288x576xf32>) -> vector<288x576xf32>
      %143 = "stable_mosaic.arith.addf"(%141, %142) : (vector<288x576xf32>, vector<288x576xf32>) -> vector<288x576xf32>
      %144 = "stable_mosaic.arith.sitofp"(%137) : (vector<288x576xi32>) -> vector<288x576xf32>
      %145 = "stable_mosaic.tpu.matmul"(%35, %117, %139) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<288x18xf32>, vector<18x576xf32>, vector<288x576xf32>) -> vector<288x576xf32>
      %146 = "stable_mosaic.arith.mulf"(%144, %145) : (vector<288x576xf32>, vector<288x576xf32>) -> vector<288x576xf32>
      %147 = "stable_mosaic.tpu.matmul"(%35, %124, %139) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<288x18xf32>, vector<18x576xf32>, vector<288x576xf32>) -> vector<288x576xf32>
      %148 = "stable_mosaic.arith.addf"(%146, %147) : (vector<288x576xf32>, vector<288x576xf32>) -> vector<288x576xf32>
      %149 = "stable_mosaic.arith.muli"(%66, %2) : (i32, i32) -> i32
      %150 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %149) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %151 = "stable_mosaic.tpu.memref_slice"(%arg14, %71, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %152 = "stable_mosaic.tpu.memref_squeeze"(%151) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %153 = "stable_mosaic.tpu.memref_slice"(%arg15, %71) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %154 = "stable_mosaic.tpu.memref_squeeze"(%153) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%154, %150, %152) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
      %155 = "stable_mosaic.vector.load"(%152, %107, %107) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
      %156 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<576x288xi32>
      %157 = "stable_mosaic.vector.broadcast"(%5) : (i32) -> vector<576x288xi32>
      %158 = "stable_mosaic.arith.addi"(%156, %157) : (vector<576x288xi32>, vector<576x288xi32>) -> vector<576x288xi32>
      %159 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<576x288xi32>
      %160 = "stable_mosaic.arith.cmpi"(%159, %158) {predicate = 0 : i64} : (vector<576x288xi32>, vector<576x288xi32>) -> vector<576x288xi1>
      %161 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<576x288xf32>
      %162 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<576x288xf32>
      %163 = "stable_mosaic.arith.select"(%160, %161, %162) : (vector<576x288xi1>, vector<576x288xf32>, vector<576x288xf32>) -> vector<576x288xf32>
      %164 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x288xf32>} : () -> vector<8x288xf32>
      %165 = "stable_mosaic.tpu.matmul"(%155, %163, %164) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x576xf32>, vector<576x288xf32>, vector<8x288xf32>) -> vector<8x288xf32>
      %166 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<576x288xi32>
      %167 = "stable_mosaic.vector.broadcast"(%24) : (i32) -> vector<576x288xi32>
      %168 = "stable_mosaic.arith.addi"(%166, %167) : (vector<576x288xi32>, vector<576x288xi32>) -> vector<576x288xi32>
      %169 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<576x288xi32>
      %170 = "stable_mosaic.arith.cmpi"(%169, %168) {predicate = 0 : i64} : (vector<576x288xi32>, vector<576x288xi32>) -> vector<576x288xi1>
      %171 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<576x288xf32>
      %172 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<576x288xf32>
      %173 = "stable_mosaic.arith.select"(%170, %171, %172) : (vector<576x288xi1>, vector<576x288xf32>, vector<576x288xf32>) -> vector<576x288xf32>
      %174 = "stable_mosaic.tpu.matmul"(%155, %173, %164) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x576xf32>, vector<576x288xf32>, vector<8x288xf32>) -> vector<8x288xf32>
      %175 = "stable_mosaic.tpu.matmul"(%165, %143, %36) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x288xf32>, vector<288x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %176 = "stable_mosaic.tpu.matmul"(%174, %148, %36) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x288xf32>, vector<288x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %177 = "stable_mosaic.arith.addf"(%175, %176) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %178 = "stable_mosaic.arith.addf"(%67, %177) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      "stable_mosaic.scf.yield"(%178) : (vector<8x576xf32>) -> ()
    }) : (i32, i32, i32, vector<8x576xf32>) -> (vector<8x576xf32>)
    %179 = "stable_mosaic.arith.index_cast"(%5) : (i32) -> index
    "stable_mosaic.vector.store"(%65, %arg16, %179, %179) : (vector<8x576xf32>, memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %180 = "stable_mosaic.tpu.memref_slice"(%arg7, %1, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg16, %180, %arg17) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg17, %arg16, %180) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<16x576xf32, #tpu.memory_space<any>>, memref<288x576xi8, #tpu.memory_space<any>>, memref<18x576xf32, #tpu.memory_space<any>>, memref<18x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<2x288x576xi8, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x18x576xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x18x576xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x576xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2, 1>, scalar_prefetch = 0 : i64, scratch_operands = 10 : i64, sym_name = "matmul_q4_1_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
