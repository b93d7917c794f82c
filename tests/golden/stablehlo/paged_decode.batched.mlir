module @paged_decode {
  func.func private @paged_decode(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %0 = stablehlo.constant dense<0.0> : tensor<2x8x64xf32>
    %1 = stablehlo.constant dense<0.0> : tensor<2x8xf32>
    // all 4 programs of grid [2, 2] at once
    %2 = stablehlo.iota dim = 0 : tensor<4xi32>
    %3 = stablehlo.constant dense<2> : tensor<4xi32>
    %4 = stablehlo.divide %2, %3 : tensor<4xi32>
    %5 = stablehlo.constant dense<2> : tensor<4xi32>
    %6 = stablehlo.remainder %2, %5 : tensor<4xi32>
    // %1 = program_id 0 : i32
    // %2 = program_id 1 : i32
    // %3 = prefetch.read @context_lens[%1] : i32
    %7 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %8 = "stablehlo.gather"(%arg1.context_lens, %7) {dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1>} : (tensor<2xi32>, tensor<4x1xi32>) -> tensor<4xi32>
    // %4 = const 4 : i32
    %9 = stablehlo.constant dense<4> : tensor<i32>
    // %5 = mul %2, %4 : i32
    %10 = stablehlo.broadcast_in_dim %9, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %11 = stablehlo.multiply %6, %10 : tensor<4xi32>
    // %6 = load @q[%1, %5:+4, :] : bf16[4, 64]
    %12 = stablehlo.constant dense<0> : tensor<i32>
    %13 = stablehlo.reshape %arg2.q : (tensor<2x8x64xi16>) -> tensor<2x1x2x4x1x64xi16>
    %14 = stablehlo.transpose %13, dims = [0, 2, 4, 1, 3, 5] : (tensor<2x1x2x4x1x64xi16>) -> tensor<2x2x1x1x4x64xi16>
    %15 = stablehlo.reshape %14 : (tensor<2x2x1x1x4x64xi16>) -> tensor<4x4x64xi16>
    %16 = stablehlo.bitcast_convert %15 : (tensor<4x4x64xi16>) -> tensor<4x4x64xbf16>
    // %m.7 = const -inf : f32[4]
    %17 = stablehlo.constant dense<0xFF800000> : tensor<4xf32>
    // %l.8 = const 0.0 : f32[4]
    %18 = stablehlo.constant dense<0.0> : tensor<4xf32>
    // %acc.9 = const 0.0 : f32[4, 64]
    %19 = stablehlo.constant dense<0.0> : tensor<4x64xf32>
    // %10 = const 0 : i32
    %20 = stablehlo.constant dense<0> : tensor<i32>
    // %11 = const 16 : i32
    %21 = stablehlo.constant dense<16> : tensor<i32>
    // %12 = const 15 : i32
    %22 = stablehlo.constant dense<15> : tensor<i32>
    // %13 = add %3, %12 : i32
    %23 = stablehlo.broadcast_in_dim %22, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %24 = stablehlo.add %8, %23 : tensor<4xi32>
    // %14 = div %13, %11 : i32
    %25 = stablehlo.broadcast_in_dim %21, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %26 = stablehlo.divide %24, %25 : tensor<4xi32>
    // %m.54, %l.55, %acc.56 = for %15 = %10 to %14 step 1 pipeline 2 iter(%m.16 = %m.7, %l.17 = %l.8, %acc.18 = %acc.9) -> (f32[4], f32[4], f32[4, 64])
    %27 = stablehlo.broadcast_in_dim %17, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %28 = stablehlo.broadcast_in_dim %18, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %29 = stablehlo.broadcast_in_dim %19, dims = [1, 2] : (tensor<4x64xf32>) -> tensor<4x4x64xf32>
    %30:4 = stablehlo.while(%31 = %20, %32 = %27, %33 = %28, %34 = %29) : tensor<i32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4x64xf32>
     cond {
      %35 = stablehlo.broadcast_in_dim %31, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %36 = stablehlo.compare LT, %35, %26, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
      %37 = stablehlo.constant dense<false> : tensor<i1>
      %38 = stablehlo.reduce(%36 init: %37) applies stablehlo.or across dimensions = [0] : (tensor<4xi1>, tensor<i1>) -> tensor<i1>
      stablehlo.return %38 : tensor<i1>
    } do {
      %39 = stablehlo.broadcast_in_dim %31, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %40 = stablehlo.compare LT, %39, %26, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
      // %19 = prefetch.read @block_tables[%1, %15] : i32
      %41 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
      %42 = stablehlo.broadcast_in_dim %31, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %43 = stablehlo.reshape %42 : (tensor<4xi32>) -> tensor<4x1xi32>
      %44 = stablehlo.concatenate %41, %43, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x2xi32>
      %45 = "stablehlo.gather"(%arg0.block_tables, %44) {dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [0, 1], start_index_map = [0, 1], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 1>} : (tensor<2x4xi32>, tensor<4x2xi32>) -> tensor<4xi32>
      // %20 = load @k_cache[%19, :, %2, :] : bf16[16, 64]
      %46 = stablehlo.constant dense<0> : tensor<i32>
      %47 = stablehlo.constant dense<0> : tensor<i32>
      %48 = stablehlo.reshape %45 : (tensor<4xi32>) -> tensor<4x1xi32>
      %49 = stablehlo.broadcast_in_dim %46, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %50 = stablehlo.reshape %49 : (tensor<4xi32>) -> tensor<4x1xi32>
      %51 = stablehlo.reshape %6 : (tensor<4xi32>) -> tensor<4x1xi32>
      %52 = stablehlo.broadcast_in_dim %47, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %53 = stablehlo.reshape %52 : (tensor<4xi32>) -> tensor<4x1xi32>
      %54 = stablehlo.concatenate %48, %50, %51, %53, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x4xi32>
      %55 = "stablehlo.gather"(%arg3.k_cache, %54) {dimension_numbers = #stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0, 2], start_index_map = [0, 1, 2, 3], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 16, 1, 64>} : (tensor<8x16x2x64xi16>, tensor<4x4xi32>) -> tensor<4x16x64xi16>
      %56 = stablehlo.bitcast_convert %55 : (tensor<4x16x64xi16>) -> tensor<4x16x64xbf16>
      // %21 = load @v_cache[%19, :, %2, :] : bf16[16, 64]
      %57 = stablehlo.constant dense<0> : tensor<i32>
      %58 = stablehlo.constant dense<0> : tensor<i32>
      %59 = stablehlo.reshape %45 : (tensor<4xi32>) -> tensor<4x1xi32>
      %60 = stablehlo.broadcast_in_dim %57, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %61 = stablehlo.reshape %60 : (tensor<4xi32>) -> tensor<4x1xi32>
      %62 = stablehlo.reshape %6 : (tensor<4xi32>) -> tensor<4x1xi32>
      %63 = stablehlo.broadcast_in_dim %58, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %64 = stablehlo.reshape %63 : (tensor<4xi32>) -> tensor<4x1xi32>
      %65 = stablehlo.concatenate %59, %61, %62, %64, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x4xi32>
      %66 = "stablehlo.gather"(%arg4.v_cache, %65) {dimension_numbers = #stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0, 2], start_index_map = [0, 1, 2, 3], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 16, 1, 64>} : (tensor<8x16x2x64xi16>, tensor<4x4xi32>) -> tensor<4x16x64xi16>
      %67 = stablehlo.bitcast_convert %66 : (tensor<4x16x64xi16>) -> tensor<4x16x64xbf16>
      // %22 = mul %15, %11 : i32
      %68 = stablehlo.multiply %31, %21 : tensor<i32>
      // %23 = iota dim 0 : i32[16]
      %69 = stablehlo.iota dim = 0 : tensor<16xi32>
      // %24 = broadcast %22 dims [] : i32[16]
      %70 = stablehlo.broadcast_in_dim %68, dims = [] : (tensor<i32>) -> tensor<16xi32>
      // %25 = add %23, %24 : i32[16]
      %71 = stablehlo.add %69, %70 : tensor<16xi32>
      // %26 = broadcast %3 dims [] : i32[16]
      %72 = stablehlo.broadcast_in_dim %8, dims = [0] : (tensor<4xi32>) -> tensor<4x16xi32>
      // %27 = cmp.lt %25, %26 : bool[16]
      %73 = stablehlo.broadcast_in_dim %71, dims = [1] : (tensor<16xi32>) -> tensor<4x16xi32>
      %74 = stablehlo.compare LT, %73, %72, SIGNED : (tensor<4x16xi32>, tensor<4x16xi32>) -> tensor<4x16xi1>
      // %28 = broadcast %27 dims [0] : bool[16, 64]
      %75 = stablehlo.broadcast_in_dim %74, dims = [0, 1] : (tensor<4x16xi1>) -> tensor<4x16x64xi1>
      // %29 = const 0.0 : bf16[16, 64]
      %76 = stablehlo.constant dense<0.0> : tensor<16x64xbf16>
      // %30 = select %28, %21, %29 : bf16[16, 64]
      %77 = stablehlo.broadcast_in_dim %76, dims = [1, 2] : (tensor<16x64xbf16>) -> tensor<4x16x64xbf16>
      %78 = stablehlo.select %75, %67, %77 : (tensor<4x16x64xi1>, tensor<4x16x64xbf16>, tensor<4x16x64xbf16>) -> tensor<4x16x64xbf16>
      // %31 = broadcast %27 dims [1] : bool[4, 16]
      %79 = stablehlo.broadcast_in_dim %74, dims = [0, 2] : (tensor<4x16xi1>) -> tensor<4x4x16xi1>
      // %32 = transpose %20 perm [1, 0] : bf16[64, 16]
      %80 = stablehlo.transpose %56, dims = [0, 2, 1] : (tensor<4x16x64xbf16>) -> tensor<4x64x16xbf16>
      // %33 = dot %6, %32 : f32[4, 16]
      %81 = stablehlo.convert %16 : (tensor<4x4x64xbf16>) -> tensor<4x4x64xf32>
      %82 = stablehlo.convert %80 : (tensor<4x64x16xbf16>) -> tensor<4x64x16xf32>
      %83 = stablehlo.dot_general %81, %82, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x64xf32>, tensor<4x64x16xf32>) -> tensor<4x4x16xf32>
      // %34 = broadcast %scale.0 dims [] : f32[4, 16]
      %84 = stablehlo.broadcast_in_dim %arg5.scale, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %35 = mul %33, %34 : f32[4, 16]
      %85 = stablehlo.broadcast_in_dim %84, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %86 = stablehlo.multiply %83, %85 : tensor<4x4x16xf32>
      // %36 = const -inf : f32
      %87 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      // %37 = broadcast %36 dims [] : f32[4, 16]
      %88 = stablehlo.broadcast_in_dim %87, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %38 = select %31, %35, %37 : f32[4, 16]
      %89 = stablehlo.broadcast_in_dim %88, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %90 = stablehlo.select %79, %86, %89 : (tensor<4x4x16xi1>, tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
      // %39 = reduce.max %38 axis 1 : f32[4]
      %91 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      %92 = stablehlo.reduce(%90 init: %91) applies stablehlo.maximum across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      %93 = stablehlo.compare NE, %90, %90, FLOAT : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xi1>
      %94 = stablehlo.constant dense<false> : tensor<i1>
      %95 = stablehlo.reduce(%93 init: %94) applies stablehlo.or across dimensions = [2] : (tensor<4x4x16xi1>, tensor<i1>) -> tensor<4x4xi1>
      %96 = stablehlo.constant dense<0x7FC00000> : tensor<4x4xf32>
      %97 = stablehlo.select %95, %96, %92 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %m_new.40 = max %m.16, %39 : f32[4]
      %98 = stablehlo.maximum %32, %97 : tensor<4x4xf32>
      %99 = stablehlo.compare NE, %97, %97, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %100 = stablehlo.select %99, %97, %98 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %101 = stablehlo.compare NE, %32, %32, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %102 = stablehlo.select %101, %32, %100 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %41 = broadcast %m_new.40 dims [0] : f32[4, 16]
      %103 = stablehlo.broadcast_in_dim %102, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x16xf32>
      // %42 = sub %38, %41 : f32[4, 16]
      %104 = stablehlo.subtract %90, %103 : tensor<4x4x16xf32>
      // %43 = exp %42 : f32[4, 16]
      %105 = stablehlo.exponential %104 : tensor<4x4x16xf32>
      // %44 = sub %m.16, %m_new.40 : f32[4]
      %106 = stablehlo.subtract %32, %102 : tensor<4x4xf32>
      // %45 = exp %44 : f32[4]
      %107 = stablehlo.exponential %106 : tensor<4x4xf32>
      // %46 = mul %l.17, %45 : f32[4]
      %108 = stablehlo.multiply %33, %107 : tensor<4x4xf32>
      // %47 = reduce.sum %43 axis 1 : f32[4]
      %109 = stablehlo.constant dense<0.0> : tensor<f32>
      %110 = stablehlo.reduce(%105 init: %109) applies stablehlo.add across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      // %l_new.48 = add %46, %47 : f32[4]
      %111 = stablehlo.add %108, %110 : tensor<4x4xf32>
      // %49 = cast %43 : bf16[4, 16]
      %112 = stablehlo.convert %105 : (tensor<4x4x16xf32>) -> tensor<4x4x16xbf16>
      // %50 = dot %49, %30 : f32[4, 64]
      %113 = stablehlo.convert %112 : (tensor<4x4x16xbf16>) -> tensor<4x4x16xf32>
      %114 = stablehlo.convert %78 : (tensor<4x16x64xbf16>) -> tensor<4x16x64xf32>
      %115 = stablehlo.dot_general %113, %114, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x16xf32>, tensor<4x16x64xf32>) -> tensor<4x4x64xf32>
      // %51 = broadcast %45 dims [0] : f32[4, 64]
      %116 = stablehlo.broadcast_in_dim %107, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x64xf32>
      // %52 = mul %acc.18, %51 : f32[4, 64]
      %117 = stablehlo.multiply %34, %116 : tensor<4x4x64xf32>
      // %acc_new.53 = add %52, %50 : f32[4, 64]
      %118 = stablehlo.add %117, %115 : tensor<4x4x64xf32>
      %119 = stablehlo.constant dense<1> : tensor<i32>
      %120 = stablehlo.add %31, %119 : tensor<i32>
      %121 = stablehlo.broadcast_in_dim %40, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %122 = stablehlo.select %121, %102, %32 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %123 = stablehlo.broadcast_in_dim %40, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %124 = stablehlo.select %123, %111, %33 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %125 = stablehlo.broadcast_in_dim %40, dims = [0] : (tensor<4xi1>) -> tensor<4x4x64xi1>
      %126 = stablehlo.select %125, %118, %34 : (tensor<4x4x64xi1>, tensor<4x4x64xf32>, tensor<4x4x64xf32>) -> tensor<4x4x64xf32>
      stablehlo.return %120, %122, %124, %126 : tensor<i32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4x64xf32>
    }
    // %57 = const 0.0 : f32
    %127 = stablehlo.constant dense<0.0> : tensor<f32>
    // %58 = broadcast %57 dims [] : f32[4]
    %128 = stablehlo.broadcast_in_dim %127, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %59 = cmp.gt %l.55, %58 : bool[4]
    %129 = stablehlo.broadcast_in_dim %128, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %130 = stablehlo.compare GT, %30#2, %129, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
    // %60 = const 1.0 : f32
    %131 = stablehlo.constant dense<1.0> : tensor<f32>
    // %61 = broadcast %60 dims [] : f32[4]
    %132 = stablehlo.broadcast_in_dim %131, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %62 = select %59, %l.55, %61 : f32[4]
    %133 = stablehlo.broadcast_in_dim %132, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %134 = stablehlo.select %130, %30#2, %133 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // %63 = broadcast %62 dims [0] : f32[4, 64]
    %135 = stablehlo.broadcast_in_dim %134, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x64xf32>
    // %64 = div %acc.56, %63 : f32[4, 64]
    %136 = stablehlo.divide %30#3, %135 : tensor<4x4x64xf32>
    // %65 = log %62 : f32[4]
    %137 = stablehlo.log %134 : tensor<4x4xf32>
    // %66 = add %m.54, %65 : f32[4]
    %138 = stablehlo.add %30#1, %137 : tensor<4x4xf32>
    // %67 = const -inf : f32
    %139 = stablehlo.constant dense<0xFF800000> : tensor<f32>
    // %68 = broadcast %67 dims [] : f32[4]
    %140 = stablehlo.broadcast_in_dim %139, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %69 = select %59, %66, %68 : f32[4]
    %141 = stablehlo.broadcast_in_dim %140, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %142 = stablehlo.select %130, %138, %141 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // store %64 -> @o[%1, %5:+4, :]
    %143 = stablehlo.constant dense<0> : tensor<i32>
    %144 = stablehlo.reshape %136 : (tensor<4x4x64xf32>) -> tensor<2x2x1x1x4x64xf32>
    %145 = stablehlo.transpose %144, dims = [0, 3, 1, 4, 2, 5] : (tensor<2x2x1x1x4x64xf32>) -> tensor<2x1x2x4x1x64xf32>
    %146 = stablehlo.reshape %145 : (tensor<2x1x2x4x1x64xf32>) -> tensor<2x8x64xf32>
    // store %69 -> @lse[%1, %5:+4]
    %147 = stablehlo.reshape %142 : (tensor<4x4xf32>) -> tensor<2x2x1x4xf32>
    %148 = stablehlo.transpose %147, dims = [0, 2, 1, 3] : (tensor<2x2x1x4xf32>) -> tensor<2x1x2x4xf32>
    %149 = stablehlo.reshape %148 : (tensor<2x1x2x4xf32>) -> tensor<2x8xf32>
    return %146, %149 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
  func.func public @main(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %call0:2 = func.call @paged_decode(%arg0.block_tables, %arg1.context_lens, %arg2.q, %arg3.k_cache, %arg4.v_cache, %arg5.scale) : (tensor<2x4xi32>, tensor<2xi32>, tensor<2x8x64xi16>, tensor<8x16x2x64xi16>, tensor<8x16x2x64xi16>, tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>)
    return %call0#0, %call0#1 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
}
