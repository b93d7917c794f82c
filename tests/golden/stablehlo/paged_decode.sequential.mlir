module @paged_decode {
  func.func private @paged_decode(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %0 = stablehlo.constant dense<0.0> : tensor<2x8x64xf32>
    %1 = stablehlo.constant dense<0.0> : tensor<2x8xf32>
    // programs of grid [2, 2] one after another
    %2 = stablehlo.constant dense<0> : tensor<i32>
    %3 = stablehlo.constant dense<4> : tensor<i32>
    %4:3 = stablehlo.while(%5 = %2, %6 = %0, %7 = %1) : tensor<i32>, tensor<2x8x64xf32>, tensor<2x8xf32>
     cond {
      %8 = stablehlo.compare LT, %5, %3, SIGNED : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %8 : tensor<i1>
    } do {
      %9 = stablehlo.constant dense<2> : tensor<i32>
      %10 = stablehlo.divide %5, %9 : tensor<i32>
      %11 = stablehlo.constant dense<2> : tensor<i32>
      %12 = stablehlo.remainder %5, %11 : tensor<i32>
      // %1 = program_id 0 : i32
      // %2 = program_id 1 : i32
      // %3 = prefetch.read @context_lens[%1] : i32
      %13 = stablehlo.dynamic_slice %arg1.context_lens, %10, sizes = [1] : (tensor<2xi32>, tensor<i32>) -> tensor<1xi32>
      %14 = stablehlo.reshape %13 : (tensor<1xi32>) -> tensor<i32>
      // %4 = const 4 : i32
      %15 = stablehlo.constant dense<4> : tensor<i32>
      // %5 = mul %2, %4 : i32
      %16 = stablehlo.multiply %12, %15 : tensor<i32>
      // %6 = load @q[%1, %5:+4, :] : bf16[4, 64]
      %17 = stablehlo.constant dense<0> : tensor<i32>
      %18 = stablehlo.dynamic_slice %arg2.q, %10, %16, %17, sizes = [1, 4, 64] : (tensor<2x8x64xi16>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<1x4x64xi16>
      %19 = stablehlo.reshape %18 : (tensor<1x4x64xi16>) -> tensor<4x64xi16>
      %20 = stablehlo.bitcast_convert %19 : (tensor<4x64xi16>) -> tensor<4x64xbf16>
      // %m.7 = const -inf : f32[4]
      %21 = stablehlo.constant dense<0xFF800000> : tensor<4xf32>
      // %l.8 = const 0.0 : f32[4]
      %22 = stablehlo.constant dense<0.0> : tensor<4xf32>
      // %acc.9 = const 0.0 : f32[4, 64]
      %23 = stablehlo.constant dense<0.0> : tensor<4x64xf32>
      // %10 = const 0 : i32
      %24 = stablehlo.constant dense<0> : tensor<i32>
      // %11 = const 16 : i32
      %25 = stablehlo.constant dense<16> : tensor<i32>
      // %12 = const 15 : i32
      %26 = stablehlo.constant dense<15> : tensor<i32>
      // %13 = add %3, %12 : i32
      %27 = stablehlo.add %14, %26 : tensor<i32>
      // %14 = div %13, %11 : i32
      %28 = stablehlo.divide %27, %25 : tensor<i32>
      // %m.54, %l.55, %acc.56 = for %15 = %10 to %14 step 1 pipeline 2 iter(%m.16 = %m.7, %l.17 = %l.8, %acc.18 = %acc.9) -> (f32[4], f32[4], f32[4, 64])
      %29:4 = stablehlo.while(%30 = %24, %31 = %21, %32 = %22, %33 = %23) : tensor<i32>, tensor<4xf32>, tensor<4xf32>, tensor<4x64xf32>
       cond {
        %34 = stablehlo.compare LT, %30, %28, SIGNED : (tensor<i32>, tensor<i32>) -> tensor<i1>
        stablehlo.return %34 : tensor<i1>
      } do {
        // %19 = prefetch.read @block_tables[%1, %15] : i32
        %35 = stablehlo.dynamic_slice %arg0.block_tables, %10, %30, sizes = [1, 1] : (tensor<2x4xi32>, tensor<i32>, tensor<i32>) -> tensor<1x1xi32>
        %36 = stablehlo.reshape %35 : (tensor<1x1xi32>) -> tensor<i32>
        // %20 = load @k_cache[%19, :, %2, :] : bf16[16, 64]
        %37 = stablehlo.constant dense<0> : tensor<i32>
        %38 = stablehlo.constant dense<0> : tensor<i32>
        %39 = stablehlo.dynamic_slice %arg3.k_cache, %36, %37, %12, %38, sizes = [1, 16, 1, 64] : (tensor<8x16x2x64xi16>, tensor<i32>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<1x16x1x64xi16>
        %40 = stablehlo.reshape %39 : (tensor<1x16x1x64xi16>) -> tensor<16x64xi16>
        %41 = stablehlo.bitcast_convert %40 : (tensor<16x64xi16>) -> tensor<16x64xbf16>
        // %21 = load @v_cache[%19, :, %2, :] : bf16[16, 64]
        %42 = stablehlo.constant dense<0> : tensor<i32>
        %43 = stablehlo.constant dense<0> : tensor<i32>
        %44 = stablehlo.dynamic_slice %arg4.v_cache, %36, %42, %12, %43, sizes = [1, 16, 1, 64] : (tensor<8x16x2x64xi16>, tensor<i32>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<1x16x1x64xi16>
        %45 = stablehlo.reshape %44 : (tensor<1x16x1x64xi16>) -> tensor<16x64xi16>
        %46 = stablehlo.bitcast_convert %45 : (tensor<16x64xi16>) -> tensor<16x64xbf16>
        // %22 = mul %15, %11 : i32
        %47 = stablehlo.multiply %30, %25 : tensor<i32>
        // %23 = iota dim 0 : i32[16]
        %48 = stablehlo.iota dim = 0 : tensor<16xi32>
        // %24 = broadcast %22 dims [] : i32[16]
        %49 = stablehlo.broadcast_in_dim %47, dims = [] : (tensor<i32>) -> tensor<16xi32>
        // %25 = add %23, %24 : i32[16]
        %50 = stablehlo.add %48, %49 : tensor<16xi32>
        // %26 = broadcast %3 dims [] : i32[16]
        %51 = stablehlo.broadcast_in_dim %14, dims = [] : (tensor<i32>) -> tensor<16xi32>
        // %27 = cmp.lt %25, %26 : bool[16]
        %52 = stablehlo.compare LT, %50, %51, SIGNED : (tensor<16xi32>, tensor<16xi32>) -> tensor<16xi1>
        // %28 = broadcast %27 dims [0] : bool[16, 64]
        %53 = stablehlo.broadcast_in_dim %52, dims = [0] : (tensor<16xi1>) -> tensor<16x64xi1>
        // %29 = const 0.0 : bf16[16, 64]
        %54 = stablehlo.constant dense<0.0> : tensor<16x64xbf16>
        // %30 = select %28, %21, %29 : bf16[16, 64]
        %55 = stablehlo.select %53, %46, %54 : (tensor<16x64xi1>, tensor<16x64xbf16>, tensor<16x64xbf16>) -> tensor<16x64xbf16>
        // %31 = broadcast %27 dims [1] : bool[4, 16]
        %56 = stablehlo.broadcast_in_dim %52, dims = [1] : (tensor<16xi1>) -> tensor<4x16xi1>
        // %32 = transpose %20 perm [1, 0] : bf16[64, 16]
        %57 = stablehlo.transpose %41, dims = [1, 0] : (tensor<16x64xbf16>) -> tensor<64x16xbf16>
        // %33 = dot %6, %32 : f32[4, 16]
        %58 = stablehlo.convert %20 : (tensor<4x64xbf16>) -> tensor<4x64xf32>
        %59 = stablehlo.convert %57 : (tensor<64x16xbf16>) -> tensor<64x16xf32>
        %60 = stablehlo.dot_general %58, %59, contracting_dims = [1] x [0], precision = [HIGHEST, HIGHEST] : (tensor<4x64xf32>, tensor<64x16xf32>) -> tensor<4x16xf32>
        // %34 = broadcast %scale.0 dims [] : f32[4, 16]
        %61 = stablehlo.broadcast_in_dim %arg5.scale, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
        // %35 = mul %33, %34 : f32[4, 16]
        %62 = stablehlo.multiply %60, %61 : tensor<4x16xf32>
        // %36 = const -inf : f32
        %63 = stablehlo.constant dense<0xFF800000> : tensor<f32>
        // %37 = broadcast %36 dims [] : f32[4, 16]
        %64 = stablehlo.broadcast_in_dim %63, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
        // %38 = select %31, %35, %37 : f32[4, 16]
        %65 = stablehlo.select %56, %62, %64 : (tensor<4x16xi1>, tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
        // %39 = reduce.max %38 axis 1 : f32[4]
        %66 = stablehlo.constant dense<0xFF800000> : tensor<f32>
        %67 = stablehlo.reduce(%65 init: %66) applies stablehlo.maximum across dimensions = [1] : (tensor<4x16xf32>, tensor<f32>) -> tensor<4xf32>
        %68 = stablehlo.compare NE, %65, %65, FLOAT : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xi1>
        %69 = stablehlo.constant dense<false> : tensor<i1>
        %70 = stablehlo.reduce(%68 init: %69) applies stablehlo.or across dimensions = [1] : (tensor<4x16xi1>, tensor<i1>) -> tensor<4xi1>
        %71 = stablehlo.constant dense<0x7FC00000> : tensor<4xf32>
        %72 = stablehlo.select %70, %71, %67 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
        // %m_new.40 = max %m.16, %39 : f32[4]
        %73 = stablehlo.maximum %31, %72 : tensor<4xf32>
        %74 = stablehlo.compare NE, %72, %72, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
        %75 = stablehlo.select %74, %72, %73 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
        %76 = stablehlo.compare NE, %31, %31, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
        %77 = stablehlo.select %76, %31, %75 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
        // %41 = broadcast %m_new.40 dims [0] : f32[4, 16]
        %78 = stablehlo.broadcast_in_dim %77, dims = [0] : (tensor<4xf32>) -> tensor<4x16xf32>
        // %42 = sub %38, %41 : f32[4, 16]
        %79 = stablehlo.subtract %65, %78 : tensor<4x16xf32>
        // %43 = exp %42 : f32[4, 16]
        %80 = stablehlo.exponential %79 : tensor<4x16xf32>
        // %44 = sub %m.16, %m_new.40 : f32[4]
        %81 = stablehlo.subtract %31, %77 : tensor<4xf32>
        // %45 = exp %44 : f32[4]
        %82 = stablehlo.exponential %81 : tensor<4xf32>
        // %46 = mul %l.17, %45 : f32[4]
        %83 = stablehlo.multiply %32, %82 : tensor<4xf32>
        // %47 = reduce.sum %43 axis 1 : f32[4]
        %84 = stablehlo.constant dense<0.0> : tensor<f32>
        %85 = stablehlo.reduce(%80 init: %84) applies stablehlo.add across dimensions = [1] : (tensor<4x16xf32>, tensor<f32>) -> tensor<4xf32>
        // %l_new.48 = add %46, %47 : f32[4]
        %86 = stablehlo.add %83, %85 : tensor<4xf32>
        // %49 = cast %43 : bf16[4, 16]
        %87 = stablehlo.convert %80 : (tensor<4x16xf32>) -> tensor<4x16xbf16>
        // %50 = dot %49, %30 : f32[4, 64]
        %88 = stablehlo.convert %87 : (tensor<4x16xbf16>) -> tensor<4x16xf32>
        %89 = stablehlo.convert %55 : (tensor<16x64xbf16>) -> tensor<16x64xf32>
        %90 = stablehlo.dot_general %88, %89, contracting_dims = [1] x [0], precision = [HIGHEST, HIGHEST] : (tensor<4x16xf32>, tensor<16x64xf32>) -> tensor<4x64xf32>
        // %51 = broadcast %45 dims [0] : f32[4, 64]
        %91 = stablehlo.broadcast_in_dim %82, dims = [0] : (tensor<4xf32>) -> tensor<4x64xf32>
        // %52 = mul %acc.18, %51 : f32[4, 64]
        %92 = stablehlo.multiply %33, %91 : tensor<4x64xf32>
        // %acc_new.53 = add %52, %50 : f32[4, 64]
        %93 = stablehlo.add %92, %90 : tensor<4x64xf32>
        %94 = stablehlo.constant dense<1> : tensor<i32>
        %95 = stablehlo.add %30, %94 : tensor<i32>
        stablehlo.return %95, %77, %86, %93 : tensor<i32>, tensor<4xf32>, tensor<4xf32>, tensor<4x64xf32>
      }
      // %57 = const 0.0 : f32
      %96 = stablehlo.constant dense<0.0> : tensor<f32>
      // %58 = broadcast %57 dims [] : f32[4]
      %97 = stablehlo.broadcast_in_dim %96, dims = [] : (tensor<f32>) -> tensor<4xf32>
      // %59 = cmp.gt %l.55, %58 : bool[4]
      %98 = stablehlo.compare GT, %29#2, %97, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
      // %60 = const 1.0 : f32
      %99 = stablehlo.constant dense<1.0> : tensor<f32>
      // %61 = broadcast %60 dims [] : f32[4]
      %100 = stablehlo.broadcast_in_dim %99, dims = [] : (tensor<f32>) -> tensor<4xf32>
      // %62 = select %59, %l.55, %61 : f32[4]
      %101 = stablehlo.select %98, %29#2, %100 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      // %63 = broadcast %62 dims [0] : f32[4, 64]
      %102 = stablehlo.broadcast_in_dim %101, dims = [0] : (tensor<4xf32>) -> tensor<4x64xf32>
      // %64 = div %acc.56, %63 : f32[4, 64]
      %103 = stablehlo.divide %29#3, %102 : tensor<4x64xf32>
      // %65 = log %62 : f32[4]
      %104 = stablehlo.log %101 : tensor<4xf32>
      // %66 = add %m.54, %65 : f32[4]
      %105 = stablehlo.add %29#1, %104 : tensor<4xf32>
      // %67 = const -inf : f32
      %106 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      // %68 = broadcast %67 dims [] : f32[4]
      %107 = stablehlo.broadcast_in_dim %106, dims = [] : (tensor<f32>) -> tensor<4xf32>
      // %69 = select %59, %66, %68 : f32[4]
      %108 = stablehlo.select %98, %105, %107 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      // store %64 -> @o[%1, %5:+4, :]
      %109 = stablehlo.constant dense<0> : tensor<i32>
      %110 = stablehlo.reshape %103 : (tensor<4x64xf32>) -> tensor<1x4x64xf32>
      %111 = stablehlo.dynamic_update_slice %6, %110, %10, %16, %109 : (tensor<2x8x64xf32>, tensor<1x4x64xf32>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<2x8x64xf32>
      // store %69 -> @lse[%1, %5:+4]
      %112 = stablehlo.reshape %108 : (tensor<4xf32>) -> tensor<1x4xf32>
      %113 = stablehlo.dynamic_update_slice %7, %112, %10, %16 : (tensor<2x8xf32>, tensor<1x4xf32>, tensor<i32>, tensor<i32>) -> tensor<2x8xf32>
      %114 = stablehlo.constant dense<1> : tensor<i32>
      %115 = stablehlo.add %5, %114 : tensor<i32>
      stablehlo.return %115, %111, %113 : tensor<i32>, tensor<2x8x64xf32>, tensor<2x8xf32>
    }
    return %4#1, %4#2 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
  func.func public @main(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %call0:2 = func.call @paged_decode(%arg0.block_tables, %arg1.context_lens, %arg2.q, %arg3.k_cache, %arg4.v_cache, %arg5.scale) : (tensor<2x4xi32>, tensor<2xi32>, tensor<2x8x64xi16>, tensor<8x16x2x64xi16>, tensor<8x16x2x64xi16>, tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>)
    return %call0#0, %call0#1 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
}
