//! GPT-2's byte-level alphabet: each of the 256 byte values stands for one
//! printable character, so any byte string is a string of vocabulary
//! characters (a space is `Ġ`, a newline `Ċ`).

/// The character that stands for byte `b`.
pub(crate) fn byte_to_char(b: u8) -> char {
    BYTE_TO_CHAR.with(|t| t[b as usize])
}

/// Bytes GPT-2 keeps as their own Latin-1 character.
fn printable(b: u8) -> bool {
    matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF)
}

thread_local! {
    static BYTE_TO_CHAR: [char; 256] = {
        let mut t = ['\0'; 256];
        let mut next = 256u32;
        for b in 0..=255u8 {
            t[b as usize] = if printable(b) {
                b as char
            } else {
                let c = char::from_u32(next).unwrap_or('\u{FFFD}');
                next += 1;
                c
            };
        }
        t
    };
}

/// The inverse table, for decoding every token once when the tokenizer is
/// built: index by `char as u32` (all 256 characters are below 324).
pub(crate) fn char_to_byte_table() -> Vec<Option<u8>> {
    let mut t = vec![None; 324];
    for b in 0..=255u8 {
        t[byte_to_char(b) as usize] = Some(b);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bijection() {
        for b in 0..=255u8 {
            assert_eq!(char_to_byte_table()[byte_to_char(b) as usize], Some(b));
        }
        assert_eq!(byte_to_char(b' '), 'Ġ');
        assert_eq!(byte_to_char(b'\n'), 'Ċ');
        assert_eq!(char_to_byte_table()['Ġ' as usize], Some(b' '));
    }
}
