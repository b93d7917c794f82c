"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: memref<4x16x128xbf16, #tpu.memory_space<any>>, %arg2: memref<4x16x1xf32, #tpu.memory_space<any>>, %arg3: memref<4x16x1xf32, #tpu.memory_space<any>>, %arg4: memref<1x16x128xbf16, #tpu.memory_space<vmem>>, %arg5: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg6: memref<1x16x1xf32, #tpu.memory_space<vmem>>, %arg7: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %1 = "stable_mosaic.tpu.memref_slice"(%arg1, %arg0, %0, %0) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<4x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32) -> memref<1x16x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%1, %arg4, %arg5) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x16x128xbf16, #tpu.memory_space<any>>, memref<1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %2 = "stable_mosaic.tpu.memref_slice"(%arg1, %arg0, %0, %0) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<4x16x128xbf16, #tpu.memory_space<any>>, i32, i32, i32) -> memref<1x16x128xbf16, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg5, %2, %arg4) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x16x128xbf16, #tpu.memory_space<any>>, memref<1x16x128xbf16, #tpu.memory_space<vmem>>) -> ()
    %3 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %4 = "stable_mosaic.vector.load"(%arg4, %3, %3, %3) : (memref<1x16x128xbf16, #tpu.memory_space<vmem>>, index, index, index) -> vector<1x16x128xbf16>
    %5 = "stable_mosaic.vector.shape_cast"(%4) : (vector<1x16x128xbf16>) -> vector<16x128xbf16>
    %6 = "stable_mosaic.arith.extf"(%5) : (vector<16x128xbf16>) -> vector<16x128xf32>
    %7 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<16xf32>} : () -> vector<16xf32>
    %8 = "stable_mosaic.vector.multi_reduction"(%6, %7) {kind = #vector.kind<add>, reduction_dims = array<i64: 1>} : (vector<16x128xf32>, vector<16xf32>) -> vector<16xf32>
    %9 = "stable_mosaic.vector.shape_cast"(%8) : (vector<16xf32>) -> vector<16x1xf32>
    %10 = "stable_mosaic.vector.shape_cast"(%9) : (vector<16x1xf32>) -> vector<1x16x1xf32>
    %11 = "stable_mosaic.arith.index_cast"(%0) : (i32) -> index
    "stable_mosaic.vector.store"(%10, %arg6, %11, %11, %11) : (vector<1x16x1xf32>, memref<1x16x1xf32, #tpu.memory_space<vmem>>, index, index, index) -> ()
    %12 = "stable_mosaic.tpu.memref_slice"(%arg3, %arg0, %0, %0) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<4x16x1xf32, #tpu.memory_space<any>>, i32, i32, i32) -> memref<1x16x1xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg6, %12, %arg7) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x16x1xf32, #tpu.memory_space<vmem>>, memref<1x16x1xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg7, %arg6, %12) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x16x1xf32, #tpu.memory_space<vmem>>, memref<1x16x1xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>], function_type = (i32, memref<4x16x128xbf16, #tpu.memory_space<any>>, memref<4x16x1xf32, #tpu.memory_space<any>>, memref<4x16x1xf32, #tpu.memory_space<any>>, memref<1x16x128xbf16, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x16x1xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 4>, scalar_prefetch = 0 : i64, scratch_operands = 4 : i64, sym_name = "row_sums", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
