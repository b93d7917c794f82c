"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: memref<1xf32, #tpu.memory_space<smem>>, %arg2: memref<16x576xf32, #tpu.memory_space<any>>, %arg3: memref<576xf32, #tpu.memory_space<any>>, %arg4: memref<16x576xf32, #tpu.memory_space<any>>, %arg5: memref<16x576xf32, #tpu.memory_space<any>>, %arg6: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg7: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg8: memref<576xf32, #tpu.memory_space<vmem>>, %arg9: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg10: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg11: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %1 = "stable_mosaic.memref.load"(%arg1, %0) : (memref<1xf32, #tpu.memory_space<smem>>, index) -> f32
    %2 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %3 = "stable_mosaic.arith.muli"(%arg0, %2) : (i32, i32) -> i32
    %4 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %5 = "stable_mosaic.tpu.memref_slice"(%arg2, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%5, %arg6, %arg7) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %6 = "stable_mosaic.tpu.memref_slice"(%arg2, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg7, %6, %arg6) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
    %7 = "stable_mosaic.vector.load"(%arg6, %0, %0) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
    %8 = "stable_mosaic.tpu.memref_slice"(%arg3, %4) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<576xf32, #tpu.memory_space<any>>, i32) -> memref<576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%8, %arg8, %arg9) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<576xf32, #tpu.memory_space<any>>, memref<576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %9 = "stable_mosaic.tpu.memref_slice"(%arg3, %4) {operandSegmentSizes = array<i32: 1, 1, 0>} : (memref<576xf32, #tpu.memory_space<any>>, i32) -> memref<576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg9, %9, %arg8) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<576xf32, #tpu.memory_space<any>>, memref<576xf32, #tpu.memory_space<vmem>>) -> ()
    %10 = "stable_mosaic.vector.load"(%arg8, %0) : (memref<576xf32, #tpu.memory_space<vmem>>, index) -> vector<576xf32>
    %11 = "stable_mosaic.vector.shape_cast"(%10) : (vector<576xf32>) -> vector<1x576xf32>
    %12 = "stable_mosaic.arith.mulf"(%7, %7) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %13 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8xf32>} : () -> vector<8xf32>
    %14 = "stable_mosaic.vector.multi_reduction"(%12, %13) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<8x576xf32>, vector<8xf32>) -> vector<8xf32>
    %15 = "stable_mosaic.vector.shape_cast"(%14) : (vector<8xf32>) -> vector<8x1xf32>
    %16 = "stable_mosaic.arith.constant"() {value = 0x3AE38E39 : f32} : () -> f32
    %17 = "stable_mosaic.vector.broadcast"(%16) : (f32) -> vector<8x1xf32>
    %18 = "stable_mosaic.arith.mulf"(%15, %17) : (vector<8x1xf32>, vector<8x1xf32>) -> vector<8x1xf32>
    %19 = "stable_mosaic.vector.broadcast"(%1) : (f32) -> vector<8x1xf32>
    %20 = "stable_mosaic.arith.addf"(%18, %19) : (vector<8x1xf32>, vector<8x1xf32>) -> vector<8x1xf32>
    %21 = "stable_mosaic.math.rsqrt"(%20) : (vector<8x1xf32>) -> vector<8x1xf32>
    %22 = "stable_mosaic.vector.broadcast"(%21) : (vector<8x1xf32>) -> vector<8x576xf32>
    %23 = "stable_mosaic.arith.mulf"(%7, %22) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %24 = "stable_mosaic.vector.broadcast"(%11) : (vector<1x576xf32>) -> vector<8x576xf32>
    %25 = "stable_mosaic.arith.mulf"(%23, %24) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %26 = "stable_mosaic.arith.index_cast"(%4) : (i32) -> index
    "stable_mosaic.vector.store"(%25, %arg10, %26, %26) : (vector<8x576xf32>, memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %27 = "stable_mosaic.tpu.memref_slice"(%arg5, %3, %4) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg10, %27, %arg11) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg11, %arg10, %27) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>], function_type = (i32, memref<1xf32, #tpu.memory_space<smem>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2>, scalar_prefetch = 1 : i64, scratch_operands = 6 : i64, sym_name = "rms_norm_kernel", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
