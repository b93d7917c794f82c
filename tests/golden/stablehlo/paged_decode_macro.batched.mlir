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
    // %l.60, %acc.61, %m.62 = for %15 = %14 to %13 step 1 pipeline 2 iter(%l.16 = %8, %acc.17 = %9, %m.18 = %7) -> (f32[4], f32[4, 64], f32[4])
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
      // %21 = iota dim 0 : i32[16]
      %60 = stablehlo.iota dim = 0 : tensor<16xi32>
      // %22 = const 16 : i32
      %61 = stablehlo.constant dense<16> : tensor<i32>
      // %23 = mul %15, %22 : i32
      %62 = stablehlo.multiply %34, %61 : tensor<i32>
      // %24 = broadcast %23 dims [] : i32[16]
      %63 = stablehlo.broadcast_in_dim %62, dims = [] : (tensor<i32>) -> tensor<16xi32>
      // %25 = add %21, %24 : i32[16]
      %64 = stablehlo.add %60, %63 : tensor<16xi32>
      // %26 = broadcast %3 dims [] : i32[16]
      %65 = stablehlo.broadcast_in_dim %8, dims = [0] : (tensor<4xi32>) -> tensor<4x16xi32>
      // %27 = cmp.lt %25, %26 : bool[16]
      %66 = stablehlo.broadcast_in_dim %64, dims = [1] : (tensor<16xi32>) -> tensor<4x16xi32>
      %67 = stablehlo.compare LT, %66, %65, SIGNED : (tensor<4x16xi32>, tensor<4x16xi32>) -> tensor<4x16xi1>
      // %28 = reshape %27 : bool[16, 1]
      %68 = stablehlo.reshape %67 : (tensor<4x16xi1>) -> tensor<4x16x1xi1>
      // %29 = load @v_cache[%19, :, %2, :] : bf16[16, 64]
      %69 = stablehlo.constant dense<0> : tensor<i32>
      %70 = stablehlo.constant dense<0> : tensor<i32>
      %71 = stablehlo.reshape %48 : (tensor<4xi32>) -> tensor<4x1xi32>
      %72 = stablehlo.broadcast_in_dim %69, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %73 = stablehlo.reshape %72 : (tensor<4xi32>) -> tensor<4x1xi32>
      %74 = stablehlo.reshape %6 : (tensor<4xi32>) -> tensor<4x1xi32>
      %75 = stablehlo.broadcast_in_dim %70, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %76 = stablehlo.reshape %75 : (tensor<4xi32>) -> tensor<4x1xi32>
      %77 = stablehlo.concatenate %71, %73, %74, %76, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x4xi32>
      %78 = "stablehlo.gather"(%arg4.v_cache, %77) {dimension_numbers = #stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0, 2], start_index_map = [0, 1, 2, 3], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 16, 1, 64>} : (tensor<8x16x2x64xi16>, tensor<4x4xi32>) -> tensor<4x16x64xi16>
      %79 = stablehlo.bitcast_convert %78 : (tensor<4x16x64xi16>) -> tensor<4x16x64xbf16>
      // %30 = const 0.0 : bf16
      %80 = stablehlo.constant dense<0.0> : tensor<bf16>
      // %31 = broadcast %28 dims [0, 1] : bool[16, 64]
      %81 = stablehlo.broadcast_in_dim %68, dims = [0, 1, 2] : (tensor<4x16x1xi1>) -> tensor<4x16x64xi1>
      // %32 = broadcast %30 dims [] : bf16[16, 64]
      %82 = stablehlo.broadcast_in_dim %80, dims = [] : (tensor<bf16>) -> tensor<16x64xbf16>
      // %33 = select %31, %29, %32 : bf16[16, 64]
      %83 = stablehlo.broadcast_in_dim %82, dims = [1, 2] : (tensor<16x64xbf16>) -> tensor<4x16x64xbf16>
      %84 = stablehlo.select %81, %79, %83 : (tensor<4x16x64xi1>, tensor<4x16x64xbf16>, tensor<4x16x64xbf16>) -> tensor<4x16x64xbf16>
      // %34 = reshape %27 : bool[1, 16]
      %85 = stablehlo.reshape %67 : (tensor<4x16xi1>) -> tensor<4x1x16xi1>
      // %35 = transpose %20 perm [1, 0] : bf16[64, 16]
      %86 = stablehlo.transpose %59, dims = [0, 2, 1] : (tensor<4x16x64xbf16>) -> tensor<4x64x16xbf16>
      // %36 = dot %6, %35 : f32[4, 16]
      %87 = stablehlo.convert %19 : (tensor<4x4x64xbf16>) -> tensor<4x4x64xf32>
      %88 = stablehlo.convert %86 : (tensor<4x64x16xbf16>) -> tensor<4x64x16xf32>
      %89 = stablehlo.dot_general %87, %88, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x64xf32>, tensor<4x64x16xf32>) -> tensor<4x4x16xf32>
      // %37 = broadcast %scale.0 dims [] : f32[4, 16]
      %90 = stablehlo.broadcast_in_dim %arg5.scale, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %38 = mul %36, %37 : f32[4, 16]
      %91 = stablehlo.broadcast_in_dim %90, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %92 = stablehlo.multiply %89, %91 : tensor<4x4x16xf32>
      // %39 = const -inf : f32
      %93 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      // %40 = broadcast %34 dims [0, 1] : bool[4, 16]
      %94 = stablehlo.broadcast_in_dim %85, dims = [0, 1, 2] : (tensor<4x1x16xi1>) -> tensor<4x4x16xi1>
      // %41 = broadcast %39 dims [] : f32[4, 16]
      %95 = stablehlo.broadcast_in_dim %93, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %42 = select %40, %38, %41 : f32[4, 16]
      %96 = stablehlo.broadcast_in_dim %95, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %97 = stablehlo.select %94, %92, %96 : (tensor<4x4x16xi1>, tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
      // %43 = reduce.max %42 axis 1 : f32[4]
      %98 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      %99 = stablehlo.reduce(%97 init: %98) applies stablehlo.maximum across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      %100 = stablehlo.compare NE, %97, %97, FLOAT : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xi1>
      %101 = stablehlo.constant dense<false> : tensor<i1>
      %102 = stablehlo.reduce(%100 init: %101) applies stablehlo.or across dimensions = [2] : (tensor<4x4x16xi1>, tensor<i1>) -> tensor<4x4xi1>
      %103 = stablehlo.constant dense<0x7FC00000> : tensor<4x4xf32>
      %104 = stablehlo.select %102, %103, %99 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %44 = max %m.18, %43 : f32[4]
      %105 = stablehlo.maximum %37, %104 : tensor<4x4xf32>
      %106 = stablehlo.compare NE, %104, %104, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %107 = stablehlo.select %106, %104, %105 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %108 = stablehlo.compare NE, %37, %37, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %109 = stablehlo.select %108, %37, %107 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %45 = reshape %44 : f32[4, 1]
      %110 = stablehlo.reshape %109 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
      // %46 = broadcast %45 dims [0, 1] : f32[4, 16]
      %111 = stablehlo.broadcast_in_dim %110, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
      // %47 = sub %42, %46 : f32[4, 16]
      %112 = stablehlo.subtract %97, %111 : tensor<4x4x16xf32>
      // %48 = exp %47 : f32[4, 16]
      %113 = stablehlo.exponential %112 : tensor<4x4x16xf32>
      // %49 = sub %m.18, %44 : f32[4]
      %114 = stablehlo.subtract %37, %109 : tensor<4x4xf32>
      // %50 = exp %49 : f32[4]
      %115 = stablehlo.exponential %114 : tensor<4x4xf32>
      // %51 = mul %l.16, %50 : f32[4]
      %116 = stablehlo.multiply %35, %115 : tensor<4x4xf32>
      // %52 = reduce.sum %48 axis 1 : f32[4]
      %117 = stablehlo.constant dense<0.0> : tensor<f32>
      %118 = stablehlo.reduce(%113 init: %117) applies stablehlo.add across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      // %53 = add %51, %52 : f32[4]
      %119 = stablehlo.add %116, %118 : tensor<4x4xf32>
      // %54 = reshape %50 : f32[4, 1]
      %120 = stablehlo.reshape %115 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
      // %55 = broadcast %54 dims [0, 1] : f32[4, 64]
      %121 = stablehlo.broadcast_in_dim %120, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x64xf32>
      // %56 = mul %acc.17, %55 : f32[4, 64]
      %122 = stablehlo.multiply %36, %121 : tensor<4x4x64xf32>
      // %57 = cast %48 : bf16[4, 16]
      %123 = stablehlo.convert %113 : (tensor<4x4x16xf32>) -> tensor<4x4x16xbf16>
      // %58 = dot %57, %33 : f32[4, 64]
      %124 = stablehlo.convert %123 : (tensor<4x4x16xbf16>) -> tensor<4x4x16xf32>
      %125 = stablehlo.convert %84 : (tensor<4x16x64xbf16>) -> tensor<4x16x64xf32>
      %126 = stablehlo.dot_general %124, %125, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x16xf32>, tensor<4x16x64xf32>) -> tensor<4x4x64xf32>
      // %59 = add %56, %58 : f32[4, 64]
      %127 = stablehlo.add %122, %126 : tensor<4x4x64xf32>
      %128 = stablehlo.constant dense<1> : tensor<i32>
      %129 = stablehlo.add %34, %128 : tensor<i32>
      %130 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %131 = stablehlo.select %130, %119, %35 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %132 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4x64xi1>
      %133 = stablehlo.select %132, %127, %36 : (tensor<4x4x64xi1>, tensor<4x4x64xf32>, tensor<4x4x64xf32>) -> tensor<4x4x64xf32>
      %134 = stablehlo.broadcast_in_dim %43, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %135 = stablehlo.select %134, %109, %37 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      stablehlo.return %129, %131, %133, %135 : tensor<i32>, tensor<4x4xf32>, tensor<4x4x64xf32>, tensor<4x4xf32>
    }
    // %63 = const 0.0 : f32
    %136 = stablehlo.constant dense<0.0> : tensor<f32>
    // %64 = broadcast %63 dims [] : f32[4]
    %137 = stablehlo.broadcast_in_dim %136, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %65 = cmp.gt %l.60, %64 : bool[4]
    %138 = stablehlo.broadcast_in_dim %137, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %139 = stablehlo.compare GT, %33#1, %138, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
    // %66 = const 1.0 : f32
    %140 = stablehlo.constant dense<1.0> : tensor<f32>
    // %67 = broadcast %66 dims [] : f32[4]
    %141 = stablehlo.broadcast_in_dim %140, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %68 = select %65, %l.60, %67 : f32[4]
    %142 = stablehlo.broadcast_in_dim %141, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %143 = stablehlo.select %139, %33#1, %142 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // %69 = const 4 : i32
    %144 = stablehlo.constant dense<4> : tensor<i32>
    // %70 = mul %2, %69 : i32
    %145 = stablehlo.broadcast_in_dim %144, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %146 = stablehlo.multiply %6, %145 : tensor<4xi32>
    // %71 = reshape %68 : f32[4, 1]
    %147 = stablehlo.reshape %143 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    // %72 = broadcast %71 dims [0, 1] : f32[4, 64]
    %148 = stablehlo.broadcast_in_dim %147, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x64xf32>
    // %73 = div %acc.61, %72 : f32[4, 64]
    %149 = stablehlo.divide %33#2, %148 : tensor<4x4x64xf32>
    // store %73 -> @o[%1, %70:+4, :]
    %150 = stablehlo.constant dense<0> : tensor<i32>
    %151 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %152 = stablehlo.reshape %146 : (tensor<4xi32>) -> tensor<4x1xi32>
    %153 = stablehlo.broadcast_in_dim %150, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %154 = stablehlo.reshape %153 : (tensor<4xi32>) -> tensor<4x1xi32>
    %155 = stablehlo.concatenate %151, %152, %154, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x3xi32>
    %156 = stablehlo.reshape %149 : (tensor<4x4x64xf32>) -> tensor<4x1x4x64xf32>
    %157 = "stablehlo.scatter"(%0, %155, %156) ({
    ^bb0(%158: tensor<f32>, %159: tensor<f32>):
      stablehlo.return %159 : tensor<f32>
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2, 3], scatter_dims_to_operand_dims = [0, 1, 2], index_vector_dim = 1>, unique_indices = false} : (tensor<2x8x64xf32>, tensor<4x3xi32>, tensor<4x1x4x64xf32>) -> tensor<2x8x64xf32>
    // %74 = const 4 : i32
    %160 = stablehlo.constant dense<4> : tensor<i32>
    // %75 = mul %2, %74 : i32
    %161 = stablehlo.broadcast_in_dim %160, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %162 = stablehlo.multiply %6, %161 : tensor<4xi32>
    // %76 = log %68 : f32[4]
    %163 = stablehlo.log %143 : tensor<4x4xf32>
    // %77 = add %m.62, %76 : f32[4]
    %164 = stablehlo.add %33#3, %163 : tensor<4x4xf32>
    // %78 = const -inf : f32
    %165 = stablehlo.constant dense<0xFF800000> : tensor<f32>
    // %79 = broadcast %78 dims [] : f32[4]
    %166 = stablehlo.broadcast_in_dim %165, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %80 = select %65, %77, %79 : f32[4]
    %167 = stablehlo.broadcast_in_dim %166, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %168 = stablehlo.select %139, %164, %167 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // store %80 -> @lse[%1, %75:+4]
    %169 = stablehlo.reshape %4 : (tensor<4xi32>) -> tensor<4x1xi32>
    %170 = stablehlo.reshape %162 : (tensor<4xi32>) -> tensor<4x1xi32>
    %171 = stablehlo.concatenate %169, %170, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x2xi32>
    %172 = stablehlo.reshape %168 : (tensor<4x4xf32>) -> tensor<4x1x4xf32>
    %173 = "stablehlo.scatter"(%1, %171, %172) ({
    ^bb0(%174: tensor<f32>, %175: tensor<f32>):
      stablehlo.return %175 : tensor<f32>
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2], scatter_dims_to_operand_dims = [0, 1], index_vector_dim = 1>, unique_indices = false} : (tensor<2x8xf32>, tensor<4x2xi32>, tensor<4x1x4xf32>) -> tensor<2x8xf32>
    return %157, %173 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
  func.func public @main(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %call0:2 = func.call @paged_decode(%arg0.block_tables, %arg1.context_lens, %arg2.q, %arg3.k_cache, %arg4.v_cache, %arg5.scale) : (tensor<2x4xi32>, tensor<2xi32>, tensor<2x8x64xi16>, tensor<8x16x2x64xi16>, tensor<8x16x2x64xi16>, tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>)
    return %call0#0, %call0#1 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
}
