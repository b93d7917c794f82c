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
    // %7 = const -inf : f32[4]
    %20 = stablehlo.constant dense<0xFF800000> : tensor<4xf32>
    // %8 = const 0.0 : f32[4]
    %21 = stablehlo.constant dense<0.0> : tensor<4xf32>
    // %9 = const 0.0 : f32[4, 64]
    %22 = stablehlo.constant dense<0.0> : tensor<4x64xf32>
    // %10 = const 15 : i32
    %23 = stablehlo.constant dense<15> : tensor<i32>
    // %11 = add %3, %10 : i32
    %24 = stablehlo.broadcast_in_dim %23, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %25 = stablehlo.add %8, %24 : tensor<4xi32>
    // %12 = const 16 : i32
    %26 = stablehlo.constant dense<16> : tensor<i32>
    // %13 = div %11, %12 : i32
    %27 = stablehlo.broadcast_in_dim %26, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %28 = stablehlo.divide %25, %27 : tensor<4xi32>
    // %14 = const 0 : i32
    %29 = stablehlo.constant dense<0> : tensor<i32>
    // %l.55, %acc.56, %m.57 = for %15 = %14 to %13 step 1 pipeline 2 iter(%l.16 = %8, %acc.17 = %9, %m.18 = %7) -> (f32[4], f32[4, 64], f32[4])
    %30 = stablehlo.broadcast_in_dim %21, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %31 = stablehlo.broadcast_in_dim %22, dims = [1, 2] : (tensor<4x64xf32>) -> tensor<4x4x64xf32>
    %32 = stablehlo.broadcast_in_dim %20, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %33:4 = stablehlo.while(%34 = %29, %35 = %30, %36 = %31, %37 = %32) : tensor<i32>, tensor<4x4xf32>, tensor<4x4x64xf32>, tensor<4x4xf32>
     cond {
      %38 = stablehlo.broadcast_in_dim %34, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %39 = stablehlo.compare LT, %38, %28, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
      %40 = stablehlo.constant dense<false> : tensor<i1>
      %41 = stablehlo.reduce(%39 init: %40) applies stablehlo.or across dimensions = [0] : (tensor<4xi1>, tensor<i1>) -> tensor<i1>
      stablehlo.return %41 : tensor<i1>
    } do {
      %42 = stablehlo.broadcast_in_dim %34, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %43 = stablehlo.compare LT, %42, %28, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
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
      // %22 = iota dim 0 : i32[16]
      %71 = stablehlo.iota dim = 0 : tensor<16xi32>
      // %23 = const 16 : i32
      %72 = stablehlo.constant dense<16> : tensor<i32>
      // %24 = mul %15, %23 : i32
      %73 = stablehlo.multiply %34, %72 : tensor<i32>
      // %25 = broadcast %24 dims [] : i32[16]
      %74 = stablehlo.broadcast_in_dim %73, dims = [] : (tensor<i32>) -> tensor<16xi32>
      // %26 = add %22, %25 : i32[16]
      %75 = stablehlo.add %71, %74 : tensor<16xi32>
      // %27 = broadcast %3 dims [] : i32[16]
      %76 = stablehlo.broadcast_in_dim %8, dims = [0] : (tensor<4xi32>) -> tensor<4x16xi32>
      // %28 = cmp.lt %26, %27 : bool[16]
      %77 = stablehlo.broadcast_in_dim %75, dims = [1] : (tensor<16xi32>) -> tensor<4x16xi32>
      %78 = stablehlo.compare LT, %77, %76, SIGNED : (tensor<4x16xi32>, tensor<4x16xi32>) -> tensor<4x16xi1>
      // %29 = reshape %28 : bool[1, 16]
      %79 = stablehlo.reshape %78 : (tensor<4x16xi1>) -> tensor<4x1x16xi1>
      // %30 = transpose %20 perm [1, 0] : bf16[64, 16]
      %80 = stablehlo.transpose %59, dims = [0, 2, 1] : (tensor<4x16x64xbf16>) -> tensor<4x64x16xbf16>
      // %31 = dot %6, %30 : f32[4, 16]
      %81 = stablehlo.convert %19 : (tensor<4x4x64xbf16>) -> tensor<4x4x64xf32>
      %82 = stablehlo.convert %80 : (tensor<4x64x16xbf16>) -> tensor<4x64x16xf32>
      %83 = stablehlo.dot_general %81, %82, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x64xf32>, tensor<4x64x16xf32>) -> tensor<4x4x16xf32>
      // %32 = broadcast %scale.0 dims [] : f32[4, 16]
      %84 = stablehlo.broadcast_in_dim %arg5.scale, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %33 = mul %31, %32 : f32[4, 16]
      %85 = stablehlo.broadcast_in_dim %84, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %86 = stablehlo.multiply %83, %85 : tensor<4x4x16xf32>
      // %34 = const -inf : f32
      %87 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      // %35 = broadcast %29 dims [0, 1] : bool[4, 16]
      %88 = stablehlo.broadcast_in_dim %79, dims = [0, 1, 2] : (tensor<4x1x16xi1>) -> tensor<4x4x16xi1>
      // %36 = broadcast %34 dims [] : f32[4, 16]
      %89 = stablehlo.broadcast_in_dim %87, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %37 = select %35, %33, %36 : f32[4, 16]
      %90 = stablehlo.broadcast_in_dim %89, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %91 = stablehlo.select %88, %86, %90 : (tensor<4x4x16xi1>, tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
      // %38 = reduce.max %37 axis 1 : f32[4]
      %92 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      %93 = stablehlo.reduce(%91 init: %92) applies stablehlo.maximum across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      %94 = stablehlo.compare NE, %91, %91, FLOAT : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xi1>
      %95 = stablehlo.constant dense<false> : tensor<i1>
      %96 = stablehlo.reduce(%94 init: %95) applies stablehlo.or across dimensions = [2] : (tensor<4x4x16xi1>, tensor<i1>) -> tensor<4x4xi1>
      %97 = stablehlo.constant dense<0x7FC00000> : tensor<4x4xf32>
      %98 = stablehlo.select %96, %97, %93 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %39 = max %m.18, %38 : f32[4]
      %99 = stablehlo.maximum %37, %98 : tensor<4x4xf32>
      %100 = stablehlo.compare NE, %98, %98, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %101 = stablehlo.select %100, %98, %99 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %102 = stablehlo.compare NE, %37, %37, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %103 = stablehlo.select %102, %37, %101 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %40 = reshape %39 : f32[4, 1]
      %104 = stablehlo.reshape %103 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
      // %41 = broadcast %40 dims [0, 1] : f32[4, 16]
      %105 = stablehlo.broadcast_in_dim %104, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
      // %42 = sub %37, %41 : f32[4, 16]
      %106 = stablehlo.subtract %91, %105 : tensor<4x4x16xf32>
      // %43 = exp %42 : f32[4, 16]
      %107 = stablehlo.exponential %106 : tensor<4x4x16xf32>
      // %44 = sub %m.18, %39 : f32[4]
      %108 = stablehlo.subtract %37, %103 : tensor<4x4xf32>
      // %45 = exp %44 : f32[4]
      %109 = stablehlo.exponential %108 : tensor<4x4xf32>
      // %46 = mul %l.16, %45 : f32[4]
      %110 = stablehlo.multiply %35, %109 : tensor<4x4xf32>
      // %47 = reduce.sum %43 axis 1 : f32[4]
      %111 = stablehlo.constant dense<0.0> : tensor<f32>
      %112 = stablehlo.reduce(%107 init: %111) applies stablehlo.add across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      // %48 = add %46, %47 : f32[4]
      %113 = stablehlo.add %110, %112 : tensor<4x4xf32>
      // %49 = reshape %45 : f32[4, 1]
      %114 = stablehlo.reshape %109 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
      // %50 = broadcast %49 dims [0, 1] : f32[4, 64]
      %115 = stablehlo.broadcast_in_dim %114, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x64xf32>
      // %51 = mul %acc.17, %50 : f32[4, 64]
      %116 = stablehlo.multiply %36, %115 : tensor<4x4x64xf32>
      // %52 = cast %43 : bf16[4, 16]
      %117 = stablehlo.convert %107 : (tensor<4x4x16xf32>) -> tensor<4x4x16xbf16>
      // %53 = dot %52, %21 : f32[4, 64]
      %118 = stablehlo.convert %117 : (tensor<4x4x16xbf16>) -> tensor<4x4x16xf32>
      %119 = stablehlo.convert %70 : (tensor<4x16x64xbf16>) -> tensor<4x16x64xf32>
      %120 = stablehlo.dot_general %118, %119, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x16xf32>, tensor<4x16x64xf32>) -> tensor<4x4x64xf32>
      // %54 = add %51, %53 : f32[4, 64]
      %121 = stablehlo.add %116, %120 : tensor<4x4x64xf32>
      %122 = stablehlo.constant dense<1> : tensor<i32>
      %123 = stablehlo.add %34, %122 : tensor<i32>
      %124 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %125 = stablehlo.select %124, %113, %35 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %126 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4x64xi1>
      %127 = stablehlo.select %126, %121, %36 : (tensor<4x4x64xi1>, tensor<4x4x64xf32>, tensor<4x4x64xf32>) -> tensor<4x4x64xf32>
      %128 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %129 = stablehlo.select %128, %103, %37 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      stablehlo.return %123, %125, %127, %129 : tensor<i32>, tensor<4x4xf32>, tensor<4x4x64xf32>, tensor<4x4xf32>
    }
    // %58 = const 0.0 : f32
    %130 = stablehlo.constant dense<0.0> : tensor<f32>
    // %59 = broadcast %58 dims [] : f32[4]
    %131 = stablehlo.broadcast_in_dim %130, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %60 = cmp.gt %l.55, %59 : bool[4]
    %132 = stablehlo.broadcast_in_dim %131, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %133 = stablehlo.compare GT, %33#1, %132, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
    // %61 = const 1.0 : f32
    %134 = stablehlo.constant dense<1.0> : tensor<f32>
    // %62 = broadcast %61 dims [] : f32[4]
    %135 = stablehlo.broadcast_in_dim %134, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %63 = select %60, %l.55, %62 : f32[4]
    %136 = stablehlo.broadcast_in_dim %135, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %137 = stablehlo.select %133, %33#1, %136 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // %64 = const 4 : i32
    %138 = stablehlo.constant dense<4> : tensor<i32>
    // %65 = mul %2, %64 : i32
    %139 = stablehlo.broadcast_in_dim %138, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %140 = stablehlo.multiply %6, %139 : tensor<4xi32>
    // %66 = reshape %63 : f32[4, 1]
    %141 = stablehlo.reshape %137 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    // %67 = broadcast %66 dims [0, 1] : f32[4, 64]
    %142 = stablehlo.broadcast_in_dim %141, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x64xf32>
    // %68 = div %acc.56, %67 : f32[4, 64]
    %143 = stablehlo.divide %33#2, %142 : tensor<4x4x64xf32>
    // store %68 -> @o[%1, %65:+4, :]
    %144 = stablehlo.constant dense<0> : tensor<i32>
    %145 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %146 = stablehlo.reshape %140 : (tensor<4xi32>) -> tensor<4x1xi32>
    %147 = stablehlo.broadcast_in_dim %144, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %148 = stablehlo.reshape %147 : (tensor<4xi32>) -> tensor<4x1xi32>
    %149 = stablehlo.concatenate %145, %146, %148, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x3xi32>
    %150 = stablehlo.reshape %143 : (tensor<4x4x64xf32>) -> tensor<4x1x4x64xf32>
    %151 = "stablehlo.scatter"(%0, %149, %150) ({
    ^bb0(%152: tensor<f32>, %153: tensor<f32>):
      stablehlo.return %153 : tensor<f32>
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2, 3], scatter_dims_to_operand_dims = [0, 1, 2], index_vector_dim = 1>, unique_indices = false} : (tensor<2x8x64xf32>, tensor<4x3xi32>, tensor<4x1x4x64xf32>) -> tensor<2x8x64xf32>
    // %69 = const 4 : i32
    %154 = stablehlo.constant dense<4> : tensor<i32>
    // %70 = mul %2, %69 : i32
    %155 = stablehlo.broadcast_in_dim %154, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %156 = stablehlo.multiply %6, %155 : tensor<4xi32>
    // %71 = log %63 : f32[4]
    %157 = stablehlo.log %137 : tensor<4x4xf32>
    // %72 = add %m.57, %71 : f32[4]
    %158 = stablehlo.add %33#3, %157 : tensor<4x4xf32>
    // %73 = const -inf : f32
    %159 = stablehlo.constant dense<0xFF800000> : tensor<f32>
    // %74 = broadcast %73 dims [] : f32[4]
    %160 = stablehlo.broadcast_in_dim %159, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %75 = select %60, %72, %74 : f32[4]
    %161 = stablehlo.broadcast_in_dim %160, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %162 = stablehlo.select %133, %158, %161 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // store %75 -> @lse[%1, %70:+4]
    %163 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %164 = stablehlo.reshape %156 : (tensor<4xi32>) -> tensor<4x1xi32>
    %165 = stablehlo.concatenate %163, %164, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x2xi32>
    %166 = stablehlo.reshape %162 : (tensor<4x4xf32>) -> tensor<4x1x4xf32>
    %167 = "stablehlo.scatter"(%1, %165, %166) ({
    ^bb0(%168: tensor<f32>, %169: tensor<f32>):
      stablehlo.return %169 : tensor<f32>
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2], scatter_dims_to_operand_dims = [0, 1], index_vector_dim = 1>, unique_indices = false} : (tensor<2x8xf32>, tensor<4x2xi32>, tensor<4x1x4xf32>) -> tensor<2x8xf32>
    return %151, %167 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
  func.func public @main(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %call0:2 = func.call @paged_decode(%arg0.block_tables, %arg1.context_lens, %arg2.q, %arg3.k_cache, %arg4.v_cache, %arg5.scale) : (tensor<2x4xi32>, tensor<2xi32>, tensor<2x8x64xi16>, tensor<8x16x2x64xi16>, tensor<8x16x2x64xi16>, tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>)
    return %call0#0, %call0#1 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
}
