//! The benchmark's decode inputs, shared with `benchmarks/anchors.py`
//! through safetensors files.
//!
//! A cache of `NB` pages holds chunk page `p mod C` at page `p` (see the
//! module doc of [`super`]); the chunk is [`CHUNK_BYTES`] of random bf16
//! per K and V, so building a 34 GB cache costs one 64 MB upload and device
//! copies, and the Python side rebuilds the same cache from the same file.
//! Tables give each sequence distinct, shuffled pages.

use super::{DecodeCase, HEAD_DIM, HKV, HQ, KASCADE_SEL};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tilekit_core::tensor::{write_safetensors, TensorError};
use tilekit_core::{DType, HostTensor};
use tilekit_kernels::reference::{self, AttnOut};
use tilekit_kernels::testdata::{random_tensor, Rng};

/// About this many bytes of K (and of V) are random; the rest repeats them.
pub const CHUNK_BYTES: usize = 64 << 20;

/// Why inputs could not be built or saved.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("benchmark inputs {case}: {source}")]
    Tensor {
        case: String,
        #[source]
        source: TensorError,
    },
    #[error("benchmark inputs {case}: reference: {detail}")]
    Reference { case: String, detail: String },
}

/// The inputs of one decode case.
pub struct DecodeInputs {
    pub case: DecodeCase,
    /// `[C, BS, Hkv, D]` bf16: the random pages the cache repeats.
    pub k_chunk: HostTensor,
    pub v_chunk: HostTensor,
    /// `[B, Hq, D]` bf16.
    pub q: HostTensor,
    /// `[B, MB]` i32, each sequence's pages distinct and shuffled.
    pub block_tables: HostTensor,
    /// `[B]` i32, all `L`.
    pub context_lens: HostTensor,
    /// Kascade's selection: `[B, Hkv, Kmax]` i32 distinct blocks of
    /// [`KASCADE_SEL`] tokens, `n_sel [B]` (all Kmax), `head_map [Hkv]`
    /// (identity).
    pub block_idx: HostTensor,
    pub n_sel: HostTensor,
    pub head_map: HostTensor,
}

/// Pages in the random chunk for a page size (at least 1, at most `NB`).
pub fn chunk_pages(case: &DecodeCase) -> usize {
    (CHUNK_BYTES / case.page_bytes()).clamp(1, case.num_blocks())
}

fn i32s(shape: &[usize], v: Vec<i32>) -> HostTensor {
    HostTensor::from_i32(shape, v).expect("element count matches shape")
}

impl DecodeInputs {
    /// Builds the inputs for `case` from `seed` (the chunk depends only on
    /// the page size and seed, so cases of one page size share it).
    pub fn build(case: DecodeCase, seed: u64) -> DecodeInputs {
        let c = chunk_pages(&case);
        let page = [case.block_size, HKV, HEAD_DIM];
        let mut chunk_rng = Rng::new(seed ^ case.block_size as u64);
        let shape = [c, page[0], page[1], page[2]];
        let k_chunk = random_tensor(&mut chunk_rng, DType::Bf16, &shape, 1.0);
        let v_chunk = random_tensor(&mut chunk_rng, DType::Bf16, &shape, 1.0);
        let mut rng = Rng::new(seed.wrapping_mul(31).wrapping_add(case.batch as u64));
        let q = random_tensor(&mut rng, DType::Bf16, &[case.batch, HQ, HEAD_DIM], 1.0);
        let mb = case.pages_per_seq();
        // Pages 0 .. B·MB shuffled (the last page of the cache is a spare).
        let mut pages: Vec<i32> = (0..(case.batch * mb) as i32).collect();
        rng.shuffle(&mut pages);
        let block_tables = i32s(&[case.batch, mb], pages);
        let context_lens = i32s(&[case.batch], vec![case.context as i32; case.batch]);
        let blocks = case.context.div_ceil(KASCADE_SEL);
        let kmax = (case.kascade_tokens() / KASCADE_SEL).min(blocks);
        let mut idx = Vec::with_capacity(case.batch * HKV * kmax);
        let mut all: Vec<i32> = (0..blocks as i32).collect();
        for _ in 0..case.batch * HKV {
            // A partial Fisher–Yates: the first kmax entries are a random
            // selection of distinct blocks, in random order.
            for i in 0..kmax {
                let j = i + rng.below(blocks - i);
                all.swap(i, j);
            }
            idx.extend_from_slice(&all[..kmax]);
        }
        DecodeInputs {
            case,
            k_chunk,
            v_chunk,
            q,
            block_tables,
            context_lens,
            block_idx: i32s(&[case.batch, HKV, kmax], idx),
            n_sel: i32s(&[case.batch], vec![kmax as i32; case.batch]),
            head_map: i32s(&[HKV], (0..HKV as i32).collect()),
        }
    }

