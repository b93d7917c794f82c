//! `--speculate ngram:K[:N]`: n-gram speculative decoding for the model's
//! generate mode (`tilekit_serve::serve_speculative`), parsed strictly, and
//! its figures for the table and `--metrics-json`.

use serde_json::{json, Value};
use tilekit_serve::{EngineStats, Ngram};

/// The most drafted tokens a step verifies (the multi-query attention
/// takes 16 rows per sequence: the newest token and 15 drafts).
const MAX_DRAFTS: usize = 15;
/// Without `:N`, suffixes of 3, 2, then 1 tokens are tried.
const DEFAULT_NGRAM: usize = 3;

/// Parses `ngram:K` or `ngram:K:N` (K drafted tokens per step, 1..=15;
/// suffixes of N down to 1 tokens matched, N >= 1).
pub fn parse(v: &str) -> Result<Ngram, String> {
    let bad = |why: String| {
        format!("--speculate: `{v}` {why} (expected ngram:K[:N], K in 1..={MAX_DRAFTS}, N >= 1)")
    };
    let mut parts = v.split(':');
    if parts.next() != Some("ngram") {
        return Err(bad("is not an n-gram proposer".into()));
    }
    let mut number = |what: &str| -> Result<Option<usize>, String> {
        match parts.next() {
            None => Ok(None),
            Some(p) => p
                .parse::<usize>()
                .map(Some)
                .map_err(|_| bad(format!("has {what} `{p}`, not a whole number"))),
        }
    };
    let drafts = number("K")?.ok_or_else(|| bad("gives no K".into()))?;
    let max_ngram = number("N")?.unwrap_or(DEFAULT_NGRAM);
    if parts.next().is_some() {
        return Err(bad("has more than three fields".into()));
    }
    if !(1..=MAX_DRAFTS).contains(&drafts) {
        return Err(bad(format!("has K = {drafts}")));
    }
    if max_ngram == 0 {
        return Err(bad("has N = 0".into()));
    }
    // Speculate where it pays: a verify step costs more than a decode step
    // (K + 1 rows a sequence), so it runs when the requests' acceptance so
    // far makes it faster (`tilekit_serve::speculate::Gate`).
    Ok(Ngram {
        drafts,
        max_ngram,
        adaptive: true,
    })
}

/// Drafted tokens accepted per drafted token proposed; `None` when none
/// was proposed (no `--speculate`, or nothing ever matched).
pub fn acceptance_rate(stats: &EngineStats) -> Option<f64> {
    (stats.proposed > 0).then(|| stats.accepted as f64 / stats.proposed as f64)
}

/// The `--metrics-json` fields: `proposed` and `accepted` (0 without
/// `--speculate`) and `acceptance_rate` (null when nothing was proposed).
pub fn json_fields(stats: &EngineStats) -> [(&'static str, Value); 3] {
    [
        ("proposed", json!(stats.proposed)),
        ("accepted", json!(stats.accepted)),
        ("acceptance_rate", json!(acceptance_rate(stats))),
    ]
}

/// The line under the table when speculating.
pub fn summary(stats: &EngineStats) -> String {
    format!(
        "speculation: {} verify steps, {} drafted tokens proposed, {} accepted ({})",
        stats.verify_steps,
        stats.proposed,
        stats.accepted,
        acceptance_rate(stats).map_or("no proposals".into(), |r| format!("{:.1}%", r * 100.0))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_is_parsed_strictly() {
        assert_eq!(
            parse("ngram:4"),
            Ok(Ngram {
                drafts: 4,
                max_ngram: 3,
                adaptive: true
            })
        );
        assert_eq!(
            parse("ngram:15:1"),
            Ok(Ngram {
                drafts: 15,
                max_ngram: 1,
                adaptive: true
            })
        );
        for (bad, why) in [
            ("ngram:0", "K = 0"),
            ("ngram:16", "K = 16"),
            ("ngram:4:0", "N = 0"),
            ("ngram", "no K"),
            ("ngram:x", "not a whole number"),
            ("ngram:4:2:1", "more than three"),
            ("eagle:4", "not an n-gram"),
            ("ngram:-1", "not a whole number"),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(
                e.contains(why) && e.starts_with("--speculate: "),
                "{bad}: {e}"
            );
        }
    }
}
