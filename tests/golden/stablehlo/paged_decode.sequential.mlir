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
      // %m.51, %l.52, %acc.53 = for %15 = %10 to %14 step 1 pipeline 2 iter(%m.16 = %m.7, %l.17 = %l.8, %acc.18 = %acc.9) -> (f32[4], f32[4], f32[4, 64])
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
        // %28 = broadcast %27 dims [1] : bool[4, 16]
        %53 = stablehlo.broadcast_in_dim %52, dims = [1] : (tensor<16xi1>) -> tensor<4x16xi1>
        // %29 = transpose %20 perm [1, 0] : bf16[64, 16]
        %54 = stablehlo.transpose %41, dims = [1, 0] : (tensor<16x64xbf16>) -> tensor<64x16xbf16>
        // %30 = dot %6, %29 : f32[4, 16]
        %55 = stablehlo.convert %20 : (tensor<4x64xbf16>) -> tensor<4x64xf32>
        %56 = stablehlo.convert %54 : (tensor<64x16xbf16>) -> tensor<64x16xf32>
        %57 = stablehlo.dot_general %55, %56, contracting_dims = [1] x [0], precision = [HIGHEST, HIGHEST] : (tensor<4x64xf32>, tensor<64x16xf32>) -> tensor<4x16xf32>
        // %31 = broadcast %scale.0 dims [] : f32[4, 16]
        %58 = stablehlo.broadcast_in_dim %arg5.scale, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
        // %32 = mul %30, %31 : f32[4, 16]
        %59 = stablehlo.multiply %57, %58 : tensor<4x16xf32>
        // %33 = const -inf : f32
        %60 = stablehlo.constant dense<0xFF800000> : tensor<f32>
        // %34 = broadcast %33 dims [] : f32[4, 16]
        %61 = stablehlo.broadcast_in_dim %60, dims = [] : (tensor<f32>) -> tensor<4x16xf32>
        // %35 = select %28, %32, %34 : f32[4, 16]
        %62 = stablehlo.select %53, %59, %61 : (tensor<4x16xi1>, tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
        // %36 = reduce.max %35 axis 1 : f32[4]
        %63 = stablehlo.constant dense<0xFF800000> : tensor<f32>
        %64 = stablehlo.reduce(%62 init: %63) applies stablehlo.maximum across dimensions = [1] : (tensor<4x16xf32>, tensor<f32>) -> tensor<4xf32>
        %65 = stablehlo.compare NE, %62, %62, FLOAT : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xi1>
        %66 = stablehlo.constant dense<false> : tensor<i1>
        %67 = stablehlo.reduce(%65 init: %66) applies stablehlo.or across dimensions = [1] : (tensor<4x16xi1>, tensor<i1>) -> tensor<4xi1>
        %68 = stablehlo.constant dense<0x7FC00000> : tensor<4xf32>
        %69 = stablehlo.select %67, %68, %64 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
        // %m_new.37 = max %m.16, %36 : f32[4]
        %70 = stablehlo.maximum %31, %69 : tensor<4xf32>
        %71 = stablehlo.compare NE, %69, %69, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
        %72 = stablehlo.select %71, %69, %70 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
        %73 = stablehlo.compare NE, %31, %31, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
        %74 = stablehlo.select %73, %31, %72 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
        // %38 = broadcast %m_new.37 dims [0] : f32[4, 16]
        %75 = stablehlo.broadcast_in_dim %74, dims = [0] : (tensor<4xf32>) -> tensor<4x16xf32>
        // %39 = sub %35, %38 : f32[4, 16]
        %76 = stablehlo.subtract %62, %75 : tensor<4x16xf32>
        // %40 = exp %39 : f32[4, 16]
        %77 = stablehlo.exponential %76 : tensor<4x16xf32>
        // %41 = sub %m.16, %m_new.37 : f32[4]
        %78 = stablehlo.subtract %31, %74 : tensor<4xf32>
        // %42 = exp %41 : f32[4]
        %79 = stablehlo.exponential %78 : tensor<4xf32>
        // %43 = mul %l.17, %42 : f32[4]
        %80 = stablehlo.multiply %32, %79 : tensor<4xf32>
        // %44 = reduce.sum %40 axis 1 : f32[4]
        %81 = stablehlo.constant dense<0.0> : tensor<f32>
        %82 = stablehlo.reduce(%77 init: %81) applies stablehlo.add across dimensions = [1] : (tensor<4x16xf32>, tensor<f32>) -> tensor<4xf32>
        // %l_new.45 = add %43, %44 : f32[4]
        %83 = stablehlo.add %80, %82 : tensor<4xf32>
        // %46 = cast %40 : bf16[4, 16]
        %84 = stablehlo.convert %77 : (tensor<4x16xf32>) -> tensor<4x16xbf16>
        // %47 = dot %46, %21 : f32[4, 64]
        %85 = stablehlo.convert %84 : (tensor<4x16xbf16>) -> tensor<4x16xf32>
        %86 = stablehlo.convert %46 : (tensor<16x64xbf16>) -> tensor<16x64xf32>
        %87 = stablehlo.dot_general %85, %86, contracting_dims = [1] x [0], precision = [HIGHEST, HIGHEST] : (tensor<4x16xf32>, tensor<16x64xf32>) -> tensor<4x64xf32>
        // %48 = broadcast %42 dims [0] : f32[4, 64]
        %88 = stablehlo.broadcast_in_dim %79, dims = [0] : (tensor<4xf32>) -> tensor<4x64xf32>
        // %49 = mul %acc.18, %48 : f32[4, 64]
        %89 = stablehlo.multiply %33, %88 : tensor<4x64xf32>
        // %acc_new.50 = add %49, %47 : f32[4, 64]
        %90 = stablehlo.add %89, %87 : tensor<4x64xf32>
        %91 = stablehlo.constant dense<1> : tensor<i32>
        %92 = stablehlo.add %30, %91 : tensor<i32>
        stablehlo.return %92, %74, %83, %90 : tensor<i32>, tensor<4xf32>, tensor<4xf32>, tensor<4x64xf32>
      }
      // %54 = const 0.0 : f32
      %93 = stablehlo.constant dense<0.0> : tensor<f32>
      // %55 = broadcast %54 dims [] : f32[4]
      %94 = stablehlo.broadcast_in_dim %93, dims = [] : (tensor<f32>) -> tensor<4xf32>
      // %56 = cmp.gt %l.52, %55 : bool[4]
      %95 = stablehlo.compare GT, %29#2, %94, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
      // %57 = const 1.0 : f32
      %96 = stablehlo.constant dense<1.0> : tensor<f32>
      // %58 = broadcast %57 dims [] : f32[4]
      %97 = stablehlo.broadcast_in_dim %96, dims = [] : (tensor<f32>) -> tensor<4xf32>
      // %59 = select %56, %l.52, %58 : f32[4]
      %98 = stablehlo.select %95, %29#2, %97 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      // %60 = broadcast %59 dims [0] : f32[4, 64]
      %99 = stablehlo.broadcast_in_dim %98, dims = [0] : (tensor<4xf32>) -> tensor<4x64xf32>
      // %61 = div %acc.53, %60 : f32[4, 64]
      %100 = stablehlo.divide %29#3, %99 : tensor<4x64xf32>
      // %62 = log %59 : f32[4]
      %101 = stablehlo.log %98 : tensor<4xf32>
      // %63 = add %m.51, %62 : f32[4]
      %102 = stablehlo.add %29#1, %101 : tensor<4xf32>
      // %64 = const -inf : f32
      %103 = stablehlo.constant dense<0xFF800000> : tensor<f32>
      // %65 = broadcast %64 dims [] : f32[4]
      %104 = stablehlo.broadcast_in_dim %103, dims = [] : (tensor<f32>) -> tensor<4xf32>
      // %66 = select %56, %63, %65 : f32[4]
      %105 = stablehlo.select %95, %102, %104 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      // store %61 -> @o[%1, %5:+4, :]
      %106 = stablehlo.constant dense<0> : tensor<i32>
      %107 = stablehlo.reshape %100 : (tensor<4x64xf32>) -> tensor<1x4x64xf32>
      %108 = stablehlo.dynamic_update_slice %6, %107, %10, %16, %106 : (tensor<2x8x64xf32>, tensor<1x4x64xf32>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<2x8x64xf32>
      // store %66 -> @lse[%1, %5:+4]
      %109 = stablehlo.reshape %105 : (tensor<4xf32>) -> tensor<1x4xf32>
      %110 = stablehlo.dynamic_update_slice %7, %109, %10, %16 : (tensor<2x8xf32>, tensor<1x4xf32>, tensor<i32>, tensor<i32>) -> tensor<2x8xf32>
      %111 = stablehlo.constant dense<1> : tensor<i32>
      %112 = stablehlo.add %5, %111 : tensor<i32>
      stablehlo.return %112, %108, %110 : tensor<i32>, tensor<2x8x64xf32>, tensor<2x8xf32>
    }
    return %4#1, %4#2 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
  func.func public @main(%arg0.block_tables: tensor<2x4xi32>, %arg1.context_lens: tensor<2xi32>, %arg2.q: tensor<2x8x64xi16>, %arg3.k_cache: tensor<8x16x2x64xi16>, %arg4.v_cache: tensor<8x16x2x64xi16>, %arg5.scale: tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>) {
    %call0:2 = func.call @paged_decode(%arg0.block_tables, %arg1.context_lens, %arg2.q, %arg3.k_cache, %arg4.v_cache, %arg5.scale) : (tensor<2x4xi32>, tensor<2xi32>, tensor<2x8x64xi16>, tensor<8x16x2x64xi16>, tensor<8x16x2x64xi16>, tensor<f32>) -> (tensor<2x8x64xf32>, tensor<2x8xf32>)
    return %call0#0, %call0#1 : tensor<2x8x64xf32>, tensor<2x8xf32>
  }
}
