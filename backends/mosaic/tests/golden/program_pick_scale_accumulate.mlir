module @pick_scale_accumulate attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
  func.func public @main(%b0: tensor<1xi32>, %b1: tensor<4x8x128xf32>, %b2: tensor<8x128xf32> {tf.aliasing_output = 0 : i32}) -> (tensor<8x128xf32>, tensor<8x128xf32>) {
    // call 0: pick_row
    %c0_op0 = stablehlo.reshape %b0 : (tensor<1xi32>) -> tensor<1xi32>
    %c0_op2 = stablehlo.constant dense<0.000000e+00> : tensor<8x128xf32>
    %c0_r = stablehlo.custom_call @tpu_custom_call(%c0_op0, %b1, %c0_op2) {backend_config = "{\"custom_call_config\": {\"body\": \"<4940 base64 characters>\", \"serialization_format\": 1, \"needs_layout_passes\": true}}", kernel_name = "pick_row", operand_layouts = [dense<[0]> : tensor<1xindex>, dense<[2, 1, 0]> : tensor<3xindex>, dense<[1, 0]> : tensor<2xindex>], output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [], operand_index = 2, operand_tuple_indices = []>], result_layouts = [dense<[1, 0]> : tensor<2xindex>]} : (tensor<1xi32>, tensor<4x8x128xf32>, tensor<8x128xf32>) -> (tensor<8x128xf32>)
    // call 1: scale_by
    %c1_op0 = stablehlo.constant dense<0x40000000> : tensor<1xf32>
    %c1_op2 = stablehlo.constant dense<0.000000e+00> : tensor<8x128xf32>
    %c1_r = stablehlo.custom_call @tpu_custom_call(%c1_op0, %c0_r, %c1_op2) {backend_config = "{\"custom_call_config\": {\"body\": \"<4984 base64 characters>\", \"serialization_format\": 1, \"needs_layout_passes\": true}}", kernel_name = "scale_by", operand_layouts = [dense<[0]> : tensor<1xindex>, dense<[1, 0]> : tensor<2xindex>, dense<[1, 0]> : tensor<2xindex>], output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [], operand_index = 2, operand_tuple_indices = []>], result_layouts = [dense<[1, 0]> : tensor<2xindex>]} : (tensor<1xf32>, tensor<8x128xf32>, tensor<8x128xf32>) -> (tensor<8x128xf32>)
    // call 2: accumulate
    %c2_r = stablehlo.custom_call @tpu_custom_call(%c1_r, %b2) {backend_config = "{\"custom_call_config\": {\"body\": \"<6380 base64 characters>\", \"serialization_format\": 1, \"needs_layout_passes\": true}}", kernel_name = "accumulate", operand_layouts = [dense<[1, 0]> : tensor<2xindex>, dense<[1, 0]> : tensor<2xindex>], output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [], operand_index = 1, operand_tuple_indices = []>], result_layouts = [dense<[1, 0]> : tensor<2xindex>]} : (tensor<8x128xf32>, tensor<8x128xf32>) -> (tensor<8x128xf32>)
    // call 3: scale_by
    %c3_op0 = stablehlo.constant dense<0x3F000000> : tensor<1xf32>
    %c3_op2 = stablehlo.constant dense<0.000000e+00> : tensor<8x128xf32>
    %c3_r = stablehlo.custom_call @tpu_custom_call(%c3_op0, %c2_r, %c3_op2) {backend_config = "{\"custom_call_config\": {\"body\": \"<4984 base64 characters>\", \"serialization_format\": 1, \"needs_layout_passes\": true}}", kernel_name = "scale_by", operand_layouts = [dense<[0]> : tensor<1xindex>, dense<[1, 0]> : tensor<2xindex>, dense<[1, 0]> : tensor<2xindex>], output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [], operand_index = 2, operand_tuple_indices = []>], result_layouts = [dense<[1, 0]> : tensor<2xindex>]} : (tensor<1xf32>, tensor<8x128xf32>, tensor<8x128xf32>) -> (tensor<8x128xf32>)
    return %c2_r, %c3_r : tensor<8x128xf32>, tensor<8x128xf32>
  }
}
