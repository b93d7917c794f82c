//! The tokenizer and chat template on the real model's vocabulary.

mod common;

use tilekit_model::{ChatMessage, ChatTemplate, StreamDecoder, Tokenizer};

fn tokenizer() -> Tokenizer {
    Tokenizer::from_metadata(common::real().metadata()).unwrap()
}

/// Ids from an independent implementation (HF `tokenizers`, see
/// `data/tokenizer_cases.py`): unicode, whitespace runs, digits, code.
#[test]
fn ids_match_the_reference() {
    let t = tokenizer();
    let cases: Vec<(String, Vec<u32>)> =
        serde_json::from_str(include_str!("data/tokenizer_cases.json")).unwrap();
    assert!(cases.len() >= 20);
    let mut failed = Vec::new();
    for (text, want) in &cases {
        // The reference matches added tokens always; ours only when asked.
        let got = if text.contains("<|im_") {
            t.encode_special(text)
        } else {
            t.encode(text)
        };
        if &got != want {
            failed.push(format!("{text:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} differ:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}

#[test]
fn known_ids() {
    let t = tokenizer();
    assert_eq!(t.encode("Hello world"), [19556, 905]);
    assert_eq!(
        t.encode("Hello world! 123"),
        [19556, 905, 17, 216, 33, 34, 35]
    );
    assert_eq!(
        t.encode("Café déjà vu."),
        [51, 1939, 2756, 32564, 90, 16739, 386, 101, 30]
    );
    assert_eq!(t.encode("  multiple   spaces"), [216, 2701, 256, 5600]);
    assert_eq!(t.encode("\n"), [198]);
    assert_eq!(
        t.encode(""),
        Vec::<u32>::new(),
        "an empty prompt is no tokens"
    );
    assert_eq!((t.bos(), t.eos(), t.add_bos()), (Some(1), Some(2), false));
    assert_eq!(t.encode_with("x", true, false)[0], 1);
    // Digits are always single tokens (the smollm pre-tokenizer).
    assert_eq!(t.encode("2024").len(), 4);
}

#[test]
fn special_tokens_only_when_asked() {
    let t = tokenizer();
    let text = "<|im_start|>user\nHi<|im_end|>\n";
    let ids = t.encode_special(text);
    assert_eq!(ids[0], 1);
    assert_eq!(ids[ids.len() - 2], 2);
    assert_eq!(t.token_id("<|im_end|>"), Some(2));
    let plain = t.encode(text);
    assert!(!plain.contains(&1) && !plain.contains(&2), "{plain:?}");
    assert_eq!(t.decode(&ids).unwrap(), text);
    assert_eq!(t.decode(&plain).unwrap(), text);
    assert_eq!(t.decode_with(&ids, true).unwrap(), "user\nHi\n");
}

#[test]
fn round_trips() {
    let t = tokenizer();
    for text in [
        "The quick brown fox jumps over the lazy dog.",
        "  two leading, three trailing   ",
        "\t\ttabs\r\n\r\nand CRLF\n\n\n",
        "numbers 0 007 3.14159 1e-10 -42 ½ ٣",
        "fn main() {\n    let x: Vec<u8> = vec![1, 2, 3];\n}\n",
        "héllo wörld — “quotes” ‘and’ … ellipsis",
        "日本語のテキスト, 中文, 한국어",
        "emoji 🎉👩‍💻🏳️‍🌈 and combining e\u{301}",
        "\u{0}\u{1}\u{7f} control bytes",
        "<|im_start|> as text",
    ] {
        let ids = t.encode(text);
        assert_eq!(t.decode(&ids).unwrap(), text);
        // Streaming gives the same text, and only whole characters.
        let mut s = StreamDecoder::new();
        let mut streamed = String::new();
        for &id in &ids {
            streamed.push_str(&s.push(&t, id).unwrap());
        }
        streamed.push_str(&s.finish());
        assert_eq!(streamed, text);
    }
}

#[test]
fn stream_holds_partial_characters() {
    let t = tokenizer();
    // '🎉' is four bytes; byte-level tokens split it.
    let ids = t.encode("🎉");
    assert!(ids.len() > 1, "{ids:?}");
    let mut s = StreamDecoder::new();
    let parts: Vec<String> = ids.iter().map(|&id| s.push(&t, id).unwrap()).collect();
    assert!(
        parts[..parts.len() - 1].iter().all(|p| p.is_empty()),
        "{parts:?}"
    );
    assert_eq!(parts.last().unwrap(), "🎉");
}

#[test]
fn unknown_ids_are_errors() {
    let t = tokenizer();
    assert!(t.decode(&[49152]).is_err());
    assert!(StreamDecoder::new().push(&t, u32::MAX).is_err());
}

#[test]
fn chat_template() {
    let c = ChatTemplate::from_metadata(common::real().metadata()).unwrap();
    let text = c
        .render(&[ChatMessage::new("user", "What is 2+2?")], true)
        .unwrap();
    assert_eq!(
        text,
        "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n\
         <|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n"
    );
    let with_system = c
        .render(
            &[
                ChatMessage::new("system", "Be brief."),
                ChatMessage::new("user", "Hi"),
            ],
            false,
        )
        .unwrap();
    assert_eq!(
        with_system,
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
    );
    assert_eq!(c.render(&[], true).unwrap(), "<|im_start|>assistant\n");
    let ids = tokenizer().encode_special(&text);
    assert_eq!(ids.iter().filter(|&&i| i == 1).count(), 3);
}

#[test]
fn template_errors_are_errors() {
    assert!(ChatTemplate::new("{% for %}", "", "").is_err());
    let t = ChatTemplate::new("{{ raise_exception('no system role') }}", "", "").unwrap();
    let e = t.render(&[], false).unwrap_err().to_string();
    assert!(e.contains("no system role"), "{e}");
    // Python string methods through minijinja-contrib.
    let t = ChatTemplate::new("{{ messages[0]['content'].strip() }}", "", "").unwrap();
    assert_eq!(
        t.render(&[ChatMessage::new("user", "  x ")], false)
            .unwrap(),
        "x"
    );
}
