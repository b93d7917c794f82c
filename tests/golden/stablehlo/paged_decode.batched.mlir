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
    // %m.51, %l.52, %acc.53 = for %15 = %10 to %14 step 1 pipeline 2 iter(%m.16 = %m.7, %l.17 = %l.8, %acc.18 = %acc.9) -> (f32[4], f32[4], f32[4, 64])
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
      // %28 = broadcast %27 dims [1] : bool[4, 16]
      %78 = stablehlo.broadcast_in_dim %77, dims = [0, 2] : (tensor<4x16xi1>) -> tensor<4x4x16xi1>
      // %29 = transpose %20 perm [1, 0] : bf16[64, 16]
      %79 = stablehlo.transpose %59, dims = [0, 2, 1] : (tensor<4x16x64xbf16>) -> tensor<4x64x16xbf16>
      // %30 = dot %6, %29 : f32[4, 16]
      %80 = stablehlo.convert %19 : (tensor<4x4x64xbf16>) -> tensor<4x4x64xf32>
      %81 = stablehlo.convert %79 : (tensor<4x64x16xbf16>) -> tensor<4x64x16xf32>
      %82 = stablehlo.dot_general %80, %81, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x64xf32>, tensor<4x64x16xf32>) -> tensor<4x4x16xf32>
      // %31 = broadcast %scale.0 dims [] : f32[4, 16]
      %83 = stablehlo.broadcast_in_dim %arg5.scale, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %32 = mul %30, %31 : f32[4, 16]
      %84 = stablehlo.broadcast_in_dim %83, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %85 = stablehlo.multiply %82, %84 : tensor<4x4x16xf32>
      // %33 = const -inf : f32
      %86 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      // %34 = broadcast %33 dims [] : f32[4, 16]
      %87 = stablehlo.broadcast_in_dim %86, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %35 = select %28, %32, %34 : f32[4, 16]
      %88 = stablehlo.broadcast_in_dim %87, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %89 = stablehlo.select %78, %85, %88 : (tensor<4x4x16xi1>, tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
      // %36 = reduce.max %35 axis 1 : f32[4]
      %90 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      %91 = stablehlo.reduce(%89 init: %90) applies stablehlo.maximum across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      %92 = stablehlo.compare NE, %89, %89, FLOAT : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xi1>
      %93 = stablehlo.constant dense<false> : tensor<i1>
      %94 = stablehlo.reduce(%92 init: %93) applies stablehlo.or across dimensions = [2] : (tensor<4x4x16xi1>, tensor<i1>) -> tensor<4x4xi1>
      %95 = stablehlo.constant dense<0x7FC00000> : tensor<4x4xf32>
      %96 = stablehlo.select %94, %95, %91 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %m_new.37 = max %m.16, %36 : f32[4]
      %97 = stablehlo.maximum %35, %96 : tensor<4x4xf32>
      %98 = stablehlo.compare NE, %96, %96, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %99 = stablehlo.select %98, %96, %97 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %100 = stablehlo.compare NE, %35, %35, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %101 = stablehlo.select %100, %35, %99 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %38 = broadcast %m_new.37 dims [0] : f32[4, 16]
      %102 = stablehlo.broadcast_in_dim %101, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x16xf32>
      // %39 = sub %35, %38 : f32[4, 16]
      %103 = stablehlo.subtract %89, %102 : tensor<4x4x16xf32>
      // %40 = exp %39 : f32[4, 16]
      %104 = stablehlo.exponential %103 : tensor<4x4x16xf32>
      // %41 = sub %m.16, %m_new.37 : f32[4]
      %105 = stablehlo.subtract %35, %101 : tensor<4x4xf32>
      // %42 = exp %41 : f32[4]
      %106 = stablehlo.exponential %105 : tensor<4x4xf32>
      // %43 = mul %l.17, %42 : f32[4]
      %107 = stablehlo.multiply %36, %106 : tensor<4x4xf32>
      // %44 = reduce.sum %40 axis 1 : f32[4]
      %108 = stablehlo.constant dense<0.0> : tensor<f32>
      %109 = stablehlo.reduce(%104 init: %108) applies stablehlo.add across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      // %l_new.45 = add %43, %44 : f32[4]
      %110 = stablehlo.add %107, %109 : tensor<4x4xf32>
      // %46 = cast %40 : bf16[4, 16]
      %111 = stablehlo.convert %104 : (tensor<4x4x16xf32>) -> tensor<4x4x16xbf16>
      // %47 = dot %46, %21 : f32[4, 64]
      %112 = stablehlo.convert %111 : (tensor<4x4x16xbf16>) -> tensor<4x4x16xf32>
      %113 = stablehlo.convert %70 : (tensor<4x16x64xbf16>) -> tensor<4x16x64xf32>
      %114 = stablehlo.dot_general %112, %113, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x16xf32>, tensor<4x16x64xf32>) -> tensor<4x4x64xf32>
      // %48 = broadcast %42 dims [0] : f32[4, 64]
      %115 = stablehlo.broadcast_in_dim %106, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x64xf32>
      // %49 = mul %acc.18, %48 : f32[4, 64]
      %116 = stablehlo.multiply %37, %115 : tensor<4x4x64xf32>
      // %acc_new.50 = add %49, %47 : f32[4, 64]
      %117 = stablehlo.add %116, %114 : tensor<4x4x64xf32>
      %118 = stablehlo.constant dense<1> : tensor<i32>
      %119 = stablehlo.add %34, %118 : tensor<i32>
      %120 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %121 = stablehlo.select %120, %101, %35 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %122 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %123 = stablehlo.select %122, %110, %36 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %124 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4x64xi1>
      %125 = stablehlo.select %124, %117, %37 : (tensor<4x4x64xi1>, tensor<4x4x64xf32>, tensor<4x4x64xf32>) -> tensor<4x4x64xf32>
      stablehlo.return %119, %121, %123, %125 : tensor<i32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4x64xf32>
    }
    // %54 = const 0.0 : f32
    %126 = stablehlo.constant dense<0.0> : tensor<f32>
    // %55 = broadcast %54 dims [] : f32[4]
    %127 = stablehlo.broadcast_in_dim %126, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %56 = cmp.gt %l.52, %55 : bool[4]
    %128 = stablehlo.broadcast_in_dim %127, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %129 = stablehlo.compare GT, %33#2, %128, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
    // %57 = const 1.0 : f32
    %130 = stablehlo.constant dense<1.0> : tensor<f32>
    // %58 = broadcast %57 dims [] : f32[4]
    %131 = stablehlo.broadcast_in_dim %130, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %59 = select %56, %l.52, %58 : f32[4]
    %132 = stablehlo.broadcast_in_dim %131, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %133 = stablehlo.select %129, %33#2, %132 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // %60 = broadcast %59 dims [0] : f32[4, 64]
    %134 = stablehlo.broadcast_in_dim %133, dims = [0, 1] : (tensor<4x4xf32>) -> tensor<4x4x64xf32>
    // %61 = div %acc.53, %60 : f32[4, 64]
    %135 = stablehlo.divide %33#3, %134 : tensor<4x4x64xf32>
    // %62 = log %59 : f32[4]
    %136 = stablehlo.log %133 : tensor<4x4xf32>
    // %63 = add %m.51, %62 : f32[4]
    %137 = stablehlo.add %33#1, %136 : tensor<4x4xf32>
    // %64 = const -inf : f32
    %138 = stablehlo.constant dense<0xFF800000> : tensor<f32>
    // %65 = broadcast %64 dims [] : f32[4]
    %139 = stablehlo.broadcast_in_dim %138, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %66 = select %56, %63, %65 : f32[4]
    %140 = stablehlo.broadcast_in_dim %139, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %141 = stablehlo.select %129, %137, %140 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // store %61 -> @o[%1, %5:+4, :]
    %142 = stablehlo.constant dense<0> : tensor<i32>
    %143 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %144 = stablehlo.reshape %11 : (tensor<4xi32>) -> tensor<4x1xi32>
    %145 = stablehlo.broadcast_in_dim %142, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %146 = stablehlo.reshape %145 : (tensor<4xi32>) -> tensor<4x1xi32>
    %147 = stablehlo.concatenate %143, %144, %146, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x3xi32>
    %148 = stablehlo.reshape %135 : (tensor<4x4x64xf32>) -> tensor<4x1x4x64xf32>
    %149 = "stablehlo.scatter"(%0, %147, %148) ({
    ^bb0(%150: tensor<f32>, %151: tensor<f32>):
      stablehlo.return %151 : tensor<f32>
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2, 3], scatter_dims_to_operand_dims = [0, 1, 2], index_vector_dim = 1>, unique_indices = false} : (tensor<2x8x64xf32>, tensor<4x3xi32>, tensor<4x1x4x64xf32>) -> tensor<2x8x64xf32>
    // store %66 -> @lse[%1, %5:+4]
    %152 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %153 = stablehlo.reshape %11 : (tensor<4xi32>) -> tensor<4x1xi32>
    %154 = stablehlo.concatenate %152, %153, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x2xi32>
    %155 = stablehlo.reshape %141 : (tensor<4x4xf32>) -> tensor<4x1x4xf32>
    %156 = "stablehlo.scatter"(%1, %154, %155) ({
    ^bb0(%157: tensor<f32>, %158: tensor<f32>):
      stablehlo.return %158 : tensor<f32>
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2], scatter_dims_to_operand_dims = [0, 1], index_vector_dim = 1>, unique_indices = false} : (tensor<2x8xf32>, tensor<4x2xi32>, tensor<4x1x4xf32>) -> tensor<2x8xf32>
    return %149, %156 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
  func.func public @main(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %call0:2 = func.call @paged_decode(%arg0.block_tables, %arg1.context_lens, %arg2.q, %arg3.k_cache, %arg4.v_cache, %arg5.scale) : (tensor<2x4xi32>, tensor<2xi32>, tensor<2x8x64xi16>, tensor<8x16x2x64xi16>, tensor<8x16x2x64xi16>, tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>)
    return %call0#0, %call0#1 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
}
