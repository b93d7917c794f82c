"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: memref<16xi32, #tpu.memory_space<smem>>, %arg2: memref<1536x32x576xi8, #tpu.memory_space<any>>, %arg3: memref<6144x8x18xf32, #tpu.memory_space<any>>, %arg4: memref<16x576xf32, #tpu.memory_space<any>>, %arg5: memref<16x576xf32, #tpu.memory_space<any>>, %arg6: memref<1x32x576xi8, #tpu.memory_space<vmem>>, %arg7: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg8: memref<1x8x18xf32, #tpu.memory_space<vmem>>, %arg9: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg10: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg11: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<18x576xi32>
    %3 = "stable_mosaic.arith.constant"() {value = 5 : i32} : () -> i32
    %4 = "stable_mosaic.vector.broadcast"(%3) : (i32) -> vector<18x576xi32>
    %5 = "stable_mosaic.arith.constant"() {value = dense<32> : vector<18x576xi32>} : () -> vector<18x576xi32>
    %6 = "stable_mosaic.arith.cmpi"(%4, %5) {predicate = 9 : i64} : (vector<18x576xi32>, vector<18x576xi32>) -> vector<18x576xi1>
    %7 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<18x576xi32>} : () -> vector<18x576xi32>
    %8 = "stable_mosaic.arith.constant"() {value = dense<31> : vector<18x576xi32>} : () -> vector<18x576xi32>
    %9 = "stable_mosaic.arith.select"(%6, %8, %4) : (vector<18x576xi1>, vector<18x576xi32>, vector<18x576xi32>) -> vector<18x576xi32>
    %10 = "stable_mosaic.arith.shrsi"(%2, %9) : (vector<18x576xi32>, vector<18x576xi32>) -> vector<18x576xi32>
    %11 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<18x576xi32>
    %12 = "stable_mosaic.arith.cmpi"(%10, %11) {predicate = 0 : i64} : (vector<18x576xi32>, vector<18x576xi32>) -> vector<18x576xi1>
    %13 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %14 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %15 = "stable_mosaic.vector.broadcast"(%13) : (f32) -> vector<18x576xf32>
    %16 = "stable_mosaic.vector.broadcast"(%14) : (f32) -> vector<18x576xf32>
    %17 = "stable_mosaic.arith.select"(%12, %15, %16) : (vector<18x576xi1>, vector<18x576xf32>, vector<18x576xf32>) -> vector<18x576xf32>
    %18 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x576xf32>} : () -> vector<8x576xf32>
    %19 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %20 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %21 = "stable_mosaic.scf.for"(%19, %0, %20, %18) ({
    ^bb0(%22: i32, %23: vector<8x576xf32>):
      %24 = "stable_mosaic.arith.addi"(%1, %22) : (i32, i32) -> i32
      %25 = "stable_mosaic.arith.index_cast"(%24) : (i32) -> index
      %26 = "stable_mosaic.memref.load"(%arg1, %25) : (memref<16xi32, #tpu.memory_space<smem>>, index) -> i32
      %27 = "stable_mosaic.arith.constant"() {value = 32 : i32} : () -> i32
      %28 = "stable_mosaic.arith.cmpi"(%3, %27) {predicate = 9 : i64} : (i32, i32) -> i1
      %29 = "stable_mosaic.arith.constant"() {value = 31 : i32} : () -> i32
      %30 = "stable_mosaic.arith.select"(%28, %29, %3) : (i1, i32, i32) -> i32
      %31 = "stable_mosaic.arith.shrsi"(%26, %30) : (i32, i32) -> i32
      %32 = "stable_mosaic.tpu.memref_slice"(%arg2, %31, %19, %19) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<1536x32x576xi8, #tpu.memory_space<any>>, i32, i32, i32) -> memref<1x32x576xi8, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%32, %arg6, %arg7) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x32x576xi8, #tpu.memory_space<any>>, memref<1x32x576xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %33 = "stable_mosaic.tpu.memref_slice"(%arg2, %31, %19, %19) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<1536x32x576xi8, #tpu.memory_space<any>>, i32, i32, i32) -> memref<1x32x576xi8, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg7, %33, %arg6) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x32x576xi8, #tpu.memory_space<any>>, memref<1x32x576xi8, #tpu.memory_space<vmem>>) -> ()
      %34 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
      %35 = "stable_mosaic.vector.load"(%arg6, %34, %34, %34) : (memref<1x32x576xi8, #tpu.memory_space<vmem>>, index, index, index) -> vector<1x32x576xi8>
      %36 = "stable_mosaic.arith.extsi"(%35) : (vector<1x32x576xi8>) -> vector<1x32x576xi32>
      %37 = "stable_mosaic.vector.shape_cast"(%36) : (vector<1x32x576xi32>) -> vector<32x576xi32>
      %38 = "stable_mosaic.arith.sitofp"(%37) : (vector<32x576xi32>) -> vector<32x576xf32>
      %39 = "stable_mosaic.arith.constant"() {value = 3 : i32} : () -> i32
      %40 = "stable_mosaic.arith.cmpi"(%39, %27) {predicate = 9 : i64} : (i32, i32) -> i1
      %41 = "stable_mosaic.arith.select"(%40, %29, %39) : (i1, i32, i32) -> i32
      %42 = "stable_mosaic.arith.shrsi"(%26, %41) : (i32, i32) -> i32
      %43 = "stable_mosaic.tpu.memref_slice"(%arg3, %42, %19, %19) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<6144x8x18xf32, #tpu.memory_space<any>>, i32, i32, i32) -> memref<1x8x18xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.enqueue_dma"(%43, %arg8, %arg9) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<1x8x18xf32, #tpu.memory_space<any>>, memref<1x8x18xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
      %44 = "stable_mosaic.tpu.memref_slice"(%arg3, %42, %19, %19) {operandSegmentSizes = array<i32: 1, 3, 0>} : (memref<6144x8x18xf32, #tpu.memory_space<any>>, i32, i32, i32) -> memref<1x8x18xf32, #tpu.memory_space<any>>
      "stable_mosaic.tpu.wait_dma2"(%arg9, %44, %arg8) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x8x18xf32, #tpu.memory_space<any>>, memref<1x8x18xf32, #tpu.memory_space<vmem>>) -> ()
      %45 = "stable_mosaic.vector.load"(%arg8, %34, %34, %34) : (memref<1x8x18xf32, #tpu.memory_space<vmem>>, index, index, index) -> vector<1x8x18xf32>
      %46 = "stable_mosaic.vector.shape_cast"(%45) : (vector<1x8x18xf32>) -> vector<8x18xf32>
      %47 = "stable_mosaic.arith.andi"(%26, %29) : (i32, i32) -> i32
      %48 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<8x32xi32>
      %49 = "stable_mosaic.vector.broadcast"(%22) : (i32) -> vector<8x32xi32>
      %50 = "stable_mosaic.arith.cmpi"(%48, %49) {predicate = 0 : i64} : (vector<8x32xi32>, vector<8x32xi32>) -> vector<8x32xi1>
      %51 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x32xi32>
      %52 = "stable_mosaic.vector.broadcast"(%47) : (i32) -> vector<8x32xi32>
      %53 = "stable_mosaic.arith.cmpi"(%51, %52) {predicate = 0 : i64} : (vector<8x32xi32>, vector<8x32xi32>) -> vector<8x32xi1>
      %54 = "stable_mosaic.arith.andi"(%50, %53) : (vector<8x32xi1>, vector<8x32xi1>) -> vector<8x32xi1>
      %55 = "stable_mosaic.vector.broadcast"(%13) : (f32) -> vector<8x32xf32>
      %56 = "stable_mosaic.vector.broadcast"(%14) : (f32) -> vector<8x32xf32>
      %57 = "stable_mosaic.arith.select"(%54, %55, %56) : (vector<8x32xi1>, vector<8x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
      %58 = "stable_mosaic.tpu.matmul"(%57, %38, %18) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xf32>, vector<32x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %59 = "stable_mosaic.arith.constant"() {value = 7 : i32} : () -> i32
      %60 = "stable_mosaic.arith.andi"(%26, %59) : (i32, i32) -> i32
      %61 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<8x8xi32>
      %62 = "stable_mosaic.vector.broadcast"(%22) : (i32) -> vector<8x8xi32>
      %63 = "stable_mosaic.arith.cmpi"(%61, %62) {predicate = 0 : i64} : (vector<8x8xi32>, vector<8x8xi32>) -> vector<8x8xi1>
      %64 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x8xi32>
      %65 = "stable_mosaic.vector.broadcast"(%60) : (i32) -> vector<8x8xi32>
      %66 = "stable_mosaic.arith.cmpi"(%64, %65) {predicate = 0 : i64} : (vector<8x8xi32>, vector<8x8xi32>) -> vector<8x8xi1>
      %67 = "stable_mosaic.arith.andi"(%63, %66) : (vector<8x8xi1>, vector<8x8xi1>) -> vector<8x8xi1>
      %68 = "stable_mosaic.vector.broadcast"(%13) : (f32) -> vector<8x8xf32>
      %69 = "stable_mosaic.vector.broadcast"(%14) : (f32) -> vector<8x8xf32>
      %70 = "stable_mosaic.arith.select"(%67, %68, %69) : (vector<8x8xi1>, vector<8x8xf32>, vector<8x8xf32>) -> vector<8x8xf32>
      %71 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x18xf32>} : () -> vector<8x18xf32>
      %72 = "stable_mosaic.tpu.matmul"(%70, %46, %71) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x8xf32>, vector<8x18xf32>, vector<8x18xf32>) -> vector<8x18xf32>
      %73 = "stable_mosaic.tpu.matmul"(%72, %17, %18) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x18xf32>, vector<18x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %74 = "stable_mosaic.arith.mulf"(%58, %73) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      %75 = "stable_mosaic.arith.addf"(%23, %74) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
      "stable_mosaic.scf.yield"(%75) : (vector<8x576xf32>) -> ()
    }) : (i32, i32, i32, vector<8x576xf32>) -> (vector<8x576xf32>)
    %76 = "stable_mosaic.arith.index_cast"(%19) : (i32) -> index
    "stable_mosaic.vector.store"(%21, %arg10, %76, %76) : (vector<8x576xf32>, memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %77 = "stable_mosaic.tpu.memref_slice"(%arg5, %1, %19) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg10, %77, %arg11) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg11, %arg10, %77) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>], function_type = (i32, memref<16xi32, #tpu.memory_space<smem>>, memref<1536x32x576xi8, #tpu.memory_space<any>>, memref<6144x8x18xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<1x32x576xi8, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<1x8x18xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2>, scalar_prefetch = 1 : i64, scratch_operands = 6 : i64, sym_name = "gather_q8_0_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
