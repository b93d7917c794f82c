"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<512xi32, #tpu.memory_space<smem>>, %arg3: memref<8xi32, #tpu.memory_space<smem>>, %arg4: memref<1xf32, #tpu.memory_space<smem>>, %arg5: memref<8x4x8x128xbf16, #tpu.memory_space<any>>, %arg6: memref<4x515x32x128xbf16, #tpu.memory_space<any>>, %arg7: memref<4x515x32x128xbf16, #tpu.memory_space<any>>, %arg8: memref<8x4x8x128xf32, #tpu.memory_space<any>>, %arg9: memref<8x4x8x1xf32, #tpu.memory_space<any>>, %arg10: memref<8x4x8x128xf32, #tpu.memory_space<any>>, %arg11: memref<8x4x8x1xf32, #tpu.memory_space<any>>, %arg12: memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>, %arg13: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, %arg15: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, %arg17: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, %arg19: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg20: memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, %arg21: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg22: memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, %arg23: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg24: memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, %arg25: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg26: memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, %arg27: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg28: memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, %arg29: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg30: memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, %arg31: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg32: memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, %arg33: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg4, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %3 = "stable_mosaic.memref.load"(%arg3, %2) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %4 = "stable_mosaic.arith.constant"() {value = 31 : i32} : () -> i32
    %5 = "stable_mosaic.arith.addi"(%3, %4) : (i32, i32) -> i32
    %6 = "stable_mosaic.arith.constant"() {value = 32 : i32} : () -> i32
    %7 = "stable_mosaic.arith.divsi"(%5, %6) : (i32, i32) -> i32
    %8 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %9 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x4x8x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x8x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%9, %arg12, %arg13) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x8x128xbf16, #tpu.memory_space<any>>, memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %10 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x4x8x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x8x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg13, %10, %arg12) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x128xbf16, #tpu.memory_space<any>>, memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>) -> ()
    %11 = "stable_mosaic.vector.load"(%arg12, %0, %0, %0, %0) : (memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x8x128xbf16>
    %12 = "stable_mosaic.vector.shape_cast"(%11) : (vector<1x1x8x128xbf16>) -> vector<8x128xbf16>
    %13 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<8xf32>} : () -> vector<8xf32>
    %14 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8xf32>} : () -> vector<8xf32>
    %15 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x128xf32>} : () -> vector<8x128xf32>
    %16 = "stable_mosaic.arith.constant"() {value = 3 : i32} : () -> i32
    %17 = "stable_mosaic.arith.addi"(%7, %16) : (i32, i32) -> i32
    %18 = "stable_mosaic.arith.constant"() {value = 4 : i32} : () -> i32
    %19 = "stable_mosaic.arith.divsi"(%17, %18) : (i32, i32) -> i32
    %20 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %21 = "stable_mosaic.arith.addi"(%8, %8) : (i32, i32) -> i32
    %22 = "stable_mosaic.arith.cmpi"(%21, %19) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%22) ({
      %23 = "stable_mosaic.arith.muli"(%21, %18) : (i32, i32) -> i32
      %24 = "stable_mosaic.arith.addi"(%23, %8) : (i32, i32) -> i32
      %25 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %26 = "stable_mosaic.arith.minsi"(%24, %25) : (i32, i32) -> i32
      %27 = "stable_mosaic.arith.constant"() {value = 64 : i32} : () -> i32
      %28 = "stable_mosaic.arith.muli"(%arg0, %27) : (i32, i32) -> i32
      %29 = "stable_mosaic.arith.addi"(%28, %26) : (i32, i32) -> i32
      %30 = "stable_mosaic.arith.index_cast"(%29) : (i32) -> index
      %31 = "stable_mosaic.memref.load"(%arg2, %30) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %32 = "stable_mosaic.arith.muli"(%21, %18) : (i32, i32) -> i32
      %33 = "stable_mosaic.arith.addi"(%32, %20) : (i32, i32) -> i32
      %34 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %35 = "stable_mosaic.arith.minsi"(%33, %34) : (i32, i32) -> i32
      %36 = "stable_mosaic.arith.muli"(%arg0, %27) : (i32, i32) -> i32
      %37 = "stable_mosaic.arith.addi"(%36, %35) : (i32, i32) -> i32
      %38 = "stable_mosaic.arith.index_cast"(%37) : (i32) -> index
      %39 = "stable_mosaic.memref.load"(%arg2, %38) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %40 = "stable_mosaic.arith.muli"(%21, %18) : (i32, i32) -> i32
      %41 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %42 = "stable_mosaic.arith.addi"(%40, %41) : (i32, i32) -> i32
      %43 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %44 = "stable_mosaic.arith.minsi"(%42, %43) : (i32, i32) -> i32
      %45 = "stable_mosaic.arith.muli"(%arg0, %27) : (i32, i32) -> i32
      %46 = "stable_mosaic.arith.addi"(%45, %44) : (i32, i32) -> i32
      %47 = "stable_mosaic.arith.index_cast"(%46) : (i32) -> index
      %48 = "stable_mosaic.memref.load"(%arg2, %47) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %49 = "stable_mosaic.arith.muli"(%21, %18) : (i32, i32) -> i32
      %50 = "stable_mosaic.arith.addi"(%49, %16) : (i32, i32) -> i32
      %51 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %52 = "stable_mosaic.arith.minsi"(%50, %51) : (i32, i32) -> i32
      %53 = "stable_mosaic.arith.muli"(%arg0, %27) : (i32, i32) -> i32
      %54 = "stable_mosaic.arith.addi"(%53, %52) : (i32, i32) -> i32
      %55 = "stable_mosaic.arith.index_cast"(%54) : (i32) -> index
      %56 = "stable_mosaic.memref.load"(%arg2, %55) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %57 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %31, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %58 = "stable_mosaic.tpu.memref_slice"(%arg14, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %59 = "stable_mosaic.tpu.memref_squeeze"(%58) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %60 = "stable_mosaic.tpu.memref_slice"(%arg15, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %61 = "stable_mosaic.tpu.memref_squeeze"(%60) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%57, %59, %61) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %62 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %31, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %63 = "stable_mosaic.tpu.memref_slice"(%arg16, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %64 = "stable_mosaic.tpu.memref_squeeze"(%63) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %65 = "stable_mosaic.tpu.memref_slice"(%arg17, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %66 = "stable_mosaic.tpu.memref_squeeze"(%65) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%62, %64, %66) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %67 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %39, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %68 = "stable_mosaic.tpu.memref_slice"(%arg18, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %69 = "stable_mosaic.tpu.memref_squeeze"(%68) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %70 = "stable_mosaic.tpu.memref_slice"(%arg19, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %71 = "stable_mosaic.tpu.memref_squeeze"(%70) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%67, %69, %71) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %72 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %39, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %73 = "stable_mosaic.tpu.memref_slice"(%arg20, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %74 = "stable_mosaic.tpu.memref_squeeze"(%73) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %75 = "stable_mosaic.tpu.memref_slice"(%arg21, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %76 = "stable_mosaic.tpu.memref_squeeze"(%75) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%72, %74, %76) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %77 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %48, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %78 = "stable_mosaic.tpu.memref_slice"(%arg22, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %79 = "stable_mosaic.tpu.memref_squeeze"(%78) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %80 = "stable_mosaic.tpu.memref_slice"(%arg23, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %81 = "stable_mosaic.tpu.memref_squeeze"(%80) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%77, %79, %81) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %82 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %48, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %83 = "stable_mosaic.tpu.memref_slice"(%arg24, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %84 = "stable_mosaic.tpu.memref_squeeze"(%83) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %85 = "stable_mosaic.tpu.memref_slice"(%arg25, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %86 = "stable_mosaic.tpu.memref_squeeze"(%85) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%82, %84, %86) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %87 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %56, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %88 = "stable_mosaic.tpu.memref_slice"(%arg26, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %89 = "stable_mosaic.tpu.memref_squeeze"(%88) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %90 = "stable_mosaic.tpu.memref_slice"(%arg27, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %91 = "stable_mosaic.tpu.memref_squeeze"(%90) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%87, %89, %91) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %92 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %56, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %93 = "stable_mosaic.tpu.memref_slice"(%arg28, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %94 = "stable_mosaic.tpu.memref_squeeze"(%93) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %95 = "stable_mosaic.tpu.memref_slice"(%arg29, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %96 = "stable_mosaic.tpu.memref_squeeze"(%95) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%92, %94, %96) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %97:3 = "stable_mosaic.scf.for"(%8, %19, %20, %14, %15, %13) ({
    ^bb0(%98: i32, %99: vector<8xf32>, %100: vector<8x128xf32>, %101: vector<8xf32>):
      %102 = "stable_mosaic.arith.subi"(%98, %8) : (i32, i32) -> i32
      %103 = "stable_mosaic.arith.divsi"(%102, %20) : (i32, i32) -> i32
      %104 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %105 = "stable_mosaic.arith.remsi"(%103, %104) : (i32, i32) -> i32
      %106 = "stable_mosaic.arith.addi"(%103, %20) : (i32, i32) -> i32
      %107 = "stable_mosaic.arith.remsi"(%106, %104) : (i32, i32) -> i32
      %108 = "stable_mosaic.arith.addi"(%98, %20) : (i32, i32) -> i32
      %109 = "stable_mosaic.arith.cmpi"(%108, %19) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%109) ({
        %110 = "stable_mosaic.arith.muli"(%108, %18) : (i32, i32) -> i32
        %111 = "stable_mosaic.arith.addi"(%110, %8) : (i32, i32) -> i32
        %112 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
        %113 = "stable_mosaic.arith.minsi"(%111, %112) : (i32, i32) -> i32
        %114 = "stable_mosaic.arith.constant"() {value = 64 : i32} : () -> i32
        %115 = "stable_mosaic.arith.muli"(%arg0, %114) : (i32, i32) -> i32
        %116 = "stable_mosaic.arith.addi"(%115, %113) : (i32, i32) -> i32
        %117 = "stable_mosaic.arith.index_cast"(%116) : (i32) -> index
        %118 = "stable_mosaic.memref.load"(%arg2, %117) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
        %119 = "stable_mosaic.arith.muli"(%108, %18) : (i32, i32) -> i32
        %120 = "stable_mosaic.arith.addi"(%119, %20) : (i32, i32) -> i32
        %121 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
        %122 = "stable_mosaic.arith.minsi"(%120, %121) : (i32, i32) -> i32
        %123 = "stable_mosaic.arith.muli"(%arg0, %114) : (i32, i32) -> i32
        %124 = "stable_mosaic.arith.addi"(%123, %122) : (i32, i32) -> i32
        %125 = "stable_mosaic.arith.index_cast"(%124) : (i32) -> index
        %126 = "stable_mosaic.memref.load"(%arg2, %125) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
        %127 = "stable_mosaic.arith.muli"(%108, %18) : (i32, i32) -> i32
        %128 = "stable_mosaic.arith.addi"(%127, %104) : (i32, i32) -> i32
        %129 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
        %130 = "stable_mosaic.arith.minsi"(%128, %129) : (i32, i32) -> i32
        %131 = "stable_mosaic.arith.muli"(%arg0, %114) : (i32, i32) -> i32
        %132 = "stable_mosaic.arith.addi"(%131, %130) : (i32, i32) -> i32
        %133 = "stable_mosaic.arith.index_cast"(%132) : (i32) -> index
        %134 = "stable_mosaic.memref.load"(%arg2, %133) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
        %135 = "stable_mosaic.arith.muli"(%108, %18) : (i32, i32) -> i32
        %136 = "stable_mosaic.arith.addi"(%135, %16) : (i32, i32) -> i32
        %137 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
        %138 = "stable_mosaic.arith.minsi"(%136, %137) : (i32, i32) -> i32
        %139 = "stable_mosaic.arith.muli"(%arg0, %114) : (i32, i32) -> i32
        %140 = "stable_mosaic.arith.addi"(%139, %138) : (i32, i32) -> i32
        %141 = "stable_mosaic.arith.index_cast"(%140) : (i32) -> index
        %142 = "stable_mosaic.memref.load"(%arg2, %141) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
        %143 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %118, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
        %144 = "stable_mosaic.tpu.memref_slice"(%arg14, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %145 = "stable_mosaic.tpu.memref_squeeze"(%144) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %146 = "stable_mosaic.tpu.memref_slice"(%arg15, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %147 = "stable_mosaic.tpu.memref_squeeze"(%146) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%143, %145, %147) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %148 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %118, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
        %149 = "stable_mosaic.tpu.memref_slice"(%arg16, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %150 = "stable_mosaic.tpu.memref_squeeze"(%149) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %151 = "stable_mosaic.tpu.memref_slice"(%arg17, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %152 = "stable_mosaic.tpu.memref_squeeze"(%151) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%148, %150, %152) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %153 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %126, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
        %154 = "stable_mosaic.tpu.memref_slice"(%arg18, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %155 = "stable_mosaic.tpu.memref_squeeze"(%154) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %156 = "stable_mosaic.tpu.memref_slice"(%arg19, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %157 = "stable_mosaic.tpu.memref_squeeze"(%156) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%153, %155, %157) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %158 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %126, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
        %159 = "stable_mosaic.tpu.memref_slice"(%arg20, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %160 = "stable_mosaic.tpu.memref_squeeze"(%159) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %161 = "stable_mosaic.tpu.memref_slice"(%arg21, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %162 = "stable_mosaic.tpu.memref_squeeze"(%161) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%158, %160, %162) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %163 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %134, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
        %164 = "stable_mosaic.tpu.memref_slice"(%arg22, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %165 = "stable_mosaic.tpu.memref_squeeze"(%164) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %166 = "stable_mosaic.tpu.memref_slice"(%arg23, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %167 = "stable_mosaic.tpu.memref_squeeze"(%166) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%163, %165, %167) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %168 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %134, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
        %169 = "stable_mosaic.tpu.memref_slice"(%arg24, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %170 = "stable_mosaic.tpu.memref_squeeze"(%169) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %171 = "stable_mosaic.tpu.memref_slice"(%arg25, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %172 = "stable_mosaic.tpu.memref_squeeze"(%171) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%168, %170, %172) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %173 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %142, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
        %174 = "stable_mosaic.tpu.memref_slice"(%arg26, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %175 = "stable_mosaic.tpu.memref_squeeze"(%174) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %176 = "stable_mosaic.tpu.memref_slice"(%arg27, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %177 = "stable_mosaic.tpu.memref_squeeze"(%176) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%173, %175, %177) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %178 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %142, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
        %179 = "stable_mosaic.tpu.memref_slice"(%arg28, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %180 = "stable_mosaic.tpu.memref_squeeze"(%179) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
        %181 = "stable_mosaic.tpu.memref_slice"(%arg29, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %182 = "stable_mosaic.tpu.memref_squeeze"(%181) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%178, %180, %182) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %183 = "stable_mosaic.arith.muli"(%98, %18) : (i32, i32) -> i32
      %184 = "stable_mosaic.arith.addi"(%183, %8) : (i32, i32) -> i32
      %185 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %186 = "stable_mosaic.arith.minsi"(%184, %185) : (i32, i32) -> i32
      %187 = "stable_mosaic.arith.constant"() {value = 64 : i32} : () -> i32
      %188 = "stable_mosaic.arith.muli"(%arg0, %187) : (i32, i32) -> i32
      %189 = "stable_mosaic.arith.addi"(%188, %186) : (i32, i32) -> i32
      %190 = "stable_mosaic.arith.index_cast"(%189) : (i32) -> index
      %191 = "stable_mosaic.memref.load"(%arg2, %190) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %192 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %191, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %193 = "stable_mosaic.tpu.memref_slice"(%arg14, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %194 = "stable_mosaic.tpu.memref_squeeze"(%193) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %195 = "stable_mosaic.tpu.memref_slice"(%arg15, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %196 = "stable_mosaic.tpu.memref_squeeze"(%195) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%196, %192, %194) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %197 = "stable_mosaic.vector.load"(%194, %0, %0, %0, %0) : (memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xbf16>
      %198 = "stable_mosaic.vector.shape_cast"(%197) : (vector<1x1x32x128xbf16>) -> vector<32x128xbf16>
      %199 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x32xi32>
      %200 = "stable_mosaic.vector.shape_cast"(%199) : (vector<1x32xi32>) -> vector<32xi32>
      %201 = "stable_mosaic.arith.muli"(%184, %6) : (i32, i32) -> i32
      %202 = "stable_mosaic.vector.broadcast"(%201) : (i32) -> vector<32xi32>
      %203 = "stable_mosaic.arith.addi"(%200, %202) : (vector<32xi32>, vector<32xi32>) -> vector<32xi32>
      %204 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<32xi32>
      %205 = "stable_mosaic.arith.cmpi"(%203, %204) {predicate = 2 : i64} : (vector<32xi32>, vector<32xi32>) -> vector<32xi1>
      %206 = "stable_mosaic.arith.extui"(%205) : (vector<32xi1>) -> vector<32xi32>
      %207 = "stable_mosaic.vector.shape_cast"(%206) : (vector<32xi32>) -> vector<1x32xi32>
      %208 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<1x32xi32>} : () -> vector<1x32xi32>
      %209 = "stable_mosaic.arith.cmpi"(%207, %208) {predicate = 1 : i64} : (vector<1x32xi32>, vector<1x32xi32>) -> vector<1x32xi1>
      %210 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x32xf32>} : () -> vector<8x32xf32>
      %211 = "stable_mosaic.tpu.matmul"(%12, %198, %210) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xbf16>, vector<32x128xbf16>, vector<8x32xf32>) -> vector<8x32xf32>
      %212 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<8x32xf32>
      %213 = "stable_mosaic.arith.mulf"(%211, %212) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %214 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %215 = "stable_mosaic.arith.extui"(%209) : (vector<1x32xi1>) -> vector<1x32xi32>
      %216 = "stable_mosaic.vector.broadcast"(%215) : (vector<1x32xi32>) -> vector<8x32xi32>
      %217 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<8x32xi32>} : () -> vector<8x32xi32>
      %218 = "stable_mosaic.arith.cmpi"(%216, %217) {predicate = 1 : i64} : (vector<8x32xi32>, vector<8x32xi32>) -> vector<8x32xi1>
      %219 = "stable_mosaic.vector.broadcast"(%214) : (f32) -> vector<8x32xf32>
      %220 = "stable_mosaic.arith.select"(%218, %213, %219) : (vector<8x32xi1>, vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %221 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %191, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %222 = "stable_mosaic.tpu.memref_slice"(%arg16, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %223 = "stable_mosaic.tpu.memref_squeeze"(%222) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %224 = "stable_mosaic.tpu.memref_slice"(%arg17, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %225 = "stable_mosaic.tpu.memref_squeeze"(%224) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%225, %221, %223) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %226 = "stable_mosaic.vector.load"(%223, %0, %0, %0, %0) : (memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xbf16>
      %227 = "stable_mosaic.vector.shape_cast"(%226) : (vector<1x1x32x128xbf16>) -> vector<32x128xbf16>
      %228 = "stable_mosaic.arith.muli"(%98, %18) : (i32, i32) -> i32
      %229 = "stable_mosaic.arith.addi"(%228, %20) : (i32, i32) -> i32
      %230 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %231 = "stable_mosaic.arith.minsi"(%229, %230) : (i32, i32) -> i32
      %232 = "stable_mosaic.arith.muli"(%arg0, %187) : (i32, i32) -> i32
      %233 = "stable_mosaic.arith.addi"(%232, %231) : (i32, i32) -> i32
      %234 = "stable_mosaic.arith.index_cast"(%233) : (i32) -> index
      %235 = "stable_mosaic.memref.load"(%arg2, %234) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %236 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %235, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %237 = "stable_mosaic.tpu.memref_slice"(%arg18, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %238 = "stable_mosaic.tpu.memref_squeeze"(%237) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %239 = "stable_mosaic.tpu.memref_slice"(%arg19, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %240 = "stable_mosaic.tpu.memref_squeeze"(%239) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%240, %236, %238) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %241 = "stable_mosaic.vector.load"(%238, %0, %0, %0, %0) : (memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xbf16>
      %242 = "stable_mosaic.vector.shape_cast"(%241) : (vector<1x1x32x128xbf16>) -> vector<32x128xbf16>
      %243 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x32xi32>
      %244 = "stable_mosaic.vector.shape_cast"(%243) : (vector<1x32xi32>) -> vector<32xi32>
      %245 = "stable_mosaic.arith.muli"(%229, %6) : (i32, i32) -> i32
      %246 = "stable_mosaic.vector.broadcast"(%245) : (i32) -> vector<32xi32>
      %247 = "stable_mosaic.arith.addi"(%244, %246) : (vector<32xi32>, vector<32xi32>) -> vector<32xi32>
      %248 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<32xi32>
      %249 = "stable_mosaic.arith.cmpi"(%247, %248) {predicate = 2 : i64} : (vector<32xi32>, vector<32xi32>) -> vector<32xi1>
      %250 = "stable_mosaic.arith.extui"(%249) : (vector<32xi1>) -> vector<32xi32>
      %251 = "stable_mosaic.vector.shape_cast"(%250) : (vector<32xi32>) -> vector<1x32xi32>
      %252 = "stable_mosaic.arith.cmpi"(%251, %208) {predicate = 1 : i64} : (vector<1x32xi32>, vector<1x32xi32>) -> vector<1x32xi1>
      %253 = "stable_mosaic.tpu.matmul"(%12, %242, %210) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xbf16>, vector<32x128xbf16>, vector<8x32xf32>) -> vector<8x32xf32>
      %254 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<8x32xf32>
      %255 = "stable_mosaic.arith.mulf"(%253, %254) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %256 = "stable_mosaic.arith.extui"(%252) : (vector<1x32xi1>) -> vector<1x32xi32>
      %257 = "stable_mosaic.vector.broadcast"(%256) : (vector<1x32xi32>) -> vector<8x32xi32>
      %258 = "stable_mosaic.arith.cmpi"(%257, %217) {predicate = 1 : i64} : (vector<8x32xi32>, vector<8x32xi32>) -> vector<8x32xi1>
      %259 = "stable_mosaic.vector.broadcast"(%214) : (f32) -> vector<8x32xf32>
      %260 = "stable_mosaic.arith.select"(%258, %255, %259) : (vector<8x32xi1>, vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %261 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %235, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %262 = "stable_mosaic.tpu.memref_slice"(%arg20, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %263 = "stable_mosaic.tpu.memref_squeeze"(%262) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %264 = "stable_mosaic.tpu.memref_slice"(%arg21, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %265 = "stable_mosaic.tpu.memref_squeeze"(%264) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%265, %261, %263) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %266 = "stable_mosaic.vector.load"(%263, %0, %0, %0, %0) : (memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xbf16>
      %267 = "stable_mosaic.vector.shape_cast"(%266) : (vector<1x1x32x128xbf16>) -> vector<32x128xbf16>
      %268 = "stable_mosaic.arith.muli"(%98, %18) : (i32, i32) -> i32
      %269 = "stable_mosaic.arith.addi"(%268, %104) : (i32, i32) -> i32
      %270 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %271 = "stable_mosaic.arith.minsi"(%269, %270) : (i32, i32) -> i32
      %272 = "stable_mosaic.arith.muli"(%arg0, %187) : (i32, i32) -> i32
      %273 = "stable_mosaic.arith.addi"(%272, %271) : (i32, i32) -> i32
      %274 = "stable_mosaic.arith.index_cast"(%273) : (i32) -> index
      %275 = "stable_mosaic.memref.load"(%arg2, %274) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %276 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %275, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %277 = "stable_mosaic.tpu.memref_slice"(%arg22, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %278 = "stable_mosaic.tpu.memref_squeeze"(%277) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %279 = "stable_mosaic.tpu.memref_slice"(%arg23, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %280 = "stable_mosaic.tpu.memref_squeeze"(%279) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%280, %276, %278) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %281 = "stable_mosaic.vector.load"(%278, %0, %0, %0, %0) : (memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xbf16>
      %282 = "stable_mosaic.vector.shape_cast"(%281) : (vector<1x1x32x128xbf16>) -> vector<32x128xbf16>
      %283 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x32xi32>
      %284 = "stable_mosaic.vector.shape_cast"(%283) : (vector<1x32xi32>) -> vector<32xi32>
      %285 = "stable_mosaic.arith.muli"(%269, %6) : (i32, i32) -> i32
      %286 = "stable_mosaic.vector.broadcast"(%285) : (i32) -> vector<32xi32>
      %287 = "stable_mosaic.arith.addi"(%284, %286) : (vector<32xi32>, vector<32xi32>) -> vector<32xi32>
      %288 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<32xi32>
      %289 = "stable_mosaic.arith.cmpi"(%287, %288) {predicate = 2 : i64} : (vector<32xi32>, vector<32xi32>) -> vector<32xi1>
      %290 = "stable_mosaic.arith.extui"(%289) : (vector<32xi1>) -> vector<32xi32>
      %291 = "stable_mosaic.vector.shape_cast"(%290) : (vector<32xi32>) -> vector<1x32xi32>
      %292 = "stable_mosaic.arith.cmpi"(%291, %208) {predicate = 1 : i64} : (vector<1x32xi32>, vector<1x32xi32>) -> vector<1x32xi1>
      %293 = "stable_mosaic.tpu.matmul"(%12, %282, %210) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xbf16>, vector<32x128xbf16>, vector<8x32xf32>) -> vector<8x32xf32>
      %294 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<8x32xf32>
      %295 = "stable_mosaic.arith.mulf"(%293, %294) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %296 = "stable_mosaic.arith.extui"(%292) : (vector<1x32xi1>) -> vector<1x32xi32>
      %297 = "stable_mosaic.vector.broadcast"(%296) : (vector<1x32xi32>) -> vector<8x32xi32>
      %298 = "stable_mosaic.arith.cmpi"(%297, %217) {predicate = 1 : i64} : (vector<8x32xi32>, vector<8x32xi32>) -> vector<8x32xi1>
      %299 = "stable_mosaic.vector.broadcast"(%214) : (f32) -> vector<8x32xf32>
      %300 = "stable_mosaic.arith.select"(%298, %295, %299) : (vector<8x32xi1>, vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %301 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %275, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %302 = "stable_mosaic.tpu.memref_slice"(%arg24, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %303 = "stable_mosaic.tpu.memref_squeeze"(%302) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %304 = "stable_mosaic.tpu.memref_slice"(%arg25, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %305 = "stable_mosaic.tpu.memref_squeeze"(%304) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%305, %301, %303) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %306 = "stable_mosaic.vector.load"(%303, %0, %0, %0, %0) : (memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xbf16>
      %307 = "stable_mosaic.vector.shape_cast"(%306) : (vector<1x1x32x128xbf16>) -> vector<32x128xbf16>
      %308 = "stable_mosaic.arith.muli"(%98, %18) : (i32, i32) -> i32
      %309 = "stable_mosaic.arith.addi"(%308, %16) : (i32, i32) -> i32
      %310 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %311 = "stable_mosaic.arith.minsi"(%309, %310) : (i32, i32) -> i32
      %312 = "stable_mosaic.arith.muli"(%arg0, %187) : (i32, i32) -> i32
      %313 = "stable_mosaic.arith.addi"(%312, %311) : (i32, i32) -> i32
      %314 = "stable_mosaic.arith.index_cast"(%313) : (i32) -> index
      %315 = "stable_mosaic.memref.load"(%arg2, %314) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %316 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %315, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %317 = "stable_mosaic.tpu.memref_slice"(%arg26, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %318 = "stable_mosaic.tpu.memref_squeeze"(%317) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %319 = "stable_mosaic.tpu.memref_slice"(%arg27, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %320 = "stable_mosaic.tpu.memref_squeeze"(%319) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%320, %316, %318) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %321 = "stable_mosaic.vector.load"(%318, %0, %0, %0, %0) : (memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xbf16>
      %322 = "stable_mosaic.vector.shape_cast"(%321) : (vector<1x1x32x128xbf16>) -> vector<32x128xbf16>
      %323 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x32xi32>
      %324 = "stable_mosaic.vector.shape_cast"(%323) : (vector<1x32xi32>) -> vector<32xi32>
      %325 = "stable_mosaic.arith.muli"(%309, %6) : (i32, i32) -> i32
      %326 = "stable_mosaic.vector.broadcast"(%325) : (i32) -> vector<32xi32>
      %327 = "stable_mosaic.arith.addi"(%324, %326) : (vector<32xi32>, vector<32xi32>) -> vector<32xi32>
      %328 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<32xi32>
      %329 = "stable_mosaic.arith.cmpi"(%327, %328) {predicate = 2 : i64} : (vector<32xi32>, vector<32xi32>) -> vector<32xi1>
      %330 = "stable_mosaic.arith.extui"(%329) : (vector<32xi1>) -> vector<32xi32>
      %331 = "stable_mosaic.vector.shape_cast"(%330) : (vector<32xi32>) -> vector<1x32xi32>
      %332 = "stable_mosaic.arith.cmpi"(%331, %208) {predicate = 1 : i64} : (vector<1x32xi32>, vector<1x32xi32>) -> vector<1x32xi1>
      %333 = "stable_mosaic.tpu.matmul"(%12, %322, %210) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xbf16>, vector<32x128xbf16>, vector<8x32xf32>) -> vector<8x32xf32>
      %334 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<8x32xf32>
      %335 = "stable_mosaic.arith.mulf"(%333, %334) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %336 = "stable_mosaic.arith.extui"(%332) : (vector<1x32xi1>) -> vector<1x32xi32>
      %337 = "stable_mosaic.vector.broadcast"(%336) : (vector<1x32xi32>) -> vector<8x32xi32>
      %338 = "stable_mosaic.arith.cmpi"(%337, %217) {predicate = 1 : i64} : (vector<8x32xi32>, vector<8x32xi32>) -> vector<8x32xi1>
      %339 = "stable_mosaic.vector.broadcast"(%214) : (f32) -> vector<8x32xf32>
      %340 = "stable_mosaic.arith.select"(%338, %335, %339) : (vector<8x32xi1>, vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %341 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %315, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xbf16, #tpu.memory_space<any>>
      %342 = "stable_mosaic.tpu.memref_slice"(%arg28, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %343 = "stable_mosaic.tpu.memref_squeeze"(%342) : (memref<1x1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>
      %344 = "stable_mosaic.tpu.memref_slice"(%arg29, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %345 = "stable_mosaic.tpu.memref_squeeze"(%344) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%345, %341, %343) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xbf16, #tpu.memory_space<any>>, memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>) -> ()
      %346 = "stable_mosaic.vector.load"(%343, %0, %0, %0, %0) : (memref<1x1x32x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xbf16>
      %347 = "stable_mosaic.vector.shape_cast"(%346) : (vector<1x1x32x128xbf16>) -> vector<32x128xbf16>
      %348 = "stable_mosaic.vector.multi_reduction"(%220, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %349 = "stable_mosaic.arith.maximumf"(%101, %348) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %350 = "stable_mosaic.vector.multi_reduction"(%260, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %351 = "stable_mosaic.arith.maximumf"(%349, %350) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %352 = "stable_mosaic.vector.multi_reduction"(%300, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %353 = "stable_mosaic.arith.maximumf"(%351, %352) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %354 = "stable_mosaic.vector.multi_reduction"(%340, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %355 = "stable_mosaic.arith.maximumf"(%353, %354) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %356 = "stable_mosaic.arith.subf"(%101, %355) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %357 = "stable_mosaic.math.exp"(%356) : (vector<8xf32>) -> vector<8xf32>
      %358 = "stable_mosaic.arith.mulf"(%99, %357) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %359 = "stable_mosaic.vector.shape_cast"(%357) : (vector<8xf32>) -> vector<8x1xf32>
      %360 = "stable_mosaic.vector.broadcast"(%359) : (vector<8x1xf32>) -> vector<8x128xf32>
      %361 = "stable_mosaic.arith.mulf"(%100, %360) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %362 = "stable_mosaic.vector.shape_cast"(%355) : (vector<8xf32>) -> vector<8x1xf32>
      %363 = "stable_mosaic.vector.broadcast"(%362) : (vector<8x1xf32>) -> vector<8x32xf32>
      %364 = "stable_mosaic.arith.subf"(%220, %363) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %365 = "stable_mosaic.math.exp"(%364) : (vector<8x32xf32>) -> vector<8x32xf32>
      %366 = "stable_mosaic.vector.multi_reduction"(%365, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %367 = "stable_mosaic.arith.addf"(%358, %366) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %368 = "stable_mosaic.arith.truncf"(%365) : (vector<8x32xf32>) -> vector<8x32xbf16>
      %369 = "stable_mosaic.tpu.matmul"(%368, %227, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xbf16>, vector<32x128xbf16>, vector<8x128xf32>) -> vector<8x128xf32>
      %370 = "stable_mosaic.arith.addf"(%361, %369) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %371 = "stable_mosaic.vector.shape_cast"(%355) : (vector<8xf32>) -> vector<8x1xf32>
      %372 = "stable_mosaic.vector.broadcast"(%371) : (vector<8x1xf32>) -> vector<8x32xf32>
      %373 = "stable_mosaic.arith.subf"(%260, %372) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %374 = "stable_mosaic.math.exp"(%373) : (vector<8x32xf32>) -> vector<8x32xf32>
      %375 = "stable_mosaic.vector.multi_reduction"(%374, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %376 = "stable_mosaic.arith.addf"(%367, %375) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %377 = "stable_mosaic.arith.truncf"(%374) : (vector<8x32xf32>) -> vector<8x32xbf16>
      %378 = "stable_mosaic.tpu.matmul"(%377, %267, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xbf16>, vector<32x128xbf16>, vector<8x128xf32>) -> vector<8x128xf32>
      %379 = "stable_mosaic.arith.addf"(%370, %378) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %380 = "stable_mosaic.vector.shape_cast"(%355) : (vector<8xf32>) -> vector<8x1xf32>
      %381 = "stable_mosaic.vector.broadcast"(%380) : (vector<8x1xf32>) -> vector<8x32xf32>
      %382 = "stable_mosaic.arith.subf"(%300, %381) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %383 = "stable_mosaic.math.exp"(%382) : (vector<8x32xf32>) -> vector<8x32xf32>
      %384 = "stable_mosaic.vector.multi_reduction"(%383, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %385 = "stable_mosaic.arith.addf"(%376, %384) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %386 = "stable_mosaic.arith.truncf"(%383) : (vector<8x32xf32>) -> vector<8x32xbf16>
      %387 = "stable_mosaic.tpu.matmul"(%386, %307, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xbf16>, vector<32x128xbf16>, vector<8x128xf32>) -> vector<8x128xf32>
      %388 = "stable_mosaic.arith.addf"(%379, %387) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %389 = "stable_mosaic.vector.shape_cast"(%355) : (vector<8xf32>) -> vector<8x1xf32>
      %390 = "stable_mosaic.vector.broadcast"(%389) : (vector<8x1xf32>) -> vector<8x32xf32>
      %391 = "stable_mosaic.arith.subf"(%340, %390) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %392 = "stable_mosaic.math.exp"(%391) : (vector<8x32xf32>) -> vector<8x32xf32>
      %393 = "stable_mosaic.vector.multi_reduction"(%392, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %394 = "stable_mosaic.arith.addf"(%385, %393) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %395 = "stable_mosaic.arith.truncf"(%392) : (vector<8x32xf32>) -> vector<8x32xbf16>
      %396 = "stable_mosaic.tpu.matmul"(%395, %347, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xbf16>, vector<32x128xbf16>, vector<8x128xf32>) -> vector<8x128xf32>
      %397 = "stable_mosaic.arith.addf"(%388, %396) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      "stable_mosaic.scf.yield"(%394, %397, %355) : (vector<8xf32>, vector<8x128xf32>, vector<8xf32>) -> ()
    }) : (i32, i32, i32, vector<8xf32>, vector<8x128xf32>, vector<8xf32>) -> (vector<8xf32>, vector<8x128xf32>, vector<8xf32>)
    %398 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %399 = "stable_mosaic.vector.broadcast"(%398) : (f32) -> vector<8xf32>
    %400 = "stable_mosaic.arith.cmpf"(%97#0, %399) {predicate = 2 : i64} : (vector<8xf32>, vector<8xf32>) -> vector<8xi1>
    %401 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %402 = "stable_mosaic.vector.broadcast"(%401) : (f32) -> vector<8xf32>
    %403 = "stable_mosaic.arith.select"(%400, %97#0, %402) : (vector<8xi1>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %404 = "stable_mosaic.math.log"(%403) : (vector<8xf32>) -> vector<8xf32>
    %405 = "stable_mosaic.arith.addf"(%97#2, %404) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %406 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
    %407 = "stable_mosaic.vector.broadcast"(%406) : (f32) -> vector<8xf32>
    %408 = "stable_mosaic.arith.select"(%400, %405, %407) : (vector<8xi1>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %409 = "stable_mosaic.vector.shape_cast"(%403) : (vector<8xf32>) -> vector<8x1xf32>
    %410 = "stable_mosaic.vector.broadcast"(%409) : (vector<8x1xf32>) -> vector<8x128xf32>
    %411 = "stable_mosaic.arith.divf"(%97#1, %410) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
    %412 = "stable_mosaic.vector.shape_cast"(%411) : (vector<8x128xf32>) -> vector<1x1x8x128xf32>
    %413 = "stable_mosaic.arith.index_cast"(%8) : (i32) -> index
    "stable_mosaic.vector.store"(%412, %arg30, %413, %413, %413, %413) : (vector<1x1x8x128xf32>, memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %414 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x4x8x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x8x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg30, %414, %arg31) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, memref<1x1x8x128xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg31, %arg30, %414) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, memref<1x1x8x128xf32, #tpu.memory_space<any>>) -> ()
    %415 = "stable_mosaic.vector.shape_cast"(%408) : (vector<8xf32>) -> vector<8x1xf32>
    %416 = "stable_mosaic.vector.shape_cast"(%415) : (vector<8x1xf32>) -> vector<1x1x8x1xf32>
    "stable_mosaic.vector.store"(%416, %arg32, %413, %413, %413, %413) : (vector<1x1x8x1xf32>, memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %417 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x4x8x1xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x8x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg32, %417, %arg33) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, memref<1x1x8x1xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg33, %arg32, %417) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, memref<1x1x8x1xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<512xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<1xf32, #tpu.memory_space<smem>>, memref<8x4x8x128xbf16, #tpu.memory_space<any>>, memref<4x515x32x128xbf16, #tpu.memory_space<any>>, memref<4x515x32x128xbf16, #tpu.memory_space<any>>, memref<8x4x8x128xf32, #tpu.memory_space<any>>, memref<8x4x8x1xf32, #tpu.memory_space<any>>, memref<8x4x8x128xf32, #tpu.memory_space<any>>, memref<8x4x8x1xf32, #tpu.memory_space<any>>, memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xbf16, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 8, 4>, scalar_prefetch = 3 : i64, scratch_operands = 22 : i64, sym_name = "paged_decode_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
