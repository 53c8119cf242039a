//! Source encodings (PEP 263): reading a Python file as text and writing it back in the
//! bytes it came in.
//!
//! A file is UTF-8 unless its first or second line declares another encoding
//! (`# -*- coding: latin-1 -*-`); it is decoded with that encoding and encoded back with
//! it, and files whose bytes do not survive the round trip are refused. CPython also
//! compiles a UTF-8 file with invalid bytes inside comments: those bytes are carried
//! through the text as private-use characters (U+F700 + byte) and written back as the
//! bytes they were; the frontend checks that they only occur in comments.

/// How a file's bytes map to its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceEncoding {
    #[default]
    Utf8,
    /// UTF-8 with invalid bytes carried as U+F700 + byte.
    Utf8Escaped,
    /// ISO-8859-1, byte for character (Python's `latin-1`).
    Latin1,
    /// Another declared encoding.
    Other(&'static encoding_rs::Encoding),
}

/// The first private-use character that stands for an invalid byte (`ESCAPE + byte`).
pub const ESCAPE: u32 = 0xF700;

/// Why a file could not be read as text: the byte offset and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub offset: usize,
    pub message: String,
}

/// The encoding a PEP 263 declaration in the first two lines names (lowercase), if any.
pub fn declared(bytes: &[u8]) -> Option<String> {
    for line in bytes.split(|&b| b == b'\n').take(2) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = std::str::from_utf8(line).ok()?;
        let trimmed = text.trim_start_matches([' ', '\t', '\x0c']);
        if !trimmed.starts_with('#') {
            // The first line may be code only if the declaration is on the second.
            continue;
        }
        if let Some(at) = trimmed.find("coding") {
            let rest = &trimmed[at + "coding".len()..];
            if let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) {
                let name: String = rest
                    .trim_start_matches([' ', '\t'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .collect();
                if !name.is_empty() {
                    return Some(name.to_ascii_lowercase().replace('_', "-"));
                }
            }
        }
    }
    None
}

/// Decode a Python source file's bytes (a UTF-8 byte-order mark is kept in the text).
pub fn decode(bytes: Vec<u8>) -> Result<(String, SourceEncoding), DecodeError> {
    let name = declared(&bytes);
    match name.as_deref() {
        None | Some("utf-8" | "utf8" | "utf-8-sig") => decode_utf8(bytes),
        Some("latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "iso-latin-1") => Ok((
            bytes.iter().map(|&b| char::from(b)).collect(),
            SourceEncoding::Latin1,
        )),
        Some(other) => {
            let Some(enc) = encoding_rs::Encoding::for_label(other.as_bytes()) else {
                return Err(DecodeError {
                    offset: 0,
                    message: format!("unsupported source encoding `{other}`"),
                });
            };
            if enc == encoding_rs::UTF_8 {
                return decode_utf8(bytes);
            }
            let Some(text) = enc.decode_without_bom_handling_and_without_replacement(&bytes) else {
                return Err(DecodeError {
                    offset: 0,
                    message: format!("not valid {}", enc.name()),
                });
            };
            let text = text.into_owned();
            let encoding = SourceEncoding::Other(enc);
            if encode(&text, encoding).as_deref() != Some(&bytes[..]) {
                return Err(DecodeError {
                    offset: 0,
                    message: format!(
                        "{} text that would not be written back byte for byte",
                        enc.name()
                    ),
                });
            }
            Ok((text, encoding))
        }
    }
}

fn decode_utf8(bytes: Vec<u8>) -> Result<(String, SourceEncoding), DecodeError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, SourceEncoding::Utf8)),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut out = String::with_capacity(bytes.len());
            let mut rest = &bytes[..];
            let mut escaped = 0;
            let mut first_bad = None;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(err) => {
                        let (valid, after) = rest.split_at(err.valid_up_to());
                        out.push_str(std::str::from_utf8(valid).expect("valid prefix"));
                        first_bad.get_or_insert(bytes.len() - after.len());
                        let bad = err.error_len().unwrap_or(after.len());
                        for &b in &after[..bad] {
                            out.push(char::from_u32(ESCAPE + u32::from(b)).expect("private use"));
                            escaped += 1;
                        }
                        rest = &after[bad..];
                    }
                }
            }
            // A file that already holds these characters could not be told apart.
            if out.chars().filter(|&c| is_escaped_byte(c)).count() != escaped {
                return Err(DecodeError {
                    offset: first_bad.unwrap_or(0),
                    message: "not valid UTF-8".into(),
                });
            }
            Ok((out, SourceEncoding::Utf8Escaped))
        }
    }
}

/// The bytes of `text` in `encoding`; `None` when a character has no encoding there.
pub fn encode(text: &str, encoding: SourceEncoding) -> Option<Vec<u8>> {
    match encoding {
        SourceEncoding::Utf8 => Some(text.as_bytes().to_vec()),
        SourceEncoding::Utf8Escaped => {
            let mut out = Vec::with_capacity(text.len());
            let mut buf = [0u8; 4];
            for c in text.chars() {
                let u = u32::from(c);
                if (ESCAPE..ESCAPE + 256).contains(&u) {
                    out.push((u - ESCAPE) as u8);
                } else {
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
            Some(out)
        }
        SourceEncoding::Latin1 => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect(),
        SourceEncoding::Other(enc) => {
            let (bytes, _, unmappable) = enc.encode(text);
            (!unmappable).then(|| bytes.into_owned())
        }
    }
}

/// Whether a character stands for an invalid UTF-8 byte.
pub fn is_escaped_byte(c: char) -> bool {
    (ESCAPE..ESCAPE + 256).contains(&u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_round_trips_and_is_declared_on_the_second_line() {
        let bytes =
            b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n".to_vec();
        let (text, enc) = decode(bytes.clone()).unwrap();
        assert_eq!(enc, SourceEncoding::Latin1);
        assert!(text.contains("'\u{e9}t\u{e9}'"));
        assert_eq!(encode(&text, enc).unwrap(), bytes);
    }

    #[test]
    fn invalid_utf8_bytes_are_carried_through() {
        let bytes = b"x = 1  # caf\xe9 \xff\n".to_vec();
        let (text, enc) = decode(bytes.clone()).unwrap();
        assert_eq!(enc, SourceEncoding::Utf8Escaped);
        assert_eq!(text.chars().filter(|&c| is_escaped_byte(c)).count(), 2);
        assert_eq!(encode(&text, enc).unwrap(), bytes);
    }

    #[test]
    fn other_declared_encodings_use_encoding_rs_and_must_round_trip() {
        let bytes = "# coding: koi8-r\ns = 'привет'\n".to_string();
        let (koi, _, _) = encoding_rs::KOI8_R.encode(&bytes);
        let (text, enc) = decode(koi.to_vec()).unwrap();
        assert_eq!(text, bytes);
        assert_eq!(encode(&text, enc).unwrap(), koi.to_vec());
        let err = decode(b"# coding: klingon\n".to_vec()).unwrap_err();
        assert!(
            err.message
                .contains("unsupported source encoding `klingon`")
        );
    }

    #[test]
    fn utf8_stays_utf8_and_a_declaration_must_be_in_a_comment() {
        let (_, enc) = decode("s = 'é'\n".as_bytes().to_vec()).unwrap();
        assert_eq!(enc, SourceEncoding::Utf8);
        assert_eq!(declared(b"x = 'coding: latin-1'\n"), None);
        assert_eq!(
            declared(b"# vim: set fileencoding=cp1252 :\n"),
            Some("cp1252".into())
        );
    }
}
