//! Bad inputs to the quantized kernels' host API: each is an error naming
//! the kernel and the argument, never a panic.

use tilekit_core::{DType, HostTensor, Interpreter};
use tilekit_kernels::{
    gather_q8_0, kv_write_quantized, matmul_q4_1, matmul_q8_0, paged_decode_quantized, KernelError,
    QuantKvCache, QuantMatrix, QuantPagedDecodeInputs,
};

fn assert_names(e: &KernelError, op: &str, arg: &str, text: &str) {
    assert_eq!(e.op(), op, "{e}");
    assert_eq!(e.arg(), Some(arg), "{e}");
    assert!(e.to_string().contains(text), "`{e}` does not say `{text}`");
}

fn bytes(n: usize) -> HostTensor {
    HostTensor::from_u8(&[n], vec![0; n]).unwrap()
}

#[test]
fn weight_buffers_of_the_wrong_size_name_the_layout() {
    let x = HostTensor::zeros(DType::F32, &[1, 64]);
    let w = bytes(4 * 2 * 20 - 1);
    let e = matmul_q4_1(
        &Interpreter,
        &x,
        &QuantMatrix {
            data: &w,
            n: 4,
            k: 64,
        },
    )
    .unwrap_err();
    assert_names(
        &e,
        "matmul_q4_1",
        "w",
        "159 bytes do not hold a Q4_1 matrix of N = 4 rows and K = 64 columns (4 · 2 blocks · 20 bytes = 160)",
    );
    // Q4_1-sized bytes passed as Q8_0.
    let w = bytes(4 * 2 * 20);
    let e = matmul_q8_0(
        &Interpreter,
        &x,
        &QuantMatrix {
            data: &w,
            n: 4,
            k: 64,
        },
    )
    .unwrap_err();
    assert_names(&e, "matmul_q8_0", "w", "(4 · 2 blocks · 34 bytes = 272)");
}

#[test]
fn k_must_be_a_multiple_of_the_block() {
    let x = HostTensor::zeros(DType::F32, &[1, 48]);
    let w = bytes(40);
    let e = matmul_q8_0(
        &Interpreter,
        &x,
        &QuantMatrix {
            data: &w,
            n: 2,
            k: 48,
        },
    )
    .unwrap_err();
    assert_names(&e, "matmul_q8_0", "w", "K = 48 is not a multiple of 32");
    let e = gather_q8_0(
        &Interpreter,
        &QuantMatrix {
            data: &w,
            n: 2,
            k: 48,
        },
        &HostTensor::from_i32(&[1], vec![0]).unwrap(),
    )
    .unwrap_err();
    assert_names(&e, "gather_q8_0", "w", "K = 48 is not a multiple of 32");
}

#[test]
fn wrong_dtypes_and_shapes_of_x_and_w() {
    let w = bytes(2 * 34);
    let matrix = QuantMatrix {
        data: &w,
        n: 2,
        k: 32,
    };
    let x = HostTensor::zeros(DType::Bf16, &[1, 32]);
    let e = matmul_q8_0(&Interpreter, &x, &matrix).unwrap_err();
    assert_names(
        &e,
        "matmul_q8_0",
        "x",
        "dtype bf16 is not accepted (expected f32)",
    );
    let x = HostTensor::zeros(DType::F32, &[1, 64]);
    let e = matmul_q8_0(&Interpreter, &x, &matrix).unwrap_err();
    assert_names(
        &e,
        "matmul_q8_0",
        "x",
        "axis 1 (K) is 64 but the weight `w` gives K = 32",
    );
    let x = HostTensor::zeros(DType::F32, &[32]);
    let e = matmul_q8_0(&Interpreter, &x, &matrix).unwrap_err();
    assert_names(&e, "matmul_q8_0", "x", "expected shape [M, K] (rank 2)");
    let w16 = HostTensor::zeros(DType::F16, &[34]);
    let x = HostTensor::zeros(DType::F32, &[1, 32]);
    let e = matmul_q8_0(
        &Interpreter,
        &x,
        &QuantMatrix {
            data: &w16,
            n: 1,
            k: 32,
        },
    )
    .unwrap_err();
    assert_names(
        &e,
        "matmul_q8_0",
        "w",
        "dtype f16 is not accepted (expected u8",
    );
}

#[test]
fn out_of_range_token_ids_name_the_token() {
    let w = bytes(3 * 34);
    let matrix = QuantMatrix {
        data: &w,
        n: 3,
        k: 32,
    };
    for (ids, text) in [
        (vec![0, 3], "entry [1] (token 1) = 3 is out of range [0, 3)"),
        (vec![-1], "entry [0] (token 0) = -1 is out of range [0, 3)"),
    ] {
        let n = ids.len();
        let ids = HostTensor::from_i32(&[n], ids).unwrap();
        let e = gather_q8_0(&Interpreter, &matrix, &ids).unwrap_err();
        assert_names(&e, "gather_q8_0", "ids", text);
    }
    let ids = HostTensor::zeros(DType::F32, &[1]);
    let e = gather_q8_0(&Interpreter, &matrix, &ids).unwrap_err();
    assert_names(&e, "gather_q8_0", "ids", "expected i32");
}

