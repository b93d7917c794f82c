//! Batched loads and stores whose per-program windows are exactly the
//! ref's blocks, in row-major program order, lower to a reshape and a
//! transpose instead of a gather or a scatter (`lower/tiling.rs`). These
//! check the layouts against the interpreter, and that windows that are
//! not such a tiling keep the general path.

mod common;

use common::{check, random, Cmp};
use tilekit_core::ir::{BinaryOp, Index};
use tilekit_core::{DType, KernelArgs, KernelBuilder, VerifiedKernel};
use tilekit_stablehlo::{lower_with, GridStrategy, Lowered};

/// `y[blocks(i, j)] = x[blocks(i, j)]` over a `[4, 3]` grid of
/// `[1, 2, 5]` windows of a `[4, 6, 5]` ref, with the block of program
/// `(i, j)` at `(row(i, j), col(i, j))`.
fn copy_blocks(name: &str, dtype: DType, swap: bool) -> VerifiedKernel {
    let mut kb = KernelBuilder::new(name);
    kb.grid(&[4, 3]);
    let x = kb.input("x", dtype, &[4, 6, 5]);
    let y = kb.output("y", dtype, &[4, 6, 5]);
    let (i, j) = (kb.program_id(0), kb.program_id(1));
    // Swapped: program (i, j) takes row (i + j) % 4, so programs and blocks
    // are still one to one but not in row-major order.
    let row = if swap {
        let s = kb.add(i, j);
        let four = kb.i32(4);
        kb.binary(BinaryOp::Rem, s, four)
    } else {
        i
    };
    let two = kb.i32(2);
    let col = kb.mul(j, two);
    let at = [Index::at(row), Index::slice(col, 2), Index::Full];
    let t = kb.load(x, &at);
    kb.store(y, &at, t);
    kb.finish().unwrap()
}

fn batched_text(vk: &VerifiedKernel) -> String {
    lower_with(vk, GridStrategy::Auto).unwrap().text
}

#[test]
fn blocks_in_program_order_are_a_reshape_not_a_gather_or_scatter_pjrt_cpu() {
    for dtype in [DType::F32, DType::Bf16] {
        let vk = copy_blocks("row_blocks", dtype, false);
        let text = batched_text(&vk);
        assert!(
            !text.contains("gather") && !text.contains("scatter"),
            "{text}"
        );
        assert!(text.contains("stablehlo.transpose"), "{text}");
        let args = KernelArgs::new().tensor("x", random(7, dtype, &[4, 6, 5], 1.0));
        assert_eq!(
            check(&vk, &args, Cmp::Exact),
            [Lowered::Batched, Lowered::Sequential]
        );
    }
}

#[test]
fn blocks_out_of_program_order_keep_the_gather_and_scatter_pjrt_cpu() {
    let vk = copy_blocks("rotated_blocks", DType::F32, true);
    let text = batched_text(&vk);
    assert!(
        text.contains("gather") && text.contains("scatter"),
        "{text}"
    );
    let args = KernelArgs::new().tensor("x", random(8, DType::F32, &[4, 6, 5], 1.0));
    check(&vk, &args, Cmp::Exact);
}

#[test]
fn windows_that_leave_part_of_the_ref_keep_its_contents_pjrt_cpu() {
    // Two programs write rows 0 and 2 of an in/out ref of 4 rows: no
    // tiling, so rows 1 and 3 keep what the caller passed.
    let mut kb = KernelBuilder::new("every_other_row");
    kb.grid(&[2]);
    let y = kb.inout("y", DType::F32, &[4, 3]);
    let i = kb.program_id(0);
    let two = kb.i32(2);
    let row = kb.mul(i, two);
    let t = kb.full(&[3], DType::F32, -1.0);
    kb.store(y, &[Index::at(row), Index::Full], t);
    let vk = kb.finish().unwrap();
    assert!(batched_text(&vk).contains("scatter"));
    let args = KernelArgs::new().tensor("y", random(9, DType::F32, &[4, 3], 1.0));
    check(&vk, &args, Cmp::Exact);
}

#[test]
fn a_tiling_store_replaces_all_of_an_in_out_ref_pjrt_cpu() {
    // Each of 4 programs overwrites its own row of an in/out ref: together
    // they replace all of it, whatever the caller passed.
    let mut kb = KernelBuilder::new("every_row");
    kb.grid(&[4]);
    let y = kb.inout("y", DType::F32, &[4, 3]);
    let i = kb.program_id(0);
    let t = kb.load(y, &[Index::at(i), Index::Full]);
    let t = kb.mul(t, t);
    kb.store(y, &[Index::at(i), Index::Full], t);
    let vk = kb.finish().unwrap();
    let text = batched_text(&vk);
    assert!(
        !text.contains("gather") && !text.contains("scatter"),
        "{text}"
    );
    let args = KernelArgs::new().tensor("y", random(10, DType::F32, &[4, 3], 1.0));
    check(&vk, &args, Cmp::Exact);
}

#[test]
fn a_window_every_program_shares_is_a_static_slice_around_the_blocks_pjrt_cpu() {
    // Program i reads x[i, 1..3, 1] and writes it to y[i, 2..4, 0] of an
    // in/out ref: rows are blocks, the other two dims are the same window
    // for every program (a slice, and an update of a slice).
    for dtype in [DType::F32, DType::Bf16] {
        let mut kb = KernelBuilder::new("shared_windows");
        kb.grid(&[5]);
        let x = kb.input("x", dtype, &[5, 4, 2]);
        let y = kb.inout("y", dtype, &[5, 6, 2]);
        let i = kb.program_id(0);
        let (zero, one, two) = (kb.i32(0), kb.i32(1), kb.i32(2));
        let t = kb.load(x, &[Index::at(i), Index::slice(one, 2), Index::at(one)]);
        kb.store(y, &[Index::at(i), Index::slice(two, 2), Index::at(zero)], t);
        let vk = kb.finish().unwrap();
        let text = batched_text(&vk);
        assert!(
            !text.contains("gather") && !text.contains("scatter"),
            "{text}"
        );
        let args = KernelArgs::new()
            .tensor("x", random(11, dtype, &[5, 4, 2], 1.0))
            .tensor("y", random(12, dtype, &[5, 6, 2], 1.0));
        check(&vk, &args, Cmp::Exact);
    }
}
