//! Token ids of text, for comparing with other tokenizers: each line of
//! stdin is a JSON string; each output line is the JSON array of its ids
//! (`--special`: control tokens written in the text are matched).
//! `cargo run -p tilekit-model --example tokenize [-- --special] [--model PATH]`

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let special = args.iter().any(|a| a == "--special");
    let path = match args.iter().position(|a| a == "--model") {
        Some(i) => args.get(i + 1).ok_or("--model needs a path")?.into(),
        None => tilekit_model::fetch::model_path()?,
    };
    let gguf = tilekit_model::Gguf::read(&path)?;
    let t = tilekit_model::Tokenizer::from_metadata(gguf.metadata())?;
    for line in std::io::stdin().lock().lines() {
        let text: String = serde_json::from_str(&line?)?;
        let ids = if special {
            t.encode_special(&text)
        } else {
            t.encode(&text)
        };
        println!("{}", serde_json::to_string(&ids)?);
    }
    Ok(())
}
