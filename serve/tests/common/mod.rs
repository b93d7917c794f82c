//! What the serve tests share: the real model (loaded once per test
//! binary) and the PJRT CPU backend.

use std::sync::OnceLock;
use tilekit_model::{fetch, LlamaModel};
use tilekit_pjrt::PjrtBackend;

pub fn model() -> &'static LlamaModel {
    static MODEL: OnceLock<LlamaModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = fetch::model_path().unwrap_or_else(|e| panic!("{e}"));
        LlamaModel::load(&path).unwrap()
    })
}

pub fn pjrt() -> &'static PjrtBackend {
    static BACKEND: OnceLock<PjrtBackend> = OnceLock::new();
    BACKEND.get_or_init(|| {
        PjrtBackend::default_plugin()
            .unwrap_or_else(|e| panic!("these tests need the PJRT CPU plugin: {e}"))
    })
}
