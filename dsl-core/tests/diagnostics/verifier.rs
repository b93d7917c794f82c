//! One test per verifier `ErrorKind`: a small kernel with exactly that
//! mistake gets exactly one error naming the kernel, the op and the line of
//! the offending builder call, and saying what to write instead.

use crate::common::{at, one_error, only};
use tilekit_core::ir::{Index, Type};
use tilekit_core::verify::ErrorKind;
use tilekit_core::{verify, DType, KernelBuilder};

#[test]
fn dtype_mismatch_names_both_dtypes_and_suggests_a_cast() {
    let mut kb = KernelBuilder::new("mixed_add");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let n = kb.input("n", DType::I32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let xv = kb.load(x, &[Index::Full]);
    kb.set_name(xv, "x");
    let nv = kb.load(n, &[Index::Full]);
    kb.set_name(nv, "n");
    let line = line!() + 1;
    let s = kb.add(xv, nv);
    kb.store(y, &[Index::Full], s);
    one_error(
        kb,
        ErrorKind::DTypeMismatch,
        &format!(
            "kernel `mixed_add`, op `%2 = add %x.0, %n.1 : f32[4]` at {}: operands are f32 and i32; \
             insert a cast (e.g. `.to_f32()`) so both match",
            at(file!(), line, "add(")
        ),
    );
}

#[test]
fn shape_mismatch_names_both_shapes() {
    let mut kb = KernelBuilder::new("ragged_add");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let w = kb.input("w", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[4]);
    let xv = kb.load(x, &[Index::Full]);
    let wv = kb.load(w, &[Index::Full]);
    let line = line!() + 1;
    let s = kb.add(xv, wv);
    kb.store(y, &[Index::Full], s);
    one_error(
        kb,
        ErrorKind::ShapeMismatch,
        &format!(
            "kernel `ragged_add`, op `%2 = add %0, %1 : f32[4]` at {}: operand shapes [4] and [8] \
             differ; broadcast one explicitly",
            at(file!(), line, "add(")
        ),
    );
}

#[test]
fn bad_operand_rejects_exp_of_integers() {
    let mut kb = KernelBuilder::new("int_exp");
    kb.grid(&[1]);
    let n = kb.input("n", DType::I32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let nv = kb.load(n, &[Index::Full]);
    let line = line!() + 1;
    let e = kb.exp(nv);
    let e = kb.cast(e, DType::F32);
    kb.store(y, &[Index::Full], e);
    one_error(
        kb,
        ErrorKind::BadOperand,
        &format!(
            "kernel `int_exp`, op `%1 = exp %0 : i32[4]` at {}: `exp` is not defined on i32; cast \
             to a float dtype first",
            at(file!(), line, "exp(")
        ),
    );
}

#[test]
fn bad_axis_rejects_a_reduction_past_the_rank() {
    let mut kb = KernelBuilder::new("row_sum");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let y = kb.output("y", DType::F32, &[1]);
    let xv = kb.load(x, &[Index::Full]);
    let line = line!() + 1;
    let s = kb.sum(xv, 1);
    let zero = kb.i32(0);
    kb.store(y, &[Index::at(zero)], s);
    one_error(
        kb,
        ErrorKind::BadAxis,
        &format!(
            "kernel `row_sum`, op `%1 = reduce.sum %0 axis 1 : f32[4]` at {}: reduce along axis 1 \
             of a rank-1 tile",
            at(file!(), line, "sum(")
        ),
    );
}

#[test]
fn index_count_says_to_index_every_dimension() {
    let mut kb = KernelBuilder::new("rows");
    kb.grid(&[4]);
    let x = kb.input("x", DType::F32, &[4, 8]);
    let y = kb.output("y", DType::F32, &[4, 8]);
    let r = kb.program_id(0);
    let line = line!() + 1;
    let row = kb.load(x, &[Index::at(r)]);
    kb.store(y, &[Index::at(r), Index::Full], row);
    one_error(
        kb,
        ErrorKind::IndexCount,
        &format!(
            "kernel `rows`, op `%1 = load @x[%0] : f32` at {}: `x` has rank 2 ([4, 8]) but 1 \
             indices were given; index every dimension (use `..` for a whole one)",
            at(file!(), line, "load(")
        ),
    );
}

#[test]
fn slice_out_of_bounds_names_the_dimension_and_extent() {
    let mut kb = KernelBuilder::new("wide_slice");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[16]);
    let zero = kb.i32(0);
    let line = line!() + 1;
    let v = kb.load(x, &[Index::slice(zero, 16)]);
    kb.store(y, &[Index::Full], v);
    one_error(
        kb,
        ErrorKind::SliceOutOfBounds,
        &format!(
            "kernel `wide_slice`, op `%1 = load @x[%0:+16] : f32` at {}: slice of length 16 in dim \
             0 of `x` whose extent is 8",
            at(file!(), line, "load(")
        ),
    );
}

#[test]
fn store_to_input_says_how_to_declare_the_ref() {
    let mut kb = KernelBuilder::new("in_place");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let v = kb.load(x, &[Index::Full]);
    let sq = kb.mul(v, v);
    let line = line!() + 1;
    kb.store(x, &[Index::Full], sq);
    one_error(
        kb,
        ErrorKind::StoreToInput,
        &format!(
            "kernel `in_place`, op `store %1 -> @x[:]` at {}: `x` is an input ref and cannot be \
             stored to; declare it as an output or in/out",
            at(file!(), line, "store(")
        ),
    );
}

#[test]
fn undefined_value_leaked_out_of_a_loop_body() {
    let mut kb = KernelBuilder::new("leak");
    kb.grid(&[1]);
    let y = kb.output("y", DType::F32, &[1]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let mut leaked = None;
    kb.for_loop(lo, hi, &[], |b, i, _| {
        leaked = Some(b.cast(i, DType::F32));
        vec![]
    });
    let last = kb.set_name(leaked.unwrap(), "last");
    let one = kb.f32(1.0);
    let line = line!() + 1;
    let v = kb.add(last, one);
    kb.store(y, &[Index::at(lo)], v);
    one_error(
        kb,
        ErrorKind::UndefinedValue,
        &format!(
            "kernel `leak`, op `%5 = add %last.3, %4 : f32` at {}: %last.3 is used outside the \
             region that defines it (or before its definition); to use a value after a loop or branch, carry it \
             through the loop or yield it from the branch",
            at(file!(), line, "add(")
        ),
    );
}

#[test]
fn undefined_value_used_before_its_definition() {
    let mut kb = KernelBuilder::new("reordered");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let v = kb.load(x, &[Index::Full]);
    let e = kb.exp(v);
    kb.set_name(e, "e");
    let line = line!() + 1;
    let n = kb.neg(e);
    kb.store(y, &[Index::Full], n);
    let mut k = kb.finish().unwrap().kernel().clone();
    // Move `neg` (body op 2) before `exp` (body op 1), which defines its operand.
    k.body.ops.swap(1, 2);
    let errors = verify(&k).unwrap_err();
    only(
        &errors,
        ErrorKind::UndefinedValue,
        &format!(
            "kernel `reordered`, op `%2 = neg %e.1 : f32[4]` at {}: %e.1 is used outside the \
             region that defines it (or before its definition); to use a value after a loop or branch, carry it \
             through the loop or yield it from the branch",
            at(file!(), line, "neg(")
        ),
    );
}

/// A region's yield is not an op: the error names the value, and can only
/// point at the kernel.
#[test]
fn undefined_value_yielded_from_a_branch() {
    let line = line!() + 1;
    let mut kb = KernelBuilder::new("leaky_branch");
    kb.grid(&[1]);
    let y = kb.output("y", DType::F32, &[1]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let mut leaked = None;
    kb.for_loop(lo, hi, &[], |b, i, _| {
        leaked = Some(b.cast(i, DType::F32));
        vec![]
    });
    let flag = kb.bool(true);
    let r = kb.if_else(flag, |_| vec![leaked.unwrap()], |b| vec![b.f32(0.0)]);
    kb.store(y, &[Index::at(lo)], r[0]);
    one_error(
        kb,
        ErrorKind::UndefinedValue,
        &format!(
            "kernel `leaky_branch` at {}: %3 is used outside the region that defines it (or \
             before its definition); to use a value after a loop or branch, carry it \
             through the loop or yield it from the branch",
            at(file!(), line, "KernelBuilder::new(")
        ),
    );
}

#[test]
fn result_type_of_a_corrupted_op_is_reported_once() {
    let mut kb = KernelBuilder::new("corrupt");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let v = kb.load(x, &[Index::Full]);
    let line = line!() + 1;
    let s = kb.add(v, v);
    let m = kb.mul(s, v);
    kb.store(y, &[Index::Full], m);
    let mut k = kb.finish().unwrap().kernel().clone();
    // A pass that records the wrong result type for `add`; `mul`, which uses
    // it, must not be reported as well.
    k.values[s.0 as usize].ty = Type::tile(DType::F32, &[8]);
    let errors = verify(&k).unwrap_err();
    only(
        &errors,
        ErrorKind::ResultType,
        &format!(
            "kernel `corrupt`, op `%1 = add %0, %0 : f32[8]` at {}: results are recorded as \
             (f32[8]) but the op produces (f32[4])",
            at(file!(), line, "add(")
        ),
    );
}

#[test]
fn carried_type_changed_names_both_types() {
    let mut kb = KernelBuilder::new("shrinking_acc");
    kb.grid(&[1]);
    let y = kb.output("y", DType::F32, &[4]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let acc = kb.zeros(&[4], DType::F32);
    let line = line!() + 1;
    let r = kb.for_loop(lo, hi, &[acc], |b, _i, c| {
        let s = b.sum(c[0], 0);
        vec![s]
    });
    kb.store(y, &[Index::Full], r[0]);
    one_error(
        kb,
        ErrorKind::CarriedTypeChanged,
        &format!(
            "kernel `shrinking_acc`, op `%6 = for %3 = %0 to %1 step 1 iter(%4 = %2) -> (f32[4])` at {}: loop yields f32 for value #0, which was f32[4]; a carried or \
             yielded value must keep its shape and dtype",
            at(file!(), line, "for_loop(")
        ),
    );
}

#[test]
fn branch_type_mismatch_names_both_types() {
    let mut kb = KernelBuilder::new("branches");
    kb.grid(&[1]);
    let y = kb.output("y", DType::F32, &[4]);
    let c = kb.bool(true);
    let line = line!() + 1;
    let r = kb.if_else(
        c,
        |b| vec![b.zeros(&[4], DType::F32)],
        |b| vec![b.zeros(&[4], DType::I32)],
    );
    kb.store(y, &[Index::Full], r[0]);
    one_error(
        kb,
        ErrorKind::BranchTypeMismatch,
        &format!(
            "kernel `branches`, op `%3 = if %0 -> (f32[4])` at {}: else branch yields i32[4] for \
             value #0, which was f32[4]; a carried or yielded value must keep its shape and dtype",
            at(file!(), line, "if_else(")
        ),
    );
}

/// A paged gather whose page number is loaded inside the pipelined loop: the
/// row load cannot be issued ahead.
#[test]
fn not_pipelinable_when_the_address_comes_from_a_load() {
    let mut kb = KernelBuilder::new("paged");
    kb.grid(&[1]);
    let pages = kb.input("pages", DType::I32, &[4]);
    let x = kb.input("x", DType::F32, &[4, 8]);
    let y = kb.output("y", DType::F32, &[8]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let acc = kb.zeros(&[8], DType::F32);
    let mut line = 0;
    let r = kb.pipeline(lo, hi, 2, &[acc], |b, i, c| {
        let page = b.load(pages, &[Index::at(i)]);
        b.set_name(page, "page");
        line = line!() + 1;
        let row = b.load(x, &[Index::at(page), Index::Full]);
        vec![b.add(c[0], row)]
    });
    kb.store(y, &[Index::Full], r[0]);
    one_error(
        kb,
        ErrorKind::NotPipelinable,
        &format!(
            "kernel `paged`, op `%6 = load @x[%page.5, :] : f32[8]` at {}: this load is in a \
             pipelined loop and is issued ahead of its iteration, but its address depends on \
             `load` %page.5 inside the loop; only index math can be issued ahead \
             (keep indices such as page numbers in a prefetch array)",
            at(file!(), line, "load(")
        ),
    );
}

#[test]
fn not_pipelinable_when_the_address_is_loop_carried() {
    let mut kb = KernelBuilder::new("chase");
    kb.grid(&[1]);
    let next = kb.input("next", DType::I32, &[8]);
    let y = kb.output("y", DType::I32, &[1]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let start = kb.i32(0);
    kb.set_name(start, "cur");
    let mut line = 0;
    let r = kb.pipeline(lo, hi, 2, &[start], |b, _i, c| {
        line = line!() + 1;
        vec![b.load(next, &[Index::at(c[0])])]
    });
    kb.store(y, &[Index::at(lo)], r[0]);
    one_error(
        kb,
        ErrorKind::NotPipelinable,
        &format!(
            "kernel `chase`, op `%5 = load @next[%cur.4] : i32` at {}: this load is in a pipelined \
             loop and is issued ahead of its iteration, but its address depends on the \
             loop-carried value %cur.4; compute the address from the induction variable, prefetch \
             arrays and values from before the loop, or drop `pipeline`",
            at(file!(), line, "load(")
        ),
    );
}

#[test]
fn bad_loop_rejects_a_zero_step() {
    let mut kb = KernelBuilder::new("stuck");
    kb.grid(&[1]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let line = line!() + 1;
    kb.for_loop_with(lo, hi, 0, None, &[], |_, _, _| vec![]);
    one_error(
        kb,
        ErrorKind::BadLoop,
        &format!(
            "kernel `stuck`, op `for %2 = %0 to %1 step 0` at {}: loop step must be at least 1",
            at(file!(), line, "for_loop_with(")
        ),
    );
}

#[test]
fn bad_loop_rejects_a_zero_pipeline_depth() {
    let mut kb = KernelBuilder::new("no_stages");
    kb.grid(&[1]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let line = line!() + 1;
    kb.pipeline(lo, hi, 0, &[], |_, _, _| vec![]);
    one_error(
        kb,
        ErrorKind::BadLoop,
        &format!(
            "kernel `no_stages`, op `for %2 = %0 to %1 step 1 pipeline 0` at {}: pipeline depth \
             must be at least 1 (1 = no prefetch, 2 = double buffering)",
            at(file!(), line, "pipeline(")
        ),
    );
}

#[test]
fn bad_grid_rejects_an_empty_axis() {
    let line = line!() + 1;
    let mut kb = KernelBuilder::new("empty_grid");
    kb.grid(&[4, 0]);
    one_error(
        kb,
        ErrorKind::BadGrid,
        &format!(
            "kernel `empty_grid` at {}: grid [4, 0] has an empty axis 1; every extent must be at \
             least 1",
            at(file!(), line, "KernelBuilder::new(")
        ),
    );
}

#[test]
fn bad_grid_rejects_missing_axis_semantics() {
    let line = line!() + 1;
    let mut kb = KernelBuilder::new("half_grid");
    kb.grid_with(&[4, 2], &[tilekit_core::ir::AxisSemantics::Parallel]);
    one_error(
        kb,
        ErrorKind::BadGrid,
        &format!(
            "kernel `half_grid` at {}: grid [4, 2] has 2 axes but 1 axis semantics",
            at(file!(), line, "KernelBuilder::new(")
        ),
    );
}

#[test]
fn parallel_race_says_which_axis_and_how_to_fix_it() {
    let mut kb = KernelBuilder::new("racy");
    kb.grid(&[4]);
    let x = kb.input("x", DType::F32, &[4, 8]);
    let y = kb.output("y", DType::F32, &[8]);
    let r = kb.program_id(0);
    let row = kb.load(x, &[Index::at(r), Index::Full]);
    let line = line!() + 1;
    kb.store(y, &[Index::Full], row);
    one_error(
        kb,
        ErrorKind::ParallelRace,
        &format!(
            "kernel `racy`, op `store %1 -> @y[:]` at {}: the store to `y` does not depend on \
             program_id(0), so the 4 programs along parallel axis 0 would all write the same \
             elements; index the store by program_id(0) or mark the axis arbitrary",
            at(file!(), line, "store(")
        ),
    );
}

#[test]
fn duplicate_name_points_at_the_second_declaration() {
    let mut kb = KernelBuilder::new("dup");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let line = line!() + 1;
    let y = kb.output("x", DType::F32, &[4]);
    let v = kb.load(x, &[Index::Full]);
    kb.store(y, &[Index::Full], v);
    one_error(
        kb,
        ErrorKind::DuplicateName,
        &format!(
            "kernel `dup` at {}: parameter name `x` is used twice",
            at(file!(), line, "output(")
        ),
    );
}

#[test]
fn bad_block_spec_rejects_a_block_larger_than_the_ref() {
    let mut kb = KernelBuilder::new("big_block");
    kb.grid(&[1]);
    let line = line!() + 1;
    let x = kb.input("x", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[16]);
    kb.block_spec(x, &[16], |_, ids| vec![ids[0]]);
    let v = kb.load(x, &[Index::Full]);
    kb.store(y, &[Index::Full], v);
    one_error(
        kb,
        ErrorKind::BadBlockSpec,
        &format!(
            "kernel `big_block` at {}: block spec of `x`: block dim 0 is 16 but the ref's extent \
             is 8",
            at(file!(), line, "input(")
        ),
    );
}

#[test]
fn bad_block_spec_rejects_a_load_in_the_index_map() {
    let mut kb = KernelBuilder::new("loaded_map");
    kb.grid(&[2]);
    let table = kb.input("table", DType::I32, &[2]);
    let x = kb.input("x", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[8]);
    let mut line = 0;
    kb.block_spec(x, &[4], |b, ids| {
        line = line!() + 1;
        vec![b.load(table, &[Index::at(ids[0])])]
    });
    kb.block_spec(y, &[4], |_, ids| vec![ids[0]]);
    let v = kb.load(x, &[Index::Full]);
    kb.store(y, &[Index::Full], v);
    one_error(
        kb,
        ErrorKind::BadBlockSpec,
        &format!(
            "kernel `loaded_map`, op `%1 = load @table[%0] : i32` at {}: index map of `x` may \
             only compute indices (no loads, stores or control flow)",
            at(file!(), line, "load(")
        ),
    );
}

#[test]
fn unmet_requirement() {
    let mut kb = KernelBuilder::new("grouped");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[9, 8]);
    let y = kb.output("y", DType::F32, &[9, 8]);
    let line = line!() + 1;
    kb.require(
        9 % 2 == 0,
        "the query heads (9) must be a multiple of the KV heads (2)",
    );
    let t = kb.load(x, &[Index::Full, Index::Full]);
    kb.store(y, &[Index::Full, Index::Full], t);
    one_error(
        kb,
        ErrorKind::Requirement,
        &format!(
            "kernel `grouped` at {}: the query heads (9) must be a multiple of the KV heads (2)",
            at(file!(), line, "require(")
        ),
    );
}
