//! Recipes: a random program as a small list of steps over random inputs,
//! so that proptest shrinks a failure to a minimal program.

use proptest::prelude::*;
use tilekit_core::DType;

#[derive(Clone, Copy, Debug)]
pub enum Un {
    Neg,
    Abs,
    Exp,
}

#[derive(Clone, Copy, Debug)]
pub enum Bin {
    Add,
    Sub,
    Mul,
    Max,
    Min,
}

#[derive(Clone, Copy, Debug)]
pub enum Red {
    Sum,
    Max,
    Min,
}

/// One step of a recipe. Operands are indices into the values defined so
/// far, taken modulo their number, so every recipe is a valid program.
#[derive(Clone, Debug)]
pub enum Step {
    Unary(Un, usize),
    /// The right operand is picked among values of the left one's shape and
    /// cast to its dtype if needed.
    Binary(Bin, usize, usize),
    Cast(usize, DType),
    /// Reduce along an axis, then broadcast back to the operand's shape.
    Reduce(Red, usize, usize),
    /// The right operand is picked among values whose rows match the left
    /// one's columns (the left one transposed if there is none) and cast to
    /// the left one's dtype if needed. The result is f32.
    Dot(usize, usize),
    Transpose(usize),
}

/// Where the program body is built.
#[derive(Clone, Copy, Debug)]
pub enum Wrap {
    Body,
    /// Inside `for i in 0..2`.
    Loop,
    /// Inside a 2-stage pipelined `for i in 0..2` (loads issued ahead).
    Pipeline,
    /// In the then branch of `if true`.
    IfThen,
    /// In the else branch of `if false`.
    IfElse,
}

#[derive(Clone, Debug)]
pub struct Input {
    pub dtype: DType,
    /// Which of the four shapes over `dims` (see [`shape_of`]).
    pub shape: usize,
    /// Element `i < 16` is `data[i] * 0.13`, rounded to the dtype (later
    /// ones reuse the values shifted, see `input_values`).
    pub data: Vec<i8>,
}

#[derive(Clone, Debug)]
pub struct Recipe {
    pub dims: [usize; 2],
    pub inputs: Vec<Input>,
    pub steps: Vec<Step>,
    pub wrap: Wrap,
}

/// Every value is rank 2 over the recipe's two extents `a` and `b`:
/// `[a, b]`, `[b, a]`, `[a, a]` or `[b, b]`; dots and transposes stay in that set.
pub fn shape_of(dims: [usize; 2], code: usize) -> [usize; 2] {
    let [a, b] = dims;
    [[a, b], [b, a], [a, a], [b, b]][code % 4]
}

/// Mostly tiny extents (fast everywhere, easy to shrink), sometimes ones
/// that cross the GPU backend's layout and instruction boundaries: several
/// runs per thread, a full warp, odd sizes, a 64-row warpgroup block.
pub fn extent() -> impl Strategy<Value = usize> {
    prop_oneof![
        12 => 1usize..=4,
        1 => Just(8),
        1 => Just(16),
        1 => Just(33),
        1 => Just(64),
    ]
}

pub fn float_dtype() -> impl Strategy<Value = DType> {
    prop_oneof![Just(DType::F32), Just(DType::Bf16), Just(DType::F16)]
}

pub fn step() -> impl Strategy<Value = Step> {
    let ix = || 0usize..16;
    let un = prop_oneof![Just(Un::Neg), Just(Un::Abs), Just(Un::Exp)];
    let bin = prop_oneof![
        Just(Bin::Add),
        Just(Bin::Sub),
        Just(Bin::Mul),
        Just(Bin::Max),
        Just(Bin::Min)
    ];
    let red = prop_oneof![Just(Red::Sum), Just(Red::Max), Just(Red::Min)];
    prop_oneof![
        3 => (un, ix()).prop_map(|(o, x)| Step::Unary(o, x)),
        4 => (bin, ix(), ix()).prop_map(|(o, l, r)| Step::Binary(o, l, r)),
        2 => (ix(), float_dtype()).prop_map(|(x, d)| Step::Cast(x, d)),
        2 => (red, ix(), 0usize..2).prop_map(|(o, x, a)| Step::Reduce(o, x, a)),
        2 => (ix(), ix()).prop_map(|(l, r)| Step::Dot(l, r)),
        1 => ix().prop_map(Step::Transpose),
    ]
}

pub fn input() -> impl Strategy<Value = Input> {
    (
        float_dtype(),
        0usize..4,
        prop::collection::vec(-24i8..=24, 16),
    )
        .prop_map(|(dtype, shape, data)| Input { dtype, shape, data })
}

pub fn recipe() -> impl Strategy<Value = Recipe> {
    let wrap = prop_oneof![
        4 => Just(Wrap::Body),
        1 => Just(Wrap::Loop),
        1 => Just(Wrap::Pipeline),
        1 => Just(Wrap::IfThen),
        1 => Just(Wrap::IfElse),
    ];
    (
        extent(),
        extent(),
        prop::collection::vec(input(), 1..=3),
        prop::collection::vec(step(), 0..=10),
        wrap,
    )
        .prop_map(|(a, b, inputs, steps, wrap)| Recipe {
            dims: [a, b],
            inputs,
            steps,
            wrap,
        })
}
