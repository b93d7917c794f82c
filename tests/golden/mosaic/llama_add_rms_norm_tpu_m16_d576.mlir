"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: memref<1xf32, #tpu.memory_space<smem>>, %arg2: memref<16x576xf32, #tpu.memory_space<any>>, %arg3: memref<16x576xf32, #tpu.memory_space<any>>, %arg4: memref<576xf32, #tpu.memory_space<any>>, %arg5: memref<16x576xf32, #tpu.memory_space<any>>, %arg6: memref<16x576xf32, #tpu.memory_space<any>>, %arg7: memref<16x576xf32, #tpu.memory_space<any>>, %arg8: memref<16x576xf32, #tpu.memory_space<any>>, %arg9: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg10: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg11: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg12: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg13: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg14: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg15: memref<576xf32, #tpu.memory_space<vmem>>, %arg16: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg17: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg18: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg1, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %3 = "stable_mosaic.arith.muli"(%arg0, %2) : (i32, i32) -> i32
    %4 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %5 = "stable_mosaic.tpu.memref_slice"(%arg2, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%5, %arg9, %arg10) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %6 = "stable_mosaic.tpu.memref_slice"(%arg2, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg10, %6, %arg9) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
    %7 = "stable_mosaic.vector.load"(%arg9, %0, %0) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
    %8 = "stable_mosaic.tpu.memref_slice"(%arg3, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%8, %arg11, %arg12) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %9 = "stable_mosaic.tpu.memref_slice"(%arg3, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg12, %9, %arg11) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
    %10 = "stable_mosaic.vector.load"(%arg11, %0, %0) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
    %11 = "stable_mosaic.arith.addf"(%7, %10) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %12 = "stable_mosaic.arith.index_cast"(%4) : (i32) -> index
    "stable_mosaic.vector.store"(%11, %arg13, %12, %12) : (vector<8x576xf32>, memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %13 = "stable_mosaic.tpu.memref_slice"(%arg7, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg13, %13, %arg14) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg14, %arg13, %13) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>) -> ()
    %14 = "stable_mosaic.tpu.memref_slice"(%arg4, %4) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<576xf32, #tpu.memory_space<any>>, i32) -> memref<576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%14, %arg15, %arg16) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<576xf32, #tpu.memory_space<any>>, memref<576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %15 = "stable_mosaic.tpu.memref_slice"(%arg4, %4) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<576xf32, #tpu.memory_space<any>>, i32) -> memref<576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg16, %15, %arg15) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<576xf32, #tpu.memory_space<any>>, memref<576xf32, #tpu.memory_space<vmem>>) -> ()
    %16 = "stable_mosaic.vector.load"(%arg15, %0) : (memref<576xf32, #tpu.memory_space<vmem>>, index) -> vector<576xf32>
    %17 = "stable_mosaic.vector.shape_cast"(%16) : (vector<576xf32>) -> vector<1x576xf32>
    %18 = "stable_mosaic.arith.mulf"(%11, %11) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %19 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8xf32>} : () -> vector<8xf32>
    %20 = "stable_mosaic.vector.multi_reduction"(%18, %19) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x576xf32>, vector<8xf32>) -> vector<8xf32>
    %21 = "stable_mosaic.vector.shape_cast"(%20) : (vector<8xf32>) -> vector<8x1xf32>
    %22 = "stable_mosaic.arith.constant"() {value = 0x3AE38E39 : f32} : () -> f32
    %23 = "stable_mosaic.vector.broadcast"(%22) : (f32) -> vector<8x1xf32>
    %24 = "stable_mosaic.arith.mulf"(%21, %23) : (vector<8x1xf32>, vector<8x1xf32>) -> vector<8x1xf32>
    %25 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<8x1xf32>
    %26 = "stable_mosaic.arith.addf"(%24, %25) : (vector<8x1xf32>, vector<8x1xf32>) -> vector<8x1xf32>
    %27 = "stable_mosaic.math.rsqrt"(%26) : (vector<8x1xf32>) -> vector<8x1xf32>
    %28 = "stable_mosaic.vector.broadcast"(%27) : (vector<8x1xf32>) -> vector<8x576xf32>
    %29 = "stable_mosaic.arith.mulf"(%11, %28) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %30 = "stable_mosaic.vector.broadcast"(%17) : (vector<1x576xf32>) -> vector<8x576xf32>
    %31 = "stable_mosaic.arith.mulf"(%29, %30) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    "stable_mosaic.vector.store"(%31, %arg17, %12, %12) : (vector<8x576xf32>, memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %32 = "stable_mosaic.tpu.memref_slice"(%arg8, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg17, %32, %arg18) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg18, %arg17, %32) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>], function_type = (i32, memref<1xf32, #tpu.memory_space<smem>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2>, scalar_prefetch = 1 : i64, scratch_operands = 10 : i64, sym_name = "add_rms_norm_kernel", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
