"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: memref<16xi32, #tpu.memory_space<smem>>, %arg3: memref<16x3x1x64xf32, #tpu.memory_space<any>>, %arg4: memref<16x3x1x64xf32, #tpu.memory_space<any>>, %arg5: memref<3x2048x16x64xf32, #tpu.memory_space<any>>, %arg6: memref<3x2048x16x64xf32, #tpu.memory_space<any>>, %arg7: memref<3x2048x16x64xf32, #tpu.memory_space<any>>, %arg8: memref<3x2048x16x64xf32, #tpu.memory_space<any>>, %arg9: memref<1x1x1x64xf32, #tpu.memory_space<vmem>>, %arg10: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg11: memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg12: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg13: memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg14: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg15: memref<1x1x1x64xf32, #tpu.memory_space<vmem>>, %arg16: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg17: memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg18: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg19: memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, %arg20: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.index_cast"(%arg0) : (i32) -> index
    %1 = "stable_mosaic.memref.load"(%arg2, %0) : (memref<16xi32, #tpu.memory_space<smem>>, index) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %3 = "stable_mosaic.arith.cmpi"(%1, %2) {predicate = 5 : i64} : (i32, i32) -> i1
    "stable_mosaic.scf.if"(%3) ({
      %5 = "stable_mosaic.arith.constant"() {value = 16 : i32} : () -> i32
      %6 = "stable_mosaic.arith.divsi"(%1, %5) : (i32, i32) -> i32
      %7 = "stable_mosaic.arith.remsi"(%1, %5) : (i32, i32) -> i32
      %8 = "stable_mosaic.tpu.memref_slice"(%arg3, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<16x3x1x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%8, %arg9, %arg10) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x64xf32, #tpu.memory_space<any>>, memref<1x1x1x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %9 = "stable_mosaic.tpu.memref_slice"(%arg3, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<16x3x1x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg10, %9, %arg9) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x64xf32, #tpu.memory_space<any>>, memref<1x1x1x64xf32, #tpu.memory_space<vmem>>) -> ()
      %10 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %11 = "stable_mosaic.vector.load"(%arg9, %10, %10, %10, %10) : (memref<1x1x1x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x64xf32>
      %12 = "stable_mosaic.vector.shape_cast"(%11) : (vector<1x1x1x64xf32>) -> vector<1x64xf32>
      %13 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%13, %arg11, %arg12) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %14 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg12, %14, %arg11) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %15 = "stable_mosaic.vector.load"(%arg11, %10, %10, %10, %10) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %16 = "stable_mosaic.vector.shape_cast"(%15) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %17 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<16x64xi32>
      %18 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<16x64xi32>
      %19 = "stable_mosaic.arith.cmpi"(%17, %18) {predicate = 0 : i64} : (vector<16x64xi32>, vector<16x64xi32>) -> vector<16x64xi1>
      %20 = "stable_mosaic.vector.broadcast"(%12) : (vector<1x64xf32>) -> vector<16x64xf32>
      %21 = "stable_mosaic.arith.select"(%19, %20, %16) : (vector<16x64xi1>, vector<16x64xf32>, vector<16x64xf32>) -> vector<16x64xf32>
      %22 = "stable_mosaic.vector.shape_cast"(%21) : (vector<16x64xf32>) -> vector<1x1x16x64xf32>
      %23 = "stable_mosaic.arith.index_cast"(%2) : (i32) -> index
      "stable_mosaic.vector.store"(%22, %arg13, %23, %23, %23, %23) : (vector<1x1x16x64xf32>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %24 = "stable_mosaic.tpu.memref_slice"(%arg7, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg13, %24, %arg14) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg14, %arg13, %24) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>) -> ()
      %25 = "stable_mosaic.tpu.memref_slice"(%arg4, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<16x3x1x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%25, %arg15, %arg16) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x1x64xf32, #tpu.memory_space<any>>, memref<1x1x1x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %26 = "stable_mosaic.tpu.memref_slice"(%arg4, %arg0, %arg1, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<16x3x1x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x1x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg16, %26, %arg15) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x64xf32, #tpu.memory_space<any>>, memref<1x1x1x64xf32, #tpu.memory_space<vmem>>) -> ()
      %27 = "stable_mosaic.vector.load"(%arg15, %10, %10, %10, %10) : (memref<1x1x1x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x1x64xf32>
      %28 = "stable_mosaic.vector.shape_cast"(%27) : (vector<1x1x1x64xf32>) -> vector<1x64xf32>
      %29 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%29, %arg17, %arg18) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %30 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg18, %30, %arg17) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>) -> ()
      %31 = "stable_mosaic.vector.load"(%arg17, %10, %10, %10, %10) : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> vector<1x1x16x64xf32>
      %32 = "stable_mosaic.vector.shape_cast"(%31) : (vector<1x1x16x64xf32>) -> vector<16x64xf32>
      %33 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<16x64xi32>
      %34 = "stable_mosaic.vector.broadcast"(%7) : (i32) -> vector<16x64xi32>
      %35 = "stable_mosaic.arith.cmpi"(%33, %34) {predicate = 0 : i64} : (vector<16x64xi32>, vector<16x64xi32>) -> vector<16x64xi1>
      %36 = "stable_mosaic.vector.broadcast"(%28) : (vector<1x64xf32>) -> vector<16x64xf32>
      %37 = "stable_mosaic.arith.select"(%35, %36, %32) : (vector<16x64xi1>, vector<16x64xf32>, vector<16x64xf32>) -> vector<16x64xf32>
      %38 = "stable_mosaic.vector.shape_cast"(%37) : (vector<16x64xf32>) -> vector<1x1x16x64xf32>
      "stable_mosaic.vector.store"(%38, %arg19, %23, %23, %23, %23) : (vector<1x1x16x64xf32>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, index, index, index, index) -> ()
      %39 = "stable_mosaic.tpu.memref_slice"(%arg8, %arg1, %6, %2, %2) {operandSegmentSizes = array<i32: 1, 4, 0>} : (memref<3x2048x16x64xf32, #tpu.memory_space<any>>, i32, i32, i32, i32) -> memref<1x1x16x64xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%arg19, %39, %arg20) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      "stable_mosaic.tpu.wait_dma2"(%arg20, %arg19, %39) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<1x1x16x64xf32, #tpu.memory_space<any>>) -> ()
      "stable_mosaic.scf.yield"() : () -> ()
    }, {
      "stable_mosaic.scf.yield"() : () -> ()
    }) : (i1) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>, #tpu.dimension_semantics<parallel>], function_type = (i32, i32, memref<16xi32, #tpu.memory_space<smem>>, memref<16x3x1x64xf32, #tpu.memory_space<any>>, memref<16x3x1x64xf32, #tpu.memory_space<any>>, memref<3x2048x16x64xf32, #tpu.memory_space<any>>, memref<3x2048x16x64xf32, #tpu.memory_space<any>>, memref<3x2048x16x64xf32, #tpu.memory_space<any>>, memref<3x2048x16x64xf32, #tpu.memory_space<any>>, memref<1x1x1x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x1x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x1x16x64xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 16, 3>, scalar_prefetch = 1 : i64, scratch_operands = 12 : i64, sym_name = "kv_write_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
