//! Installs the default model into the cache (if it is not there yet) and
//! prints its path and a summary: `cargo run -p tilekit-model --example fetch_model`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = tilekit_model::fetch::install()?;
    println!("{}", path.display());
    let model = tilekit_model::LlamaModel::load(&path)?;
    eprintln!("{:?}", model.config);
    Ok(())
}
