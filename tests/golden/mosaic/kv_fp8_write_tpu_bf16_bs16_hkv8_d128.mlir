"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<8xi32, #tpu.memory_space<smem>>, %arg3: memref<8x8x1x128xbf16, #tpu.memory_space<any>>, %arg4: memref<8x8x1x128xbf16, #tpu.memory_space<any>>, %arg5: memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, %arg6: memref<8x1027x1x16xf32, #tpu.memory_space<any>>, %arg7: memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, %arg8: memref<8x1027x1x16xf32, #tpu.memory_space<any>>, %arg9: memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, %arg10: memref<8x1027x1x16xf32, #tpu.memory_space<any>>, %arg11: memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, %arg12: memref<8x1027x1x16xf32, #tpu.memory_space<any>>, %arg13: memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, %arg14: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg15: memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, %arg16: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg17: memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, %arg18: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg19: memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, %arg20: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg21: memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, %arg22: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg23: memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, %arg24: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg25: memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, %arg26: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg27: memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, %arg28: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg29: memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, %arg30: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg31: memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, %arg32: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
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
      %17 = "stable_mosaic.arith.constant"() {value = 0x43E00000 : f32} : () -> f32
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
      %29 = "stable_mosaic.math.absf"(%28) : (vector<1x128xf32>) -> vector<1x128xf32>
      %30 = "stable_mosaic.arith.bitcast"(%29) : (vector<1x128xf32>) -> vector<1x128xi32>
      %31 = "stable_mosaic.arith.constant"() {value = dense<20> : vector<1x128xi32>} : () -> vector<1x128xi32>
      %32 = "stable_mosaic.arith.constant"() {value = dense<1> : vector<1x128xi32>} : () -> vector<1x128xi32>
      %33 = "stable_mosaic.arith.shrui"(%30, %31) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %34 = "stable_mosaic.arith.andi"(%33, %32) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %35 = "stable_mosaic.arith.constant"() {value = dense<524287> : vector<1x128xi32>} : () -> vector<1x128xi32>
      %36 = "stable_mosaic.arith.addi"(%30, %35) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %37 = "stable_mosaic.arith.addi"(%36, %34) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %38 = "stable_mosaic.arith.constant"() {value = dense<-1048576> : vector<1x128xi32>} : () -> vector<1x128xi32>
      %39 = "stable_mosaic.arith.andi"(%37, %38) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %40 = "stable_mosaic.arith.bitcast"(%39) : (vector<1x128xi32>) -> vector<1x128xf32>
      %41 = "stable_mosaic.arith.constant"() {value = dense<0x46800000> : vector<1x128xf32>} : () -> vector<1x128xf32>
      %42 = "stable_mosaic.arith.addf"(%29, %41) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %43 = "stable_mosaic.arith.subf"(%42, %41) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %44 = "stable_mosaic.arith.constant"() {value = dense<0x3C800000> : vector<1x128xf32>} : () -> vector<1x128xf32>
      %45 = "stable_mosaic.arith.cmpf"(%29, %44) {predicate = 4 : i64} : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xi1>
      %46 = "stable_mosaic.arith.select"(%45, %43, %40) : (vector<1x128xi1>, vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %47 = "stable_mosaic.arith.constant"() {value = dense<0x43E00000> : vector<1x128xf32>} : () -> vector<1x128xf32>
      %48 = "stable_mosaic.arith.minimumf"(%46, %47) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %49 = "stable_mosaic.arith.bitcast"(%28) : (vector<1x128xf32>) -> vector<1x128xi32>
      %50 = "stable_mosaic.arith.constant"() {value = dense<-2147483648> : vector<1x128xi32>} : () -> vector<1x128xi32>
      %51 = "stable_mosaic.arith.andi"(%49, %50) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %52 = "stable_mosaic.arith.bitcast"(%48) : (vector<1x128xf32>) -> vector<1x128xi32>
      %53 = "stable_mosaic.arith.ori"(%52, %51) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %54 = "stable_mosaic.arith.bitcast"(%53) : (vector<1x128xi32>) -> vector<1x128xf32>
      %55 = "stable_mosaic.tpu.memref_slice"(%arg4, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x1x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x128xbf16, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%55, %arg15, %arg16) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x128xbf16, #tpu.memory_space<any>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %56 = "stable_mosaic.tpu.memref_slice"(%arg4, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x8x1x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x128xbf16, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg16, %56, %arg15) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x128xbf16, #tpu.memory_space<any>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %57 = "stable_mosaic.vector.load"(%arg15, %10, %10, %10, %10) : (memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x128xbf16>
      %58 = "stable_mosaic.vector.shape_cast"(%57) : (vector<1x1x1x128xbf16>) -> vector<1x128xbf16>
      %59 = "stable_mosaic.arith.extf"(%58) : (vector<1x128xbf16>) -> vector<1x128xf32>
      %60 = "stable_mosaic.math.absf"(%59) : (vector<1x128xf32>) -> vector<1x128xf32>
      %61 = "stable_mosaic.vector.multi_reduction"(%60, %15) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<1x128xf32>, vector<1xf32>) -> vector<1xf32>
      %62 = "stable_mosaic.vector.broadcast"(%17) : (f32) -> vector<1xf32>
      %63 = "stable_mosaic.arith.divf"(%61, %62) : (vector<1xf32>, vector<1xf32>) -> vector<1xf32>
      %64 = "stable_mosaic.vector.shape_cast"(%63) : (vector<1xf32>) -> vector<1x1xf32>
      %65 = "stable_mosaic.vector.broadcast"(%21) : (f32) -> vector<1x1xf32>
      %66 = "stable_mosaic.arith.cmpf"(%64, %65) {predicate = 2 : i64} : (vector<1x1xf32>, vector<1x1xf32>) -> vector<1x1xi1>
      %67 = "stable_mosaic.vector.broadcast"(%24) : (f32) -> vector<1x1xf32>
      %68 = "stable_mosaic.arith.select"(%66, %64, %67) : (vector<1x1xi1>, vector<1x1xf32>, vector<1x1xf32>) -> vector<1x1xf32>
      %69 = "stable_mosaic.vector.broadcast"(%68) : (vector<1x1xf32>) -> vector<1x128xf32>
      %70 = "stable_mosaic.arith.divf"(%59, %69) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %71 = "stable_mosaic.math.absf"(%70) : (vector<1x128xf32>) -> vector<1x128xf32>
      %72 = "stable_mosaic.arith.bitcast"(%71) : (vector<1x128xf32>) -> vector<1x128xi32>
      %73 = "stable_mosaic.arith.shrui"(%72, %31) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %74 = "stable_mosaic.arith.andi"(%73, %32) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %75 = "stable_mosaic.arith.addi"(%72, %35) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %76 = "stable_mosaic.arith.addi"(%75, %74) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %77 = "stable_mosaic.arith.andi"(%76, %38) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %78 = "stable_mosaic.arith.bitcast"(%77) : (vector<1x128xi32>) -> vector<1x128xf32>
      %79 = "stable_mosaic.arith.addf"(%71, %41) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %80 = "stable_mosaic.arith.subf"(%79, %41) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %81 = "stable_mosaic.arith.cmpf"(%71, %44) {predicate = 4 : i64} : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xi1>
      %82 = "stable_mosaic.arith.select"(%81, %80, %78) : (vector<1x128xi1>, vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %83 = "stable_mosaic.arith.minimumf"(%82, %47) : (vector<1x128xf32>, vector<1x128xf32>) -> vector<1x128xf32>
      %84 = "stable_mosaic.arith.bitcast"(%70) : (vector<1x128xf32>) -> vector<1x128xi32>
      %85 = "stable_mosaic.arith.andi"(%84, %50) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %86 = "stable_mosaic.arith.bitcast"(%83) : (vector<1x128xf32>) -> vector<1x128xi32>
      %87 = "stable_mosaic.arith.ori"(%86, %85) : (vector<1x128xi32>, vector<1x128xi32>) -> vector<1x128xi32>
      %88 = "stable_mosaic.arith.bitcast"(%87) : (vector<1x128xi32>) -> vector<1x128xf32>
      %89 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%89, %arg17, %arg18) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %90 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg18, %90, %arg17) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>) -> ()
      %91 = "stable_mosaic.vector.load"(%arg17, %10, %10, %10, %10) : (memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xf8E4M3FN>
      %92 = "stable_mosaic.arith.extf"(%91) : (vector<1x1x16x128xf8E4M3FN>) -> vector<1x1x16x128xf32>
      %93 = "stable_mosaic.vector.shape_cast"(%92) : (vector<1x1x16x128xf32>) -> vector<16x128xf32>
      %94 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<16x128xi32>
      %95 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<16x128xi32>
      %96 = "stable_mosaic.arith.cmpi"(%94, %95) {predicate = 0 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %97 = "stable_mosaic.vector.broadcast"(%54) : (vector<1x128xf32>) -> vector<16x128xf32>
      %98 = "stable_mosaic.arith.select"(%96, %97, %93) : (vector<16x128xi1>, vector<16x128xf32>, vector<16x128xf32>) -> vector<16x128xf32>
      %99 = "stable_mosaic.vector.shape_cast"(%98) : (vector<16x128xf32>) -> vector<1x1x16x128xf32>
      %100 = "stable_mosaic.arith.truncf"(%99) : (vector<1x1x16x128xf32>) -> vector<1x1x16x128xf8E4M3FN>
      %101 = "stable_mosaic.arith.index_cast"(%2) : (i32) -> index
      "stable_mosaic.vector.store"(%100, %arg19, %101, %101, %101, %101) : (vector<1x1x16x128xf8E4M3FN>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %102 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg19, %102, %arg20) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg20, %arg19, %102) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>) -> ()
      %103 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%103, %arg21, %arg22) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %104 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg22, %104, %arg21) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>) -> ()
      %105 = "stable_mosaic.vector.load"(%arg21, %10, %10, %10, %10) : (memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x16xf32>
      %106 = "stable_mosaic.vector.shape_cast"(%105) : (vector<1x1x1x16xf32>) -> vector<1x16xf32>
      %107 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %108 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<1x16xi32>
      %109 = "stable_mosaic.arith.cmpi"(%107, %108) {predicate = 0 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %110 = "stable_mosaic.vector.broadcast"(%20) : (vector<1x1xf32>) -> vector<1x16xf32>
      %111 = "stable_mosaic.arith.select"(%109, %110, %106) : (vector<1x16xi1>, vector<1x16xf32>, vector<1x16xf32>) -> vector<1x16xf32>
      %112 = "stable_mosaic.vector.shape_cast"(%111) : (vector<1x16xf32>) -> vector<1x1x1x16xf32>
      "stable_mosaic.vector.store"(%112, %arg23, %101, %101, %101, %101) : (vector<1x1x1x16xf32>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %113 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg23, %113, %arg24) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg24, %arg23, %113) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>) -> ()
      %114 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%114, %arg25, %arg26) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %115 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg26, %115, %arg25) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>) -> ()
      %116 = "stable_mosaic.vector.load"(%arg25, %10, %10, %10, %10) : (memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x128xf8E4M3FN>
      %117 = "stable_mosaic.arith.extf"(%116) : (vector<1x1x16x128xf8E4M3FN>) -> vector<1x1x16x128xf32>
      %118 = "stable_mosaic.vector.shape_cast"(%117) : (vector<1x1x16x128xf32>) -> vector<16x128xf32>
      %119 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<16x128xi32>
      %120 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<16x128xi32>
      %121 = "stable_mosaic.arith.cmpi"(%119, %120) {predicate = 0 : i64} : (vector<16x128xi32>, vector<16x128xi32>) -> vector<16x128xi1>
      %122 = "stable_mosaic.vector.broadcast"(%88) : (vector<1x128xf32>) -> vector<16x128xf32>
      %123 = "stable_mosaic.arith.select"(%121, %122, %118) : (vector<16x128xi1>, vector<16x128xf32>, vector<16x128xf32>) -> vector<16x128xf32>
      %124 = "stable_mosaic.vector.shape_cast"(%123) : (vector<16x128xf32>) -> vector<1x1x16x128xf32>
      %125 = "stable_mosaic.arith.truncf"(%124) : (vector<1x1x16x128xf32>) -> vector<1x1x16x128xf8E4M3FN>
      "stable_mosaic.vector.store"(%125, %arg27, %101, %101, %101, %101) : (vector<1x1x16x128xf8E4M3FN>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %126 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg27, %126, %arg28) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg28, %arg27, %126) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<any>>) -> ()
      %127 = "stable_mosaic.tpu.memref_slice"(%arg12, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%127, %arg29, %arg30) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %128 = "stable_mosaic.tpu.memref_slice"(%arg12, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg30, %128, %arg29) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>) -> ()
      %129 = "stable_mosaic.vector.load"(%arg29, %10, %10, %10, %10) : (memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x16xf32>
      %130 = "stable_mosaic.vector.shape_cast"(%129) : (vector<1x1x1x16xf32>) -> vector<1x16xf32>
      %131 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %132 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<1x16xi32>
      %133 = "stable_mosaic.arith.cmpi"(%131, %132) {predicate = 0 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %134 = "stable_mosaic.vector.broadcast"(%64) : (vector<1x1xf32>) -> vector<1x16xf32>
      %135 = "stable_mosaic.arith.select"(%133, %134, %130) : (vector<1x16xi1>, vector<1x16xf32>, vector<1x16xf32>) -> vector<1x16xf32>
      %136 = "stable_mosaic.vector.shape_cast"(%135) : (vector<1x16xf32>) -> vector<1x1x1x16xf32>
      "stable_mosaic.vector.store"(%136, %arg31, %101, %101, %101, %101) : (vector<1x1x1x16xf32>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %137 = "stable_mosaic.tpu.memref_slice"(%arg12, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x1027x1x16xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x16xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg31, %137, %arg32) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg32, %arg31, %137) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<1x1x1x16xf32, #tpu.memory_space<any>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<8xi32, #tpu.memory_space<smem>>, memref<8x8x1x128xbf16, #tpu.memory_space<any>>, memref<8x8x1x128xbf16, #tpu.memory_space<any>>, memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<8x1027x1x16xf32, #tpu.memory_space<any>>, memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<8x1027x1x16xf32, #tpu.memory_space<any>>, memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<8x1027x1x16xf32, #tpu.memory_space<any>>, memref<8x1027x16x128xf8E4M3FN, #tpu.memory_space<any>>, memref<8x1027x1x16xf32, #tpu.memory_space<any>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x128xf8E4M3FN, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x16xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 8, 8>, scalar_prefetch = 1 : i64, scratch_operands = 20 : i64, sym_name = "kv_write_quantized_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
