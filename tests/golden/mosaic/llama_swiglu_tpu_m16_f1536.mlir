"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: memref<16x1536xf32, #tpu.memory_space<any>>, %arg2: memref<16x1536xf32, #tpu.memory_space<any>>, %arg3: memref<16x1536xf32, #tpu.memory_space<any>>, %arg4: memref<16x1536xf32, #tpu.memory_space<any>>, %arg5: memref<8x1536xf32, #tpu.memory_space<vmem>>, %arg6: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg7: memref<8x1536xf32, #tpu.memory_space<vmem>>, %arg8: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg9: memref<8x1536xf32, #tpu.memory_space<vmem>>, %arg10: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %3 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1536xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%3, %arg5, %arg6) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1536xf32, #tpu.memory_space<any>>, memref<8x1536xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %4 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1536xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg6, %4, %arg5) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1536xf32, #tpu.memory_space<any>>, memref<8x1536xf32, #tpu.memory_space<vmem>>) -> ()
    %5 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %6 = "stable_mosaic.vector.load"(%arg5, %5, %5) : (memref<8x1536xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x1536xf32>
    %7 = "stable_mosaic.arith.negf"(%6) : (vector<8x1536xf32>) -> vector<8x1536xf32>
    %8 = "stable_mosaic.math.exp"(%7) : (vector<8x1536xf32>) -> vector<8x1536xf32>
    %9 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %10 = "stable_mosaic.vector.broadcast"(%9) : (f32) -> vector<8x1536xf32>
    %11 = "stable_mosaic.arith.addf"(%8, %10) : (vector<8x1536xf32>, vector<8x1536xf32>) -> vector<8x1536xf32>
    %12 = "stable_mosaic.arith.divf"(%6, %11) : (vector<8x1536xf32>, vector<8x1536xf32>) -> vector<8x1536xf32>
    %13 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1536xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%13, %arg7, %arg8) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1536xf32, #tpu.memory_space<any>>, memref<8x1536xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %14 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1536xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg8, %14, %arg7) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1536xf32, #tpu.memory_space<any>>, memref<8x1536xf32, #tpu.memory_space<vmem>>) -> ()
    %15 = "stable_mosaic.vector.load"(%arg7, %5, %5) : (memref<8x1536xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x1536xf32>
    %16 = "stable_mosaic.arith.mulf"(%12, %15) : (vector<8x1536xf32>, vector<8x1536xf32>) -> vector<8x1536xf32>
    %17 = "stable_mosaic.arith.index_cast"(%2) : (i32) -> index
    "stable_mosaic.vector.store"(%16, %arg9, %17, %17) : (vector<8x1536xf32>, memref<8x1536xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %18 = "stable_mosaic.tpu.memref_slice"(%arg4, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1536xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1536xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg9, %18, %arg10) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1536xf32, #tpu.memory_space<vmem>>, memref<8x1536xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg10, %arg9, %18) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1536xf32, #tpu.memory_space<vmem>>, memref<8x1536xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>], function_type = (i32, memref<16x1536xf32, #tpu.memory_space<any>>, memref<16x1536xf32, #tpu.memory_space<any>>, memref<16x1536xf32, #tpu.memory_space<any>>, memref<16x1536xf32, #tpu.memory_space<any>>, memref<8x1536xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1536xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1536xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2>, scalar_prefetch = 0 : i64, scratch_operands = 6 : i64, sym_name = "swiglu_kernel", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
