"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<16x576xf32, #tpu.memory_space<any>>, %arg3: memref<576x49152xi8, #tpu.memory_space<any>>, %arg4: memref<18x49152xf32, #tpu.memory_space<any>>, %arg5: memref<16x49152xf32, #tpu.memory_space<any>>, %arg6: memref<16x49152xf32, #tpu.memory_space<any>>, %arg7: memref<2x8x576xf32, #tpu.memory_space<vmem>>, %arg8: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg9: memref<2x576x128xi8, #tpu.memory_space<vmem>>, %arg10: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg11: memref<2x18x128xf32, #tpu.memory_space<vmem>>, %arg12: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg13: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg14: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
    %3 = "stable_mosaic.arith.muli"(%arg1, %2) : (i32, i32) -> i32
    %4 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<576x18xi32>
    %5 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %6 = "stable_mosaic.vector.broadcast"(%5) : (i32) -> vector<576x18xi32>
    %7 = "stable_mosaic.arith.addi"(%4, %6) : (vector<576x18xi32>, vector<576x18xi32>) -> vector<576x18xi32>
    %8 = "stable_mosaic.arith.constant"() {value = 5 : i32} : () -> i32
    %9 = "stable_mosaic.vector.broadcast"(%8) : (i32) -> vector<576x18xi32>
    %10 = "stable_mosaic.arith.constant"() {value = dense<32> : vector<576x18xi32>} : () -> vector<576x18xi32>
    %11 = "stable_mosaic.arith.cmpi"(%9, %10) {predicate = 9 : i64} : (vector<576x18xi32>, vector<576x18xi32>) -> vector<576x18xi1>
    %12 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<576x18xi32>} : () -> vector<576x18xi32>
    %13 = "stable_mosaic.arith.constant"() {value = dense<31> : vector<576x18xi32>} : () -> vector<576x18xi32>
    %14 = "stable_mosaic.arith.select"(%11, %13, %9) : (vector<576x18xi1>, vector<576x18xi32>, vector<576x18xi32>) -> vector<576x18xi32>
    %15 = "stable_mosaic.arith.shrsi"(%7, %14) : (vector<576x18xi32>, vector<576x18xi32>) -> vector<576x18xi32>
    %16 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<576x18xi32>
    %17 = "stable_mosaic.arith.cmpi"(%15, %16) {predicate = 0 : i64} : (vector<576x18xi32>, vector<576x18xi32>) -> vector<576x18xi1>
    %18 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %19 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %20 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<576x18xf32>
    %21 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<576x18xf32>
    %22 = "stable_mosaic.arith.select"(%17, %20, %21) : (vector<576x18xi1>, vector<576x18xf32>, vector<576x18xf32>) -> vector<576x18xf32>
    %23 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x128xf32>} : () -> vector<8x128xf32>
    %24 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %25 = "stable_mosaic.arith.addi"(%5, %5) : (i32, i32) -> i32
    %26 = "stable_mosaic.arith.cmpi"(%25, %24) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%26) ({
      %27 = "stable_mosaic.arith.constant"() {value = 576 : i32} : () -> i32
      %28 = "stable_mosaic.arith.muli"(%25, %27) : (i32, i32) -> i32
      %29 = "stable_mosaic.arith.muli"(%25, %27) : (i32, i32) -> i32
      %30 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
      %31 = "stable_mosaic.arith.muli"(%25, %30) : (i32, i32) -> i32
      %32 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %28) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %33 = "stable_mosaic.tpu.memref_slice"(%arg7, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %34 = "stable_mosaic.tpu.memref_squeeze"(%33) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %35 = "stable_mosaic.tpu.memref_slice"(%arg8, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %36 = "stable_mosaic.tpu.memref_squeeze"(%35) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%32, %34, %36) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %37 = "stable_mosaic.tpu.memref_slice"(%arg3, %29, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<576x49152xi8, #tpu.memory_space<any>>, i32, i32) -> memref<576x128xi8, #tpu.memory_space<any>>
      %38 = "stable_mosaic.tpu.memref_slice"(%arg9, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x576x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x576x128xi8, #tpu.memory_space<vmem>>
      %39 = "stable_mosaic.tpu.memref_squeeze"(%38) : (memref<1x576x128xi8, #tpu.memory_space<vmem>>) -> memref<576x128xi8, #tpu.memory_space<vmem>>
      %40 = "stable_mosaic.tpu.memref_slice"(%arg10, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %41 = "stable_mosaic.tpu.memref_squeeze"(%40) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%37, %39, %41) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<576x128xi8, #tpu.memory_space<any>>, memref<576x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %42 = "stable_mosaic.tpu.memref_slice"(%arg4, %31, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x128xf32, #tpu.memory_space<any>>
      %43 = "stable_mosaic.tpu.memref_slice"(%arg11, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x128xf32, #tpu.memory_space<vmem>>
      %44 = "stable_mosaic.tpu.memref_squeeze"(%43) : (memref<1x18x128xf32, #tpu.memory_space<vmem>>) -> memref<18x128xf32, #tpu.memory_space<vmem>>
      %45 = "stable_mosaic.tpu.memref_slice"(%arg12, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %46 = "stable_mosaic.tpu.memref_squeeze"(%45) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%42, %44, %46) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x128xf32, #tpu.memory_space<any>>, memref<18x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %47 = "stable_mosaic.scf.for"(%5, %24, %24, %23) ({
    ^bb0(%48: i32, %49: vector<8x128xf32>):
      %50 = "stable_mosaic.arith.subi"(%48, %5) : (i32, i32) -> i32
      %51 = "stable_mosaic.arith.divsi"(%50, %24) : (i32, i32) -> i32
      %52 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %53 = "stable_mosaic.arith.remsi"(%51, %52) : (i32, i32) -> i32
      %54 = "stable_mosaic.arith.addi"(%51, %24) : (i32, i32) -> i32
      %55 = "stable_mosaic.arith.remsi"(%54, %52) : (i32, i32) -> i32
      %56 = "stable_mosaic.arith.addi"(%48, %24) : (i32, i32) -> i32
      %57 = "stable_mosaic.arith.cmpi"(%56, %24) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%57) ({
        %58 = "stable_mosaic.arith.constant"() {value = 576 : i32} : () -> i32
        %59 = "stable_mosaic.arith.muli"(%56, %58) : (i32, i32) -> i32
        %60 = "stable_mosaic.arith.muli"(%56, %58) : (i32, i32) -> i32
        %61 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
        %62 = "stable_mosaic.arith.muli"(%56, %61) : (i32, i32) -> i32
        %63 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %59) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
        %64 = "stable_mosaic.tpu.memref_slice"(%arg7, %55, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
        %65 = "stable_mosaic.tpu.memref_squeeze"(%64) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
        %66 = "stable_mosaic.tpu.memref_slice"(%arg8, %55) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %67 = "stable_mosaic.tpu.memref_squeeze"(%66) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%63, %65, %67) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %68 = "stable_mosaic.tpu.memref_slice"(%arg3, %60, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<576x49152xi8, #tpu.memory_space<any>>, i32, i32) -> memref<576x128xi8, #tpu.memory_space<any>>
        %69 = "stable_mosaic.tpu.memref_slice"(%arg9, %55, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x576x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x576x128xi8, #tpu.memory_space<vmem>>
        %70 = "stable_mosaic.tpu.memref_squeeze"(%69) : (memref<1x576x128xi8, #tpu.memory_space<vmem>>) -> memref<576x128xi8, #tpu.memory_space<vmem>>
        %71 = "stable_mosaic.tpu.memref_slice"(%arg10, %55) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %72 = "stable_mosaic.tpu.memref_squeeze"(%71) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%68, %70, %72) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<576x128xi8, #tpu.memory_space<any>>, memref<576x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %73 = "stable_mosaic.tpu.memref_slice"(%arg4, %62, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x128xf32, #tpu.memory_space<any>>
        %74 = "stable_mosaic.tpu.memref_slice"(%arg11, %55, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x128xf32, #tpu.memory_space<vmem>>
        %75 = "stable_mosaic.tpu.memref_squeeze"(%74) : (memref<1x18x128xf32, #tpu.memory_space<vmem>>) -> memref<18x128xf32, #tpu.memory_space<vmem>>
        %76 = "stable_mosaic.tpu.memref_slice"(%arg12, %55) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %77 = "stable_mosaic.tpu.memref_squeeze"(%76) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%73, %75, %77) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<18x128xf32, #tpu.memory_space<any>>, memref<18x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %78 = "stable_mosaic.arith.constant"() {value = 576 : i32} : () -> i32
      %79 = "stable_mosaic.arith.muli"(%48, %78) : (i32, i32) -> i32
      %80 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %79) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %81 = "stable_mosaic.tpu.memref_slice"(%arg7, %53, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %82 = "stable_mosaic.tpu.memref_squeeze"(%81) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %83 = "stable_mosaic.tpu.memref_slice"(%arg8, %53) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %84 = "stable_mosaic.tpu.memref_squeeze"(%83) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%84, %80, %82) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
      %85 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %86 = "stable_mosaic.vector.load"(%82, %85, %85) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
      %87 = "stable_mosaic.arith.muli"(%48, %78) : (i32, i32) -> i32
      %88 = "stable_mosaic.tpu.memref_slice"(%arg3, %87, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<576x49152xi8, #tpu.memory_space<any>>, i32, i32) -> memref<576x128xi8, #tpu.memory_space<any>>
      %89 = "stable_mosaic.tpu.memref_slice"(%arg9, %53, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x576x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x576x128xi8, #tpu.memory_space<vmem>>
      %90 = "stable_mosaic.tpu.memref_squeeze"(%89) : (memref<1x576x128xi8, #tpu.memory_space<vmem>>) -> memref<576x128xi8, #tpu.memory_space<vmem>>
      %91 = "stable_mosaic.tpu.memref_slice"(%arg10, %53) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %92 = "stable_mosaic.tpu.memref_squeeze"(%91) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%92, %88, %90) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<576x128xi8, #tpu.memory_space<any>>, memref<576x128xi8, #tpu.memory_space<vmem>>) -> ()
      %93 = "stable_mosaic.vector.load"(%90, %85, %85) : (memref<576x128xi8, #tpu.memory_space<vmem>>, index, index) -> vector<576x128xi8>
      %94 = "stable_mosaic.arith.extsi"(%93) : (vector<576x128xi8>) -> vector<576x128xi32>
      %95 = "stable_mosaic.arith.constant"() {value = 18 : i32} : () -> i32
      %96 = "stable_mosaic.arith.muli"(%48, %95) : (i32, i32) -> i32
      %97 = "stable_mosaic.tpu.memref_slice"(%arg4, %96, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<18x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<18x128xf32, #tpu.memory_space<any>>
      %98 = "stable_mosaic.tpu.memref_slice"(%arg11, %53, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x18x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x18x128xf32, #tpu.memory_space<vmem>>
      %99 = "stable_mosaic.tpu.memref_squeeze"(%98) : (memref<1x18x128xf32, #tpu.memory_space<vmem>>) -> memref<18x128xf32, #tpu.memory_space<vmem>>
      %100 = "stable_mosaic.tpu.memref_slice"(%arg12, %53) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %101 = "stable_mosaic.tpu.memref_squeeze"(%100) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%101, %97, %99) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<18x128xf32, #tpu.memory_space<any>>, memref<18x128xf32, #tpu.memory_space<vmem>>) -> ()
      %102 = "stable_mosaic.vector.load"(%99, %85, %85) : (memref<18x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<18x128xf32>
      %103 = "stable_mosaic.arith.sitofp"(%94) : (vector<576x128xi32>) -> vector<576x128xf32>
      %104 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<576x128xf32>} : () -> vector<576x128xf32>
      %105 = "stable_mosaic.tpu.matmul"(%22, %102, %104) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<576x18xf32>, vector<18x128xf32>, vector<576x128xf32>) -> vector<576x128xf32>
      %106 = "stable_mosaic.arith.mulf"(%103, %105) : (vector<576x128xf32>, vector<576x128xf32>) -> vector<576x128xf32>
      %107 = "stable_mosaic.tpu.matmul"(%86, %106, %23) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x576xf32>, vector<576x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %108 = "stable_mosaic.arith.addf"(%49, %107) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      "stable_mosaic.scf.yield"(%108) : (vector<8x128xf32>) -> ()
    }) : (i32, i32, i32, vector<8x128xf32>) -> (vector<8x128xf32>)
    %109 = "stable_mosaic.arith.index_cast"(%5) : (i32) -> index
    "stable_mosaic.vector.store"(%47, %arg13, %109, %109) : (vector<8x128xf32>, memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %110 = "stable_mosaic.tpu.memref_slice"(%arg6, %1, %3) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg13, %110, %arg14) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<vmem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg14, %arg13, %110) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<8x128xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<16x576xf32, #tpu.memory_space<any>>, memref<576x49152xi8, #tpu.memory_space<any>>, memref<18x49152xf32, #tpu.memory_space<any>>, memref<16x49152xf32, #tpu.memory_space<any>>, memref<16x49152xf32, #tpu.memory_space<any>>, memref<2x8x576xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x576x128xi8, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x18x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2, 384>, scalar_prefetch = 0 : i64, scratch_operands = 8 : i64, sym_name = "matmul_q8_0_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
