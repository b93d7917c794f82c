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
    // %7 = const -inf : f32[4]
    %17 = stablehlo.constant dense<0xFF800000> : tensor<4xf32>
    // %8 = const 0.0 : f32[4]
    %18 = stablehlo.constant dense<0.0> : tensor<4xf32>
    // %9 = const 0.0 : f32[4, 64]
    %19 = stablehlo.constant dense<0.0> : tensor<4x64xf32>
    // %10 = const 15 : i32
    %20 = stablehlo.constant dense<15> : tensor<i32>
    // %11 = add %3, %10 : i32
    %21 = stablehlo.broadcast_in_dim %20, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %22 = stablehlo.add %8, %21 : tensor<4xi32>
    // %12 = const 16 : i32
    %23 = stablehlo.constant dense<16> : tensor<i32>
    // %13 = div %11, %12 : i32
    %24 = stablehlo.broadcast_in_dim %23, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %25 = stablehlo.divide %22, %24 : tensor<4xi32>
    // %14 = const 0 : i32
    %26 = stablehlo.constant dense<0> : tensor<i32>
    // %l.60, %acc.61, %m.62 = for %15 = %14 to %13 step 1 pipeline 2 iter(%l.16 = %8, %acc.17 = %9, %m.18 = %7) -> (f32[4], f32[4, 64], f32[4])
    %27 = stablehlo.broadcast_in_dim %18, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %28 = stablehlo.broadcast_in_dim %19, dims = [1, 2] : (tensor<4x64xf32>) -> tensor<4x4x64xf32>
    %29 = stablehlo.broadcast_in_dim %17, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %30:4 = stablehlo.while(%31 = %26, %32 = %27, %33 = %28, %34 = %29) : tensor<i32>, tensor<4x4xf32>, tensor<4x4x64xf32>, tensor<4x4xf32>
     cond {
      %35 = stablehlo.broadcast_in_dim %31, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %36 = stablehlo.compare LT, %35, %25, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
      %37 = stablehlo.constant dense<false> : tensor<i1>
      %38 = stablehlo.reduce(%36 init: %37) applies stablehlo.or across dimensions = [0] : (tensor<4xi1>, tensor<i1>) -> tensor<i1>
      stablehlo.return %38 : tensor<i1>
    } do {
      %39 = stablehlo.broadcast_in_dim %31, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %40 = stablehlo.compare LT, %39, %25, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
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
      // %21 = iota dim 0 : i32[16]
      %57 = stablehlo.iota dim = 0 : tensor<16xi32>
      // %22 = const 16 : i32
      %58 = stablehlo.constant dense<16> : tensor<i32>
      // %23 = mul %15, %22 : i32
      %59 = stablehlo.multiply %31, %58 : tensor<i32>
      // %24 = broadcast %23 dims [] : i32[16]
      %60 = stablehlo.broadcast_in_dim %59, dims = [] : (tensor<i32>) -> tensor<16xi32>
      // %25 = add %21, %24 : i32[16]
      %61 = stablehlo.add %57, %60 : tensor<16xi32>
      // %26 = broadcast %3 dims [] : i32[16]
      %62 = stablehlo.broadcast_in_dim %8, dims = [0] : (tensor<4xi32>) -> tensor<4x16xi32>
      // %27 = cmp.lt %25, %26 : bool[16]
      %63 = stablehlo.broadcast_in_dim %61, dims = [1] : (tensor<16xi32>) -> tensor<4x16xi32>
      %64 = stablehlo.compare LT, %63, %62, SIGNED : (tensor<4x16xi32>, tensor<4x16xi32>) -> tensor<4x16xi1>
      // %28 = reshape %27 : bool[16, 1]
      %65 = stablehlo.reshape %64 : (tensor<4x16xi1>) -> tensor<4x16x1xi1>
      // %29 = load @v_cache[%19, :, %2, :] : bf16[16, 64]
      %66 = stablehlo.constant dense<0> : tensor<i32>
      %67 = stablehlo.constant dense<0> : tensor<i32>
      %68 = stablehlo.reshape %45 : (tensor<4xi32>) -> tensor<4x1xi32>
      %69 = stablehlo.broadcast_in_dim %66, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %70 = stablehlo.reshape %69 : (tensor<4xi32>) -> tensor<4x1xi32>
      %71 = stablehlo.reshape %6 : (tensor<4xi32>) -> tensor<4x1xi32>
      %72 = stablehlo.broadcast_in_dim %67, dims = [] : (tensor<i32>) -> tensor<4xi32>
      %73 = stablehlo.reshape %72 : (tensor<4xi32>) -> tensor<4x1xi32>
      %74 = stablehlo.concatenate %68, %70, %71, %73, dim = 1 : (tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>, tensor<4x1xi32>) -> tensor<4x4xi32>
      %75 = "stablehlo.gather"(%arg4.v_cache, %74) {dimension_numbers = #stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0, 2], start_index_map = [0, 1, 2, 3], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 16, 1, 64>} : (tensor<8x16x2x64xi16>, tensor<4x4xi32>) -> tensor<4x16x64xi16>
      %76 = stablehlo.bitcast_convert %75 : (tensor<4x16x64xi16>) -> tensor<4x16x64xbf16>
      // %30 = const 0.0 : bf16
      %77 = stablehlo.constant dense<0.0> : tensor<bf16>
      // %31 = broadcast %28 dims [0, 1] : bool[16, 64]
      %78 = stablehlo.broadcast_in_dim %65, dims = [0, 1, 2] : (tensor<4x16x1xi1>) -> tensor<4x16x64xi1>
      // %32 = broadcast %30 dims [] : bf16[16, 64]
      %79 = stablehlo.broadcast_in_dim %77, dims = [] : (tensor<bf16>) -> tensor<16x64xbf16>
      // %33 = select %31, %29, %32 : bf16[16, 64]
      %80 = stablehlo.broadcast_in_dim %79, dims = [1, 2] : (tensor<16x64xbf16>) -> tensor<4x16x64xbf16>
      %81 = stablehlo.select %78, %76, %80 : (tensor<4x16x64xi1>, tensor<4x16x64xbf16>, tensor<4x16x64xbf16>) -> tensor<4x16x64xbf16>
      // %34 = reshape %27 : bool[1, 16]
      %82 = stablehlo.reshape %64 : (tensor<4x16xi1>) -> tensor<4x1x16xi1>
      // %35 = transpose %20 perm [1, 0] : bf16[64, 16]
      %83 = stablehlo.transpose %56, dims = [0, 2, 1] : (tensor<4x16x64xbf16>) -> tensor<4x64x16xbf16>
      // %36 = dot %6, %35 : f32[4, 16]
      %84 = stablehlo.convert %16 : (tensor<4x4x64xbf16>) -> tensor<4x4x64xf32>
      %85 = stablehlo.convert %83 : (tensor<4x64x16xbf16>) -> tensor<4x64x16xf32>
      %86 = stablehlo.dot_general %84, %85, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x64xf32>, tensor<4x64x16xf32>) -> tensor<4x4x16xf32>
      // %37 = broadcast %scale.0 dims [] : f32[4, 16]
      %87 = stablehlo.broadcast_in_dim %arg5.scale, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %38 = mul %36, %37 : f32[4, 16]
      %88 = stablehlo.broadcast_in_dim %87, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %89 = stablehlo.multiply %86, %88 : tensor<4x4x16xf32>
      // %39 = const -inf : f32
      %90 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      // %40 = broadcast %34 dims [0, 1] : bool[4, 16]
      %91 = stablehlo.broadcast_in_dim %82, dims = [0, 1, 2] : (tensor<4x1x16xi1>) -> tensor<4x4x16xi1>
      // %41 = broadcast %39 dims [] : f32[4, 16]
      %92 = stablehlo.broadcast_in_dim %90, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
      // %42 = select %40, %38, %41 : f32[4, 16]
      %93 = stablehlo.broadcast_in_dim %92, dims = [1, 2] : (tensor<4x16xf32>) -> tensor<4x4x16xf32>
      %94 = stablehlo.select %91, %89, %93 : (tensor<4x4x16xi1>, tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
      // %43 = reduce.max %42 axis 1 : f32[4]
      %95 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      %96 = stablehlo.reduce(%94 init: %95) applies stablehlo.maximum across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      %97 = stablehlo.compare NE, %94, %94, FLOAT : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xi1>
      %98 = stablehlo.constant dense<false> : tensor<i1>
      %99 = stablehlo.reduce(%97 init: %98) applies stablehlo.or across dimensions = [2] : (tensor<4x4x16xi1>, tensor<i1>) -> tensor<4x4xi1>
      %100 = stablehlo.constant dense<0x7FC00000> : tensor<4x4xf32>
      %101 = stablehlo.select %99, %100, %96 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %44 = max %m.18, %43 : f32[4]
      %102 = stablehlo.maximum %34, %101 : tensor<4x4xf32>
      %103 = stablehlo.compare NE, %101, %101, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %104 = stablehlo.select %103, %101, %102 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %105 = stablehlo.compare NE, %34, %34, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
      %106 = stablehlo.select %105, %34, %104 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      // %45 = reshape %44 : f32[4, 1]
      %107 = stablehlo.reshape %106 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
      // %46 = broadcast %45 dims [0, 1] : f32[4, 16]
      %108 = stablehlo.broadcast_in_dim %107, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
      // %47 = sub %42, %46 : f32[4, 16]
      %109 = stablehlo.subtract %94, %108 : tensor<4x4x16xf32>
      // %48 = exp %47 : f32[4, 16]
      %110 = stablehlo.exponential %109 : tensor<4x4x16xf32>
      // %49 = sub %m.18, %44 : f32[4]
      %111 = stablehlo.subtract %34, %106 : tensor<4x4xf32>
      // %50 = exp %49 : f32[4]
      %112 = stablehlo.exponential %111 : tensor<4x4xf32>
      // %51 = mul %l.16, %50 : f32[4]
      %113 = stablehlo.multiply %32, %112 : tensor<4x4xf32>
      // %52 = reduce.sum %48 axis 1 : f32[4]
      %114 = stablehlo.constant dense<0.0> : tensor<f32>
      %115 = stablehlo.reduce(%110 init: %114) applies stablehlo.add across dimensions = [2] : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
      // %53 = add %51, %52 : f32[4]
      %116 = stablehlo.add %113, %115 : tensor<4x4xf32>
      // %54 = reshape %50 : f32[4, 1]
      %117 = stablehlo.reshape %112 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
      // %55 = broadcast %54 dims [0, 1] : f32[4, 64]
      %118 = stablehlo.broadcast_in_dim %117, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x64xf32>
      // %56 = mul %acc.17, %55 : f32[4, 64]
      %119 = stablehlo.multiply %33, %118 : tensor<4x4x64xf32>
      // %57 = cast %48 : bf16[4, 16]
      %120 = stablehlo.convert %110 : (tensor<4x4x16xf32>) -> tensor<4x4x16xbf16>
      // %58 = dot %57, %33 : f32[4, 64]
      %121 = stablehlo.convert %120 : (tensor<4x4x16xbf16>) -> tensor<4x4x16xf32>
      %122 = stablehlo.convert %81 : (tensor<4x16x64xbf16>) -> tensor<4x16x64xf32>
      %123 = stablehlo.dot_general %121, %122, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [HIGHEST, HIGHEST] : (tensor<4x4x16xf32>, tensor<4x16x64xf32>) -> tensor<4x4x64xf32>
      // %59 = add %56, %58 : f32[4, 64]
      %124 = stablehlo.add %119, %123 : tensor<4x4x64xf32>
      %125 = stablehlo.constant dense<1> : tensor<i32>
      %126 = stablehlo.add %31, %125 : tensor<i32>
      %127 = stablehlo.broadcast_in_dim %40, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %128 = stablehlo.select %127, %116, %32 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %129 = stablehlo.broadcast_in_dim %40, dims = [0] : (tensor<4xi1>) -> tensor<4x4x64xi1>
      %130 = stablehlo.select %129, %124, %33 : (tensor<4x4x64xi1>, tensor<4x4x64xf32>, tensor<4x4x64xf32>) -> tensor<4x4x64xf32>
      %131 = stablehlo.broadcast_in_dim %40, dims = [0] : (tensor<4xi1>) -> tensor<4x4xi1>
      %132 = stablehlo.select %131, %106, %34 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      stablehlo.return %126, %128, %130, %132 : tensor<i32>, tensor<4x4xf32>, tensor<4x4x64xf32>, tensor<4x4xf32>
    }
    // %63 = const 0.0 : f32
    %133 = stablehlo.constant dense<0.0> : tensor<f32>
    // %64 = broadcast %63 dims [] : f32[4]
    %134 = stablehlo.broadcast_in_dim %133, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %65 = cmp.gt %l.60, %64 : bool[4]
    %135 = stablehlo.broadcast_in_dim %134, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %136 = stablehlo.compare GT, %30#1, %135, FLOAT : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xi1>
    // %66 = const 1.0 : f32
    %137 = stablehlo.constant dense<1.0> : tensor<f32>
    // %67 = broadcast %66 dims [] : f32[4]
    %138 = stablehlo.broadcast_in_dim %137, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %68 = select %65, %l.60, %67 : f32[4]
    %139 = stablehlo.broadcast_in_dim %138, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %140 = stablehlo.select %136, %30#1, %139 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // %69 = const 4 : i32
    %141 = stablehlo.constant dense<4> : tensor<i32>
    // %70 = mul %2, %69 : i32
    %142 = stablehlo.broadcast_in_dim %141, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %143 = stablehlo.multiply %6, %142 : tensor<4xi32>
    // %71 = reshape %68 : f32[4, 1]
    %144 = stablehlo.reshape %140 : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    // %72 = broadcast %71 dims [0, 1] : f32[4, 64]
    %145 = stablehlo.broadcast_in_dim %144, dims = [0, 1, 2] : (tensor<4x4x1xf32>) -> tensor<4x4x64xf32>
    // %73 = div %acc.61, %72 : f32[4, 64]
    %146 = stablehlo.divide %30#2, %145 : tensor<4x4x64xf32>
    // store %73 -> @o[%1, %70:+4, :]
    %147 = stablehlo.constant dense<0> : tensor<i32>
    %148 = stablehlo.reshape %146 : (tensor<4x4x64xf32>) -> tensor<2x2x1x1x4x64xf32>
    %149 = stablehlo.transpose %148, dims = [0, 3, 1, 4, 2, 5] : (tensor<2x2x1x1x4x64xf32>) -> tensor<2x1x2x4x1x64xf32>
    %150 = stablehlo.reshape %149 : (tensor<2x1x2x4x1x64xf32>) -> tensor<2x8x64xf32>
    // %74 = const 4 : i32
    %151 = stablehlo.constant dense<4> : tensor<i32>
    // %75 = mul %2, %74 : i32
    %152 = stablehlo.broadcast_in_dim %151, dims = [] : (tensor<i32>) -> tensor<4xi32>
    %153 = stablehlo.multiply %6, %152 : tensor<4xi32>
    // %76 = log %68 : f32[4]
    %154 = stablehlo.log %140 : tensor<4x4xf32>
    // %77 = add %m.62, %76 : f32[4]
    %155 = stablehlo.add %30#3, %154 : tensor<4x4xf32>
    // %78 = const -inf : f32
    %156 = stablehlo.constant dense<0xFF800000> : tensor<f32>
    // %79 = broadcast %78 dims [] : f32[4]
    %157 = stablehlo.broadcast_in_dim %156, dims = [] : (tensor<f32>) -> tensor<4xf32>
    // %80 = select %65, %77, %79 : f32[4]
    %158 = stablehlo.broadcast_in_dim %157, dims = [1] : (tensor<4xf32>) -> tensor<4x4xf32>
    %159 = stablehlo.select %136, %155, %158 : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    // store %80 -> @lse[%1, %75:+4]
    %160 = stablehlo.reshape %159 : (tensor<4x4xf32>) -> tensor<2x2x1x4xf32>
    %161 = stablehlo.transpose %160, dims = [0, 2, 1, 3] : (tensor<2x2x1x4xf32>) -> tensor<2x1x2x4xf32>
    %162 = stablehlo.reshape %161 : (tensor<2x1x2x4xf32>) -> tensor<2x8xf32>
    return %150, %162 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
  func.func public @main(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %call0:2 = func.call @paged_decode(%arg0.block_tables, %arg1.context_lens, %arg2.q, %arg3.k_cache, %arg4.v_cache, %arg5.scale) : (tensor<2x4xi32>, tensor<2xi32>, tensor<2x8x64xi16>, tensor<8x16x2x64xi16>, tensor<8x16x2x64xi16>, tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>)
    return %call0#0, %call0#1 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
}
