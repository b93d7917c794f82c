"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<16x1536xf32, #tpu.memory_space<any>>, %arg3: memref<768x576xi8, #tpu.memory_space<any>>, %arg4: memref<48x576xf32, #tpu.memory_space<any>>, %arg5: memref<48x576xf32, #tpu.memory_space<any>>, %arg6: memref<16x576xf32, #tpu.memory_space<any>>, %arg7: memref<16x576xf32, #tpu.memory_space<any>>, %arg8: memref<2x128x576xi8, #tpu.memory_space<vmem>>, %arg9: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg10: memref<2x8x576xf32, #tpu.memory_space<vmem>>, %arg11: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg12: memref<2x8x576xf32, #tpu.memory_space<vmem>>, %arg13: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2x8x128xf32, #tpu.memory_space<vmem>>, %arg15: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<2x8x128xf32, #tpu.memory_space<vmem>>, %arg17: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg19: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 576 : i32} : () -> i32
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
    %24 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
    %25 = "stable_mosaic.vector.broadcast"(%24) : (i32) -> vector<128x8xi32>
    %26 = "stable_mosaic.arith.addi"(%23, %25) : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %27 = "stable_mosaic.vector.broadcast"(%8) : (i32) -> vector<128x8xi32>
    %28 = "stable_mosaic.arith.cmpi"(%27, %10) {predicate = 9 : i64} : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi1>
    %29 = "stable_mosaic.arith.select"(%28, %13, %27) : (vector<128x8xi1>, vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %30 = "stable_mosaic.arith.shrsi"(%26, %29) : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi32>
    %31 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<128x8xi32>
    %32 = "stable_mosaic.arith.cmpi"(%30, %31) {predicate = 0 : i64} : (vector<128x8xi32>, vector<128x8xi32>) -> vector<128x8xi1>
    %33 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<128x8xf32>
    %34 = "stable_mosaic.vector.broadcast"(%19) : (f32) -> vector<128x8xf32>
    %35 = "stable_mosaic.arith.select"(%32, %33, %34) : (vector<128x8xi1>, vector<128x8xf32>, vector<128x8xf32>) -> vector<128x8xf32>
    %36 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x576xf32>} : () -> vector<8x576xf32>
    %37 = "stable_mosaic.arith.constant"() {value = 6 : i32} : () -> i32
    %38 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %39 = "stable_mosaic.arith.addi"(%5, %5) : (i32, i32) -> i32
    %40 = "stable_mosaic.arith.cmpi"(%39, %37) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%40) ({
      %41 = "stable_mosaic.arith.muli"(%39, %24) : (i32, i32) -> i32
      %42 = "stable_mosaic.arith.muli"(%39, %0) : (i32, i32) -> i32
      %43 = "stable_mosaic.arith.muli"(%39, %0) : (i32, i32) -> i32
      %44 = "stable_mosaic.arith.constant"() {value = 256 : i32} : () -> i32
      %45 = "stable_mosaic.arith.muli"(%39, %44) : (i32, i32) -> i32
      %46 = "stable_mosaic.arith.muli"(%39, %44) : (i32, i32) -> i32
      %47 = "stable_mosaic.arith.addi"(%46, %24) : (i32, i32) -> i32
      %48 = "stable_mosaic.tpu.memref_slice"(%arg3, %41, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<768x576xi8, #tpu.memory_space<any>>, i32, i32) -> memref<128x576xi8, #tpu.memory_space<any>>
      %49 = "stable_mosaic.tpu.memref_slice"(%arg8, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x128x576xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x128x576xi8, #tpu.memory_space<vmem>>
      %50 = "stable_mosaic.tpu.memref_squeeze"(%49) : (memref<1x128x576xi8, #tpu.memory_space<vmem>>) -> memref<128x576xi8, #tpu.memory_space<vmem>>
      %51 = "stable_mosaic.tpu.memref_slice"(%arg9, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %52 = "stable_mosaic.tpu.memref_squeeze"(%51) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%48, %50, %52) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<128x576xi8, #tpu.memory_space<any>>, memref<128x576xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %53 = "stable_mosaic.tpu.memref_slice"(%arg4, %42, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<48x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %54 = "stable_mosaic.tpu.memref_slice"(%arg10, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %55 = "stable_mosaic.tpu.memref_squeeze"(%54) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %56 = "stable_mosaic.tpu.memref_slice"(%arg11, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %57 = "stable_mosaic.tpu.memref_squeeze"(%56) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%53, %55, %57) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %58 = "stable_mosaic.tpu.memref_slice"(%arg5, %43, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<48x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %59 = "stable_mosaic.tpu.memref_slice"(%arg12, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %60 = "stable_mosaic.tpu.memref_squeeze"(%59) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %61 = "stable_mosaic.tpu.memref_slice"(%arg13, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %62 = "stable_mosaic.tpu.memref_squeeze"(%61) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%58, %60, %62) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %63 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %45) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %64 = "stable_mosaic.tpu.memref_slice"(%arg14, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %65 = "stable_mosaic.tpu.memref_squeeze"(%64) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %66 = "stable_mosaic.tpu.memref_slice"(%arg15, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %67 = "stable_mosaic.tpu.memref_squeeze"(%66) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%63, %65, %67) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %68 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %47) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %69 = "stable_mosaic.tpu.memref_slice"(%arg16, %5, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %70 = "stable_mosaic.tpu.memref_squeeze"(%69) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %71 = "stable_mosaic.tpu.memref_slice"(%arg17, %5) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %72 = "stable_mosaic.tpu.memref_squeeze"(%71) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%68, %70, %72) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %73 = "stable_mosaic.scf.for"(%5, %37, %38, %36) ({
    ^bb0(%74: i32, %75: vector<8x576xf32>):
      %76 = "stable_mosaic.arith.subi"(%74, %5) : (i32, i32) -> i32
      %77 = "stable_mosaic.arith.divsi"(%76, %38) : (i32, i32) -> i32
      %78 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %79 = "stable_mosaic.arith.remsi"(%77, %78) : (i32, i32) -> i32
      %80 = "stable_mosaic.arith.addi"(%77, %38) : (i32, i32) -> i32
      %81 = "stable_mosaic.arith.remsi"(%80, %78) : (i32, i32) -> i32
      %82 = "stable_mosaic.arith.addi"(%74, %38) : (i32, i32) -> i32
      %83 = "stable_mosaic.arith.cmpi"(%82, %37) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%83) ({
        %84 = "stable_mosaic.arith.muli"(%82, %24) : (i32, i32) -> i32
        %85 = "stable_mosaic.arith.muli"(%82, %0) : (i32, i32) -> i32
        %86 = "stable_mosaic.arith.muli"(%82, %0) : (i32, i32) -> i32
        %87 = "stable_mosaic.arith.constant"() {value = 256 : i32} : () -> i32
        %88 = "stable_mosaic.arith.muli"(%82, %87) : (i32, i32) -> i32
        %89 = "stable_mosaic.arith.muli"(%82, %87) : (i32, i32) -> i32
        %90 = "stable_mosaic.arith.addi"(%89, %24) : (i32, i32) -> i32
        %91 = "stable_mosaic.tpu.memref_slice"(%arg3, %84, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<768x576xi8, #tpu.memory_space<any>>, i32, i32) -> memref<128x576xi8, #tpu.memory_space<any>>
        %92 = "stable_mosaic.tpu.memref_slice"(%arg8, %81, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x128x576xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x128x576xi8, #tpu.memory_space<vmem>>
        %93 = "stable_mosaic.tpu.memref_squeeze"(%92) : (memref<1x128x576xi8, #tpu.memory_space<vmem>>) -> memref<128x576xi8, #tpu.memory_space<vmem>>
        %94 = "stable_mosaic.tpu.memref_slice"(%arg9, %81) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %95 = "stable_mosaic.tpu.memref_squeeze"(%94) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%91, %93, %95) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<128x576xi8, #tpu.memory_space<any>>, memref<128x576xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %96 = "stable_mosaic.tpu.memref_slice"(%arg4, %85, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<48x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
        %97 = "stable_mosaic.tpu.memref_slice"(%arg10, %81, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
        %98 = "stable_mosaic.tpu.memref_squeeze"(%97) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
        %99 = "stable_mosaic.tpu.memref_slice"(%arg11, %81) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %100 = "stable_mosaic.tpu.memref_squeeze"(%99) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%96, %98, %100) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %101 = "stable_mosaic.tpu.memref_slice"(%arg5, %86, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<48x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
        %102 = "stable_mosaic.tpu.memref_slice"(%arg12, %81, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
        %103 = "stable_mosaic.tpu.memref_squeeze"(%102) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
        %104 = "stable_mosaic.tpu.memref_slice"(%arg13, %81) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %105 = "stable_mosaic.tpu.memref_squeeze"(%104) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%101, %103, %105) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %106 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %88) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        %107 = "stable_mosaic.tpu.memref_slice"(%arg14, %81, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
        %108 = "stable_mosaic.tpu.memref_squeeze"(%107) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
        %109 = "stable_mosaic.tpu.memref_slice"(%arg15, %81) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %110 = "stable_mosaic.tpu.memref_squeeze"(%109) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%106, %108, %110) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %111 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %90) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        %112 = "stable_mosaic.tpu.memref_slice"(%arg16, %81, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
        %113 = "stable_mosaic.tpu.memref_squeeze"(%112) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
        %114 = "stable_mosaic.tpu.memref_slice"(%arg17, %81) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %115 = "stable_mosaic.tpu.memref_squeeze"(%114) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%111, %113, %115) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %116 = "stable_mosaic.arith.muli"(%74, %24) : (i32, i32) -> i32
      %117 = "stable_mosaic.tpu.memref_slice"(%arg3, %116, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<768x576xi8, #tpu.memory_space<any>>, i32, i32) -> memref<128x576xi8, #tpu.memory_space<any>>
      %118 = "stable_mosaic.tpu.memref_slice"(%arg8, %79, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x128x576xi8, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x128x576xi8, #tpu.memory_space<vmem>>
      %119 = "stable_mosaic.tpu.memref_squeeze"(%118) : (memref<1x128x576xi8, #tpu.memory_space<vmem>>) -> memref<128x576xi8, #tpu.memory_space<vmem>>
      %120 = "stable_mosaic.tpu.memref_slice"(%arg9, %79) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %121 = "stable_mosaic.tpu.memref_squeeze"(%120) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%121, %117, %119) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<128x576xi8, #tpu.memory_space<any>>, memref<128x576xi8, #tpu.memory_space<vmem>>) -> ()
      %122 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %123 = "stable_mosaic.vector.load"(%119, %122, %122) : (memref<128x576xi8, #tpu.memory_space<vmem>>, index, index) -> vector<128x576xi8>
      %124 = "stable_mosaic.arith.extui"(%123) : (vector<128x576xi8>) -> vector<128x576xi32>
      %125 = "stable_mosaic.arith.muli"(%74, %0) : (i32, i32) -> i32
      %126 = "stable_mosaic.tpu.memref_slice"(%arg4, %125, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<48x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %127 = "stable_mosaic.tpu.memref_slice"(%arg10, %79, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %128 = "stable_mosaic.tpu.memref_squeeze"(%127) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %129 = "stable_mosaic.tpu.memref_slice"(%arg11, %79) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %130 = "stable_mosaic.tpu.memref_squeeze"(%129) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%130, %126, %128) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
      %131 = "stable_mosaic.vector.load"(%128, %122, %122) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
      %132 = "stable_mosaic.arith.muli"(%74, %0) : (i32, i32) -> i32
      %133 = "stable_mosaic.tpu.memref_slice"(%arg5, %132, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<48x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
      %134 = "stable_mosaic.tpu.memref_slice"(%arg12, %79, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x576xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x576xf32, #tpu.memory_space<vmem>>
      %135 = "stable_mosaic.tpu.memref_squeeze"(%134) : (memref<1x8x576xf32, #tpu.memory_space<vmem>>) -> memref<8x576xf32, #tpu.memory_space<vmem>>
      %136 = "stable_mosaic.tpu.memref_slice"(%arg13, %79) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %137 = "stable_mosaic.tpu.memref_squeeze"(%136) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%137, %133, %135) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
      %138 = "stable_mosaic.vector.load"(%135, %122, %122) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
      %139 = "stable_mosaic.arith.constant"() {value = 15 : i32} : () -> i32
      %140 = "stable_mosaic.vector.broadcast"(%139) : (i32) -> vector<128x576xi32>
      %141 = "stable_mosaic.arith.andi"(%124, %140) : (vector<128x576xi32>, vector<128x576xi32>) -> vector<128x576xi32>
      %142 = "stable_mosaic.arith.constant"() {value = 4 : i32} : () -> i32
      %143 = "stable_mosaic.vector.broadcast"(%142) : (i32) -> vector<128x576xi32>
      %144 = "stable_mosaic.arith.constant"() {value = dense<255> : vector<128x576xi32>} : () -> vector<128x576xi32>
      %145 = "stable_mosaic.arith.andi"(%143, %144) : (vector<128x576xi32>, vector<128x576xi32>) -> vector<128x576xi32>
      %146 = "stable_mosaic.arith.constant"() {value = dense<8> : vector<128x576xi32>} : () -> vector<128x576xi32>
      %147 = "stable_mosaic.arith.cmpi"(%145, %146) {predicate = 9 : i64} : (vector<128x576xi32>, vector<128x576xi32>) -> vector<128x576xi1>
      %148 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<128x576xi32>} : () -> vector<128x576xi32>
      %149 = "stable_mosaic.arith.select"(%147, %148, %145) : (vector<128x576xi1>, vector<128x576xi32>, vector<128x576xi32>) -> vector<128x576xi32>
      %150 = "stable_mosaic.arith.shrui"(%124, %149) : (vector<128x576xi32>, vector<128x576xi32>) -> vector<128x576xi32>
      %151 = "stable_mosaic.arith.select"(%147, %148, %150) : (vector<128x576xi1>, vector<128x576xi32>, vector<128x576xi32>) -> vector<128x576xi32>
      %152 = "stable_mosaic.arith.sitofp"(%141) : (vector<128x576xi32>) -> vector<128x576xf32>
      %153 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<128x576xf32>} : () -> vector<128x576xf32>
      %154 = "stable_mosaic.tpu.matmul"(%22, %131, %153) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<128x8xf32>, vector<8x576xf32>, vector<128x576xf32>) -> vector<128x576xf32>
      %155 = "stable_mosaic.arith.mulf"(%152, %154) : (vector<128x576xf32>, vector<128x576xf32>) -> vector<128x576xf32>
      %156 = "stable_mosaic.tpu.matmul"(%22, %138, %153) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<128x8xf32>, vector<8x576xf32>, vector<128x576xf32>) -> vector<128x576xf32>
      %157 = "stable_mosaic.arith.addf"(%155, %156) : (vector<128x576xf32>, vector<128x576xf32>) -> vector<128x576xf32>
      %158 = "stable_mosaic.arith.sitofp"(%151) : (vector<128x576xi32>) -> vector<128x576xf32>
      %159 = "stable_mosaic.tpu.matmul"(%35, %131, %153) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<128x8xf32>, vector<8x576xf32>, vector<128x576xf32>) -> vector<128x576xf32>
      %160 = "stable_mosaic.arith.mulf"(%158, %159) : (vector<128x576xf32>, vector<128x576xf32>) -> vector<128x576xf32>
      %161 = "stable_mosaic.tpu.matmul"(%35, %138, %153) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<128x8xf32>, vector<8x576xf32>, vector<128x576xf32>) -> vector<128x576xf32>
      %162 = "stable_mosaic.arith.addf"(%160, %161) : (vector<128x576xf32>, vector<128x576xf32>) -> vector<128x576xf32>
      %163 = "stable_mosaic.arith.constant"() {value = 256 : i32} : () -> i32
      %164 = "stable_mosaic.arith.muli"(%74, %163) : (i32, i32) -> i32
      %165 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %164) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %166 = "stable_mosaic.tpu.memref_slice"(%arg14, %79, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %167 = "stable_mosaic.tpu.memref_squeeze"(%166) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %168 = "stable_mosaic.tpu.memref_slice"(%arg15, %79) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %169 = "stable_mosaic.tpu.memref_squeeze"(%168) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%169, %165, %167) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %170 = "stable_mosaic.vector.load"(%167, %122, %122) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %171 = "stable_mosaic.arith.muli"(%74, %163) : (i32, i32) -> i32
      %172 = "stable_mosaic.arith.addi"(%171, %24) : (i32, i32) -> i32
      %173 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %172) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      %174 = "stable_mosaic.tpu.memref_slice"(%arg16, %79, %5, %5) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<2x8x128xf32, #tpu.memory_space<vmem>>, i32, i32, i32) -> memref<1x8x128xf32, #tpu.memory_space<vmem>>
      %175 = "stable_mosaic.tpu.memref_squeeze"(%174) : (memref<1x8x128xf32, #tpu.memory_space<vmem>>) -> memref<8x128xf32, #tpu.memory_space<vmem>>
      %176 = "stable_mosaic.tpu.memref_slice"(%arg17, %79) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %177 = "stable_mosaic.tpu.memref_squeeze"(%176) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%177, %173, %175) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %178 = "stable_mosaic.vector.load"(%175, %122, %122) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %179 = "stable_mosaic.tpu.matmul"(%170, %157, %36) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xf32>, vector<128x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %180 = "stable_mosaic.tpu.matmul"(%178, %162, %36) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xf32>, vector<128x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %181 = "stable_mosaic.arith.addf"(%179, %180) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %182 = "stable_mosaic.arith.addf"(%75, %181) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      "stable_mosaic.scf.yield"(%182) : (vector<8x576xf32>) -> ()
    }) : (i32, i32, i32, vector<8x576xf32>) -> (vector<8x576xf32>)
    %183 = "stable_mosaic.arith.index_cast"(%5) : (i32) -> index
    "stable_mosaic.vector.store"(%73, %arg18, %183, %183) : (vector<8x576xf32>, memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %184 = "stable_mosaic.tpu.memref_slice"(%arg7, %1, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg18, %184, %arg19) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg19, %arg18, %184) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<16x1536xf32, #tpu.memory_space<any>>, memref<768x576xi8, #tpu.memory_space<any>>, memref<48x576xf32, #tpu.memory_space<any>>, memref<48x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<2x128x576xi8, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x576xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x576xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x8x128xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2, 1>, scalar_prefetch = 0 : i64, scratch_operands = 12 : i64, sym_name = "matmul_q4_1_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
