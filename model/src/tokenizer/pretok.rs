//! The pre-tokenizer: splits text into the words BPE runs on, as
//! llama.cpp does for `tokenizer.ggml.pre = smollm` (and the other
//! GPT-2-style names).
//!
//! llama.cpp gives `smollm` two expressions applied one after the other:
//! `\p{N}` (every number character becomes a word of its own), then
//! GPT-2's
//! `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`,
//! which llama.cpp runs through a hand-written matcher
//! (`unicode_regex_split_custom_gpt2`) within each piece the first split
//! left. This is that matcher, rule for rule, so that pieces end where
//! llama.cpp's do: a whitespace run at the end of a piece (before a digit,
//! say) is one word, a run before other text leaves its last space to the
//! next word. Classes: `\p{L}` and `\p{N}` are Unicode general categories
//! L* and N*; `\s` is the White_Space property (`char::is_whitespace`,
//! the same set as llama.cpp's table).

use unicode_general_category::{get_general_category, GeneralCategory as G};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Number,
    Space,
    Other,
}

fn class(c: char) -> Class {
    if c.is_whitespace() {
        return Class::Space;
    }
    match get_general_category(c) {
        G::UppercaseLetter
        | G::LowercaseLetter
        | G::TitlecaseLetter
        | G::ModifierLetter
        | G::OtherLetter => Class::Letter,
        G::DecimalNumber | G::LetterNumber | G::OtherNumber => Class::Number,
        _ => Class::Other,
    }
}

/// Splits `text` into words. `split_digits` adds the `\p{N}` pass before
/// GPT-2's expression.
pub(crate) fn split(text: &str, split_digits: bool) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    if split_digits {
        for i in 0..chars.len() {
            if class(chars[i].1) == Class::Number {
                gpt2(text, &chars, start, i, &mut out);
                gpt2(text, &chars, i, i + 1, &mut out);
                start = i + 1;
            }
        }
    }
    gpt2(text, &chars, start, chars.len(), &mut out);
    out
}

/// GPT-2's expression over the characters `ini..end` of `chars`, as
/// llama.cpp's custom matcher: positions past `end` match nothing.
fn gpt2<'a>(
    text: &'a str,
    chars: &[(usize, char)],
    ini: usize,
    end: usize,
    out: &mut Vec<&'a str>,
) {
    let at = |p: usize| (p < end).then(|| chars[p].1);
    let cls = |p: usize| at(p).map(class);
    let byte = |p: usize| chars.get(p).map_or(text.len(), |c| c.0);
    let mut prev = ini;
    let mut emit = |to: usize, out: &mut Vec<&'a str>| {
        if to > prev {
            out.push(&text[byte(prev)..byte(to)]);
        }
        prev = to;
    };
    let mut pos = ini;
    while pos < end {
        let c = chars[pos].1;
        // 's|'t|'re|'ve|'m|'ll|'d (case-sensitive, as in GPT-2)
        if c == '\'' {
            match (at(pos + 1), at(pos + 2)) {
                (Some('s' | 't' | 'm' | 'd'), _) => {
                    pos += 2;
                    emit(pos, out);
                    continue;
                }
                (Some('r'), Some('e')) | (Some('v'), Some('e')) | (Some('l'), Some('l')) => {
                    pos += 3;
                    emit(pos, out);
                    continue;
                }
                _ => {}
            }
        }
        // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+': an optional space,
        // then a run of one class.
        let first = if c == ' ' { pos + 1 } else { pos };
        if let Some(k @ (Class::Letter | Class::Number | Class::Other)) = cls(first) {
            pos = first;
            while cls(pos) == Some(k) {
                pos += 1;
            }
            emit(pos, out);
            continue;
        }
        let spaces = (pos..end)
            .take_while(|&p| cls(p) == Some(Class::Space))
            .count();
        // '\s+(?!\S)': a run followed by more text leaves its last space
        // to start the next word.
        if spaces > 1 && pos + spaces < end {
            pos += spaces - 1;
            emit(pos, out);
            continue;
        }
        // '\s+'
        if spaces > 0 {
            pos += spaces;
            emit(pos, out);
            continue;
        }
        pos += 1;
        emit(pos, out);
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn words() {
        assert_eq!(split("Hello world", true), ["Hello", " world"]);
        assert_eq!(split("I'm here's", true), ["I", "'m", " here", "'s"]);
        assert_eq!(split("a   b", true), ["a", "  ", " b"]);
        assert_eq!(split("a   ", true), ["a", "   "]);
        assert_eq!(split("x = 12;", true), ["x", " =", " ", "1", "2", ";"]);
        assert_eq!(split("x = 12;", false), ["x", " =", " 12", ";"]);
        assert_eq!(split("a  1", true), ["a", "  ", "1"]);
        assert_eq!(
            split("\n\nfn main()", true),
            ["\n", "\n", "fn", " main", "()"]
        );
        assert_eq!(split("héllo wörld ß", true), ["héllo", " wörld", " ß"]);
        assert_eq!(split("", true), Vec::<&str>::new());
    }
}
