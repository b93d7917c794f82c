"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<8xi32, #tpu.memory_space<smem>>, %arg3: memref<8x8x1x128xbf16, #tpu.memory_space<any>>, %arg4: memref<8x8x1x128xbf16, #tpu.memory_space<any>>, %arg5: memref<8x1027x16x128xi8, #tpu.memory_space<any>>, %arg6: memref<8x1027x1x16xf32, #tpu.memory_space<any>>, %arg7: memref<8x1027x16x128xi8, #tpu.memory_space<any>>, %arg8: memref<8x1027x1x16xf32, #tpu.memory_space<any>>, %arg9: memref<8x1027x16x128xi8, #tpu.memory_space<any>>, %arg10: memref<8x1027x1x16xf32, #tpu.memory_space<any>>, %arg11: memref<8x1027x16x128xi8, #tpu.memory_space<any>>, %arg12: memref<8x1027x1x16xf32, #tpu.memory_space<any>>, %arg13: memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, %arg14: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg15: memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, %arg16: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg17: memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, %arg18: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg19: memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, %arg20: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg21: memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, %arg22: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg23: memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, %arg24: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg25: memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, %arg26: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg27: memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, %arg28: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg29: memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, %arg30: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg31: memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, %arg32: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %1 = "stable_mosaic.memref.load"(%arg2, %0) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %3 = "stable_mosaic.arith.cmpi"(%1, %2) {predicate = 5 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%3) ({
      %5 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
      %6 = "stable_mosaic.arith.divsi"(%1, %5) : (i32, i32) -> i32
      %7 = "stable_mosaic.arith.remsi"(%1, %5) : (i32, i32) -> i32
      %8 = "stable_mosaic.tpu.memref_slice"(%arg3, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x1x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x128xbf16, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%8, %arg13, %arg14) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x128xbf16, #tpu.memory_space<any>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %9 = "stable_mosaic.tpu.memref_slice"(%arg3, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x1x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x128xbf16, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg14, %9, %arg13) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x128xbf16, #tpu.memory_space<any>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %10 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %11 = "stable_mosaic.vector.load"(%arg13, %10, %10, %10, %10) : (memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x128xbf16>
      %12 = "stable_mosaic.vector.shape_cast"(%11) : (vector<1x1x1x128xbf16>) -> vector<1x128xbf16>
      %13 = "stable_mosaic.arith.extf"(%12) : (vector<1x128xbf16>) -> vector<1x128xf32>
      %14 = "stable_mosaic.math.absf"(%13) : (vector<1x128xf32>) -> vector<1x128xf32>
      %15 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<1xf32>} : () -> vector<1xf32>
      %16 = "stable_mosaic.vector.multi_reduction"(%14, %15) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<1x128xf32>, vector<1xf32>) -> vector<1xf32>
      %17 = "stable_mosaic.arith.constant"() {value = 0x42FE0000 : f32} : () -> f32
      %18 = "stable_mosaic.vector.broadcast"(%17) : (f32) -> vector<1xf32>
      %19 = "stable_mosaic.arith.divf"(%16, %18) : (vector<1xf32>, vector<1xf32>) -> vector<1xf32>
      %20 = "stable_mosaic.vector.shape_cast"(%19) : (vector<1xf32>) -> vector<1x1xf32>
      %21 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
      %22 = "stable_mosaic.vector.broadcast"(%21) : (f32) -> vector<1x1xf32>
      %23 = "stable_mosaic.arith.cmpf"(%20, %22) {predicate = 2 : i64} : (vector<1x1xf32>, vector<1x1xf32>) -> vector<1x1xi1>
      %24 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
      %25 = "stable_mosaic.vector.broadcast"(%24) : (f32) -> vector<1x1xf32>
      %26 = "stable_mosaic.arith.select"(%23, %20, %25) : (vector<1x1xi1>, vector<1x1xf32>, vector<1x1xf32>) -> vector<1x1xf32>
      %27 = "stable_mosaic.vector.broadcast"(%26) : (vector<1x1xf32>) -> vector<1x128xf32>
      %28 = "stable_mosaic.arith.divf"(%13, %27) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %29 = "stable_mosaic.arith.fptosi"(%28) : (vector<1x128xf32>) -> vector<1x128xi32>
      %30 = "stable_mosaic.arith.sitofp"(%29) : (vector<1x128xi32>) -> vector<1x128xf32>
      %31 = "stable_mosaic.arith.subf"(%28, %30) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %32 = "stable_mosaic.arith.constant"() {value = 0x3F000000 : f32} : () -> f32
      %33 = "stable_mosaic.vector.broadcast"(%32) : (f32) -> vector<1x128xf32>
      %34 = "stable_mosaic.arith.cmpf"(%31, %33) {predicate = 3 : i64} : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xi1>
      %35 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
      %36 = "stable_mosaic.vector.broadcast"(%35) : (i32) -> vector<1x128xi32>
      %37 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<1x128xi32>
      %38 = "stable_mosaic.arith.select"(%34, %36, %37) : (vector<1x128xi1>, vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %39 = "stable_mosaic.arith.constant"() {value = 0xBF000000 : f32} : () -> f32
      %40 = "stable_mosaic.vector.broadcast"(%39) : (f32) -> vector<1x128xf32>
      %41 = "stable_mosaic.arith.cmpf"(%31, %40) {predicate = 5 : i64} : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xi1>
      %42 = "stable_mosaic.vector.broadcast"(%35) : (i32) -> vector<1x128xi32>
      %43 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<1x128xi32>
      %44 = "stable_mosaic.arith.select"(%41, %42, %43) : (vector<1x128xi1>, vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %45 = "stable_mosaic.arith.subi"(%38, %44) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %46 = "stable_mosaic.arith.addi"(%29, %45) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %47 = "stable_mosaic.arith.constant"() {value = -127 : i32} : () -> i32
      %48 = "stable_mosaic.vector.broadcast"(%47) : (i32) -> vector<1x128xi32>
      %49 = "stable_mosaic.arith.maxsi"(%46, %48) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %50 = "stable_mosaic.arith.constant"() {value = 127 : i32} : () -> i32
      %51 = "stable_mosaic.vector.broadcast"(%50) : (i32) -> vector<1x128xi32>
      %52 = "stable_mosaic.arith.minsi"(%49, %51) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %53 = "stable_mosaic.arith.constant"() {value = dense<24> : vector<1x128xi32>} : () -> vector<1x128xi32>
      %54 = "stable_mosaic.arith.shli"(%52, %53) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %55 = "stable_mosaic.arith.shrsi"(%54, %53) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %56 = "stable_mosaic.tpu.memref_slice"(%arg4, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x1x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x128xbf16, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%56, %arg15, %arg16) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x128xbf16, #tpu.memory_space<any>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %57 = "stable_mosaic.tpu.memref_slice"(%arg4, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x1x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x128xbf16, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg16, %57, %arg15) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x128xbf16, #tpu.memory_space<any>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %58 = "stable_mosaic.vector.load"(%arg15, %10, %10, %10, %10) : (memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x128xbf16>
      %59 = "stable_mosaic.vector.shape_cast"(%58) : (vector<1x1x1x128xbf16>) -> vector<1x128xbf16>
      %60 = "stable_mosaic.arith.extf"(%59) : (vector<1x128xbf16>) -> vector<1x128xf32>
      %61 = "stable_mosaic.math.absf"(%60) : (vector<1x128xf32>) -> vector<1x128xf32>
      %62 = "stable_mosaic.vector.multi_reduction"(%61, %15) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<1x128xf32>, vector<1xf32>) -> vector<1xf32>
      %63 = "stable_mosaic.vector.broadcast"(%17) : (f32) -> vector<1xf32>
      %64 = "stable_mosaic.arith.divf"(%62, %63) : (vector<1xf32>, vector<1xf32>) -> vector<1xf32>
      %65 = "stable_mosaic.vector.shape_cast"(%64) : (vector<1xf32>) -> vector<1x1xf32>
      %66 = "stable_mosaic.vector.broadcast"(%21) : (f32) -> vector<1x1xf32>
      %67 = "stable_mosaic.arith.cmpf"(%65, %66) {predicate = 2 : i64} : (vector<1x1xf32>, vector<1x1xf32>) -> vector<1x1xi1>
      %68 = "stable_mosaic.vector.broadcast"(%24) : (f32) -> vector<1x1xf32>
      %69 = "stable_mosaic.arith.select"(%67, %65, %68) : (vector<1x1xi1>, vector<1x1xf32>, vector<1x1xf32>) -> vector<1x1xf32>
      %70 = "stable_mosaic.vector.broadcast"(%69) : (vector<1x1xf32>) -> vector<1x128xf32>
      %71 = "stable_mosaic.arith.divf"(%60, %70) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %72 = "stable_mosaic.arith.fptosi"(%71) : (vector<1x128xf32>) -> vector<1x128xi32>
      %73 = "stable_mosaic.arith.sitofp"(%72) : (vector<1x128xi32>) -> vector<1x128xf32>
      %74 = "stable_mosaic.arith.subf"(%71, %73) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %75 = "stable_mosaic.vector.broadcast"(%32) : (f32) -> vector<1x128xf32>
      %76 = "stable_mosaic.arith.cmpf"(%74, %75) {predicate = 3 : i64} : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xi1>
      %77 = "stable_mosaic.vector.broadcast"(%35) : (i32) -> vector<1x128xi32>
      %78 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<1x128xi32>
      %79 = "stable_mosaic.arith.select"(%76, %77, %78) : (vector<1x128xi1>, vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %80 = "stable_mosaic.vector.broadcast"(%39) : (f32) -> vector<1x128xf32>
      %81 = "stable_mosaic.arith.cmpf"(%74, %80) {predicate = 5 : i64} : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xi1>
      %82 = "stable_mosaic.vector.broadcast"(%35) : (i32) -> vector<1x128xi32>
      %83 = "stable_mosaic.vector.broadcast"(%2) : (i32) -> vector<1x128xi32>
      %84 = "stable_mosaic.arith.select"(%81, %82, %83) : (vector<1x128xi1>, vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %85 = "stable_mosaic.arith.subi"(%79, %84) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %86 = "stable_mosaic.arith.addi"(%72, %85) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %87 = "stable_mosaic.vector.broadcast"(%47) : (i32) -> vector<1x128xi32>
      %88 = "stable_mosaic.arith.maxsi"(%86, %87) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %89 = "stable_mosaic.vector.broadcast"(%50) : (i32) -> vector<1x128xi32>
      %90 = "stable_mosaic.arith.minsi"(%88, %89) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %91 = "stable_mosaic.arith.shli"(%90, %53) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %92 = "stable_mosaic.arith.shrsi"(%91, %53) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %93 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xi8, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%93, %arg17, %arg18) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xi8, #tpu.memory_space<any>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %94 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xi8, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg18, %94, %arg17) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xi8, #tpu.memory_space<any>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>) -> ()
      %95 = "stable_mosaic.vector.load"(%arg17, %10, %10, %10, %10) : (memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xi8>
      %96 = "stable_mosaic.arith.extsi"(%95) : (vector<1x1x16x128xi8>) -> vector<1x1x16x128xi32>
      %97 = "stable_mosaic.vector.shape_cast"(%96) : (vector<1x1x16x128xi32>) -> vector<16x128xi32>
      %98 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<16x128xi32>
      %99 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<16x128xi32>
      %100 = "stable_mosaic.arith.cmpi"(%98, %99) {predicate = 0 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %101 = "stable_mosaic.vector.broadcast"(%55) : (vector<1x128xi32>) -> vector<16x128xi32>
      %102 = "stable_mosaic.arith.select"(%100, %101, %97) : (vector<16x128xi1>, vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi32>
      %103 = "stable_mosaic.vector.shape_cast"(%102) : (vector<16x128xi32>) -> vector<1x1x16x128xi32>
      %104 = "stable_mosaic.arith.trunci"(%103) : (vector<1x1x16x128xi32>) -> vector<1x1x16x128xi8>
      %105 = "stable_mosaic.arith.index_cast"(%2) : (i32) -> index
      "stable_mosaic.vector.store"(%104, %arg19, %105, %105, %105, %105) : (vector<1x1x16x128xi8>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %106 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xi8, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg19, %106, %arg20) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<1x1x16x128xi8, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg20, %arg19, %106) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<1x1x16x128xi8, #tpu.memory_space<any>>) -> ()
      %107 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%107, %arg21, %arg22) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %108 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg22, %108, %arg21) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>) -> ()
      %109 = "stable_mosaic.vector.load"(%arg21, %10, %10, %10, %10) : (memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x16xf32>
      %110 = "stable_mosaic.vector.shape_cast"(%109) : (vector<1x1x1x16xf32>) -> vector<1x16xf32>
      %111 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %112 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<1x16xi32>
      %113 = "stable_mosaic.arith.cmpi"(%111, %112) {predicate = 0 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %114 = "stable_mosaic.vector.broadcast"(%20) : (vector<1x1xf32>) -> vector<1x16xf32>
      %115 = "stable_mosaic.arith.select"(%113, %114, %110) : (vector<1x16xi1>, vector<1x16xf32>, vector<1x16xf32>) -> vector<1x16xf32>
      %116 = "stable_mosaic.vector.shape_cast"(%115) : (vector<1x16xf32>) -> vector<1x1x1x16xf32>
      "stable_mosaic.vector.store"(%116, %arg23, %105, %105, %105, %105) : (vector<1x1x1x16xf32>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %117 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg23, %117, %arg24) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg24, %arg23, %117) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>) -> ()
      %118 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xi8, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%118, %arg25, %arg26) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xi8, #tpu.memory_space<any>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %119 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xi8, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg26, %119, %arg25) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xi8, #tpu.memory_space<any>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>) -> ()
      %120 = "stable_mosaic.vector.load"(%arg25, %10, %10, %10, %10) : (memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xi8>
      %121 = "stable_mosaic.arith.extsi"(%120) : (vector<1x1x16x128xi8>) -> vector<1x1x16x128xi32>
      %122 = "stable_mosaic.vector.shape_cast"(%121) : (vector<1x1x16x128xi32>) -> vector<16x128xi32>
      %123 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<16x128xi32>
      %124 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<16x128xi32>
      %125 = "stable_mosaic.arith.cmpi"(%123, %124) {predicate = 0 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %126 = "stable_mosaic.vector.broadcast"(%92) : (vector<1x128xi32>) -> vector<16x128xi32>
      %127 = "stable_mosaic.arith.select"(%125, %126, %122) : (vector<16x128xi1>, vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi32>
      %128 = "stable_mosaic.vector.shape_cast"(%127) : (vector<16x128xi32>) -> vector<1x1x16x128xi32>
      %129 = "stable_mosaic.arith.trunci"(%128) : (vector<1x1x16x128xi32>) -> vector<1x1x16x128xi8>
      "stable_mosaic.vector.store"(%129, %arg27, %105, %105, %105, %105) : (vector<1x1x16x128xi8>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %130 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xi8, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg27, %130, %arg28) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<1x1x16x128xi8, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg28, %arg27, %130) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<1x1x16x128xi8, #tpu.memory_space<any>>) -> ()
      %131 = "stable_mosaic.tpu.memref_slice"(%arg12, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%131, %arg29, %arg30) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %132 = "stable_mosaic.tpu.memref_slice"(%arg12, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg30, %132, %arg29) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>) -> ()
      %133 = "stable_mosaic.vector.load"(%arg29, %10, %10, %10, %10) : (memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x16xf32>
      %134 = "stable_mosaic.vector.shape_cast"(%133) : (vector<1x1x1x16xf32>) -> vector<1x16xf32>
      %135 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %136 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<1x16xi32>
      %137 = "stable_mosaic.arith.cmpi"(%135, %136) {predicate = 0 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %138 = "stable_mosaic.vector.broadcast"(%65) : (vector<1x1xf32>) -> vector<1x16xf32>
      %139 = "stable_mosaic.arith.select"(%137, %138, %134) : (vector<1x16xi1>, vector<1x16xf32>, vector<1x16xf32>) -> vector<1x16xf32>
      %140 = "stable_mosaic.vector.shape_cast"(%139) : (vector<1x16xf32>) -> vector<1x1x1x16xf32>
      "stable_mosaic.vector.store"(%140, %arg31, %105, %105, %105, %105) : (vector<1x1x1x16xf32>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %141 = "stable_mosaic.tpu.memref_slice"(%arg12, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg31, %141, %arg32) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg32, %arg31, %141) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<8xi32, #tpu.memory_space<smem>>, memref<8x8x1x128xbf16, #tpu.memory_space<any>>, memref<8x8x1x128xbf16, #tpu.memory_space<any>>, memref<8x1027x16x128xi8, #tpu.memory_space<any>>, memref<8x1027x1x16xf32, #tpu.memory_space<any>>, memref<8x1027x16x128xi8, #tpu.memory_space<any>>, memref<8x1027x1x16xf32, #tpu.memory_space<any>>, memref<8x1027x16x128xi8, #tpu.memory_space<any>>, memref<8x1027x1x16xf32, #tpu.memory_space<any>>, memref<8x1027x16x128xi8, #tpu.memory_space<any>>, memref<8x1027x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 8, 8>, scalar_prefetch = 1 : i64, scratch_operands = 20 : i64, sym_name = "kv_write_quantized_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
