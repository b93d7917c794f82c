//! `CpuCodegen`: `Exact` compiles round every op as written; `Native`
//! compiles may fuse a multiply into its add (one rounding), which is what
//! makes them faster and why the differential tests stay on `Exact`.

mod common;

use tilekit_core::{DType, HostTensor};
use tilekit_pjrt::CpuCodegen;

/// `a * b + c` on a vector of 64 equal lanes (wide enough to vectorize).
const MULTIPLY_ADD: &str = r#"
module {
  func.func @main(%a: tensor<64xf32>, %b: tensor<64xf32>, %c: tensor<64xf32>) -> tensor<64xf32> {
    %p = stablehlo.multiply %a, %b : tensor<64xf32>
    %s = stablehlo.add %p, %c : tensor<64xf32>
    return %s : tensor<64xf32>
  }
}
"#;

/// `(1 + 2^-12)^2 - (1 + 2^-11)`: the product's exact value is
/// `1 + 2^-11 + 2^-24`, whose last term is half an ulp and rounds away
/// (to even), so two roundings give 0 and one rounding gives `2^-24`.
fn multiply_add(codegen: CpuCodegen) -> f32 {
    let client = common::client().with_codegen(codegen);
    assert_eq!(client.codegen(), codegen);
    let splat = |v: f32| HostTensor::from_f32(DType::F32, &[64], &[v; 64]).unwrap();
    let a = 1.0 + 2f32.powi(-12);
    let inputs = [splat(a), splat(a), splat(-(1.0 + 2f32.powi(-11)))];
    let bufs: Vec<_> = inputs.iter().map(|t| client.upload(t).unwrap()).collect();
    let exe = client.compile(MULTIPLY_ADD).unwrap();
    let out = exe.execute(&bufs.iter().collect::<Vec<_>>()).unwrap();
    let got = out[0].to_host().unwrap().to_f32_vec();
    assert!(
        got.iter().all(|&x| x == got[0]),
        "{codegen:?}: lanes differ: {got:?}"
    );
    got[0]
}

#[test]
fn exact_codegen_rounds_the_product_and_the_sum_separately() {
    assert_eq!(multiply_add(CpuCodegen::Exact), 0.0);
}

#[test]
fn native_codegen_fuses_the_multiply_into_the_add_where_the_host_has_fma() {
    let got = multiply_add(CpuCodegen::Native);
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("fma") {
        assert_eq!(
            got,
            2f32.powi(-24),
            "the host has FMA; a native compile should use it"
        );
        return;
    }
    // Without FMA the two roundings are all the hardware has.
    assert_eq!(got, 0.0);
}
