"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: memref<16x49152xf32, #tpu.memory_space<any>>, %arg2: memref<16x1xi32, #tpu.memory_space<any>>, %arg3: memref<16x1xi32, #tpu.memory_space<any>>, %arg4: memref<8x128xf32, #tpu.memory_space<vmem>>, %arg5: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg6: memref<8x1xi32, #tpu.memory_space<vmem>>, %arg7: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = dense<0xFF800000> : vector<8xf32>} : () -> vector<8xf32>
    %3 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<8xi32>} : () -> vector<8xi32>
    %4 = "stable_mosaic.arith.constant"() {value = 384 : i32} : () -> i32
    %5 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %6 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %7:2 = "stable_mosaic.scf.for"(%5, %4, %6, %3, %2) ({
    ^bb0(%8: i32, %9: vector<8xi32>, %10: vector<8xf32>):
      %11 = "stable_mosaic.arith.constant"() {value = 128 : i32} : () -> i32
      %12 = "stable_mosaic.arith.muli"(%8, %11) : (i32, i32) -> i32
      %13 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %12) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%13, %arg4, %arg5) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %14 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %12) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x49152xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x128xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg5, %14, %arg4) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x128xf32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>) -> ()
      %15 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %16 = "stable_mosaic.vector.load"(%arg4, %15, %15) : (memref<8x128xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x128xf32>
      %17 = "stable_mosaic.arith.cmpf"(%16, %16) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %18 = "stable_mosaic.arith.constant"() {value = 0xFF800000 : f32} : () -> f32
      %19 = "stable_mosaic.vector.broadcast"(%18) : (f32) -> vector<8x128xf32>
      %20 = "stable_mosaic.arith.select"(%17, %16, %19) : (vector<8x128xi1>, vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xf32>
      %21 = "stable_mosaic.vector.multi_reduction"(%20, %2) {kind = #vector.kind<maximumf>, reduction_dims = array<i64: 1>} : (vector<8x128xf32>, vector<8xf32>) -> vector<8xf32>
      %22 = "stable_mosaic.vector.shape_cast"(%21) : (vector<8xf32>) -> vector<8x1xf32>
      %23 = "stable_mosaic.vector.broadcast"(%22) : (vector<8x1xf32>) -> vector<8x128xf32>
      %24 = "stable_mosaic.arith.cmpf"(%20, %23) {predicate = 1 : i64} : (vector<8x128xf32>, vector<8x128xf32>) -> vector<8x128xi1>
      %25 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x128xi32>
      %26 = "stable_mosaic.arith.muli"(%8, %11) : (i32, i32) -> i32
      %27 = "stable_mosaic.vector.broadcast"(%26) : (i32) -> vector<8x128xi32>
      %28 = "stable_mosaic.arith.addi"(%25, %27) : (vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
      %29 = "stable_mosaic.arith.constant"() {value = 2147483647 : i32} : () -> i32
      %30 = "stable_mosaic.vector.broadcast"(%29) : (i32) -> vector<8x128xi32>
      %31 = "stable_mosaic.arith.select"(%24, %28, %30) : (vector<8x128xi1>, vector<8x128xi32>, vector<8x128xi32>) -> vector<8x128xi32>
      %32 = "stable_mosaic.arith.constant"() {value = dense<2147483647> : vector<8xi32>} : () -> vector<8xi32>
      %33 = "stable_mosaic.vector.multi_reduction"(%31, %32) {kind = #vector.kind<minsi>, reduction_dims = array<i64: 1>} : (vector<8x128xi32>, vector<8xi32>) -> vector<8xi32>
      %34 = "stable_mosaic.arith.cmpf"(%21, %10) {predicate = 2 : i64} : (vector<8xf32>, vector<8xf32>) -> vector<8xi1>
      %35 = "stable_mosaic.arith.select"(%34, %33, %9) : (vector<8xi1>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
      %36 = "stable_mosaic.arith.maximumf"(%10, %21) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      "stable_mosaic.scf.yield"(%35, %36) : (vector<8xi32>, vector<8xf32>) -> ()
    }) : (i32, i32, i32, vector<8xi32>, vector<8xf32>) -> (vector<8xi32>, vector<8xf32>)
    %37 = "stable_mosaic.vector.shape_cast"(%7#0) : (vector<8xi32>) -> vector<8x1xi32>
    %38 = "stable_mosaic.arith.index_cast"(%5) : (i32) -> index
    "stable_mosaic.vector.store"(%37, %arg6, %38, %38) : (vector<8x1xi32>, memref<8x1xi32, #tpu.memory_space<vmem>>, index, index) -> ()
    %39 = "stable_mosaic.tpu.memref_slice"(%arg3, %1, %5) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xi32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xi32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg6, %39, %arg7) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1xi32, #tpu.memory_space<vmem>>, memref<8x1xi32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg7, %arg6, %39) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xi32, #tpu.memory_space<vmem>>, memref<8x1xi32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>], function_type = (i32, memref<16x49152xf32, #tpu.memory_space<any>>, memref<16x1xi32, #tpu.memory_space<any>>, memref<16x1xi32, #tpu.memory_space<any>>, memref<8x128xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xi32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2>, scalar_prefetch = 0 : i64, scratch_operands = 4 : i64, sym_name = "argmax_kernel", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
