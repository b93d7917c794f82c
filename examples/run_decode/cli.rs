//! Command-line options of `run_decode`.

use std::path::PathBuf;

pub const USAGE: &str = "\
run_decode: a paged-KV decode loop like a serving engine's, on any tilekit backend

USAGE:
  cargo run --release --example run_decode -- [OPTIONS]
  cargo run --release --example run_decode -- --inputs CASE.safetensors --output OUT.safetensors [--kernel K] [--backend B]

OPTIONS:
  --backend B      auto | interp | pjrt-cpu | pjrt-gpu | cuda | ptx-sim | ptx-sim-sm80
                                                                     [default: auto]
                   auto: CUDA if built with `--features cuda` and a GPU is present,
                   else PJRT CPU (the plugin is fetched once), else the interpreter;
                   ptx-sim: the emitted PTX (sm_90a; ptx-sim-sm80: sm_80) run by the
                   CPU simulator with race and bounds checks. It is slow, so its
                   defaults are --steps 8 --batch 4 --context 256 --check-every 4;
                   paged only (Kascade's reuse kernel uses scratch refs, which
                   the PTX backend does not lower yet)
  --kernel K       paged | kascade (simulation); paged | kascade-decode (file mode)
                                                                     [default: paged]
  --steps N        decode steps                                      [default: 32]
  --batch B        sequences                                         [default: 8]
  --context L      mean starting context length (ragged around it)   [default: 1024]
  --topk P         Kascade Top-k fraction                            [default: 0.1]
  --anchor-every N Kascade: an anchor step every N steps             [default: 4]
  --splits S       split-KV partitions for paged decode              [default: 1]
  --check-every N  compare every N-th step with the f64 reference    [default: 8]
  --seed S                                                           [default: 2026]
  --inputs FILE    file mode: read the case from a safetensors file
  --output FILE    file mode: write `o` and `lse` here
  --write-case FILE  write a file-mode input (for --kernel paged or kascade-decode) and exit
  -h, --help       this text";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackendChoice {
    Auto,
    Interp,
    PjrtCpu,
    PjrtGpu,
    Cuda,
    /// The PTX simulator for sm_90a.
    PtxSim,
    /// The PTX simulator for sm_80.
    PtxSimSm80,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelChoice {
    Paged,
    Kascade,
    KascadeDecode,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub backend: BackendChoice,
    pub kernel: KernelChoice,
    pub steps: usize,
    pub batch: usize,
    pub context: usize,
    pub topk: f64,
    pub anchor_every: usize,
    pub splits: usize,
    pub check_every: usize,
    pub seed: u64,
    pub inputs: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub write_case: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            backend: BackendChoice::Auto,
            kernel: KernelChoice::Paged,
            steps: 32,
            batch: 8,
            context: 1024,
            topk: 0.1,
            anchor_every: 4,
            splits: 1,
            check_every: 8,
            seed: 2026,
            inputs: None,
            output: None,
            write_case: None,
        }
    }
}

/// `Ok(None)` means `--help` was asked for.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Options>, String> {
    let mut o = Options::default();
    let mut args = args.into_iter();
    // Flags given on the command line, so that the simulator's small
    // defaults apply only to what the user left unset.
    let mut given = Vec::new();
    while let Some(flag) = args.next() {
        given.push(flag.clone());
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value (see --help)"))
        };
        let number = |v: String| {
            v.parse::<usize>()
                .map_err(|_| format!("{flag}: `{v}` is not a whole number"))
        };
        match flag.as_str() {
            "--backend" => {
                o.backend = match value()?.as_str() {
                    "auto" => BackendChoice::Auto,
                    "interp" => BackendChoice::Interp,
                    "pjrt-cpu" => BackendChoice::PjrtCpu,
                    "pjrt-gpu" => BackendChoice::PjrtGpu,
                    "cuda" => BackendChoice::Cuda,
                    "ptx-sim" => BackendChoice::PtxSim,
                    "ptx-sim-sm80" => BackendChoice::PtxSimSm80,
                    other => {
                        return Err(format!(
                    "--backend: unknown backend `{other}` (auto, interp, pjrt-cpu, pjrt-gpu, cuda, ptx-sim, ptx-sim-sm80)"
                ))
                    }
                }
            }
            "--kernel" => {
                o.kernel = match value()?.as_str() {
                    "paged" | "paged-decode" => KernelChoice::Paged,
                    "kascade" => KernelChoice::Kascade,
                    "kascade-decode" => KernelChoice::KascadeDecode,
                    other => {
                        return Err(format!(
                            "--kernel: unknown kernel `{other}` (paged, kascade, kascade-decode)"
                        ))
                    }
                }
            }
            "--steps" => o.steps = number(value()?)?,
            "--batch" => o.batch = number(value()?)?,
            "--context" => o.context = number(value()?)?,
            "--anchor-every" => o.anchor_every = number(value()?)?.max(1),
            "--splits" => o.splits = number(value()?)?,
            "--check-every" => o.check_every = number(value()?)?,
            "--seed" => o.seed = number(value()?)? as u64,
            "--topk" => {
                let v = value()?;
                o.topk = v
                    .parse()
                    .ok()
                    .filter(|p: &f64| *p > 0.0 && *p <= 1.0)
                    .ok_or_else(|| format!("--topk: `{v}` is not a fraction in (0, 1]"))?;
            }
            "--inputs" => o.inputs = Some(value()?.into()),
            "--output" => o.output = Some(value()?.into()),
            "--write-case" => o.write_case = Some(value()?.into()),
            other => return Err(format!("unknown option `{other}` (see --help)")),
        }
    }
    if matches!(o.backend, BackendChoice::PtxSim | BackendChoice::PtxSimSm80) {
        // The simulator runs every thread of every CTA on one core: the
        // default 8 x 1024-token workload would take many minutes.
        let unset = |f: &str| !given.iter().any(|g| g == f);
        if unset("--steps") {
            o.steps = 8;
        }
        if unset("--batch") {
            o.batch = 4;
        }
        if unset("--context") {
            o.context = 256;
        }
        if unset("--check-every") {
            o.check_every = 4;
        }
    }
    if o.inputs.is_some() != o.output.is_some() {
        return Err("file mode needs both --inputs and --output".into());
    }
    if o.inputs.is_none() && o.write_case.is_none() && o.kernel == KernelChoice::KascadeDecode {
        return Err(
            "--kernel kascade-decode is for file mode; the simulation takes --kernel kascade"
                .into(),
        );
    }
    if o.batch == 0 || o.steps == 0 {
        return Err("--batch and --steps must be at least 1".into());
    }
    Ok(Some(o))
}