fn cache(codes: DType, scale_shape: &[usize]) -> QuantKvCache {
    QuantKvCache {
        k_cache: HostTensor::zeros(codes, &[2, 4, 1, 8]),
        k_scale: HostTensor::zeros(DType::F32, scale_shape),
        v_cache: HostTensor::zeros(codes, &[2, 4, 1, 8]),
        v_scale: HostTensor::zeros(DType::F32, &[2, 4, 1]),
    }
}

fn write(c: &QuantKvCache, rows: &HostTensor, slots: Vec<i32>) -> KernelError {
    let n = slots.len();
    let slots = HostTensor::from_i32(&[n], slots).unwrap();
    kv_write_quantized(&Interpreter, c, rows, rows, &slots).unwrap_err()
}

#[test]
fn quantized_cache_arguments_are_checked() {
    let rows = HostTensor::zeros(DType::F32, &[1, 1, 8]);
    let e = write(&cache(DType::I8, &[2, 4]), &rows, vec![0]);
    assert_names(
        &e,
        "kv_write_quantized",
        "k_scale",
        "shape [2, 4] is not [NB, BS, Hkv] = [2, 4, 1]",
    );
    let e = write(&cache(DType::Bf16, &[2, 4, 1]), &rows, vec![0]);
    assert_names(
        &e,
        "kv_write_quantized",
        "k_cache",
        "dtype bf16 is not accepted (expected i8 or f8e4m3",
    );
    let mut mixed = cache(DType::I8, &[2, 4, 1]);
    mixed.v_cache = HostTensor::zeros(DType::F8E4M3, &[2, 4, 1, 8]);
    let e = write(&mixed, &rows, vec![0]);
    assert_names(
        &e,
        "kv_write_quantized",
        "v_cache",
        "dtype f8e4m3 differs from `k_cache`'s i8",
    );
    let mut f16_scales = cache(DType::I8, &[2, 4, 1]);
    f16_scales.v_scale = HostTensor::zeros(DType::F16, &[2, 4, 1]);
    let e = write(&f16_scales, &rows, vec![0]);
    assert_names(
        &e,
        "kv_write_quantized",
        "v_scale",
        "dtype f16 is not accepted (expected f32)",
    );
    let e = write(&cache(DType::I8, &[2, 4, 1]), &rows, vec![8]);
    assert_names(
        &e,
        "kv_write_quantized",
        "slot_mapping",
        "sequence 0: slot 8 is past the cache's 8 slots",
    );
    let inf = HostTensor::from_f32(
        DType::F32,
        &[1, 1, 8],
        &[0., 0., f32::INFINITY, 0., 0., 0., 0., 0.],
    )
    .unwrap();
    let e = write(&cache(DType::F8E4M3, &[2, 4, 1]), &inf, vec![0]);
    assert_names(
        &e,
        "kv_write_quantized",
        "k_new",
        "entry [0, 0, 2] is not finite",
    );
    let fp8_rows = HostTensor::zeros(DType::F8E4M3, &[1, 1, 8]);
    let e = write(&cache(DType::I8, &[2, 4, 1]), &fp8_rows, vec![0]);
    assert_names(
        &e,
        "kv_write_quantized",
        "k_new",
        "dtype f8e4m3 is not accepted",
    );
}

#[test]
fn quantized_decode_arguments_are_checked() {
    let c = cache(DType::I8, &[2, 4, 1]);
    let q = HostTensor::zeros(DType::F32, &[1, 2, 8]);
    let tables = HostTensor::from_i32(&[1, 2], vec![0, 5]).unwrap();
    let lens = HostTensor::from_i32(&[1], vec![6]).unwrap();
    let inputs = QuantPagedDecodeInputs {
        q: &q,
        k_cache: &c.k_cache,
        k_scale: &c.k_scale,
        v_cache: &c.v_cache,
        v_scale: &c.v_scale,
        block_tables: &tables,
        context_lens: &lens,
    };
    let e = paged_decode_quantized(&Interpreter, &inputs, None, true).unwrap_err();
    assert_names(
        &e,
        "paged_decode_quantized",
        "block_tables",
        "entry [0, 1] (sequence 0, slot 1) = 5 is out of range [0, 2)",
    );
    let bad_scale = HostTensor::zeros(DType::F32, &[2, 4, 2]);
    let e = paged_decode_quantized(
        &Interpreter,
        &QuantPagedDecodeInputs {
            v_scale: &bad_scale,
            ..inputs
        },
        None,
        true,
    )
    .unwrap_err();
    assert_names(
        &e,
        "paged_decode_quantized",
        "v_scale",
        "is not [NB, BS, Hkv] = [2, 4, 1]",
    );
    let q7 = HostTensor::zeros(DType::F32, &[1, 2, 7]);
    let e = paged_decode_quantized(
        &Interpreter,
        &QuantPagedDecodeInputs { q: &q7, ..inputs },
        None,
        true,
    )
    .unwrap_err();
    assert_names(&e, "paged_decode_quantized", "k_cache", "head dimension 8");
    let f32_cache = HostTensor::zeros(DType::F32, &[2, 4, 1, 8]);
    let e = paged_decode_quantized(
        &Interpreter,
        &QuantPagedDecodeInputs {
            k_cache: &f32_cache,
            ..inputs
        },
        None,
        true,
    )
    .unwrap_err();
    assert_names(
        &e,
        "paged_decode_quantized",
        "k_cache",
        "dtype f32 is not accepted (expected i8 or f8e4m3 codes)",
    );
}
