"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: memref<16x49152xf32, #tpu.memory_space<any>>, %arg2: memref<16x1xi32, #tpu.memory_space<any>>, %arg3: memref<16x1xf32, #tpu.memory_space<any>>, %arg4: memref<16x1xf32, #tpu.memory_space<any>>, %arg5: memref<16x1xf32, #tpu.memory_space<any>>, %arg6: memref<16x1xi32, #tpu.memory_space<any>>, %arg7: memref<16x1xi32, #tpu.memory_space<any>>, %arg8: memref<8x1xf32, #tpu.memory_space<vmem>>, %arg9: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg10: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg11: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg12: memref<8x1xi32, #tpu.memory_space<vmem>>, %arg13: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg15: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg17: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<8x1xf32, #tpu.memory_space<vmem>>, %arg19: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg20: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg21: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg22: memref<8x1xf32, #tpu.memory_space<vmem>>, %arg23: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg24: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg25: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg26: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg27: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg28: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg29: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg30: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg31: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg32: memref<8x1xi32, #tpu.memory_space<vmem>>, %arg33: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %3 = "stable_mosaic.tpu.memref_slice"(%arg3, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%3, %arg8, %arg9) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1xf32, #tpu.memory_space<any>>, memref<8x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %4 = "stable_mosaic.tpu.memref_slice"(%arg3, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg9, %4, %arg8) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xf32, #tpu.memory_space<any>>, memref<8x1xf32, #tpu.memory_space<vmem>>) -> ()
    %5 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %6 = "stable_mosaic.vector.load"(%arg8, %5, %5) : (memref<8x1xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x1xf32>
    %7 = "stable_mosaic.vector.shape_cast"(%6) : (vector<8x1xf32>) -> vector<8xf32>
    %8 = "stable_mosaic.arith.constant"() {value = dense<49151> : vector<8xi32>} : () -> vector<8xi32>
    %9 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<8xf32>} : () -> vector<8xf32>
    %10 = "stable_mosaic.arith.constant"() {value = 384 : i32} : () -> i32
    %11 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %12 = "stable_mosaic.scf.for"(%2, %10, %11, %9) ({
    ^bb0(%13: i32, %14: vector<8xf32>):
      %15 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %16 = "stable_mosaic.arith.muli"(%13, %15) : (i32, i32) -> i32
      %17 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %16) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%17, %arg10, %arg11) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %18 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %16) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg11, %18, %arg10) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %19 = "stable_mosaic.vector.load"(%arg10, %5, %5) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %20 = "stable_mosaic.arith.cmpf"(%19, %19) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %21 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %22 = "stable_mosaic.vector.broadcast"(%21) : (f32) -> vector<8x128xf32>
      %23 = "stable_mosaic.arith.select"(%20, %19, %22) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %24 = "stable_mosaic.vector.multi_reduction"(%23, %9) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<8x128xf32>, vector<8xf32>) -> vector<8xf32>
      %25 = "stable_mosaic.arith.maximumf"(%14, %24) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      "stable_mosaic.scf.yield"(%25) : (vector<8xf32>) -> ()
    }) : (i32, i32, i32, vector<8xf32>) -> (vector<8xf32>)
    %26 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
    %27 = "stable_mosaic.vector.broadcast"(%26) : (f32) -> vector<8xf32>
    %28 = "stable_mosaic.arith.cmpf"(%12, %27) {predicate = 2 : i64} : (vector<8xf32>, vector<8xf32>) -> vector<8xi1>
    %29 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %30 = "stable_mosaic.vector.broadcast"(%29) : (f32) -> vector<8xf32>
    %31 = "stable_mosaic.arith.select"(%28, %12, %30) : (vector<8xi1>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %32 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xi32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xi32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%32, %arg12, %arg13) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1xi32, #tpu.memory_space<any>>, memref<8x1xi32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %33 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xi32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xi32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg13, %33, %arg12) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xi32, #tpu.memory_space<any>>, memref<8x1xi32, #tpu.memory_space<vmem>>) -> ()
    %34 = "stable_mosaic.vector.load"(%arg12, %5, %5) : (memref<8x1xi32, #tpu.memory_space<vmem>>, index, index) -> vector<8x1xi32>
    %35 = "stable_mosaic.vector.shape_cast"(%34) : (vector<8x1xi32>) -> vector<8xi32>
    %36 = "stable_mosaic.arith.constant"() {value = dense<-2139095041> : vector<8xi32>} : () -> vector<8xi32>
    %37 = "stable_mosaic.arith.constant"() {value = dense<2139095040> : vector<8xi32>} : () -> vector<8xi32>
    %38 = "stable_mosaic.arith.constant"() {value = 32 : i32} : () -> i32
    %39:2 = "stable_mosaic.scf.for"(%2, %38, %11, %36, %37) ({
    ^bb0(%40: i32, %41: vector<8xi32>, %42: vector<8xi32>):
      %43 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %44 = "stable_mosaic.arith.constant"() {value = dense<32> : vector<8xi32>} : () -> vector<8xi32>
      %45 = "stable_mosaic.arith.cmpi"(%43, %44) {predicate = 9 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
      %46 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<8xi32>} : () -> vector<8xi32>
      %47 = "stable_mosaic.arith.constant"() {value = dense<31> : vector<8xi32>} : () -> vector<8xi32>
      %48 = "stable_mosaic.arith.select"(%45, %47, %43) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %49 = "stable_mosaic.arith.shrsi"(%41, %48) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %50 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %51 = "stable_mosaic.arith.cmpi"(%50, %44) {predicate = 9 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
      %52 = "stable_mosaic.arith.select"(%51, %47, %50) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %53 = "stable_mosaic.arith.shrsi"(%42, %52) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %54 = "stable_mosaic.arith.addi"(%49, %53) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %55 = "stable_mosaic.arith.ori"(%41, %42) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %56 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %57 = "stable_mosaic.arith.andi"(%55, %56) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %58 = "stable_mosaic.arith.addi"(%54, %57) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %59 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<8xi32>
      %60 = "stable_mosaic.arith.cmpi"(%58, %59) {predicate = 2 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
      %61 = "stable_mosaic.arith.constant"() {value = 2147483647 : i32} : () -> i32
      %62 = "stable_mosaic.vector.broadcast"(%61) : (i32) -> vector<8xi32>
      %63 = "stable_mosaic.arith.xori"(%58, %62) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %64 = "stable_mosaic.arith.select"(%60, %63, %58) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %65 = "stable_mosaic.arith.bitcast"(%64) : (vector<8xi32>) -> vector<8xf32>
      %66 = "stable_mosaic.scf.for"(%2, %10, %11, %46) ({
      ^bb0(%67: i32, %68: vector<8xi32>):
        %69 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
        %70 = "stable_mosaic.arith.muli"(%67, %69) : (i32, i32) -> i32
        %71 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %70) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        "stable_mosaic.tpu.enqueue_dma"(%71, %arg14, %arg15) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %72 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %70) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        "stable_mosaic.tpu.wait_dma2"(%arg15, %72, %arg14) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
        %73 = "stable_mosaic.vector.load"(%arg14, %5, %5) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
        %74 = "stable_mosaic.arith.cmpf"(%73, %73) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
        %75 = "stable_mosaic.vector.broadcast"(%26) : (f32) -> vector<8x128xf32>
        %76 = "stable_mosaic.arith.select"(%74, %73, %75) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %77 = "stable_mosaic.vector.shape_cast"(%65) : (vector<8xf32>) -> vector<8x1xf32>
        %78 = "stable_mosaic.vector.broadcast"(%77) : (vector<8x1xf32>) -> vector<8x128xf32>
        %79 = "stable_mosaic.arith.cmpf"(%76, %78) {predicate = 3 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
        %80 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8x128xi32>
        %81 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<8x128xi32>
        %82 = "stable_mosaic.arith.select"(%79, %80, %81) : (vector<8x128xi1>, vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
        %83 = "stable_mosaic.vector.multi_reduction"(%82, %46) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x128xi32>, vector<8xi32>) -> vector<8xi32>
        %84 = "stable_mosaic.arith.addi"(%68, %83) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
        "stable_mosaic.scf.yield"(%84) : (vector<8xi32>) -> ()
      }) : (i32, i32, i32, vector<8xi32>) -> (vector<8xi32>)
      %85 = "stable_mosaic.arith.cmpi"(%66, %35) {predicate = 5 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
      %86 = "stable_mosaic.arith.select"(%85, %58, %41) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %87 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %88 = "stable_mosaic.arith.subi"(%58, %87) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %89 = "stable_mosaic.arith.select"(%85, %42, %88) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      "stable_mosaic.scf.yield"(%86, %89) : (vector<8xi32>, vector<8xi32>) -> ()
    }) : (i32, i32, i32, vector<8xi32>, vector<8xi32>) -> (vector<8xi32>, vector<8xi32>)
    %90 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<8xi32>
    %91 = "stable_mosaic.arith.cmpi"(%39#0, %90) {predicate = 2 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
    %92 = "stable_mosaic.arith.constant"() {value = 2147483647 : i32} : () -> i32
    %93 = "stable_mosaic.vector.broadcast"(%92) : (i32) -> vector<8xi32>
    %94 = "stable_mosaic.arith.xori"(%39#0, %93) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %95 = "stable_mosaic.arith.select"(%91, %94, %39#0) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %96 = "stable_mosaic.arith.bitcast"(%95) : (vector<8xi32>) -> vector<8xf32>
    %97 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8xf32>} : () -> vector<8xf32>
    %98 = "stable_mosaic.scf.for"(%2, %10, %11, %97) ({
    ^bb0(%99: i32, %100: vector<8xf32>):
      %101 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %102 = "stable_mosaic.arith.muli"(%99, %101) : (i32, i32) -> i32
      %103 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %102) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%103, %arg16, %arg17) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %104 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %102) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg17, %104, %arg16) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %105 = "stable_mosaic.vector.load"(%arg16, %5, %5) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %106 = "stable_mosaic.arith.cmpf"(%105, %105) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %107 = "stable_mosaic.vector.broadcast"(%26) : (f32) -> vector<8x128xf32>
      %108 = "stable_mosaic.arith.select"(%106, %105, %107) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %109 = "stable_mosaic.vector.shape_cast"(%96) : (vector<8xf32>) -> vector<8x1xf32>
      %110 = "stable_mosaic.vector.broadcast"(%109) : (vector<8x1xf32>) -> vector<8x128xf32>
      %111 = "stable_mosaic.arith.cmpf"(%108, %110) {predicate = 3 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %112 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x128xi32>
      %113 = "stable_mosaic.arith.muli"(%99, %101) : (i32, i32) -> i32
      %114 = "stable_mosaic.vector.broadcast"(%113) : (i32) -> vector<8x128xi32>
      %115 = "stable_mosaic.arith.addi"(%112, %114) : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
      %116 = "stable_mosaic.vector.shape_cast"(%8) : (vector<8xi32>) -> vector<8x1xi32>
      %117 = "stable_mosaic.vector.broadcast"(%116) : (vector<8x1xi32>) -> vector<8x128xi32>
      %118 = "stable_mosaic.arith.cmpi"(%115, %117) {predicate = 3 : i64} : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi1>
      %119 = "stable_mosaic.arith.andi"(%111, %118) : (vector<8x128xi1>, vector<8x128xi1>) -> vector<8x128xi1>
      %120 = "stable_mosaic.vector.shape_cast"(%31) : (vector<8xf32>) -> vector<8x1xf32>
      %121 = "stable_mosaic.vector.broadcast"(%120) : (vector<8x1xf32>) -> vector<8x128xf32>
      %122 = "stable_mosaic.arith.subf"(%108, %121) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %123 = "stable_mosaic.vector.shape_cast"(%7) : (vector<8xf32>) -> vector<8x1xf32>
      %124 = "stable_mosaic.vector.broadcast"(%123) : (vector<8x1xf32>) -> vector<8x128xf32>
      %125 = "stable_mosaic.arith.mulf"(%122, %124) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %126 = "stable_mosaic.math.exp"(%125) : (vector<8x128xf32>) -> vector<8x128xf32>
      %127 = "stable_mosaic.vector.broadcast"(%29) : (f32) -> vector<8x128xf32>
      %128 = "stable_mosaic.arith.select"(%119, %126, %127) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %129 = "stable_mosaic.vector.multi_reduction"(%128, %97) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x128xf32>, vector<8xf32>) -> vector<8xf32>
      %130 = "stable_mosaic.arith.addf"(%100, %129) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      "stable_mosaic.scf.yield"(%130) : (vector<8xf32>) -> ()
    }) : (i32, i32, i32, vector<8xf32>) -> (vector<8xf32>)
    %131 = "stable_mosaic.tpu.memref_slice"(%arg4, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%131, %arg18, %arg19) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1xf32, #tpu.memory_space<any>>, memref<8x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %132 = "stable_mosaic.tpu.memref_slice"(%arg4, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg19, %132, %arg18) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xf32, #tpu.memory_space<any>>, memref<8x1xf32, #tpu.memory_space<vmem>>) -> ()
    %133 = "stable_mosaic.vector.load"(%arg18, %5, %5) : (memref<8x1xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x1xf32>
    %134 = "stable_mosaic.vector.shape_cast"(%133) : (vector<8x1xf32>) -> vector<8xf32>
    %135 = "stable_mosaic.arith.mulf"(%98, %134) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %136 = "stable_mosaic.arith.bitcast"(%96) : (vector<8xf32>) -> vector<8xi32>
    %137 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<8xi32>
    %138 = "stable_mosaic.arith.cmpi"(%136, %137) {predicate = 2 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
    %139 = "stable_mosaic.vector.broadcast"(%92) : (i32) -> vector<8xi32>
    %140 = "stable_mosaic.arith.xori"(%136, %139) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %141 = "stable_mosaic.arith.select"(%138, %140, %136) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %142:2 = "stable_mosaic.scf.for"(%2, %38, %11, %141, %37) ({
    ^bb0(%143: i32, %144: vector<8xi32>, %145: vector<8xi32>):
      %146 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %147 = "stable_mosaic.arith.constant"() {value = dense<32> : vector<8xi32>} : () -> vector<8xi32>
      %148 = "stable_mosaic.arith.cmpi"(%146, %147) {predicate = 9 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
      %149 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<8xi32>} : () -> vector<8xi32>
      %150 = "stable_mosaic.arith.constant"() {value = dense<31> : vector<8xi32>} : () -> vector<8xi32>
      %151 = "stable_mosaic.arith.select"(%148, %150, %146) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %152 = "stable_mosaic.arith.shrsi"(%144, %151) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %153 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %154 = "stable_mosaic.arith.cmpi"(%153, %147) {predicate = 9 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
      %155 = "stable_mosaic.arith.select"(%154, %150, %153) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %156 = "stable_mosaic.arith.shrsi"(%145, %155) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %157 = "stable_mosaic.arith.addi"(%152, %156) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %158 = "stable_mosaic.arith.ori"(%144, %145) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %159 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %160 = "stable_mosaic.arith.andi"(%158, %159) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %161 = "stable_mosaic.arith.addi"(%157, %160) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %162 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<8xi32>
      %163 = "stable_mosaic.arith.cmpi"(%161, %162) {predicate = 2 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
      %164 = "stable_mosaic.vector.broadcast"(%92) : (i32) -> vector<8xi32>
      %165 = "stable_mosaic.arith.xori"(%161, %164) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %166 = "stable_mosaic.arith.select"(%163, %165, %161) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %167 = "stable_mosaic.arith.bitcast"(%166) : (vector<8xi32>) -> vector<8xf32>
      %168 = "stable_mosaic.scf.for"(%2, %10, %11, %97) ({
      ^bb0(%169: i32, %170: vector<8xf32>):
        %171 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
        %172 = "stable_mosaic.arith.muli"(%169, %171) : (i32, i32) -> i32
        %173 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %172) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        "stable_mosaic.tpu.enqueue_dma"(%173, %arg20, %arg21) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %174 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %172) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        "stable_mosaic.tpu.wait_dma2"(%arg21, %174, %arg20) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
        %175 = "stable_mosaic.vector.load"(%arg20, %5, %5) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
        %176 = "stable_mosaic.arith.cmpf"(%175, %175) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
        %177 = "stable_mosaic.vector.broadcast"(%26) : (f32) -> vector<8x128xf32>
        %178 = "stable_mosaic.arith.select"(%176, %175, %177) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %179 = "stable_mosaic.vector.shape_cast"(%167) : (vector<8xf32>) -> vector<8x1xf32>
        %180 = "stable_mosaic.vector.broadcast"(%179) : (vector<8x1xf32>) -> vector<8x128xf32>
        %181 = "stable_mosaic.arith.cmpf"(%178, %180) {predicate = 3 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
        %182 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x128xi32>
        %183 = "stable_mosaic.arith.muli"(%169, %171) : (i32, i32) -> i32
        %184 = "stable_mosaic.vector.broadcast"(%183) : (i32) -> vector<8x128xi32>
        %185 = "stable_mosaic.arith.addi"(%182, %184) : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
        %186 = "stable_mosaic.vector.shape_cast"(%8) : (vector<8xi32>) -> vector<8x1xi32>
        %187 = "stable_mosaic.vector.broadcast"(%186) : (vector<8x1xi32>) -> vector<8x128xi32>
        %188 = "stable_mosaic.arith.cmpi"(%185, %187) {predicate = 3 : i64} : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi1>
        %189 = "stable_mosaic.arith.andi"(%181, %188) : (vector<8x128xi1>, vector<8x128xi1>) -> vector<8x128xi1>
        %190 = "stable_mosaic.vector.shape_cast"(%31) : (vector<8xf32>) -> vector<8x1xf32>
        %191 = "stable_mosaic.vector.broadcast"(%190) : (vector<8x1xf32>) -> vector<8x128xf32>
        %192 = "stable_mosaic.arith.subf"(%178, %191) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %193 = "stable_mosaic.vector.shape_cast"(%7) : (vector<8xf32>) -> vector<8x1xf32>
        %194 = "stable_mosaic.vector.broadcast"(%193) : (vector<8x1xf32>) -> vector<8x128xf32>
        %195 = "stable_mosaic.arith.mulf"(%192, %194) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %196 = "stable_mosaic.math.exp"(%195) : (vector<8x128xf32>) -> vector<8x128xf32>
        %197 = "stable_mosaic.vector.broadcast"(%29) : (f32) -> vector<8x128xf32>
        %198 = "stable_mosaic.arith.select"(%189, %196, %197) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %199 = "stable_mosaic.vector.multi_reduction"(%198, %97) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x128xf32>, vector<8xf32>) -> vector<8xf32>
        %200 = "stable_mosaic.arith.addf"(%170, %199) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
        "stable_mosaic.scf.yield"(%200) : (vector<8xf32>) -> ()
      }) : (i32, i32, i32, vector<8xf32>) -> (vector<8xf32>)
      %201 = "stable_mosaic.arith.cmpf"(%168, %135) {predicate = 3 : i64} : (vector<8xf32>, vector<8xf32>) -> vector<8xi1>
      %202 = "stable_mosaic.arith.select"(%201, %161, %144) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %203 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %204 = "stable_mosaic.arith.subi"(%161, %203) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %205 = "stable_mosaic.arith.select"(%201, %145, %204) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      "stable_mosaic.scf.yield"(%202, %205) : (vector<8xi32>, vector<8xi32>) -> ()
    }) : (i32, i32, i32, vector<8xi32>, vector<8xi32>) -> (vector<8xi32>, vector<8xi32>)
    %206 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<8xi32>
    %207 = "stable_mosaic.arith.cmpi"(%142#0, %206) {predicate = 2 : i64} : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
    %208 = "stable_mosaic.vector.broadcast"(%92) : (i32) -> vector<8xi32>
    %209 = "stable_mosaic.arith.xori"(%142#0, %208) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %210 = "stable_mosaic.arith.select"(%207, %209, %142#0) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %211 = "stable_mosaic.arith.bitcast"(%210) : (vector<8xi32>) -> vector<8xf32>
    %212 = "stable_mosaic.tpu.memref_slice"(%arg5, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%212, %arg22, %arg23) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1xf32, #tpu.memory_space<any>>, memref<8x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %213 = "stable_mosaic.tpu.memref_slice"(%arg5, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg23, %213, %arg22) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xf32, #tpu.memory_space<any>>, memref<8x1xf32, #tpu.memory_space<vmem>>) -> ()
    %214 = "stable_mosaic.vector.load"(%arg22, %5, %5) : (memref<8x1xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x1xf32>
    %215 = "stable_mosaic.vector.shape_cast"(%214) : (vector<8x1xf32>) -> vector<8xf32>
    %216 = "stable_mosaic.scf.for"(%2, %10, %11, %97) ({
    ^bb0(%217: i32, %218: vector<8xf32>):
      %219 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %220 = "stable_mosaic.arith.muli"(%217, %219) : (i32, i32) -> i32
      %221 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %220) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%221, %arg24, %arg25) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %222 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %220) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg25, %222, %arg24) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %223 = "stable_mosaic.vector.load"(%arg24, %5, %5) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %224 = "stable_mosaic.arith.cmpf"(%223, %223) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %225 = "stable_mosaic.vector.broadcast"(%26) : (f32) -> vector<8x128xf32>
      %226 = "stable_mosaic.arith.select"(%224, %223, %225) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %227 = "stable_mosaic.vector.shape_cast"(%211) : (vector<8xf32>) -> vector<8x1xf32>
      %228 = "stable_mosaic.vector.broadcast"(%227) : (vector<8x1xf32>) -> vector<8x128xf32>
      %229 = "stable_mosaic.arith.cmpf"(%226, %228) {predicate = 3 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %230 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x128xi32>
      %231 = "stable_mosaic.arith.muli"(%217, %219) : (i32, i32) -> i32
      %232 = "stable_mosaic.vector.broadcast"(%231) : (i32) -> vector<8x128xi32>
      %233 = "stable_mosaic.arith.addi"(%230, %232) : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
      %234 = "stable_mosaic.vector.shape_cast"(%8) : (vector<8xi32>) -> vector<8x1xi32>
      %235 = "stable_mosaic.vector.broadcast"(%234) : (vector<8x1xi32>) -> vector<8x128xi32>
      %236 = "stable_mosaic.arith.cmpi"(%233, %235) {predicate = 3 : i64} : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi1>
      %237 = "stable_mosaic.arith.andi"(%229, %236) : (vector<8x128xi1>, vector<8x128xi1>) -> vector<8x128xi1>
      %238 = "stable_mosaic.vector.shape_cast"(%31) : (vector<8xf32>) -> vector<8x1xf32>
      %239 = "stable_mosaic.vector.broadcast"(%238) : (vector<8x1xf32>) -> vector<8x128xf32>
      %240 = "stable_mosaic.arith.subf"(%226, %239) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %241 = "stable_mosaic.vector.shape_cast"(%7) : (vector<8xf32>) -> vector<8x1xf32>
      %242 = "stable_mosaic.vector.broadcast"(%241) : (vector<8x1xf32>) -> vector<8x128xf32>
      %243 = "stable_mosaic.arith.mulf"(%240, %242) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %244 = "stable_mosaic.math.exp"(%243) : (vector<8x128xf32>) -> vector<8x128xf32>
      %245 = "stable_mosaic.vector.broadcast"(%29) : (f32) -> vector<8x128xf32>
      %246 = "stable_mosaic.arith.select"(%237, %244, %245) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %247 = "stable_mosaic.vector.multi_reduction"(%246, %97) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x128xf32>, vector<8xf32>) -> vector<8xf32>
      %248 = "stable_mosaic.arith.addf"(%218, %247) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      "stable_mosaic.scf.yield"(%248) : (vector<8xf32>) -> ()
    }) : (i32, i32, i32, vector<8xf32>) -> (vector<8xf32>)
    %249 = "stable_mosaic.arith.mulf"(%216, %215) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %250 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<8xi32>} : () -> vector<8xi32>
    %251 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
    %252:2 = "stable_mosaic.scf.for"(%2, %251, %11, %250, %8) ({
    ^bb0(%253: i32, %254: vector<8xi32>, %255: vector<8xi32>):
      %256 = "stable_mosaic.arith.addi"(%254, %255) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %257 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %258 = "stable_mosaic.vector.broadcast"(%257) : (i32) -> vector<8xi32>
      %259 = "stable_mosaic.arith.divsi"(%256, %258) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %260 = "stable_mosaic.scf.for"(%2, %10, %11, %97) ({
      ^bb0(%261: i32, %262: vector<8xf32>):
        %263 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
        %264 = "stable_mosaic.arith.muli"(%261, %263) : (i32, i32) -> i32
        %265 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %264) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        "stable_mosaic.tpu.enqueue_dma"(%265, %arg26, %arg27) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %266 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %264) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
        "stable_mosaic.tpu.wait_dma2"(%arg27, %266, %arg26) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
        %267 = "stable_mosaic.vector.load"(%arg26, %5, %5) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
        %268 = "stable_mosaic.arith.cmpf"(%267, %267) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
        %269 = "stable_mosaic.vector.broadcast"(%26) : (f32) -> vector<8x128xf32>
        %270 = "stable_mosaic.arith.select"(%268, %267, %269) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %271 = "stable_mosaic.vector.shape_cast"(%211) : (vector<8xf32>) -> vector<8x1xf32>
        %272 = "stable_mosaic.vector.broadcast"(%271) : (vector<8x1xf32>) -> vector<8x128xf32>
        %273 = "stable_mosaic.arith.cmpf"(%270, %272) {predicate = 3 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
        %274 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x128xi32>
        %275 = "stable_mosaic.arith.muli"(%261, %263) : (i32, i32) -> i32
        %276 = "stable_mosaic.vector.broadcast"(%275) : (i32) -> vector<8x128xi32>
        %277 = "stable_mosaic.arith.addi"(%274, %276) : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
        %278 = "stable_mosaic.vector.shape_cast"(%259) : (vector<8xi32>) -> vector<8x1xi32>
        %279 = "stable_mosaic.vector.broadcast"(%278) : (vector<8x1xi32>) -> vector<8x128xi32>
        %280 = "stable_mosaic.arith.cmpi"(%277, %279) {predicate = 3 : i64} : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi1>
        %281 = "stable_mosaic.arith.andi"(%273, %280) : (vector<8x128xi1>, vector<8x128xi1>) -> vector<8x128xi1>
        %282 = "stable_mosaic.vector.shape_cast"(%31) : (vector<8xf32>) -> vector<8x1xf32>
        %283 = "stable_mosaic.vector.broadcast"(%282) : (vector<8x1xf32>) -> vector<8x128xf32>
        %284 = "stable_mosaic.arith.subf"(%270, %283) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %285 = "stable_mosaic.vector.shape_cast"(%7) : (vector<8xf32>) -> vector<8x1xf32>
        %286 = "stable_mosaic.vector.broadcast"(%285) : (vector<8x1xf32>) -> vector<8x128xf32>
        %287 = "stable_mosaic.arith.mulf"(%284, %286) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %288 = "stable_mosaic.math.exp"(%287) : (vector<8x128xf32>) -> vector<8x128xf32>
        %289 = "stable_mosaic.vector.broadcast"(%29) : (f32) -> vector<8x128xf32>
        %290 = "stable_mosaic.arith.select"(%281, %288, %289) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
        %291 = "stable_mosaic.vector.multi_reduction"(%290, %97) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x128xf32>, vector<8xf32>) -> vector<8xf32>
        %292 = "stable_mosaic.arith.addf"(%262, %291) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
        "stable_mosaic.scf.yield"(%292) : (vector<8xf32>) -> ()
      }) : (i32, i32, i32, vector<8xf32>) -> (vector<8xf32>)
      %293 = "stable_mosaic.arith.cmpf"(%260, %249) {predicate = 2 : i64} : (vector<8xf32>, vector<8xf32>) -> vector<8xi1>
      %294 = "stable_mosaic.vector.broadcast"(%11) : (i32) -> vector<8xi32>
      %295 = "stable_mosaic.arith.addi"(%259, %294) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %296 = "stable_mosaic.arith.select"(%293, %254, %295) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %297 = "stable_mosaic.arith.select"(%293, %259, %255) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      "stable_mosaic.scf.yield"(%296, %297) : (vector<8xi32>, vector<8xi32>) -> ()
    }) : (i32, i32, i32, vector<8xi32>, vector<8xi32>) -> (vector<8xi32>, vector<8xi32>)
    %298 = "stable_mosaic.scf.for"(%2, %10, %11, %97) ({
    ^bb0(%299: i32, %300: vector<8xf32>):
      %301 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %302 = "stable_mosaic.arith.muli"(%299, %301) : (i32, i32) -> i32
      %303 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %302) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%303, %arg28, %arg29) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %304 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %302) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg29, %304, %arg28) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %305 = "stable_mosaic.vector.load"(%arg28, %5, %5) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %306 = "stable_mosaic.arith.cmpf"(%305, %305) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %307 = "stable_mosaic.vector.broadcast"(%26) : (f32) -> vector<8x128xf32>
      %308 = "stable_mosaic.arith.select"(%306, %305, %307) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %309 = "stable_mosaic.vector.shape_cast"(%211) : (vector<8xf32>) -> vector<8x1xf32>
      %310 = "stable_mosaic.vector.broadcast"(%309) : (vector<8x1xf32>) -> vector<8x128xf32>
      %311 = "stable_mosaic.arith.cmpf"(%308, %310) {predicate = 3 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %312 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x128xi32>
      %313 = "stable_mosaic.arith.muli"(%299, %301) : (i32, i32) -> i32
      %314 = "stable_mosaic.vector.broadcast"(%313) : (i32) -> vector<8x128xi32>
      %315 = "stable_mosaic.arith.addi"(%312, %314) : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
      %316 = "stable_mosaic.vector.shape_cast"(%252#0) : (vector<8xi32>) -> vector<8x1xi32>
      %317 = "stable_mosaic.vector.broadcast"(%316) : (vector<8x1xi32>) -> vector<8x128xi32>
      %318 = "stable_mosaic.arith.cmpi"(%315, %317) {predicate = 3 : i64} : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi1>
      %319 = "stable_mosaic.arith.andi"(%311, %318) : (vector<8x128xi1>, vector<8x128xi1>) -> vector<8x128xi1>
      %320 = "stable_mosaic.vector.shape_cast"(%31) : (vector<8xf32>) -> vector<8x1xf32>
      %321 = "stable_mosaic.vector.broadcast"(%320) : (vector<8x1xf32>) -> vector<8x128xf32>
      %322 = "stable_mosaic.arith.subf"(%308, %321) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %323 = "stable_mosaic.vector.shape_cast"(%7) : (vector<8xf32>) -> vector<8x1xf32>
      %324 = "stable_mosaic.vector.broadcast"(%323) : (vector<8x1xf32>) -> vector<8x128xf32>
      %325 = "stable_mosaic.arith.mulf"(%322, %324) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %326 = "stable_mosaic.math.exp"(%325) : (vector<8x128xf32>) -> vector<8x128xf32>
      %327 = "stable_mosaic.vector.broadcast"(%29) : (f32) -> vector<8x128xf32>
      %328 = "stable_mosaic.arith.select"(%319, %326, %327) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %329 = "stable_mosaic.vector.multi_reduction"(%328, %97) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x128xf32>, vector<8xf32>) -> vector<8xf32>
      %330 = "stable_mosaic.arith.addf"(%300, %329) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      "stable_mosaic.scf.yield"(%330) : (vector<8xf32>) -> ()
    }) : (i32, i32, i32, vector<8xf32>) -> (vector<8xf32>)
    %331 = "stable_mosaic.arith.cmpf"(%298, %249) {predicate = 2 : i64} : (vector<8xf32>, vector<8xf32>) -> vector<8xi1>
    %332 = "stable_mosaic.arith.constant"() {value = dense<-1> : vector<8xi32>} : () -> vector<8xi32>
    %333 = "stable_mosaic.scf.for"(%2, %10, %11, %332) ({
    ^bb0(%334: i32, %335: vector<8xi32>):
      %336 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %337 = "stable_mosaic.arith.muli"(%334, %336) : (i32, i32) -> i32
      %338 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %337) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%338, %arg30, %arg31) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %339 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %337) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg31, %339, %arg30) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %340 = "stable_mosaic.vector.load"(%arg30, %5, %5) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %341 = "stable_mosaic.arith.cmpf"(%340, %340) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %342 = "stable_mosaic.vector.broadcast"(%26) : (f32) -> vector<8x128xf32>
      %343 = "stable_mosaic.arith.select"(%341, %340, %342) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %344 = "stable_mosaic.vector.shape_cast"(%211) : (vector<8xf32>) -> vector<8x1xf32>
      %345 = "stable_mosaic.vector.broadcast"(%344) : (vector<8x1xf32>) -> vector<8x128xf32>
      %346 = "stable_mosaic.arith.cmpf"(%343, %345) {predicate = 3 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %347 = "stable_mosaic.vector.shape_cast"(%31) : (vector<8xf32>) -> vector<8x1xf32>
      %348 = "stable_mosaic.vector.broadcast"(%347) : (vector<8x1xf32>) -> vector<8x128xf32>
      %349 = "stable_mosaic.arith.subf"(%343, %348) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %350 = "stable_mosaic.vector.shape_cast"(%7) : (vector<8xf32>) -> vector<8x1xf32>
      %351 = "stable_mosaic.vector.broadcast"(%350) : (vector<8x1xf32>) -> vector<8x128xf32>
      %352 = "stable_mosaic.arith.mulf"(%349, %351) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %353 = "stable_mosaic.math.exp"(%352) : (vector<8x128xf32>) -> vector<8x128xf32>
      %354 = "stable_mosaic.vector.broadcast"(%29) : (f32) -> vector<8x128xf32>
      %355 = "stable_mosaic.arith.cmpf"(%353, %354) {predicate = 2 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %356 = "stable_mosaic.arith.andi"(%346, %355) : (vector<8x128xi1>, vector<8x128xi1>) -> vector<8x128xi1>
      %357 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x128xi32>
      %358 = "stable_mosaic.arith.muli"(%334, %336) : (i32, i32) -> i32
      %359 = "stable_mosaic.vector.broadcast"(%358) : (i32) -> vector<8x128xi32>
      %360 = "stable_mosaic.arith.addi"(%357, %359) : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
      %361 = "stable_mosaic.arith.constant"() {value = -1 : i32} : () -> i32
      %362 = "stable_mosaic.vector.broadcast"(%361) : (i32) -> vector<8x128xi32>
      %363 = "stable_mosaic.arith.select"(%356, %360, %362) : (vector<8x128xi1>, vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
      %364 = "stable_mosaic.arith.constant"() {value = dense<-2147483648> : vector<8xi32>} : () -> vector<8xi32>
      %365 = "stable_mosaic.vector.multi_reduction"(%363, %364) {kind = #vector.kind<maxsi>, reduction_dims = array<i64: 1>} : (vector<8x128xi32>, vector<8xi32>) -> vector<8xi32>
      %366 = "stable_mosaic.arith.maxsi"(%335, %365) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      "stable_mosaic.scf.yield"(%366) : (vector<8xi32>) -> ()
    }) : (i32, i32, i32, vector<8xi32>) -> (vector<8xi32>)
    %367 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<8xi32>
    %368 = "stable_mosaic.arith.maxsi"(%333, %367) : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %369 = "stable_mosaic.arith.select"(%331, %252#0, %368) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %370 = "stable_mosaic.vector.shape_cast"(%369) : (vector<8xi32>) -> vector<8x1xi32>
    %371 = "stable_mosaic.arith.index_cast"(%2) : (i32) -> index
    "stable_mosaic.vector.store"(%370, %arg32, %371, %371) : (vector<8x1xi32>, memref<8x1xi32, #tpu.memory_space<vmem>>, index, index) -> ()
    %372 = "stable_mosaic.tpu.memref_slice"(%arg7, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xi32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xi32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg32, %372, %arg33) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1xi32, #tpu.memory_space<vmem>>, memref<8x1xi32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg33, %arg32, %372) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xi32, #tpu.memory_space<vmem>>, memref<8x1xi32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>], function_type = (i32, memref<16x49152xf32, #tpu.memory_space<any>>, memref<16x1xi32, #tpu.memory_space<any>>, memref<16x1xf32, #tpu.memory_space<any>>, memref<16x1xf32, #tpu.memory_space<any>>, memref<16x1xf32, #tpu.memory_space<any>>, memref<16x1xi32, #tpu.memory_space<any>>, memref<16x1xi32, #tpu.memory_space<any>>, memref<8x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xi32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xi32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2>, scalar_prefetch = 0 : i64, scratch_operands = 26 : i64, sym_name = "sample_kernel", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