    /// The file [`save`](Self::save) writes for this case in `dir`.
    pub fn case_file(&self, dir: &Path) -> PathBuf {
        dir.join(format!("decode_{}.safetensors", self.case.name()))
    }

    /// The file holding the chunk for this page size in `dir`.
    pub fn chunk_file(&self, dir: &Path) -> PathBuf {
        dir.join(format!("chunk_BS{}.safetensors", self.case.block_size))
    }

    /// Writes the case's tensors and (once per page size) the chunk.
    pub fn save(&self, dir: &Path) -> Result<(), InputError> {
        let err = |source| InputError::Tensor {
            case: self.case.name(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| {
            err(TensorError::File {
                path: dir.display().to_string(),
                message: e.to_string(),
            })
        })?;
        let chunk = self.chunk_file(dir);
        if !chunk.is_file() {
            let t = BTreeMap::from([
                ("k_chunk".to_string(), self.k_chunk.clone()),
                ("v_chunk".to_string(), self.v_chunk.clone()),
            ]);
            write_safetensors(&chunk, &t).map_err(err)?;
        }
        let t = BTreeMap::from([
            ("q".to_string(), self.q.clone()),
            ("block_tables".to_string(), self.block_tables.clone()),
            ("context_lens".to_string(), self.context_lens.clone()),
            ("block_idx".to_string(), self.block_idx.clone()),
            ("n_sel".to_string(), self.n_sel.clone()),
            ("head_map".to_string(), self.head_map.clone()),
        ]);
        write_safetensors(&self.case_file(dir), &t).map_err(err)
    }

    /// The f64 reference of dense decode for sequence 0 (all query heads):
    /// its table entries folded onto the chunk (`p mod C`), exactly what
    /// the device cache holds there. `o: [1, Hq, D]`, `lse: [1, Hq]`.
    pub fn reference_seq0(&self, scale: f64) -> Result<AttnOut, InputError> {
        let c = self.k_chunk.shape()[0] as i32;
        let mb = self.block_tables.shape()[1];
        let tables = self.block_tables.as_i32().unwrap_or(&[]);
        let row: Vec<i32> = tables[..mb].iter().map(|&p| p % c).collect();
        let q0 = HostTensor::from_f32(
            DType::Bf16,
            &[1, HQ, HEAD_DIM],
            &self.q.to_f32_vec()[..HQ * HEAD_DIM],
        )
        .map_err(|source| InputError::Tensor {
            case: self.case.name(),
            source,
        })?;
        reference::paged_decode(
            &q0,
            &self.k_chunk,
            &self.v_chunk,
            &i32s(&[1, mb], row),
            &i32s(&[1], vec![self.case.context as i32]),
            scale,
        )
        .map_err(|e| InputError::Reference {
            case: self.case.name(),
            detail: e.to_string(),
        })
    }

    /// The K (or V) cache as it lies on the device, built on the host: only
    /// for small cases (tests, and PJRT rows, which take host tensors).
    pub fn full_cache(&self, which: &HostTensor) -> HostTensor {
        let nb = self.case.num_blocks();
        let page = which.len() / which.shape()[0];
        let vals = which.to_f32_vec();
        let mut out = Vec::with_capacity(nb * page);
        let c = which.shape()[0];
        for p in 0..nb {
            let src = (p % c) * page;
            out.extend_from_slice(&vals[src..src + page]);
        }
        let mut shape = which.shape().to_vec();
        shape[0] = nb;
        HostTensor::from_f32(DType::Bf16, &shape, &out).expect("element count matches shape")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tilekit_kernels::reference::{compare, Tolerance};
    use tilekit_kernels::{paged_decode, PagedDecodeConfig, PagedDecodeInputs};

    fn small() -> DecodeInputs {
        DecodeInputs::build(
            DecodeCase {
                batch: 2,
                context: 300,
                block_size: 16,
            },
            5,
        )
    }

    #[test]
    fn tables_are_distinct_pages_and_selections_distinct_blocks() {
        let d = small();
        let mut pages = d.block_tables.as_i32().unwrap().to_vec();
        assert_eq!(pages.len(), 2 * 19);
        pages.sort_unstable();
        pages.dedup();
        assert_eq!(pages.len(), 2 * 19, "no page used twice");
        assert!(pages.iter().all(|&p| (0..2 * 19).contains(&p)));
        // 300 tokens: budget 128 → 8 blocks of 16 out of 19.
        assert_eq!(d.block_idx.shape(), &[2, HKV, 8]);
        for row in d.block_idx.as_i32().unwrap().chunks(8) {
            let mut r = row.to_vec();
            r.sort_unstable();
            r.dedup();
            assert_eq!(r.len(), 8);
            assert!(r.iter().all(|&b| (0..19).contains(&b)));
        }
        assert_eq!(d.n_sel.as_i32().unwrap(), &[8, 8]);
    }

    #[test]
    fn the_sequence_0_reference_matches_tilekit_on_the_full_cache() {
        // The folded-table reference must agree with tilekit run on the
        // cache as the device holds it (chunk repeated), which is what the
        // GPU run checks its output against.
        let d = small();
        let k = d.full_cache(&d.k_chunk);
        let v = d.full_cache(&d.v_chunk);
        assert_eq!(k.shape(), &[2 * 19 + 1, 16, HKV, HEAD_DIM]);
        let inputs = PagedDecodeInputs {
            q: &d.q,
            k_cache: &k,
            v_cache: &v,
            block_tables: &d.block_tables,
            context_lens: &d.context_lens,
        };
        let out = paged_decode(
            &tilekit_core::Interpreter,
            &inputs,
            &PagedDecodeConfig::default(),
        )
        .unwrap();
        let scale = 1.0 / (HEAD_DIM as f64).sqrt();
        let want = d.reference_seq0(scale).unwrap();
        let o0 = HostTensor::from_f32(
            DType::F32,
            &[1, HQ, HEAD_DIM],
            &out.o.to_f32_vec()[..HQ * HEAD_DIM],
        )
        .unwrap();
        compare("o", &o0, &want.o, Tolerance::for_dtype(DType::Bf16)).unwrap();
    }

    #[test]
    fn inputs_save_as_safetensors() {
        let d = small();
        let dir = std::env::temp_dir().join(format!("tilekit-bench-in-{}", std::process::id()));
        d.save(&dir).unwrap();
        let case = tilekit_core::tensor::read_safetensors(&d.case_file(&dir)).unwrap();
        assert_eq!(case["block_tables"], d.block_tables);
        assert_eq!(case["q"].dtype(), DType::Bf16);
        let chunk = tilekit_core::tensor::read_safetensors(&d.chunk_file(&dir)).unwrap();
        assert_eq!(chunk["k_chunk"].shape(), &[39, 16, HKV, HEAD_DIM]);
        let _ = std::fs::remove_dir_all(dir);
    }
}
