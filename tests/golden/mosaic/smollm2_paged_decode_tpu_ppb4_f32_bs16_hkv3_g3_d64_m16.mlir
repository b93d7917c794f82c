"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<2048xi32, #tpu.memory_space<smem>>, %arg3: memref<16xi32, #tpu.memory_space<smem>>, %arg4: memref<1xf32, #tpu.memory_space<smem>>, %arg5: memref<16x3x3x64xf32, #tpu.memory_space<any>>, %arg6: memref<3x2048x16x64xf32, #tpu.memory_space<any>>, %arg7: memref<3x2048x16x64xf32, #tpu.memory_space<any>>, %arg8: memref<16x3x3x64xf32, #tpu.memory_space<any>>, %arg9: memref<16x3x3x1xf32, #tpu.memory_space<any>>, %arg10: memref<16x3x3x64xf32, #tpu.memory_space<any>>, %arg11: memref<16x3x3x1xf32, #tpu.memory_space<any>>, %arg12: memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, %arg13: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg15: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg17: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg19: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg20: memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg21: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg22: memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg23: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg24: memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg25: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg26: memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg27: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg28: memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg29: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg30: memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, %arg31: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg32: memref<1x1x3x1xf32, #tpu.memory_space<vmem>>, %arg33: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg4, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %3 = "stable_mosaic.memref.load"(%arg3, %2) : (memref<16xi32, #tpu.memory_space<smem>>, index) -> i32
    %4 = "stable_mosaic.arith.constant"() {value = 15 : i32} : () -> i32
    %5 = "stable_mosaic.arith.addi"(%3, %4) : (i32, i32) -> i32
    %6 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
    %7 = "stable_mosaic.arith.divsi"(%5, %6) : (i32, i32) -> i32
    %8 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %9 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<16x3x3x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x3x64xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%9, %arg12, %arg13) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x3x64xf32, #tpu.memory_space<any>>, memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %10 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<16x3x3x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x3x64xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg13, %10, %arg12) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x3x64xf32, #tpu.memory_space<any>>, memref<1x1x3x64xf32, #tpu.memory_space<vmem>>) -> ()
    %11 = "stable_mosaic.vector.load"(%arg12, %0, %0, %0, %0) : (memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x3x64xf32>
    %12 = "stable_mosaic.vector.shape_cast"(%11) : (vector<1x1x3x64xf32>) -> vector<3x64xf32>
    %13 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<3xf32>} : () -> vector<3xf32>
    %14 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<3xf32>} : () -> vector<3xf32>
    %15 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<3x64xf32>} : () -> vector<3x64xf32>
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
      %27 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %28 = "stable_mosaic.arith.muli"(%arg0, %27) : (i32, i32) -> i32
      %29 = "stable_mosaic.arith.addi"(%28, %26) : (i32, i32) -> i32
      %30 = "stable_mosaic.arith.index_cast"(%29) : (i32) -> index
      %31 = "stable_mosaic.memref.load"(%arg2, %30) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
      %32 = "stable_mosaic.arith.muli"(%21, %18) : (i32, i32) -> i32
      %33 = "stable_mosaic.arith.addi"(%32, %20) : (i32, i32) -> i32
      %34 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %35 = "stable_mosaic.arith.minsi"(%33, %34) : (i32, i32) -> i32
      %36 = "stable_mosaic.arith.muli"(%arg0, %27) : (i32, i32) -> i32
      %37 = "stable_mosaic.arith.addi"(%36, %35) : (i32, i32) -> i32
      %38 = "stable_mosaic.arith.index_cast"(%37) : (i32) -> index
      %39 = "stable_mosaic.memref.load"(%arg2, %38) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
      %40 = "stable_mosaic.arith.muli"(%21, %18) : (i32, i32) -> i32
      %41 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %42 = "stable_mosaic.arith.addi"(%40, %41) : (i32, i32) -> i32
      %43 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %44 = "stable_mosaic.arith.minsi"(%42, %43) : (i32, i32) -> i32
      %45 = "stable_mosaic.arith.muli"(%arg0, %27) : (i32, i32) -> i32
      %46 = "stable_mosaic.arith.addi"(%45, %44) : (i32, i32) -> i32
      %47 = "stable_mosaic.arith.index_cast"(%46) : (i32) -> index
      %48 = "stable_mosaic.memref.load"(%arg2, %47) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
      %49 = "stable_mosaic.arith.muli"(%21, %18) : (i32, i32) -> i32
      %50 = "stable_mosaic.arith.addi"(%49, %16) : (i32, i32) -> i32
      %51 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %52 = "stable_mosaic.arith.minsi"(%50, %51) : (i32, i32) -> i32
      %53 = "stable_mosaic.arith.muli"(%arg0, %27) : (i32, i32) -> i32
      %54 = "stable_mosaic.arith.addi"(%53, %52) : (i32, i32) -> i32
      %55 = "stable_mosaic.arith.index_cast"(%54) : (i32) -> index
      %56 = "stable_mosaic.memref.load"(%arg2, %55) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
      %57 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %31, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %58 = "stable_mosaic.tpu.memref_slice"(%arg14, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %59 = "stable_mosaic.tpu.memref_squeeze"(%58) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %60 = "stable_mosaic.tpu.memref_slice"(%arg15, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %61 = "stable_mosaic.tpu.memref_squeeze"(%60) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%57, %59, %61) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %62 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %31, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %63 = "stable_mosaic.tpu.memref_slice"(%arg16, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %64 = "stable_mosaic.tpu.memref_squeeze"(%63) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %65 = "stable_mosaic.tpu.memref_slice"(%arg17, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %66 = "stable_mosaic.tpu.memref_squeeze"(%65) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%62, %64, %66) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %67 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %39, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %68 = "stable_mosaic.tpu.memref_slice"(%arg18, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %69 = "stable_mosaic.tpu.memref_squeeze"(%68) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %70 = "stable_mosaic.tpu.memref_slice"(%arg19, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %71 = "stable_mosaic.tpu.memref_squeeze"(%70) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%67, %69, %71) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %72 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %39, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %73 = "stable_mosaic.tpu.memref_slice"(%arg20, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %74 = "stable_mosaic.tpu.memref_squeeze"(%73) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %75 = "stable_mosaic.tpu.memref_slice"(%arg21, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %76 = "stable_mosaic.tpu.memref_squeeze"(%75) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%72, %74, %76) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %77 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %48, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %78 = "stable_mosaic.tpu.memref_slice"(%arg22, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %79 = "stable_mosaic.tpu.memref_squeeze"(%78) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %80 = "stable_mosaic.tpu.memref_slice"(%arg23, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %81 = "stable_mosaic.tpu.memref_squeeze"(%80) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%77, %79, %81) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %82 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %48, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %83 = "stable_mosaic.tpu.memref_slice"(%arg24, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %84 = "stable_mosaic.tpu.memref_squeeze"(%83) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %85 = "stable_mosaic.tpu.memref_slice"(%arg25, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %86 = "stable_mosaic.tpu.memref_squeeze"(%85) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%82, %84, %86) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %87 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %56, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %88 = "stable_mosaic.tpu.memref_slice"(%arg26, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %89 = "stable_mosaic.tpu.memref_squeeze"(%88) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %90 = "stable_mosaic.tpu.memref_slice"(%arg27, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %91 = "stable_mosaic.tpu.memref_squeeze"(%90) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%87, %89, %91) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %92 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %56, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %93 = "stable_mosaic.tpu.memref_slice"(%arg28, %8, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %94 = "stable_mosaic.tpu.memref_squeeze"(%93) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %95 = "stable_mosaic.tpu.memref_slice"(%arg29, %8) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %96 = "stable_mosaic.tpu.memref_squeeze"(%95) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%92, %94, %96) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %97:3 = "stable_mosaic.scf.for"(%8, %19, %20, %14, %15, %13) ({
    ^bb0(%98: i32, %99: vector<3xf32>, %100: vector<3x64xf32>, %101: vector<3xf32>):
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
        %114 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
        %115 = "stable_mosaic.arith.muli"(%arg0, %114) : (i32, i32) -> i32
        %116 = "stable_mosaic.arith.addi"(%115, %113) : (i32, i32) -> i32
        %117 = "stable_mosaic.arith.index_cast"(%116) : (i32) -> index
        %118 = "stable_mosaic.memref.load"(%arg2, %117) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
        %119 = "stable_mosaic.arith.muli"(%108, %18) : (i32, i32) -> i32
        %120 = "stable_mosaic.arith.addi"(%119, %20) : (i32, i32) -> i32
        %121 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
        %122 = "stable_mosaic.arith.minsi"(%120, %121) : (i32, i32) -> i32
        %123 = "stable_mosaic.arith.muli"(%arg0, %114) : (i32, i32) -> i32
        %124 = "stable_mosaic.arith.addi"(%123, %122) : (i32, i32) -> i32
        %125 = "stable_mosaic.arith.index_cast"(%124) : (i32) -> index
        %126 = "stable_mosaic.memref.load"(%arg2, %125) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
        %127 = "stable_mosaic.arith.muli"(%108, %18) : (i32, i32) -> i32
        %128 = "stable_mosaic.arith.addi"(%127, %104) : (i32, i32) -> i32
        %129 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
        %130 = "stable_mosaic.arith.minsi"(%128, %129) : (i32, i32) -> i32
        %131 = "stable_mosaic.arith.muli"(%arg0, %114) : (i32, i32) -> i32
        %132 = "stable_mosaic.arith.addi"(%131, %130) : (i32, i32) -> i32
        %133 = "stable_mosaic.arith.index_cast"(%132) : (i32) -> index
        %134 = "stable_mosaic.memref.load"(%arg2, %133) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
        %135 = "stable_mosaic.arith.muli"(%108, %18) : (i32, i32) -> i32
        %136 = "stable_mosaic.arith.addi"(%135, %16) : (i32, i32) -> i32
        %137 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
        %138 = "stable_mosaic.arith.minsi"(%136, %137) : (i32, i32) -> i32
        %139 = "stable_mosaic.arith.muli"(%arg0, %114) : (i32, i32) -> i32
        %140 = "stable_mosaic.arith.addi"(%139, %138) : (i32, i32) -> i32
        %141 = "stable_mosaic.arith.index_cast"(%140) : (i32) -> index
        %142 = "stable_mosaic.memref.load"(%arg2, %141) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
        %143 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %118, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
        %144 = "stable_mosaic.tpu.memref_slice"(%arg14, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
        %145 = "stable_mosaic.tpu.memref_squeeze"(%144) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
        %146 = "stable_mosaic.tpu.memref_slice"(%arg15, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %147 = "stable_mosaic.tpu.memref_squeeze"(%146) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%143, %145, %147) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %148 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %118, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
        %149 = "stable_mosaic.tpu.memref_slice"(%arg16, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
        %150 = "stable_mosaic.tpu.memref_squeeze"(%149) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
        %151 = "stable_mosaic.tpu.memref_slice"(%arg17, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %152 = "stable_mosaic.tpu.memref_squeeze"(%151) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%148, %150, %152) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %153 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %126, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
        %154 = "stable_mosaic.tpu.memref_slice"(%arg18, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
        %155 = "stable_mosaic.tpu.memref_squeeze"(%154) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
        %156 = "stable_mosaic.tpu.memref_slice"(%arg19, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %157 = "stable_mosaic.tpu.memref_squeeze"(%156) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%153, %155, %157) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %158 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %126, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
        %159 = "stable_mosaic.tpu.memref_slice"(%arg20, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
        %160 = "stable_mosaic.tpu.memref_squeeze"(%159) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
        %161 = "stable_mosaic.tpu.memref_slice"(%arg21, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %162 = "stable_mosaic.tpu.memref_squeeze"(%161) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%158, %160, %162) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %163 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %134, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
        %164 = "stable_mosaic.tpu.memref_slice"(%arg22, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
        %165 = "stable_mosaic.tpu.memref_squeeze"(%164) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
        %166 = "stable_mosaic.tpu.memref_slice"(%arg23, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %167 = "stable_mosaic.tpu.memref_squeeze"(%166) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%163, %165, %167) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %168 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %134, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
        %169 = "stable_mosaic.tpu.memref_slice"(%arg24, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
        %170 = "stable_mosaic.tpu.memref_squeeze"(%169) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
        %171 = "stable_mosaic.tpu.memref_slice"(%arg25, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %172 = "stable_mosaic.tpu.memref_squeeze"(%171) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%168, %170, %172) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %173 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %142, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
        %174 = "stable_mosaic.tpu.memref_slice"(%arg26, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
        %175 = "stable_mosaic.tpu.memref_squeeze"(%174) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
        %176 = "stable_mosaic.tpu.memref_slice"(%arg27, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %177 = "stable_mosaic.tpu.memref_squeeze"(%176) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%173, %175, %177) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %178 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %142, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
        %179 = "stable_mosaic.tpu.memref_slice"(%arg28, %107, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
        %180 = "stable_mosaic.tpu.memref_squeeze"(%179) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
        %181 = "stable_mosaic.tpu.memref_slice"(%arg29, %107) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %182 = "stable_mosaic.tpu.memref_squeeze"(%181) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%178, %180, %182) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %183 = "stable_mosaic.arith.muli"(%98, %18) : (i32, i32) -> i32
      %184 = "stable_mosaic.arith.addi"(%183, %8) : (i32, i32) -> i32
      %185 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %186 = "stable_mosaic.arith.minsi"(%184, %185) : (i32, i32) -> i32
      %187 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %188 = "stable_mosaic.arith.muli"(%arg0, %187) : (i32, i32) -> i32
      %189 = "stable_mosaic.arith.addi"(%188, %186) : (i32, i32) -> i32
      %190 = "stable_mosaic.arith.index_cast"(%189) : (i32) -> index
      %191 = "stable_mosaic.memref.load"(%arg2, %190) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
      %192 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %191, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %193 = "stable_mosaic.tpu.memref_slice"(%arg14, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %194 = "stable_mosaic.tpu.memref_squeeze"(%193) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %195 = "stable_mosaic.tpu.memref_slice"(%arg15, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %196 = "stable_mosaic.tpu.memref_squeeze"(%195) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%196, %192, %194) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %197 = "stable_mosaic.vector.load"(%194, %0, %0, %0, %0) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %198 = "stable_mosaic.vector.shape_cast"(%197) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %199 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %200 = "stable_mosaic.vector.shape_cast"(%199) : (vector<1x16xi32>) -> vector<16xi32>
      %201 = "stable_mosaic.arith.muli"(%184, %6) : (i32, i32) -> i32
      %202 = "stable_mosaic.vector.broadcast"(%201) : (i32) -> vector<16xi32>
      %203 = "stable_mosaic.arith.addi"(%200, %202) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %204 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<16xi32>
      %205 = "stable_mosaic.arith.cmpi"(%203, %204) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %206 = "stable_mosaic.arith.extui"(%205) : (vector<16xi1>) -> vector<16xi32>
      %207 = "stable_mosaic.vector.shape_cast"(%206) : (vector<16xi32>) -> vector<1x16xi32>
      %208 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<1x16xi32>} : () -> vector<1x16xi32>
      %209 = "stable_mosaic.arith.cmpi"(%207, %208) {predicate = 1 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %210 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<3x16xf32>} : () -> vector<3x16xf32>
      %211 = "stable_mosaic.tpu.matmul"(%12, %198, %210) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<3x64xf32>, vector<16x64xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %212 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<3x16xf32>
      %213 = "stable_mosaic.arith.mulf"(%211, %212) : (vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %214 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %215 = "stable_mosaic.arith.extui"(%209) : (vector<1x16xi1>) -> vector<1x16xi32>
      %216 = "stable_mosaic.vector.broadcast"(%215) : (vector<1x16xi32>) -> vector<3x16xi32>
      %217 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<3x16xi32>} : () -> vector<3x16xi32>
      %218 = "stable_mosaic.arith.cmpi"(%216, %217) {predicate = 1 : i64} : (vector<3x16xi32>, vector<3x16xi32>) -> vector<3x16xi1>
      %219 = "stable_mosaic.vector.broadcast"(%214) : (f32) -> vector<3x16xf32>
      %220 = "stable_mosaic.arith.select"(%218, %213, %219) : (vector<3x16xi1>, vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %221 = "stable_mosaic.arith.extui"(%205) : (vector<16xi1>) -> vector<16xi32>
      %222 = "stable_mosaic.vector.shape_cast"(%221) : (vector<16xi32>) -> vector<16x1xi32>
      %223 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x1xi32>} : () -> vector<16x1xi32>
      %224 = "stable_mosaic.arith.cmpi"(%222, %223) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %225 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %191, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %226 = "stable_mosaic.tpu.memref_slice"(%arg16, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %227 = "stable_mosaic.tpu.memref_squeeze"(%226) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %228 = "stable_mosaic.tpu.memref_slice"(%arg17, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %229 = "stable_mosaic.tpu.memref_squeeze"(%228) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%229, %225, %227) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %230 = "stable_mosaic.vector.load"(%227, %0, %0, %0, %0) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %231 = "stable_mosaic.vector.shape_cast"(%230) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %232 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
      %233 = "stable_mosaic.arith.extui"(%224) : (vector<16x1xi1>) -> vector<16x1xi32>
      %234 = "stable_mosaic.vector.broadcast"(%233) : (vector<16x1xi32>) -> vector<16x64xi32>
      %235 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<16x64xi32>} : () -> vector<16x64xi32>
      %236 = "stable_mosaic.arith.cmpi"(%234, %235) {predicate = 1 : i64} : (vector<16x64xi32>, vector<16x64xi32>) -> vector<16x64xi1>
      %237 = "stable_mosaic.vector.broadcast"(%232) : (f32) -> vector<16x64xf32>
      %238 = "stable_mosaic.arith.select"(%236, %231, %237) : (vector<16x64xi1>, vector<16x64xf32>, vector<16x64xf32>) -> vector<16x64xf32>
      %239 = "stable_mosaic.arith.muli"(%98, %18) : (i32, i32) -> i32
      %240 = "stable_mosaic.arith.addi"(%239, %20) : (i32, i32) -> i32
      %241 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %242 = "stable_mosaic.arith.minsi"(%240, %241) : (i32, i32) -> i32
      %243 = "stable_mosaic.arith.muli"(%arg0, %187) : (i32, i32) -> i32
      %244 = "stable_mosaic.arith.addi"(%243, %242) : (i32, i32) -> i32
      %245 = "stable_mosaic.arith.index_cast"(%244) : (i32) -> index
      %246 = "stable_mosaic.memref.load"(%arg2, %245) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
      %247 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %246, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %248 = "stable_mosaic.tpu.memref_slice"(%arg18, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %249 = "stable_mosaic.tpu.memref_squeeze"(%248) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %250 = "stable_mosaic.tpu.memref_slice"(%arg19, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %251 = "stable_mosaic.tpu.memref_squeeze"(%250) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%251, %247, %249) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %252 = "stable_mosaic.vector.load"(%249, %0, %0, %0, %0) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %253 = "stable_mosaic.vector.shape_cast"(%252) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %254 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %255 = "stable_mosaic.vector.shape_cast"(%254) : (vector<1x16xi32>) -> vector<16xi32>
      %256 = "stable_mosaic.arith.muli"(%240, %6) : (i32, i32) -> i32
      %257 = "stable_mosaic.vector.broadcast"(%256) : (i32) -> vector<16xi32>
      %258 = "stable_mosaic.arith.addi"(%255, %257) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %259 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<16xi32>
      %260 = "stable_mosaic.arith.cmpi"(%258, %259) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %261 = "stable_mosaic.arith.extui"(%260) : (vector<16xi1>) -> vector<16xi32>
      %262 = "stable_mosaic.vector.shape_cast"(%261) : (vector<16xi32>) -> vector<1x16xi32>
      %263 = "stable_mosaic.arith.cmpi"(%262, %208) {predicate = 1 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %264 = "stable_mosaic.tpu.matmul"(%12, %253, %210) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<3x64xf32>, vector<16x64xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %265 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<3x16xf32>
      %266 = "stable_mosaic.arith.mulf"(%264, %265) : (vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %267 = "stable_mosaic.arith.extui"(%263) : (vector<1x16xi1>) -> vector<1x16xi32>
      %268 = "stable_mosaic.vector.broadcast"(%267) : (vector<1x16xi32>) -> vector<3x16xi32>
      %269 = "stable_mosaic.arith.cmpi"(%268, %217) {predicate = 1 : i64} : (vector<3x16xi32>, vector<3x16xi32>) -> vector<3x16xi1>
      %270 = "stable_mosaic.vector.broadcast"(%214) : (f32) -> vector<3x16xf32>
      %271 = "stable_mosaic.arith.select"(%269, %266, %270) : (vector<3x16xi1>, vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %272 = "stable_mosaic.arith.extui"(%260) : (vector<16xi1>) -> vector<16xi32>
      %273 = "stable_mosaic.vector.shape_cast"(%272) : (vector<16xi32>) -> vector<16x1xi32>
      %274 = "stable_mosaic.arith.cmpi"(%273, %223) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %275 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %246, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %276 = "stable_mosaic.tpu.memref_slice"(%arg20, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %277 = "stable_mosaic.tpu.memref_squeeze"(%276) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %278 = "stable_mosaic.tpu.memref_slice"(%arg21, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %279 = "stable_mosaic.tpu.memref_squeeze"(%278) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%279, %275, %277) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %280 = "stable_mosaic.vector.load"(%277, %0, %0, %0, %0) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %281 = "stable_mosaic.vector.shape_cast"(%280) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %282 = "stable_mosaic.arith.extui"(%274) : (vector<16x1xi1>) -> vector<16x1xi32>
      %283 = "stable_mosaic.vector.broadcast"(%282) : (vector<16x1xi32>) -> vector<16x64xi32>
      %284 = "stable_mosaic.arith.cmpi"(%283, %235) {predicate = 1 : i64} : (vector<16x64xi32>, vector<16x64xi32>) -> vector<16x64xi1>
      %285 = "stable_mosaic.vector.broadcast"(%232) : (f32) -> vector<16x64xf32>
      %286 = "stable_mosaic.arith.select"(%284, %281, %285) : (vector<16x64xi1>, vector<16x64xf32>, vector<16x64xf32>) -> vector<16x64xf32>
      %287 = "stable_mosaic.arith.muli"(%98, %18) : (i32, i32) -> i32
      %288 = "stable_mosaic.arith.addi"(%287, %104) : (i32, i32) -> i32
      %289 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %290 = "stable_mosaic.arith.minsi"(%288, %289) : (i32, i32) -> i32
      %291 = "stable_mosaic.arith.muli"(%arg0, %187) : (i32, i32) -> i32
      %292 = "stable_mosaic.arith.addi"(%291, %290) : (i32, i32) -> i32
      %293 = "stable_mosaic.arith.index_cast"(%292) : (i32) -> index
      %294 = "stable_mosaic.memref.load"(%arg2, %293) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
      %295 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %294, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %296 = "stable_mosaic.tpu.memref_slice"(%arg22, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %297 = "stable_mosaic.tpu.memref_squeeze"(%296) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %298 = "stable_mosaic.tpu.memref_slice"(%arg23, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %299 = "stable_mosaic.tpu.memref_squeeze"(%298) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%299, %295, %297) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %300 = "stable_mosaic.vector.load"(%297, %0, %0, %0, %0) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %301 = "stable_mosaic.vector.shape_cast"(%300) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %302 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %303 = "stable_mosaic.vector.shape_cast"(%302) : (vector<1x16xi32>) -> vector<16xi32>
      %304 = "stable_mosaic.arith.muli"(%288, %6) : (i32, i32) -> i32
      %305 = "stable_mosaic.vector.broadcast"(%304) : (i32) -> vector<16xi32>
      %306 = "stable_mosaic.arith.addi"(%303, %305) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %307 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<16xi32>
      %308 = "stable_mosaic.arith.cmpi"(%306, %307) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %309 = "stable_mosaic.arith.extui"(%308) : (vector<16xi1>) -> vector<16xi32>
      %310 = "stable_mosaic.vector.shape_cast"(%309) : (vector<16xi32>) -> vector<1x16xi32>
      %311 = "stable_mosaic.arith.cmpi"(%310, %208) {predicate = 1 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %312 = "stable_mosaic.tpu.matmul"(%12, %301, %210) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<3x64xf32>, vector<16x64xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %313 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<3x16xf32>
      %314 = "stable_mosaic.arith.mulf"(%312, %313) : (vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %315 = "stable_mosaic.arith.extui"(%311) : (vector<1x16xi1>) -> vector<1x16xi32>
      %316 = "stable_mosaic.vector.broadcast"(%315) : (vector<1x16xi32>) -> vector<3x16xi32>
      %317 = "stable_mosaic.arith.cmpi"(%316, %217) {predicate = 1 : i64} : (vector<3x16xi32>, vector<3x16xi32>) -> vector<3x16xi1>
      %318 = "stable_mosaic.vector.broadcast"(%214) : (f32) -> vector<3x16xf32>
      %319 = "stable_mosaic.arith.select"(%317, %314, %318) : (vector<3x16xi1>, vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %320 = "stable_mosaic.arith.extui"(%308) : (vector<16xi1>) -> vector<16xi32>
      %321 = "stable_mosaic.vector.shape_cast"(%320) : (vector<16xi32>) -> vector<16x1xi32>
      %322 = "stable_mosaic.arith.cmpi"(%321, %223) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %323 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %294, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %324 = "stable_mosaic.tpu.memref_slice"(%arg24, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %325 = "stable_mosaic.tpu.memref_squeeze"(%324) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %326 = "stable_mosaic.tpu.memref_slice"(%arg25, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %327 = "stable_mosaic.tpu.memref_squeeze"(%326) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%327, %323, %325) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %328 = "stable_mosaic.vector.load"(%325, %0, %0, %0, %0) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %329 = "stable_mosaic.vector.shape_cast"(%328) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %330 = "stable_mosaic.arith.extui"(%322) : (vector<16x1xi1>) -> vector<16x1xi32>
      %331 = "stable_mosaic.vector.broadcast"(%330) : (vector<16x1xi32>) -> vector<16x64xi32>
      %332 = "stable_mosaic.arith.cmpi"(%331, %235) {predicate = 1 : i64} : (vector<16x64xi32>, vector<16x64xi32>) -> vector<16x64xi1>
      %333 = "stable_mosaic.vector.broadcast"(%232) : (f32) -> vector<16x64xf32>
      %334 = "stable_mosaic.arith.select"(%332, %329, %333) : (vector<16x64xi1>, vector<16x64xf32>, vector<16x64xf32>) -> vector<16x64xf32>
      %335 = "stable_mosaic.arith.muli"(%98, %18) : (i32, i32) -> i32
      %336 = "stable_mosaic.arith.addi"(%335, %16) : (i32, i32) -> i32
      %337 = "stable_mosaic.arith.subi"(%7, %20) : (i32, i32) -> i32
      %338 = "stable_mosaic.arith.minsi"(%336, %337) : (i32, i32) -> i32
      %339 = "stable_mosaic.arith.muli"(%arg0, %187) : (i32, i32) -> i32
      %340 = "stable_mosaic.arith.addi"(%339, %338) : (i32, i32) -> i32
      %341 = "stable_mosaic.arith.index_cast"(%340) : (i32) -> index
      %342 = "stable_mosaic.memref.load"(%arg2, %341) : (memref<2048xi32, #tpu.memory_space<smem>>, index) -> i32
      %343 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %342, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %344 = "stable_mosaic.tpu.memref_slice"(%arg26, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %345 = "stable_mosaic.tpu.memref_squeeze"(%344) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %346 = "stable_mosaic.tpu.memref_slice"(%arg27, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %347 = "stable_mosaic.tpu.memref_squeeze"(%346) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%347, %343, %345) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %348 = "stable_mosaic.vector.load"(%345, %0, %0, %0, %0) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %349 = "stable_mosaic.vector.shape_cast"(%348) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %350 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x16xi32>
      %351 = "stable_mosaic.vector.shape_cast"(%350) : (vector<1x16xi32>) -> vector<16xi32>
      %352 = "stable_mosaic.arith.muli"(%336, %6) : (i32, i32) -> i32
      %353 = "stable_mosaic.vector.broadcast"(%352) : (i32) -> vector<16xi32>
      %354 = "stable_mosaic.arith.addi"(%351, %353) : (vector<16xi32>, vector<16xi32>) -> vector<16xi32>
      %355 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<16xi32>
      %356 = "stable_mosaic.arith.cmpi"(%354, %355) {predicate = 2 : i64} : (vector<16xi32>, vector<16xi32>) -> vector<16xi1>
      %357 = "stable_mosaic.arith.extui"(%356) : (vector<16xi1>) -> vector<16xi32>
      %358 = "stable_mosaic.vector.shape_cast"(%357) : (vector<16xi32>) -> vector<1x16xi32>
      %359 = "stable_mosaic.arith.cmpi"(%358, %208) {predicate = 1 : i64} : (vector<1x16xi32>, vector<1x16xi32>) -> vector<1x16xi1>
      %360 = "stable_mosaic.tpu.matmul"(%12, %349, %210) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<3x64xf32>, vector<16x64xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %361 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<3x16xf32>
      %362 = "stable_mosaic.arith.mulf"(%360, %361) : (vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %363 = "stable_mosaic.arith.extui"(%359) : (vector<1x16xi1>) -> vector<1x16xi32>
      %364 = "stable_mosaic.vector.broadcast"(%363) : (vector<1x16xi32>) -> vector<3x16xi32>
      %365 = "stable_mosaic.arith.cmpi"(%364, %217) {predicate = 1 : i64} : (vector<3x16xi32>, vector<3x16xi32>) -> vector<3x16xi1>
      %366 = "stable_mosaic.vector.broadcast"(%214) : (f32) -> vector<3x16xf32>
      %367 = "stable_mosaic.arith.select"(%365, %362, %366) : (vector<3x16xi1>, vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %368 = "stable_mosaic.arith.extui"(%356) : (vector<16xi1>) -> vector<16xi32>
      %369 = "stable_mosaic.vector.shape_cast"(%368) : (vector<16xi32>) -> vector<16x1xi32>
      %370 = "stable_mosaic.arith.cmpi"(%369, %223) {predicate = 1 : i64} : (vector<16x1xi32>, vector<16x1xi32>) -> vector<16x1xi1>
      %371 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %342, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      %372 = "stable_mosaic.tpu.memref_slice"(%arg28, %105, %8, %8, %8, %8) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>
      %373 = "stable_mosaic.tpu.memref_squeeze"(%372) : (memref<1x1x1x16x64xf32, #tpu.memory_space<vmem>>) -> memref<1x1x16x64xf32, #tpu.memory_space<vmem>>
      %374 = "stable_mosaic.tpu.memref_slice"(%arg29, %105) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %375 = "stable_mosaic.tpu.memref_squeeze"(%374) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%375, %371, %373) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %376 = "stable_mosaic.vector.load"(%373, %0, %0, %0, %0) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %377 = "stable_mosaic.vector.shape_cast"(%376) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %378 = "stable_mosaic.arith.extui"(%370) : (vector<16x1xi1>) -> vector<16x1xi32>
      %379 = "stable_mosaic.vector.broadcast"(%378) : (vector<16x1xi32>) -> vector<16x64xi32>
      %380 = "stable_mosaic.arith.cmpi"(%379, %235) {predicate = 1 : i64} : (vector<16x64xi32>, vector<16x64xi32>) -> vector<16x64xi1>
      %381 = "stable_mosaic.vector.broadcast"(%232) : (f32) -> vector<16x64xf32>
      %382 = "stable_mosaic.arith.select"(%380, %377, %381) : (vector<16x64xi1>, vector<16x64xf32>, vector<16x64xf32>) -> vector<16x64xf32>
      %383 = "stable_mosaic.vector.multi_reduction"(%220, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<3x16xf32>, vector<3xf32>) -> vector<3xf32>
      %384 = "stable_mosaic.arith.maximumf"(%101, %383) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %385 = "stable_mosaic.vector.multi_reduction"(%271, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<3x16xf32>, vector<3xf32>) -> vector<3xf32>
      %386 = "stable_mosaic.arith.maximumf"(%384, %385) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %387 = "stable_mosaic.vector.multi_reduction"(%319, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<3x16xf32>, vector<3xf32>) -> vector<3xf32>
      %388 = "stable_mosaic.arith.maximumf"(%386, %387) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %389 = "stable_mosaic.vector.multi_reduction"(%367, %13) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<3x16xf32>, vector<3xf32>) -> vector<3xf32>
      %390 = "stable_mosaic.arith.maximumf"(%388, %389) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %391 = "stable_mosaic.arith.subf"(%101, %390) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %392 = "stable_mosaic.math.exp"(%391) : (vector<3xf32>) -> vector<3xf32>
      %393 = "stable_mosaic.arith.mulf"(%99, %392) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %394 = "stable_mosaic.vector.shape_cast"(%392) : (vector<3xf32>) -> vector<3x1xf32>
      %395 = "stable_mosaic.vector.broadcast"(%394) : (vector<3x1xf32>) -> vector<3x64xf32>
      %396 = "stable_mosaic.arith.mulf"(%100, %395) : (vector<3x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      %397 = "stable_mosaic.vector.shape_cast"(%390) : (vector<3xf32>) -> vector<3x1xf32>
      %398 = "stable_mosaic.vector.broadcast"(%397) : (vector<3x1xf32>) -> vector<3x16xf32>
      %399 = "stable_mosaic.arith.subf"(%220, %398) : (vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %400 = "stable_mosaic.math.exp"(%399) : (vector<3x16xf32>) -> vector<3x16xf32>
      %401 = "stable_mosaic.vector.multi_reduction"(%400, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<3x16xf32>, vector<3xf32>) -> vector<3xf32>
      %402 = "stable_mosaic.arith.addf"(%393, %401) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %403 = "stable_mosaic.tpu.matmul"(%400, %238, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<3x16xf32>, vector<16x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      %404 = "stable_mosaic.arith.addf"(%396, %403) : (vector<3x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      %405 = "stable_mosaic.vector.shape_cast"(%390) : (vector<3xf32>) -> vector<3x1xf32>
      %406 = "stable_mosaic.vector.broadcast"(%405) : (vector<3x1xf32>) -> vector<3x16xf32>
      %407 = "stable_mosaic.arith.subf"(%271, %406) : (vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %408 = "stable_mosaic.math.exp"(%407) : (vector<3x16xf32>) -> vector<3x16xf32>
      %409 = "stable_mosaic.vector.multi_reduction"(%408, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<3x16xf32>, vector<3xf32>) -> vector<3xf32>
      %410 = "stable_mosaic.arith.addf"(%402, %409) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %411 = "stable_mosaic.tpu.matmul"(%408, %286, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<3x16xf32>, vector<16x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      %412 = "stable_mosaic.arith.addf"(%404, %411) : (vector<3x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      %413 = "stable_mosaic.vector.shape_cast"(%390) : (vector<3xf32>) -> vector<3x1xf32>
      %414 = "stable_mosaic.vector.broadcast"(%413) : (vector<3x1xf32>) -> vector<3x16xf32>
      %415 = "stable_mosaic.arith.subf"(%319, %414) : (vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %416 = "stable_mosaic.math.exp"(%415) : (vector<3x16xf32>) -> vector<3x16xf32>
      %417 = "stable_mosaic.vector.multi_reduction"(%416, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<3x16xf32>, vector<3xf32>) -> vector<3xf32>
      %418 = "stable_mosaic.arith.addf"(%410, %417) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %419 = "stable_mosaic.tpu.matmul"(%416, %334, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<3x16xf32>, vector<16x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      %420 = "stable_mosaic.arith.addf"(%412, %419) : (vector<3x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      %421 = "stable_mosaic.vector.shape_cast"(%390) : (vector<3xf32>) -> vector<3x1xf32>
      %422 = "stable_mosaic.vector.broadcast"(%421) : (vector<3x1xf32>) -> vector<3x16xf32>
      %423 = "stable_mosaic.arith.subf"(%367, %422) : (vector<3x16xf32>, vector<3x16xf32>) -> vector<3x16xf32>
      %424 = "stable_mosaic.math.exp"(%423) : (vector<3x16xf32>) -> vector<3x16xf32>
      %425 = "stable_mosaic.vector.multi_reduction"(%424, %14) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<3x16xf32>, vector<3xf32>) -> vector<3xf32>
      %426 = "stable_mosaic.arith.addf"(%418, %425) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
      %427 = "stable_mosaic.tpu.matmul"(%424, %382, %15) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<3x16xf32>, vector<16x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      %428 = "stable_mosaic.arith.addf"(%420, %427) : (vector<3x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
      "stable_mosaic.scf.yield"(%426, %428, %390) : (vector<3xf32>, vector<3x64xf32>, vector<3xf32>) -> ()
    }) : (i32, i32, i32, vector<3xf32>, vector<3x64xf32>, vector<3xf32>) -> (vector<3xf32>, vector<3x64xf32>, vector<3xf32>)
    %429 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %430 = "stable_mosaic.vector.broadcast"(%429) : (f32) -> vector<3xf32>
    %431 = "stable_mosaic.arith.cmpf"(%97#0, %430) {predicate = 2 : i64} : (vector<3xf32>, vector<3xf32>) -> vector<3xi1>
    %432 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %433 = "stable_mosaic.vector.broadcast"(%432) : (f32) -> vector<3xf32>
    %434 = "stable_mosaic.arith.select"(%431, %97#0, %433) : (vector<3xi1>, vector<3xf32>, vector<3xf32>) -> vector<3xf32>
    %435 = "stable_mosaic.math.log"(%434) : (vector<3xf32>) -> vector<3xf32>
    %436 = "stable_mosaic.arith.addf"(%97#2, %435) : (vector<3xf32>, vector<3xf32>) -> vector<3xf32>
    %437 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
    %438 = "stable_mosaic.vector.broadcast"(%437) : (f32) -> vector<3xf32>
    %439 = "stable_mosaic.arith.select"(%431, %436, %438) : (vector<3xi1>, vector<3xf32>, vector<3xf32>) -> vector<3xf32>
    %440 = "stable_mosaic.vector.shape_cast"(%434) : (vector<3xf32>) -> vector<3x1xf32>
    %441 = "stable_mosaic.vector.broadcast"(%440) : (vector<3x1xf32>) -> vector<3x64xf32>
    %442 = "stable_mosaic.arith.divf"(%97#1, %441) : (vector<3x64xf32>, vector<3x64xf32>) -> vector<3x64xf32>
    %443 = "stable_mosaic.vector.shape_cast"(%442) : (vector<3x64xf32>) -> vector<1x1x3x64xf32>
    %444 = "stable_mosaic.arith.index_cast"(%8) : (i32) -> index
    "stable_mosaic.vector.store"(%443, %arg30, %444, %444, %444, %444) : (vector<1x1x3x64xf32>, memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %445 = "stable_mosaic.tpu.memref_slice"(%arg10, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<16x3x3x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x3x64xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg30, %445, %arg31) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, memref<1x1x3x64xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg31, %arg30, %445) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, memref<1x1x3x64xf32, #tpu.memory_space<any>>) -> ()
    %446 = "stable_mosaic.vector.shape_cast"(%439) : (vector<3xf32>) -> vector<3x1xf32>
    %447 = "stable_mosaic.vector.shape_cast"(%446) : (vector<3x1xf32>) -> vector<1x1x3x1xf32>
    "stable_mosaic.vector.store"(%447, %arg32, %444, %444, %444, %444) : (vector<1x1x3x1xf32>, memref<1x1x3x1xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %448 = "stable_mosaic.tpu.memref_slice"(%arg11, %arg0, %arg1, %8, %8) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<16x3x3x1xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x3x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg32, %448, %arg33) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x3x1xf32, #tpu.memory_space<vmem>>, memref<1x1x3x1xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg33, %arg32, %448) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x3x1xf32, #tpu.memory_space<vmem>>, memref<1x1x3x1xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<2048xi32, #tpu.memory_space<smem>>, memref<16xi32, #tpu.memory_space<smem>>, memref<1xf32, #tpu.memory_space<smem>>, memref<16x3x3x64xf32, #tpu.memory_space<any>>, memref<3x2048x16x64xf32, #tpu.memory_space<any>>, memref<3x2048x16x64xf32, #tpu.memory_space<any>>, memref<16x3x3x64xf32, #tpu.memory_space<any>>, memref<16x3x3x1xf32, #tpu.memory_space<any>>, memref<16x3x3x64xf32, #tpu.memory_space<any>>, memref<16x3x3x1xf32, #tpu.memory_space<any>>, memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x3x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x3x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 16, 3>, scalar_prefetch = 3 : i64, scratch_operands = 22 : i64, sym_name = "paged_decode_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
