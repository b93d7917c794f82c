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
    %13 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %14 = stablehlo.reshape %11 : (tensor<4xi32>) -> tensor<4x1xi32>
    %15 = stablehlo.broadcast_in_dim %12, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %16 = stablehlo.reshape %15 : (tensor<4xi32>) -> tensor<4x1xi32>
    %17 = stablehlo.concatenate %13, %14, %16, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x3xi32>
    %18 = "stablehlo.gather"(%arg2.q, %17) {dimension_numbers = #stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0], start_index_map = [0, 1, 2], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 4, 64>} : (tensor<2x8x64xi16>, tensor<4x3xi32>) -> tensor<4x4x64xi16>
    %19 = stablehlo.bitcast_convert %18 : (tensor<4x4x64xi16>) -> tensor<4x4x64xbf16>
    // %m.7 = const -inf : f32[4]
    %20 = stablehlo.constant dense<0xFF800000> : tensor<4xf32>
    // %l.8 = const 0.0 : f32[4]
    %21 = stablehlo.constant dense<0.0> : tensor<4xf32>
    // %acc.9 = const 0.0 : f32[4, 64]
    %22 = stablehlo.constant dense<0.0> : tensor<4x64xf32>
    // %10 = const 0 : i32
    %23 = stablehlo.constant dense<0> : tensor<i32>
    // %11 = const 16 : i32
    %24 = stablehlo.constant dense<16> : tensor<i32>
    // %12 = const 15 : i32
    %25 = stablehlo.constant dense<15> : tensor<i32>
    // %13 = add %3, %12 : i32
    %26 = stablehlo.broadcast_in_dim %25, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %27 = stablehlo.add %8, %26 : tensor<4xi32>
    // %14 = div %13, %11 : i32
    %28 = stablehlo.broadcast_in_dim %24, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %29 = stablehlo.divide %27, %28 : tensor<4xi32>
    // %m.54, %l.55, %acc.56 = for %15 = %10 to %14 step 1 pipeline 2 iter(%m.16 = %m.7, %l.17 = %l.8, %acc.18 = %acc.9) -> (f32[4], f32[4], f32[4, 64])
    %30 = stablehlo.broadcast_in_dim %20, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %31 = stablehlo.broadcast_in_dim %21, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %32 = stablehlo.broadcast_in_dim %22, dims = [1, 2] : (tensor<4x64xf32>) -> tensor<4x4x64xf32>
    %33:4 = stablehlo.while(%34 = %23, %35 = %30, %36 = %31, %37 = %32) : tensor<i32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4x64xf32>
     cond {
      %38 = stablehlo.broadcast_in_dim %34, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %39 = stablehlo.compare LT, %38, %29, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
      %40 = stablehlo.constant dense<false> : tensor<i1>
      %41 = stablehlo.reduce(%39 init: %40) applies stablehlo.or across dimensions = [0] : (tensor<4xi1>, tensor<i1>) -> tensor<i1>
      stablehlo.return %41 : tensor<i1>
    } do {
      %42 = stablehlo.broadcast_in_dim %34, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %43 = stablehlo.compare LT, %42, %29, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
      // %19 = prefetch.read @block_tables[%1, %15] : i32
      %44 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
      %45 = stablehlo.broadcast_in_dim %34, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %46 = stablehlo.reshape %45 : (tensor<4xi32>) -> tensor<4x1xi32>
      %47 = stablehlo.concatenate %44, %46, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x2xi32>
      %48 = "stablehlo.gather"(%arg0.block_tables, %47) {dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [0, 1], start_index_map = [0, 1], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 1>} : (tensor<2x4xi32>, tensor<4x2xi32>) -> tensor<4xi32>
      // %20 = load @k_cache[%19, :, %2, :] : bf16[16, 64]
      %49 = stablehlo.constant dense<0> : tensor<i32>
      %50 = stablehlo.constant dense<0> : tensor<i32>
      %51 = stablehlo.reshape %48 : (tensor<4xi32>) -> tensor<4x1xi32>
      %52 = stablehlo.broadcast_in_dim %49, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %53 = stablehlo.reshape %52 : (tensor<4xi32>) -> tensor<4x1xi32>
      %54 = stablehlo.reshape %6 : (tensor<4xi32>) -> tensor<4x1xi32>
      %55 = stablehlo.broadcast_in_dim %50, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %56 = stablehlo.reshape %55 : (tensor<4xi32>) -> tensor<4x1xi32>
      %57 = stablehlo.concatenate %51, %53, %54, %56, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x4xi32>
      %58 = "stablehlo.gather"(%arg3.k_cache, %57) {dimension_numbers = #stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0, 2], start_index_map = [0, 1, 2, 3], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 16, 1, 64>} : (tensor<8x16x2x64xi16>, tensor<4x4xi32>) -> tensor<4x16x64xi16>
      %59 = stablehlo.bitcast_convert %58 : (tensor<4x16x64xi16>) -> tensor<4x16x64xbf16>
      // %21 = load @v_cache[%19, :, %2, :] : bf16[16, 64]
      %60 = stablehlo.constant dense<0> : tensor<i32>
      %61 = stablehlo.constant dense<0> : tensor<i32>
      %62 = stablehlo.reshape %48 : (tensor<4xi32>) -> tensor<4x1xi32>
      %63 = stablehlo.broadcast_in_dim %60, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %64 = stablehlo.reshape %63 : (tensor<4xi32>) -> tensor<4x1xi32>
      %65 = stablehlo.reshape %6 : (tensor<4xi32>) -> tensor<4x1xi32>
      %66 = stablehlo.broadcast_in_dim %61, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %67 = stablehlo.reshape %66 : (tensor<4xi32>) -> tensor<4x1xi32>
      %68 = stablehlo.concatenate %62, %64, %65, %67, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x4xi32>
      %69 = "stablehlo.gather"(%arg4.v_cache, %68) {dimension_numbers = #stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0, 2], start_index_map = [0, 1, 2, 3], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 16, 1, 64>} : (tensor<8x16x2x64xi16>, tensor<4x4xi32>) -> tensor<4x16x64xi16>
      %70 = stablehlo.bitcast_convert %69 : (tensor<4x16x64xi16>) -> tensor<4x16x64xbf16>
      // %22 = mul %15, %11 : i32
      %71 = stablehlo.multiply %34, %24 : tensor<i32>
      // %23 = iota dim 0 : i32[16]
      %72 = stablehlo.iota dim = 0 : tensor<16xi32>
      // %24 = broadcast %22 dims [] : i32[16]
      %73 = stablehlo.broadcast_in_dim %71, dims = [] : (tensor<i32>) -> tensor<16xi32>
      // %25 = add %23, %24 : i32[16]
      %74 = stablehlo.add %72, %73 : tensor<16xi32>
      // %26 = broadcast %3 dims [] : i32[16]
      %75 = stablehlo.broadcast_in_dim %8, dims = [0] : (tensor<4xi32>) -> tensor<4x16xi32>
      // %27 = cmp.lt %25, %26 : bool[16]
      %76 = stablehlo.broadcast_in_dim %74, dims = [1] : (tensor<16xi32>) -> tensor<4x16xi32>
      %77 = stablehlo.compare LT, %76, %75, SIGNED : (tensor<4x16xi32>, tensor<4x16xi32>) -> tensor<4x16xi1>
      // %28 = broadcast %27 dims [0] : bool[16, 64]
      %78 = stablehlo.broadcast_in_dim %77, dims = [0, 1] : (tensor<4x16xi1>) -> tensor<4x16x64xi1>
      // %29 = const 0.0 : bf16[16, 64]
      %79 = stablehlo.constant dense<0.0> : tensor<16x64xbf16>
      // %30 = select %28, %21, %29 : bf16[16, 64]
      %80 = stablehlo.broadcast_in_dim %79, dims = [1, 2] : (tensor<16x64xbf16>) -> tensor<4x16x64xbf16>
      %81 = stablehlo.select %78, %70, %80 : (tensor<4x16x64xi1>, tensor<4x16x64xbf16>, tensor<4x16x64xbf16>) -> tensor<4x16x64xbf16>
      // %31 = broadcast %27 dims [1] : bool[4, 16]
      %82 = stablehlo.broadcast_in_dim %77, dims = [0, 2] : (tensor<4x16xi1>) -> tensor<4x4x16xi1>
      // %32 = transpose %20 perm [1, 0] : bf16[64, 16]
      %83 = stablehlo.transpose %59, dims = [0, 2, 1] : (tensor<4x16x64xbf16>) -> tensor<4x64x16xbf16>
      // %33 = dot %6, %32 : f32[4, 16]
      %84 = stablehlo.convert %19 : (tensor<4x4x64xbf16>) -> tensor<4x4x64xf32>
      %85 = stablehlo.convert %83 : (tensor<4x64x16xbf16>) -> tensor<4x64x16xf32>
      %86 = stablehlo.dot_general %84, %85, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x64xf32>, tensor<4x64x16xf32>) -> tensor<4x4x16xf32>
      // %34 = broadcast %scale.0 dims [] : f32[4, 16]
      %87 = stablehlo.broadcast_in_dim %arg5.scale, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %35 = mul %33, %34 : f32[4, 16]
      %88 = stablehlo.broadcast_in_dim %87, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %89 = stablehlo.multiply %86, %88 : tensor<4x4x16xf32>
      // %36 = const -inf : f32
      %90 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      // %37 = broadcast %36 dims [] : f32[4, 16]
      %91 = stablehlo.broadcast_in_dim %90, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %38 = select %31, %35, %37 : f32[4, 16]
      %92 = stablehlo.broadcast_in_dim %91, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %93 = stablehlo.select %82, %89, %92 : (tensor<4x4x16xi1>, tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
      // %39 = reduce.max %38 axis 1 : f32[4]
      %94 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      %95 = stablehlo.reduce(%93 init: %94) applies stablehlo.maximum across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      %96 = stablehlo.compare NE, %93, %93, FLOAT : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xi1>
      %97 = stablehlo.constant dense<false> : tensor<i1>
      %98 = stablehlo.reduce(%96 init: %97) applies stablehlo.or across dimensions = [2] : (tensor<4x4x16xi1>, tensor<i1>) -> tensor<4x4xi1>
      %99 = stablehlo.constant dense<0x7FC00000> : tensor<4x4xf32>
      %100 = stablehlo.select %98, %99, %95 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %m_new.40 = max %m.16, %39 : f32[4]
      %101 = stablehlo.maximum %35, %100 : tensor<4x4xf32>
      %102 = stablehlo.compare NE, %100, %100, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %103 = stablehlo.select %102, %100, %101 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %104 = stablehlo.compare NE, %35, %35, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %105 = stablehlo.select %104, %35, %103 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %41 = broadcast %m_new.40 dims [0] : f32[4, 16]
      %106 = stablehlo.broadcast_in_dim %105, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x16xf32>
      // %42 = sub %38, %41 : f32[4, 16]
      %107 = stablehlo.subtract %93, %106 : tensor<4x4x16xf32>
      // %43 = exp %42 : f32[4, 16]
      %108 = stablehlo.exponential %107 : tensor<4x4x16xf32>
      // %44 = sub %m.16, %m_new.40 : f32[4]
      %109 = stablehlo.subtract %35, %105 : tensor<4x4xf32>
      // %45 = exp %44 : f32[4]
      %110 = stablehlo.exponential %109 : tensor<4x4xf32>
      // %46 = mul %l.17, %45 : f32[4]
      %111 = stablehlo.multiply %36, %110 : tensor<4x4xf32>
      // %47 = reduce.sum %43 axis 1 : f32[4]
      %112 = stablehlo.constant dense<0.0> : tensor<f32>
      %113 = stablehlo.reduce(%108 init: %112) applies stablehlo.add across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      // %l_new.48 = add %46, %47 : f32[4]
      %114 = stablehlo.add %111, %113 : tensor<4x4xf32>
      // %49 = cast %43 : bf16[4, 16]
      %115 = stablehlo.convert %108 : (tensor<4x4x16xf32>) -> tensor<4x4x16xbf16>
      // %50 = dot %49, %30 : f32[4, 64]
      %116 = stablehlo.convert %115 : (tensor<4x4x16xbf16>) -> tensor<4x4x16xf32>
      %117 = stablehlo.convert %81 : (tensor<4x16x64xbf16>) -> tensor<4x16x64xf32>
      %118 = stablehlo.dot_general %116, %117, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x16xf32>, tensor<4x16x64xf32>) -> tensor<4x4x64xf32>
      // %51 = broadcast %45 dims [0] : f32[4, 64]
      %119 = stablehlo.broadcast_in_dim %110, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x64xf32>
      // %52 = mul %acc.18, %51 : f32[4, 64]
      %120 = stablehlo.multiply %37, %119 : tensor<4x4x64xf32>
      // %acc_new.53 = add %52, %50 : f32[4, 64]
      %121 = stablehlo.add %120, %118 : tensor<4x4x64xf32>
      %122 = stablehlo.constant dense<1> : tensor<i32>
      %123 = stablehlo.add %34, %122 : tensor<i32>
      %124 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %125 = stablehlo.select %124, %105, %35 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %126 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %127 = stablehlo.select %126, %114, %36 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %128 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4x64xi1>
      %129 = stablehlo.select %128, %121, %37 : (tensor<4x4x64xi1>, tensor<4x4x64xf32>, tensor<4x4x64xf32>) -> tensor<4x4x64xf32>
      stablehlo.return %123, %125, %127, %129 : tensor<i32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4x64xf32>
    }
    // %57 = const 0.0 : f32
    %130 = stablehlo.constant dense<0.0> : tensor<f32>
    // %58 = broadcast %57 dims [] : f32[4]
    %131 = stablehlo.broadcast_in_dim %130, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %59 = cmp.gt %l.55, %58 : bool[4]
    %132 = stablehlo.broadcast_in_dim %131, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %133 = stablehlo.compare GT, %33#2, %132, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
    // %60 = const 1.0 : f32
    %134 = stablehlo.constant dense<1.0> : tensor<f32>
    // %61 = broadcast %60 dims [] : f32[4]
    %135 = stablehlo.broadcast_in_dim %134, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %62 = select %59, %l.55, %61 : f32[4]
    %136 = stablehlo.broadcast_in_dim %135, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %137 = stablehlo.select %133, %33#2, %136 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // %63 = broadcast %62 dims [0] : f32[4, 64]
    %138 = stablehlo.broadcast_in_dim %137, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x64xf32>
    // %64 = div %acc.56, %63 : f32[4, 64]
    %139 = stablehlo.divide %33#3, %138 : tensor<4x4x64xf32>
    // %65 = log %62 : f32[4]
    %140 = stablehlo.log %137 : tensor<4x4xf32>
    // %66 = add %m.54, %65 : f32[4]
    %141 = stablehlo.add %33#1, %140 : tensor<4x4xf32>
    // %67 = const -inf : f32
    %142 = stablehlo.constant dense<0xFF800000> : tensor<f32>
    // %68 = broadcast %67 dims [] : f32[4]
    %143 = stablehlo.broadcast_in_dim %142, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %69 = select %59, %66, %68 : f32[4]
    %144 = stablehlo.broadcast_in_dim %143, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %145 = stablehlo.select %133, %141, %144 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // store %64 -> @o[%1, %5:+4, :]
    %146 = stablehlo.constant dense<0> : tensor<i32>
    %147 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %148 = stablehlo.reshape %11 : (tensor<4xi32>) -> tensor<4x1xi32>
    %149 = stablehlo.broadcast_in_dim %146, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %150 = stablehlo.reshape %149 : (tensor<4xi32>) -> tensor<4x1xi32>
    %151 = stablehlo.concatenate %147, %148, %150, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x3xi32>
    %152 = stablehlo.reshape %139 : (tensor<4x4x64xf32>) -> tensor<4x1x4x64xf32>
    %153 = "stablehlo.scatter"(%0, %151, %152) ({
    ^bb0(%154: tensor<f32>, %155: tensor<f32>):
      stablehlo.return %155 : tensor<f32>
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2, 3], scatter_dims_to_operand_dims = [0, 1, 2], index_vector_dim = 1>, unique_indices = false} : (tensor<2x8x64xf32>, tensor<4x3xi32>, tensor<4x1x4x64xf32>) -> tensor<2x8x64xf32>
    // store %69 -> @lse[%1, %5:+4]
    %156 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %157 = stablehlo.reshape %11 : (tensor<4xi32>) -> tensor<4x1xi32>
    %158 = stablehlo.concatenate %156, %157, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x2xi32>
    %159 = stablehlo.reshape %145 : (tensor<4x4xf32>) -> tensor<4x1x4xf32>
    %160 = "stablehlo.scatter"(%1, %158, %159) ({
    ^bb0(%161: tensor<f32>, %162: tensor<f32>):
      stablehlo.return %162 : tensor<f32>
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2], scatter_dims_to_operand_dims = [0, 1], index_vector_dim = 1>, unique_indices = false} : (tensor<2x8xf32>, tensor<4x2xi32>, tensor<4x1x4xf32>) -> tensor<2x8xf32>
    return %153, %160 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
  func.func public @main(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %call0:2 = func.call @paged_decode(%arg0.block_tables, %arg1.context_lens, %arg2.q, %arg3.k_cache, %arg4.v_cache, %arg5.scale) : (tensor<2x4xi32>, tensor<2xi32>, tensor<2x8x64xi16>, tensor<8x16x2x64xi16>, tensor<8x16x2x64xi16>, tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>)
    return %call0#0, %call0#1 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
}
