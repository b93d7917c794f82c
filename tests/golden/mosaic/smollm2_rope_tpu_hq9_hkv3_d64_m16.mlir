"builtin.module"() ({
  "stable_mosaic.func.func"() ({
  ^bb0(%arg0: i32, %arg1: memref<16x1xi32, #tpu.memory_space<any>>, %arg2: memref<16x576xf32, #tpu.memory_space<any>>, %arg3: memref<16x192xf32, #tpu.memory_space<any>>, %arg4: memref<2048x32xf32, #tpu.memory_space<any>>, %arg5: memref<2048x32xf32, #tpu.memory_space<any>>, %arg6: memref<16x576xf32, #tpu.memory_space<any>>, %arg7: memref<16x192xf32, #tpu.memory_space<any>>, %arg8: memref<16x576xf32, #tpu.memory_space<any>>, %arg9: memref<16x192xf32, #tpu.memory_space<any>>, %arg10: memref<8x1xi32, #tpu.memory_space<vmem>>, %arg11: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg12: memref<2048x32xf32, #tpu.memory_space<vmem>>, %arg13: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg14: memref<2048x32xf32, #tpu.memory_space<vmem>>, %arg15: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg16: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg17: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg18: memref<8x576xf32, #tpu.memory_space<vmem>>, %arg19: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg20: memref<8x192xf32, #tpu.memory_space<vmem>>, %arg21: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, %arg22: memref<8x192xf32, #tpu.memory_space<vmem>>, %arg23: memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>):
    %0 = "stable_mosaic.arith.constant"() {value = 8 : i32} : () -> i32
    %1 = "stable_mosaic.arith.muli"(%arg0, %0) : (i32, i32) -> i32
    %2 = "stable_mosaic.arith.constant"() {value = 0 : i32} : () -> i32
    %3 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xi32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xi32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%3, %arg10, %arg11) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x1xi32, #tpu.memory_space<any>>, memref<8x1xi32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %4 = "stable_mosaic.tpu.memref_slice"(%arg1, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x1xi32, #tpu.memory_space<any>>, i32, i32) -> memref<8x1xi32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg11, %4, %arg10) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x1xi32, #tpu.memory_space<any>>, memref<8x1xi32, #tpu.memory_space<vmem>>) -> ()
    %5 = "stable_mosaic.arith.constant"() {value = 0 : index} : () -> index
    %6 = "stable_mosaic.vector.load"(%arg10, %5, %5) : (memref<8x1xi32, #tpu.memory_space<vmem>>, index, index) -> vector<8x1xi32>
    %7 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<8x2048xi32>
    %8 = "stable_mosaic.vector.broadcast"(%6) : (vector<8x1xi32>) -> vector<8x2048xi32>
    %9 = "stable_mosaic.arith.cmpi"(%7, %8) {predicate = 0 : i64} : (vector<8x2048xi32>, vector<8x2048xi32>) -> vector<8x2048xi1>
    %10 = "stable_mosaic.arith.constant"() {value = 0x3F800000 : f32} : () -> f32
    %11 = "stable_mosaic.arith.constant"() {value = 0x00000000 : f32} : () -> f32
    %12 = "stable_mosaic.vector.broadcast"(%10) : (f32) -> vector<8x2048xf32>
    %13 = "stable_mosaic.vector.broadcast"(%11) : (f32) -> vector<8x2048xf32>
    %14 = "stable_mosaic.arith.select"(%9, %12, %13) : (vector<8x2048xi1>, vector<8x2048xf32>, vector<8x2048xf32>) -> vector<8x2048xf32>
    %15 = "stable_mosaic.tpu.memref_slice"(%arg4, %2, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<2048x32xf32, #tpu.memory_space<any>>, i32, i32) -> memref<2048x32xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%15, %arg12, %arg13) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<2048x32xf32, #tpu.memory_space<any>>, memref<2048x32xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %16 = "stable_mosaic.tpu.memref_slice"(%arg4, %2, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<2048x32xf32, #tpu.memory_space<any>>, i32, i32) -> memref<2048x32xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg13, %16, %arg12) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2048x32xf32, #tpu.memory_space<any>>, memref<2048x32xf32, #tpu.memory_space<vmem>>) -> ()
    %17 = "stable_mosaic.vector.load"(%arg12, %5, %5) : (memref<2048x32xf32, #tpu.memory_space<vmem>>, index, index) -> vector<2048x32xf32>
    %18 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x32xf32>} : () -> vector<8x32xf32>
    %19 = "stable_mosaic.tpu.matmul"(%14, %17, %18) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x2048xf32>, vector<2048x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
    %20 = "stable_mosaic.tpu.memref_slice"(%arg5, %2, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<2048x32xf32, #tpu.memory_space<any>>, i32, i32) -> memref<2048x32xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%20, %arg14, %arg15) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<2048x32xf32, #tpu.memory_space<any>>, memref<2048x32xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %21 = "stable_mosaic.tpu.memref_slice"(%arg5, %2, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<2048x32xf32, #tpu.memory_space<any>>, i32, i32) -> memref<2048x32xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg15, %21, %arg14) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2048x32xf32, #tpu.memory_space<any>>, memref<2048x32xf32, #tpu.memory_space<vmem>>) -> ()
    %22 = "stable_mosaic.vector.load"(%arg14, %5, %5) : (memref<2048x32xf32, #tpu.memory_space<vmem>>, index, index) -> vector<2048x32xf32>
    %23 = "stable_mosaic.tpu.matmul"(%14, %22, %18) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x2048xf32>, vector<2048x32xf32>, vector<8x32xf32>) -> vector<8x32xf32>
    %24 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%24, %arg16, %arg17) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %25 = "stable_mosaic.tpu.memref_slice"(%arg2, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg17, %25, %arg16) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<8x576xf32, #tpu.memory_space<vmem>>) -> ()
    %26 = "stable_mosaic.vector.load"(%arg16, %5, %5) : (memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x576xf32>
    %27 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<32x576xi32>
    %28 = "stable_mosaic.arith.constant"() {value = 64 : i32} : () -> i32
    %29 = "stable_mosaic.vector.broadcast"(%28) : (i32) -> vector<32x576xi32>
    %30 = "stable_mosaic.arith.remsi"(%27, %29) : (vector<32x576xi32>, vector<32x576xi32>) -> vector<32x576xi32>
    %31 = "stable_mosaic.arith.constant"() {value = 1 : i32} : () -> i32
    %32 = "stable_mosaic.vector.broadcast"(%31) : (i32) -> vector<32x576xi32>
    %33 = "stable_mosaic.arith.constant"() {value = dense<32> : vector<32x576xi32>} : () -> vector<32x576xi32>
    %34 = "stable_mosaic.arith.cmpi"(%32, %33) {predicate = 9 : i64} : (vector<32x576xi32>, vector<32x576xi32>) -> vector<32x576xi1>
    %35 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<32x576xi32>} : () -> vector<32x576xi32>
    %36 = "stable_mosaic.arith.constant"() {value = dense<31> : vector<32x576xi32>} : () -> vector<32x576xi32>
    %37 = "stable_mosaic.arith.select"(%34, %36, %32) : (vector<32x576xi1>, vector<32x576xi32>, vector<32x576xi32>) -> vector<32x576xi32>
    %38 = "stable_mosaic.arith.shrsi"(%30, %37) : (vector<32x576xi32>, vector<32x576xi32>) -> vector<32x576xi32>
    %39 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<32x576xi32>
    %40 = "stable_mosaic.arith.cmpi"(%38, %39) {predicate = 0 : i64} : (vector<32x576xi32>, vector<32x576xi32>) -> vector<32x576xi1>
    %41 = "stable_mosaic.vector.broadcast"(%10) : (f32) -> vector<32x576xf32>
    %42 = "stable_mosaic.vector.broadcast"(%11) : (f32) -> vector<32x576xf32>
    %43 = "stable_mosaic.arith.select"(%40, %41, %42) : (vector<32x576xi1>, vector<32x576xf32>, vector<32x576xf32>) -> vector<32x576xf32>
    %44 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<576x576xi32>
    %45 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<576x576xi32>
    %46 = "stable_mosaic.vector.broadcast"(%31) : (i32) -> vector<576x576xi32>
    %47 = "stable_mosaic.arith.andi"(%45, %46) : (vector<576x576xi32>, vector<576x576xi32>) -> vector<576x576xi32>
    %48 = "stable_mosaic.arith.sitofp"(%47) : (vector<576x576xi32>) -> vector<576x576xf32>
    %49 = "stable_mosaic.vector.broadcast"(%31) : (i32) -> vector<576x576xi32>
    %50 = "stable_mosaic.arith.xori"(%45, %49) : (vector<576x576xi32>, vector<576x576xi32>) -> vector<576x576xi32>
    %51 = "stable_mosaic.arith.cmpi"(%44, %50) {predicate = 0 : i64} : (vector<576x576xi32>, vector<576x576xi32>) -> vector<576x576xi1>
    %52 = "stable_mosaic.arith.constant"() {value = 0x40000000 : f32} : () -> f32
    %53 = "stable_mosaic.vector.broadcast"(%52) : (f32) -> vector<576x576xf32>
    %54 = "stable_mosaic.arith.mulf"(%48, %53) : (vector<576x576xf32>, vector<576x576xf32>) -> vector<576x576xf32>
    %55 = "stable_mosaic.vector.broadcast"(%10) : (f32) -> vector<576x576xf32>
    %56 = "stable_mosaic.arith.subf"(%54, %55) : (vector<576x576xf32>, vector<576x576xf32>) -> vector<576x576xf32>
    %57 = "stable_mosaic.vector.broadcast"(%11) : (f32) -> vector<576x576xf32>
    %58 = "stable_mosaic.arith.select"(%51, %56, %57) : (vector<576x576xi1>, vector<576x576xf32>, vector<576x576xf32>) -> vector<576x576xf32>
    %59 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x576xf32>} : () -> vector<8x576xf32>
    %60 = "stable_mosaic.tpu.matmul"(%19, %43, %59) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xf32>, vector<32x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %61 = "stable_mosaic.arith.mulf"(%26, %60) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %62 = "stable_mosaic.tpu.matmul"(%26, %58, %59) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x576xf32>, vector<576x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %63 = "stable_mosaic.tpu.matmul"(%23, %43, %59) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xf32>, vector<32x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %64 = "stable_mosaic.arith.mulf"(%62, %63) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %65 = "stable_mosaic.arith.addf"(%61, %64) : (vector<8x576xf32>, vector<8x576xf32>) -> vector<8x576xf32>
    %66 = "stable_mosaic.arith.index_cast"(%2) : (i32) -> index
    "stable_mosaic.vector.store"(%65, %arg18, %66, %66) : (vector<8x576xf32>, memref<8x576xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %67 = "stable_mosaic.tpu.memref_slice"(%arg8, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x576xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x576xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg18, %67, %arg19) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg19, %arg18, %67) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<8x576xf32, #tpu.memory_space<any>>) -> ()
    %68 = "stable_mosaic.tpu.memref_slice"(%arg3, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x192xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%68, %arg20, %arg21) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x192xf32, #tpu.memory_space<any>>, memref<8x192xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    %69 = "stable_mosaic.tpu.memref_slice"(%arg3, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x192xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.wait_dma2"(%arg21, %69, %arg20) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x192xf32, #tpu.memory_space<any>>, memref<8x192xf32, #tpu.memory_space<vmem>>) -> ()
    %70 = "stable_mosaic.vector.load"(%arg20, %5, %5) : (memref<8x192xf32, #tpu.memory_space<vmem>>, index, index) -> vector<8x192xf32>
    %71 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<32x192xi32>
    %72 = "stable_mosaic.vector.broadcast"(%28) : (i32) -> vector<32x192xi32>
    %73 = "stable_mosaic.arith.remsi"(%71, %72) : (vector<32x192xi32>, vector<32x192xi32>) -> vector<32x192xi32>
    %74 = "stable_mosaic.vector.broadcast"(%31) : (i32) -> vector<32x192xi32>
    %75 = "stable_mosaic.arith.constant"() {value = dense<32> : vector<32x192xi32>} : () -> vector<32x192xi32>
    %76 = "stable_mosaic.arith.cmpi"(%74, %75) {predicate = 9 : i64} : (vector<32x192xi32>, vector<32x192xi32>) -> vector<32x192xi1>
    %77 = "stable_mosaic.arith.constant"() {value = dense<0> : vector<32x192xi32>} : () -> vector<32x192xi32>
    %78 = "stable_mosaic.arith.constant"() {value = dense<31> : vector<32x192xi32>} : () -> vector<32x192xi32>
    %79 = "stable_mosaic.arith.select"(%76, %78, %74) : (vector<32x192xi1>, vector<32x192xi32>, vector<32x192xi32>) -> vector<32x192xi32>
    %80 = "stable_mosaic.arith.shrsi"(%73, %79) : (vector<32x192xi32>, vector<32x192xi32>) -> vector<32x192xi32>
    %81 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<32x192xi32>
    %82 = "stable_mosaic.arith.cmpi"(%80, %81) {predicate = 0 : i64} : (vector<32x192xi32>, vector<32x192xi32>) -> vector<32x192xi1>
    %83 = "stable_mosaic.vector.broadcast"(%10) : (f32) -> vector<32x192xf32>
    %84 = "stable_mosaic.vector.broadcast"(%11) : (f32) -> vector<32x192xf32>
    %85 = "stable_mosaic.arith.select"(%82, %83, %84) : (vector<32x192xi1>, vector<32x192xf32>, vector<32x192xf32>) -> vector<32x192xf32>
    %86 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 0>} : () -> vector<192x192xi32>
    %87 = "stable_mosaic.tpu.iota"() {dimensions = array<i32: 1>} : () -> vector<192x192xi32>
    %88 = "stable_mosaic.vector.broadcast"(%31) : (i32) -> vector<192x192xi32>
    %89 = "stable_mosaic.arith.andi"(%87, %88) : (vector<192x192xi32>, vector<192x192xi32>) -> vector<192x192xi32>
    %90 = "stable_mosaic.arith.sitofp"(%89) : (vector<192x192xi32>) -> vector<192x192xf32>
    %91 = "stable_mosaic.vector.broadcast"(%31) : (i32) -> vector<192x192xi32>
    %92 = "stable_mosaic.arith.xori"(%87, %91) : (vector<192x192xi32>, vector<192x192xi32>) -> vector<192x192xi32>
    %93 = "stable_mosaic.arith.cmpi"(%86, %92) {predicate = 0 : i64} : (vector<192x192xi32>, vector<192x192xi32>) -> vector<192x192xi1>
    %94 = "stable_mosaic.vector.broadcast"(%52) : (f32) -> vector<192x192xf32>
    %95 = "stable_mosaic.arith.mulf"(%90, %94) : (vector<192x192xf32>, vector<192x192xf32>) -> vector<192x192xf32>
    %96 = "stable_mosaic.vector.broadcast"(%10) : (f32) -> vector<192x192xf32>
    %97 = "stable_mosaic.arith.subf"(%95, %96) : (vector<192x192xf32>, vector<192x192xf32>) -> vector<192x192xf32>
    %98 = "stable_mosaic.vector.broadcast"(%11) : (f32) -> vector<192x192xf32>
    %99 = "stable_mosaic.arith.select"(%93, %97, %98) : (vector<192x192xi1>, vector<192x192xf32>, vector<192x192xf32>) -> vector<192x192xf32>
    %100 = "stable_mosaic.arith.constant"() {value = dense<0x00000000> : vector<8x192xf32>} : () -> vector<8x192xf32>
    %101 = "stable_mosaic.tpu.matmul"(%19, %85, %100) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xf32>, vector<32x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
    %102 = "stable_mosaic.arith.mulf"(%70, %101) : (vector<8x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
    %103 = "stable_mosaic.tpu.matmul"(%70, %99, %100) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x192xf32>, vector<192x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
    %104 = "stable_mosaic.tpu.matmul"(%23, %85, %100) {dimension_numbers = #tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>, precision = #tpu.contract_precision<fp32>, transpose_lhs = false, transpose_rhs = false} : (vector<8x32xf32>, vector<32x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
    %105 = "stable_mosaic.arith.mulf"(%103, %104) : (vector<8x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
    %106 = "stable_mosaic.arith.addf"(%102, %105) : (vector<8x192xf32>, vector<8x192xf32>) -> vector<8x192xf32>
    "stable_mosaic.vector.store"(%106, %arg22, %66, %66) : (vector<8x192xf32>, memref<8x192xf32, #tpu.memory_space<vmem>>, index, index) -> ()
    %107 = "stable_mosaic.tpu.memref_slice"(%arg9, %1, %2) {operandSegmentSizes = array<i32: 1, 2, 0>} : (memref<16x192xf32, #tpu.memory_space<any>>, i32, i32) -> memref<8x192xf32, #tpu.memory_space<any>>
    "stable_mosaic.tpu.enqueue_dma"(%arg22, %107, %arg23) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, priority = 0 : i32} : (memref<8x192xf32, #tpu.memory_space<vmem>>, memref<8x192xf32, #tpu.memory_space<any>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> ()
    "stable_mosaic.tpu.wait_dma2"(%arg23, %arg22, %107) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x192xf32, #tpu.memory_space<vmem>>, memref<8x192xf32, #tpu.memory_space<any>>) -> ()
    "stable_mosaic.func.return"() : () -> ()
  }) {dimension_semantics = [#tpu.dimension_semantics<parallel>], function_type = (i32, memref<16x1xi32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x192xf32, #tpu.memory_space<any>>, memref<2048x32xf32, #tpu.memory_space<any>>, memref<2048x32xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x192xf32, #tpu.memory_space<any>>, memref<16x576xf32, #tpu.memory_space<any>>, memref<16x192xf32, #tpu.memory_space<any>>, memref<8x1xi32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2048x32xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<2048x32xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x576xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x192xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>, memref<8x192xf32, #tpu.memory_space<vmem>>, memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>) -> (), iteration_bounds = array<i64: 2>, scalar_prefetch = 0 : i64, scratch_operands = 14 : i64, sym_name = "rope_tpu", tpu.core_type = #tpu.core_type<tc>, window_params = [{}, {}, {}, {}, {}, {}, {}, {}, {}]} : () -> ()
}) {stable_mosaic.version = 11 : i64} : () -> ()
