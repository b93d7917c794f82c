//! Chat prompts: the GGUF's `tokenizer.chat_template` (Jinja, written for
//! HF's transformers) rendered with `minijinja`, the maintained Jinja
//! engine for Rust, plus `minijinja-contrib`'s Python string methods
//! (`.strip()`, `.startswith()`, ...) that such templates call.
//!
//! The context is what transformers gives a template: `messages` (a list
//! of `{role, content}`), `add_generation_prompt`, `bos_token`,
//! `eos_token`, and a `raise_exception(message)` function, whose message
//! becomes the error.

use crate::error::{ModelError, Result};
use crate::gguf::Metadata;
use minijinja::{context, Environment, Error, ErrorKind};

/// One message of a conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

impl ChatMessage {
    pub fn new(role: &str, content: &str) -> ChatMessage {
        ChatMessage {
            role: role.to_string(),
            content: content.to_string(),
        }
    }
}

/// A compiled chat template.
pub struct ChatTemplate {
    env: Environment<'static>,
    bos_token: String,
    eos_token: String,
}

impl std::fmt::Debug for ChatTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatTemplate").finish_non_exhaustive()
    }
}

impl ChatTemplate {
    /// Compiles `source`; `bos_token` and `eos_token` are the texts the
    /// template may refer to.
    pub fn new(source: &str, bos_token: &str, eos_token: &str) -> Result<ChatTemplate> {
        let mut env = Environment::new();
        env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
        env.add_function("raise_exception", |msg: String| -> Result<String, Error> {
            Err(Error::new(ErrorKind::InvalidOperation, msg))
        });
        env.add_template_owned("chat", source.to_string())
            .map_err(|e| ModelError::Template(format!("{e:#}")))?;
        Ok(ChatTemplate {
            env,
            bos_token: bos_token.to_string(),
            eos_token: eos_token.to_string(),
        })
    }

    /// The template of a GGUF (`tokenizer.chat_template`), with its BOS
    /// and EOS token texts.
    pub fn from_metadata(m: &Metadata) -> Result<ChatTemplate> {
        let source = m.str("tokenizer.chat_template")?;
        let tokens = m.strings("tokenizer.ggml.tokens")?;
        let text = |key: &str| -> String {
            m.u64(key)
                .ok()
                .and_then(|id| tokens.get(usize::try_from(id).ok()?))
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        ChatTemplate::new(
            source,
            &text("tokenizer.ggml.bos_token_id"),
            &text("tokenizer.ggml.eos_token_id"),
        )
    }

    /// Renders `messages`; with `add_generation_prompt` the text ends where
    /// the assistant's reply begins.
    pub fn render(&self, messages: &[ChatMessage], add_generation_prompt: bool) -> Result<String> {
        let messages: Vec<_> = messages
            .iter()
            .map(|m| context! { role => m.role, content => m.content })
            .collect();
        let template = self
            .env
            .get_template("chat")
            .map_err(|e| ModelError::Template(format!("{e:#}")))?;
        template
            .render(context! {
                messages,
                add_generation_prompt,
                bos_token => self.bos_token,
                eos_token => self.eos_token,
            })
            .map_err(|e| ModelError::Template(format!("{e:#}")))
    }
}
