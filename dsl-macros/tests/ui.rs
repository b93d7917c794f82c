//! One UI test per `#[kernel]`/`#[helper]` diagnostic site (plus a few
//! type errors worded by tilekit-core): each `ui/*.rs` must fail to
//! compile with exactly the `.stderr` beside it (`TRYBUILD=overwrite` to
//! re-bless after an intended change).

#[test]
fn diagnostics() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
