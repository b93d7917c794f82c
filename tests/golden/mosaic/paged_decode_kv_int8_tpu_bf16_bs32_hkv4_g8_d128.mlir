"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<512xi32, #tpu.memory_space<smem>>, %arg3: memref<8xi32, #tpu.memory_space<smem>>, %arg4: memref<1xf32, #tpu.memory_space<smem>>, %arg5: memref<8x4x8x128xbf16, #tpu.memory_space<any>>, %arg6: memref<4x515x32x128xi8, #tpu.memory_space<any>>, %arg7: memref<4x515x1x32xf32, #tpu.memory_space<any>>, %arg8: memref<4x515x32x128xi8, #tpu.memory_space<any>>, %arg9: memref<4x515x1x32xf32, #tpu.memory_space<any>>, %arg10: memref<8x4x8x128xf32, #tpu.memory_space<any>>, %arg11: memref<8x4x8x1xf32, #tpu.memory_space<any>>, %arg12: memref<8x4x8x128xf32, #tpu.memory_space<any>>, %arg13: memref<8x4x8x1xf32, #tpu.memory_space<any>>, %arg14: memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>, %arg15: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, %arg17: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, %arg19: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg20: memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, %arg21: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg22: memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, %arg23: memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg24: memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, %arg25: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg26: memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, %arg27: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg4, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %3 = "stable_mosaic.memref.load"(%arg3, %2) : (memref<8xi32, #tpu.memory_space<smem>>, index) -> i32
    %4 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %5 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x4x8x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x8x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%5, %arg14, %arg15) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x8x128xbf16, #tpu.memory_space<any>>, memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %6 = "stable_mosaic.tpu.memref_slice"(%arg5, %arg0, %arg1, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x4x8x128xbf16, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x8x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg15, %6, %arg14) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x128xbf16, #tpu.memory_space<any>>, memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>) -> ()
    %7 = "stable_mosaic.vector.load"(%arg14, %0, %0, %0, %0) : (memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x8x128xbf16>
    %8 = "stable_mosaic.vector.shape_cast"(%7) : (vector<1x1x8x128xbf16>) -> vector<8x128xbf16>
    %9 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<8xf32>} : () -> vector<8xf32>
    %10 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8xf32>} : () -> vector<8xf32>
    %11 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x128xf32>} : () -> vector<8x128xf32>
    %12 = "stable_mosaic.arith.constant"() {value = 31 : i32} : () -> i32
    %13 = "stable_mosaic.arith.addi"(%3, %12) : (i32, i32) -> i32
    %14 = "stable_mosaic.arith.constant"() {value = 32 : i32} : () -> i32
    %15 = "stable_mosaic.arith.divsi"(%13, %14) : (i32, i32) -> i32
    %16 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %17 = "stable_mosaic.arith.addi"(%4, %4) : (i32, i32) -> i32
    %18 = "stable_mosaic.arith.cmpi"(%17, %15) {predicate = 2 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%18) ({
      %19 = "stable_mosaic.arith.constant"() {value = 64 : i32} : () -> i32
      %20 = "stable_mosaic.arith.muli"(%arg0, %19) : (i32, i32) -> i32
      %21 = "stable_mosaic.arith.addi"(%20, %17) : (i32, i32) -> i32
      %22 = "stable_mosaic.arith.index_cast"(%21) : (i32) -> index
      %23 = "stable_mosaic.memref.load"(%arg2, %22) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %24 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %23, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xi8, #tpu.memory_space<any>>
      %25 = "stable_mosaic.tpu.memref_slice"(%arg16, %4, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>
      %26 = "stable_mosaic.tpu.memref_squeeze"(%25) : (memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xi8, #tpu.memory_space<vmem>>
      %27 = "stable_mosaic.tpu.memref_slice"(%arg17, %4) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %28 = "stable_mosaic.tpu.memref_squeeze"(%27) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%24, %26, %28) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xi8, #tpu.memory_space<any>>, memref<1x1x32x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %29 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %23, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x1x32xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x32xf32, #tpu.memory_space<any>>
      %30 = "stable_mosaic.tpu.memref_slice"(%arg18, %4, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>
      %31 = "stable_mosaic.tpu.memref_squeeze"(%30) : (memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>) -> memref<1x1x1x32xf32, #tpu.memory_space<vmem>>
      %32 = "stable_mosaic.tpu.memref_slice"(%arg19, %4) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %33 = "stable_mosaic.tpu.memref_squeeze"(%32) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%29, %31, %33) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x32xf32, #tpu.memory_space<any>>, memref<1x1x1x32xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %34 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %23, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xi8, #tpu.memory_space<any>>
      %35 = "stable_mosaic.tpu.memref_slice"(%arg20, %4, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>
      %36 = "stable_mosaic.tpu.memref_squeeze"(%35) : (memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xi8, #tpu.memory_space<vmem>>
      %37 = "stable_mosaic.tpu.memref_slice"(%arg21, %4) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %38 = "stable_mosaic.tpu.memref_squeeze"(%37) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%34, %36, %38) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xi8, #tpu.memory_space<any>>, memref<1x1x32x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %39 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %23, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x1x32xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x32xf32, #tpu.memory_space<any>>
      %40 = "stable_mosaic.tpu.memref_slice"(%arg22, %4, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>
      %41 = "stable_mosaic.tpu.memref_squeeze"(%40) : (memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>) -> memref<1x1x1x32xf32, #tpu.memory_space<vmem>>
      %42 = "stable_mosaic.tpu.memref_slice"(%arg23, %4) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %43 = "stable_mosaic.tpu.memref_squeeze"(%42) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.enqueue_dma"(%39, %41, %43) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x32xf32, #tpu.memory_space<any>>, memref<1x1x1x32xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    %44:3 = "stable_mosaic.scf.for"(%4, %15, %16, %10, %11, %9) ({
    ^bb0(%45: i32, %46: vector<8xf32>, %47: vector<8x128xf32>, %48: vector<8xf32>):
      %49 = "stable_mosaic.arith.subi"(%45, %4) : (i32, i32) -> i32
      %50 = "stable_mosaic.arith.divsi"(%49, %16) : (i32, i32) -> i32
      %51 = "stable_mosaic.arith.constant"() {value = 2 : i32} : () -> i32
      %52 = "stable_mosaic.arith.remsi"(%50, %51) : (i32, i32) -> i32
      %53 = "stable_mosaic.arith.addi"(%50, %16) : (i32, i32) -> i32
      %54 = "stable_mosaic.arith.remsi"(%53, %51) : (i32, i32) -> i32
      %55 = "stable_mosaic.arith.addi"(%45, %16) : (i32, i32) -> i32
      %56 = "stable_mosaic.arith.cmpi"(%55, %15) {predicate = 2 : i64} : (i32, i32) -> i1
      "stable_mosaic.scf.if"(%56) ({
        %57 = "stable_mosaic.arith.constant"() {value = 64 : i32} : () -> i32
        %58 = "stable_mosaic.arith.muli"(%arg0, %57) : (i32, i32) -> i32
        %59 = "stable_mosaic.arith.addi"(%58, %55) : (i32, i32) -> i32
        %60 = "stable_mosaic.arith.index_cast"(%59) : (i32) -> index
        %61 = "stable_mosaic.memref.load"(%arg2, %60) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
        %62 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %61, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xi8, #tpu.memory_space<any>>
        %63 = "stable_mosaic.tpu.memref_slice"(%arg16, %54, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>
        %64 = "stable_mosaic.tpu.memref_squeeze"(%63) : (memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xi8, #tpu.memory_space<vmem>>
        %65 = "stable_mosaic.tpu.memref_slice"(%arg17, %54) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %66 = "stable_mosaic.tpu.memref_squeeze"(%65) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%62, %64, %66) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xi8, #tpu.memory_space<any>>, memref<1x1x32x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %67 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %61, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x1x32xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x32xf32, #tpu.memory_space<any>>
        %68 = "stable_mosaic.tpu.memref_slice"(%arg18, %54, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>
        %69 = "stable_mosaic.tpu.memref_squeeze"(%68) : (memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>) -> memref<1x1x1x32xf32, #tpu.memory_space<vmem>>
        %70 = "stable_mosaic.tpu.memref_slice"(%arg19, %54) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %71 = "stable_mosaic.tpu.memref_squeeze"(%70) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%67, %69, %71) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x32xf32, #tpu.memory_space<any>>, memref<1x1x1x32xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %72 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %61, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xi8, #tpu.memory_space<any>>
        %73 = "stable_mosaic.tpu.memref_slice"(%arg20, %54, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>
        %74 = "stable_mosaic.tpu.memref_squeeze"(%73) : (memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xi8, #tpu.memory_space<vmem>>
        %75 = "stable_mosaic.tpu.memref_slice"(%arg21, %54) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %76 = "stable_mosaic.tpu.memref_squeeze"(%75) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%72, %74, %76) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x32x128xi8, #tpu.memory_space<any>>, memref<1x1x32x128xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        %77 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %61, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x1x32xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x32xf32, #tpu.memory_space<any>>
        %78 = "stable_mosaic.tpu.memref_slice"(%arg22, %54, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>
        %79 = "stable_mosaic.tpu.memref_squeeze"(%78) : (memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>) -> memref<1x1x1x32xf32, #tpu.memory_space<vmem>>
        %80 = "stable_mosaic.tpu.memref_slice"(%arg23, %54) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        %81 = "stable_mosaic.tpu.memref_squeeze"(%80) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
        "stable_mosaic.tpu.enqueue_dma"(%77, %79, %81) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x32xf32, #tpu.memory_space<any>>, memref<1x1x1x32xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
        "stable_mosaic.scf.yield"() : () -> ()
      }, {
        "stable_mosaic.scf.yield"() : () -> ()
      }) : (i1) -> ()
      %82 = "stable_mosaic.arith.constant"() {value = 64 : i32} : () -> i32
      %83 = "stable_mosaic.arith.muli"(%arg0, %82) : (i32, i32) -> i32
      %84 = "stable_mosaic.arith.addi"(%83, %45) : (i32, i32) -> i32
      %85 = "stable_mosaic.arith.index_cast"(%84) : (i32) -> index
      %86 = "stable_mosaic.memref.load"(%arg2, %85) : (memref<512xi32, #tpu.memory_space<smem>>, index) -> i32
      %87 = "stable_mosaic.tpu.memref_slice"(%arg6, %arg1, %86, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xi8, #tpu.memory_space<any>>
      %88 = "stable_mosaic.tpu.memref_slice"(%arg16, %52, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>
      %89 = "stable_mosaic.tpu.memref_squeeze"(%88) : (memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xi8, #tpu.memory_space<vmem>>
      %90 = "stable_mosaic.tpu.memref_slice"(%arg17, %52) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %91 = "stable_mosaic.tpu.memref_squeeze"(%90) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%91, %87, %89) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xi8, #tpu.memory_space<any>>, memref<1x1x32x128xi8, #tpu.memory_space<vmem>>) -> ()
      %92 = "stable_mosaic.vector.load"(%89, %0, %0, %0, %0) : (memref<1x1x32x128xi8, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xi8>
      %93 = "stable_mosaic.arith.extsi"(%92) : (vector<1x1x32x128xi8>) -> vector<1x1x32x128xi32>
      %94 = "stable_mosaic.vector.shape_cast"(%93) : (vector<1x1x32x128xi32>) -> vector<32x128xi32>
      %95 = "stable_mosaic.arith.sitofp"(%94) : (vector<32x128xi32>) -> vector<32x128xf32>
      %96 = "stable_mosaic.arith.truncf"(%95) : (vector<32x128xf32>) -> vector<32x128xbf16>
      %97 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %86, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x1x32xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x32xf32, #tpu.memory_space<any>>
      %98 = "stable_mosaic.tpu.memref_slice"(%arg18, %52, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>
      %99 = "stable_mosaic.tpu.memref_squeeze"(%98) : (memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>) -> memref<1x1x1x32xf32, #tpu.memory_space<vmem>>
      %100 = "stable_mosaic.tpu.memref_slice"(%arg19, %52) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %101 = "stable_mosaic.tpu.memref_squeeze"(%100) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%101, %97, %99) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x32xf32, #tpu.memory_space<any>>, memref<1x1x1x32xf32, #tpu.memory_space<vmem>>) -> ()
      %102 = "stable_mosaic.vector.load"(%99, %0, %0, %0, %0) : (memref<1x1x1x32xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x32xf32>
      %103 = "stable_mosaic.vector.shape_cast"(%102) : (vector<1x1x1x32xf32>) -> vector<1x32xf32>
      %104 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %86, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x32x128xi8, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x32x128xi8, #tpu.memory_space<any>>
      %105 = "stable_mosaic.tpu.memref_slice"(%arg20, %52, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>
      %106 = "stable_mosaic.tpu.memref_squeeze"(%105) : (memref<1x1x1x32x128xi8, #tpu.memory_space<vmem>>) -> memref<1x1x32x128xi8, #tpu.memory_space<vmem>>
      %107 = "stable_mosaic.tpu.memref_slice"(%arg21, %52) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %108 = "stable_mosaic.tpu.memref_squeeze"(%107) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%108, %104, %106) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x32x128xi8, #tpu.memory_space<any>>, memref<1x1x32x128xi8, #tpu.memory_space<vmem>>) -> ()
      %109 = "stable_mosaic.vector.load"(%106, %0, %0, %0, %0) : (memref<1x1x32x128xi8, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x32x128xi8>
      %110 = "stable_mosaic.arith.extsi"(%109) : (vector<1x1x32x128xi8>) -> vector<1x1x32x128xi32>
      %111 = "stable_mosaic.vector.shape_cast"(%110) : (vector<1x1x32x128xi32>) -> vector<32x128xi32>
      %112 = "stable_mosaic.arith.sitofp"(%111) : (vector<32x128xi32>) -> vector<32x128xf32>
      %113 = "stable_mosaic.tpu.memref_slice"(%arg9, %arg1, %86, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<4x515x1x32xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x32xf32, #tpu.memory_space<any>>
      %114 = "stable_mosaic.tpu.memref_slice"(%arg22, %52, %4, %4, %4, %4) {operandSegmentSizes = array<i32: 1, 5, 0>} : (memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, i32, i32, i32, i32, i32) -> memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>
      %115 = "stable_mosaic.tpu.memref_squeeze"(%114) : (memref<1x1x1x1x32xf32, #tpu.memory_space<vmem>>) -> memref<1x1x1x32xf32, #tpu.memory_space<vmem>>
      %116 = "stable_mosaic.tpu.memref_slice"(%arg23, %52) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, i32) -> memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      %117 = "stable_mosaic.tpu.memref_squeeze"(%116) : (memref<1x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>
      "stable_mosaic.tpu.wait_dma2"(%117, %113, %115) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x32xf32, #tpu.memory_space<any>>, memref<1x1x1x32xf32, #tpu.memory_space<vmem>>) -> ()
      %118 = "stable_mosaic.vector.load"(%115, %0, %0, %0, %0) : (memref<1x1x1x32xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x32xf32>
      %119 = "stable_mosaic.vector.shape_cast"(%118) : (vector<1x1x1x32xf32>) -> vector<1x32xf32>
      %120 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<1x32xi32>
      %121 = "stable_mosaic.vector.shape_cast"(%120) : (vector<1x32xi32>) -> vector<32xi32>
      %122 = "stable_mosaic.arith.muli"(%45, %14) : (i32, i32) -> i32
      %123 = "stable_mosaic.vector.broadcast"(%122) : (i32) -> vector<32xi32>
      %124 = "stable_mosaic.arith.addi"(%121, %123) : (vector<32xi32>, vector<32xi32>) -> vector<32xi32>
      %125 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<32xi32>
      %126 = "stable_mosaic.arith.cmpi"(%124, %125) {predicate = 2 : i64} : (vector<32xi32>, vector<32xi32>) -> vector<32xi1>
      %127 = "stable_mosaic.arith.extui"(%126) : (vector<32xi1>) -> vector<32xi32>
      %128 = "stable_mosaic.vector.shape_cast"(%127) : (vector<32xi32>) -> vector<1x32xi32>
      %129 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<1x32xi32>} : () -> vector<1x32xi32>
      %130 = "stable_mosaic.arith.cmpi"(%128, %129) {predicate = 1 : i64} : (vector<1x32xi32>, vector<1x32xi32>) -> vector<1x32xi1>
      %131 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x32xf32>} : () -> vector<8x32xf32>
      %132 = "stable_mosaic.tpu.matmul"(%8, %96, %131) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>, transpose_lhs = false, transpose_rhs = false} : (vector<8x128xbf16>, vector<32x128xbf16>, vector<8x32xf32>) -> vector<8x32xf32>
      %133 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<1x32xf32>
      %134 = "stable_mosaic.arith.mulf"(%103, %133) : (vector<1x32xf32>, vector<1x32xf32>) -> vector<1x32xf32>
      %135 = "stable_mosaic.vector.broadcast"(%134) : (vector<1x32xf32>) -> vector<8x32xf32>
      %136 = "stable_mosaic.arith.mulf"(%132, %135) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %137 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %138 = "stable_mosaic.arith.extui"(%130) : (vector<1x32xi1>) -> vector<1x32xi32>
      %139 = "stable_mosaic.vector.broadcast"(%138) : (vector<1x32xi32>) -> vector<8x32xi32>
      %140 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<8x32xi32>} : () -> vector<8x32xi32>
      %141 = "stable_mosaic.arith.cmpi"(%139, %140) {predicate = 1 : i64} : (vector<8x32xi32>, vector<8x32xi32>) -> vector<8x32xi1>
      %142 = "stable_mosaic.vector.broadcast"(%137) : (f32) -> vector<8x32xf32>
      %143 = "stable_mosaic.arith.select"(%141, %136, %142) : (vector<8x32xi1>, vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %144 = "stable_mosaic.arith.extui"(%130) : (vector<1x32xi1>) -> vector<1x32xi32>
      %145 = "stable_mosaic.vector.shape_cast"(%144) : (vector<1x32xi32>) -> vector<32x1xi32>
      %146 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<32x1xi32>} : () -> vector<32x1xi32>
      %147 = "stable_mosaic.arith.cmpi"(%145, %146) {predicate = 1 : i64} : (vector<32x1xi32>, vector<32x1xi32>) -> vector<32x1xi1>
      %148 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
      %149 = "stable_mosaic.arith.extui"(%147) : (vector<32x1xi1>) -> vector<32x1xi32>
      %150 = "stable_mosaic.vector.broadcast"(%149) : (vector<32x1xi32>) -> vector<32x128xi32>
      %151 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<32x128xi32>} : () -> vector<32x128xi32>
      %152 = "stable_mosaic.arith.cmpi"(%150, %151) {predicate = 1 : i64} : (vector<32x128xi32>, vector<32x128xi32>) -> vector<32x128xi1>
      %153 = "stable_mosaic.vector.broadcast"(%148) : (f32) -> vector<32x128xf32>
      %154 = "stable_mosaic.arith.select"(%152, %112, %153) : (vector<32x128xi1>, vector<32x128xf32>, vector<32x128xf32>) -> vector<32x128xf32>
      %155 = "stable_mosaic.vector.broadcast"(%148) : (f32) -> vector<1x32xf32>
      %156 = "stable_mosaic.arith.select"(%130, %119, %155) : (vector<1x32xi1>, vector<1x32xf32>, vector<1x32xf32>) -> vector<1x32xf32>
      %157 = "stable_mosaic.vector.multi_reduction"(%143, %9) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %158 = "stable_mosaic.arith.maximumf"(%48, %157) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %159 = "stable_mosaic.vector.shape_cast"(%158) : (vector<8xf32>) -> vector<8x1xf32>
      %160 = "stable_mosaic.vector.broadcast"(%159) : (vector<8x1xf32>) -> vector<8x32xf32>
      %161 = "stable_mosaic.arith.subf"(%143, %160) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %162 = "stable_mosaic.math.exp"(%161) : (vector<8x32xf32>) -> vector<8x32xf32>
      %163 = "stable_mosaic.arith.subf"(%48, %158) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %164 = "stable_mosaic.math.exp"(%163) : (vector<8xf32>) -> vector<8xf32>
      %165 = "stable_mosaic.arith.mulf"(%46, %164) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %166 = "stable_mosaic.vector.multi_reduction"(%162, %10) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x32xf32>, vector<8xf32>) -> vector<8xf32>
      %167 = "stable_mosaic.arith.addf"(%165, %166) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %168 = "stable_mosaic.vector.shape_cast"(%164) : (vector<8xf32>) -> vector<8x1xf32>
      %169 = "stable_mosaic.vector.broadcast"(%168) : (vector<8x1xf32>) -> vector<8x128xf32>
      %170 = "stable_mosaic.arith.mulf"(%47, %169) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %171 = "stable_mosaic.vector.broadcast"(%156) : (vector<1x32xf32>) -> vector<8x32xf32>
      %172 = "stable_mosaic.arith.mulf"(%162, %171) : (vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %173 = "stable_mosaic.tpu.matmul"(%172, %154, %11) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xf32>, vector<32x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %174 = "stable_mosaic.arith.addf"(%170, %173) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      "stable_mosaic.scf.yield"(%167, %174, %158) : (vector<8xf32>, vector<8x128xf32>, vector<8xf32>) -> ()
    }) : (i32, i32, i32, vector<8xf32>, vector<8x128xf32>, vector<8xf32>) -> (vector<8xf32>, vector<8x128xf32>, vector<8xf32>)
    %175 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %176 = "stable_mosaic.vector.broadcast"(%175) : (f32) -> vector<8xf32>
    %177 = "stable_mosaic.arith.cmpf"(%44#0, %176) {predicate = 2 : i64} : (vector<8xf32>, vector<8xf32>) -> vector<8xi1>
    %178 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %179 = "stable_mosaic.vector.broadcast"(%178) : (f32) -> vector<8xf32>
    %180 = "stable_mosaic.arith.select"(%177, %44#0, %179) : (vector<8xi1>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %181 = "stable_mosaic.math.log"(%180) : (vector<8xf32>) -> vector<8xf32>
    %182 = "stable_mosaic.arith.addf"(%44#2, %181) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %183 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
    %184 = "stable_mosaic.vector.broadcast"(%183) : (f32) -> vector<8xf32>
    %185 = "stable_mosaic.arith.select"(%177, %182, %184) : (vector<8xi1>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    %186 = "stable_mosaic.vector.shape_cast"(%180) : (vector<8xf32>) -> vector<8x1xf32>
    %187 = "stable_mosaic.vector.broadcast"(%186) : (vector<8x1xf32>) -> vector<8x128xf32>
    %188 = "stable_mosaic.arith.divf"(%44#1, %187) : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
    %189 = "stable_mosaic.vector.shape_cast"(%188) : (vector<8x128xf32>) -> vector<1x1x8x128xf32>
    %190 = "stable_mosaic.arith.index_cast"(%4) : (i32) -> index
    "stable_mosaic.vector.store"(%189, %arg24, %190, %190, %190, %190) : (vector<1x1x8x128xf32>, memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %191 = "stable_mosaic.tpu.memref_slice"(%arg12, %arg0, %arg1, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x4x8x128xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x8x128xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg24, %191, %arg25) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, memref<1x1x8x128xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg25, %arg24, %191) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, memref<1x1x8x128xf32, #tpu.memory_space<any>>) -> ()
    %192 = "stable_mosaic.vector.shape_cast"(%185) : (vector<8xf32>) -> vector<8x1xf32>
    %193 = "stable_mosaic.vector.shape_cast"(%192) : (vector<8x1xf32>) -> vector<1x1x8x1xf32>
    "stable_mosaic.vector.store"(%193, %arg26, %190, %190, %190, %190) : (vector<1x1x8x1xf32>, memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
    %194 = "stable_mosaic.tpu.memref_slice"(%arg13, %arg0, %arg1, %4, %4) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<8x4x8x1xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x8x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg26, %194, %arg27) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, memref<1x1x8x1xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg27, %arg26, %194) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, memref<1x1x8x1xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<512xi32, #tpu.memory_space<smem>>, memref<8xi32, #tpu.memory_space<smem>>, memref<1xf32, #tpu.memory_space<smem>>, memref<8x4x8x128xbf16, #tpu.memory_space<any>>, memref<4x515x32x128xi8, #tpu.memory_space<any>>, memref<4x515x1x32xf32, #tpu.memory_space<any>>, memref<4x515x32x128xi8, #tpu.memory_space<any>>, memref<4x515x1x32xf32, #tpu.memory_space<any>>, memref<8x4x8x128xf32, #tpu.memory_space<any>>, memref<8x4x8x1xf32, #tpu.memory_space<any>>, memref<8x4x8x128xf32, #tpu.memory_space<any>>, memref<8x4x8x1xf32, #tpu.memory_space<any>>, memref<1x1x8x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x32x128xi8, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2x1x1x1x32xf32, #tpu.memory_space<vmem>>, memref<2x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x8x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 8, 4>, scalar_prefetch = 3 : i64, scratch_operands = 14 : i64, sym_name = "paged_decode_quantized_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
