//! Traced control flow. The same user closure serves both cases:
//! - a range or condition known at trace time (`usize` bounds, a `bool`)
//!   runs the closure directly: loops unroll and dead branches vanish;
//! - a traced range or condition (`Tile<i32>` bounds, a `Tile<bool>`)
//!   records an IR `for` or `if` whose carried or yielded values are the
//!   `Carry` values the closure threads through.

use super::elem::Element;
use super::tile::Tile;
use super::with_builder;
use crate::ir::{Location, Region, Type, Value};

/// Values threaded through loops and branches: tiles and tuples of them.
/// (`#[kernel]` builds the tuple from the `let mut` variables a loop or
/// branch assigns.)
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be carried through a traced loop or branch",
    note = "only tiles (and tuples of tiles) can change inside a loop over a traced range or a branch on a traced condition"
)]
pub trait Carry: Sized {
    #[doc(hidden)]
    fn values(&self, out: &mut Vec<Value>);
    #[doc(hidden)]
    fn rebuild(values: &mut std::slice::Iter<'_, Value>) -> Self;
}

impl<T: Element> Carry for Tile<T> {
    fn values(&self, out: &mut Vec<Value>) {
        out.push(self.value());
    }
    fn rebuild(values: &mut std::slice::Iter<'_, Value>) -> Self {
        Tile::from_value(*values.next().expect("carried value count is fixed"))
    }
}

impl Carry for () {
    fn values(&self, _: &mut Vec<Value>) {}
    fn rebuild(_: &mut std::slice::Iter<'_, Value>) -> Self {}
}

macro_rules! carry_tuple {
    ($($name:ident)+) => {
        impl<$($name: Carry),+> Carry for ($($name,)+) {
            #[allow(non_snake_case)]
            fn values(&self, out: &mut Vec<Value>) {
                let ($($name,)+) = self;
                $($name.values(out);)+
            }
            fn rebuild(values: &mut std::slice::Iter<'_, Value>) -> Self {
                ($($name::rebuild(values),)+)
            }
        }
    };
}

carry_tuple!(A);
carry_tuple!(A B);
carry_tuple!(A B C);
carry_tuple!(A B C D);
carry_tuple!(A B C D E);
carry_tuple!(A B C D E F);
carry_tuple!(A B C D E F G);
carry_tuple!(A B C D E F G H);
carry_tuple!(A B C D E F G H I);
carry_tuple!(A B C D E F G H I J);
carry_tuple!(A B C D E F G H I J K);
carry_tuple!(A B C D E F G H I J K L);

fn flatten<C: Carry>(c: &C) -> Vec<Value> {
    let mut v = Vec::new();
    c.values(&mut v);
    v
}

fn rebuild<C: Carry>(values: &[Value]) -> C {
    C::rebuild(&mut values.iter())
}

/// A loop range: `(lower, upper)` from `lower..upper`, carrying `C`.
pub trait LoopRange<C> {
    /// The induction variable the body sees.
    type Index;
    #[doc(hidden)]
    #[track_caller]
    fn run(
        self,
        stages: Option<u32>,
        names: &[&str],
        init: C,
        body: impl FnMut(Self::Index, C) -> C,
    ) -> C;
}

/// A trace-time range: the loop unrolls, and anything may be carried.
impl<C> LoopRange<C> for (usize, usize) {
    type Index = usize;
    fn run(self, _: Option<u32>, _: &[&str], init: C, mut body: impl FnMut(usize, C) -> C) -> C {
        (self.0..self.1).fold(init, |c, i| body(i, c))
    }
}

macro_rules! traced_range {
    ($lo:ty, $hi:ty) => {
        impl<C: Carry> LoopRange<C> for ($lo, $hi) {
            type Index = Tile<i32>;
            #[track_caller]
            fn run(
                self,
                stages: Option<u32>,
                names: &[&str],
                init: C,
                body: impl FnMut(Tile<i32>, C) -> C,
            ) -> C {
                let lower = super::refs::scalar_index(self.0);
                let upper = super::refs::scalar_index(self.1);
                traced_loop(lower, upper, stages, names, init, body)
            }
        }
    };
}

traced_range!(Tile<i32>, Tile<i32>);
traced_range!(usize, Tile<i32>);
traced_range!(Tile<i32>, usize);

#[track_caller]
fn traced_loop<C: Carry>(
    lower: Tile<i32>,
    upper: Tile<i32>,
    stages: Option<u32>,
    names: &[&str],
    init: C,
    mut body: impl FnMut(Tile<i32>, C) -> C,
) -> C {
    let location = Location::caller();
    let init_values = flatten(&init);
    let args = with_builder(location.clone(), |kb| {
        let mut types = vec![Type::scalar(crate::DType::I32)];
        types.extend(init_values.iter().map(|&v| kb.ty(v).clone()));
        let args = kb.begin_region(&types);
        for (&a, name) in args[1..].iter().zip(names) {
            kb.set_name(a, name);
        }
        args
    });
    let iv = Tile::from_value(args[0]);
    let next = body(iv, rebuild(&args[1..]));
    let yields = flatten(&next);
    let results = with_builder(location, |kb| {
        let region: Region = kb.end_region(yields).expect("the loop's region is open");
        let results = kb.push_for(
            lower.value(),
            upper.value(),
            1,
            stages,
            &init_values,
            region,
        );
        for (&r, name) in results.iter().zip(names) {
            kb.set_name(r, name);
        }
        results
    });
    rebuild(&results)
}

/// `for i in lo..hi`: unrolled for `usize` bounds, an IR loop for traced
/// bounds. `names` name the carried values in the printed IR.
#[track_caller]
pub fn for_range<R: LoopRange<C>, C>(
    range: R,
    names: &[&str],
    init: C,
    body: impl FnMut(R::Index, C) -> C,
) -> C {
    range.run(None, names, init, body)
}

/// The range of a pipelined loop: `pipeline(lo..hi, stages)` in a kernel.
pub struct Pipelined<R> {
    pub range: R,
    pub stages: u32,
}

/// `for j in pipeline(range, stages)`: the loop's device-memory loads are
/// issued `stages - 1` iterations ahead. With trace-time bounds the loop
/// unrolls and there is nothing to pipeline.
#[track_caller]
pub fn pipeline<R: LoopRange<C>, C>(
    p: Pipelined<R>,
    names: &[&str],
    init: C,
    body: impl FnMut(R::Index, C) -> C,
) -> C {
    p.range.run(Some(p.stages), names, init, body)
}

/// A branch condition: `bool` prunes at trace time, `Tile<bool>` records an IR `if`.
pub trait IfCond<C> {
    #[doc(hidden)]
    #[track_caller]
    fn branch(self, then_branch: impl FnOnce() -> C, else_branch: impl FnOnce() -> C) -> C;
}

impl<C> IfCond<C> for bool {
    fn branch(self, then_branch: impl FnOnce() -> C, else_branch: impl FnOnce() -> C) -> C {
        if self {
            then_branch()
        } else {
            else_branch()
        }
    }
}

impl<C: Carry> IfCond<C> for Tile<bool> {
    #[track_caller]
    fn branch(self, then_branch: impl FnOnce() -> C, else_branch: impl FnOnce() -> C) -> C {
        let location = Location::caller();
        let open = || with_builder(location.clone(), |kb| kb.begin_region(&[]));
        let close = |yields: Vec<Value>| {
            with_builder(location.clone(), |kb| {
                kb.end_region(yields).expect("the branch's region is open")
            })
        };
        open();
        let then_yields = flatten(&then_branch());
        let then_region = close(then_yields);
        open();
        let else_yields = flatten(&else_branch());
        let else_region = close(else_yields);
        let results = with_builder(location, |kb| {
            kb.push_if(self.value(), then_region, else_region)
        });
        rebuild(&results)
    }
}

/// `if cond { .. } else { .. }` yielding the values both branches produce.
#[track_caller]
pub fn if_else<C>(
    cond: impl IfCond<C>,
    then_branch: impl FnOnce() -> C,
    else_branch: impl FnOnce() -> C,
) -> C {
    cond.branch(then_branch, else_branch)
}
