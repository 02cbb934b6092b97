//! The canonical JSON form and the checksum of a progress export, identical to
//! `canon` and `checksum` in `themes/default/static/progress-tools.js`:
//!
//! - object keys sorted by their UTF-16 code units (JavaScript's default sort), no whitespace;
//! - strings escaped as `JSON.stringify` does (`\"`, `\\`, `\b \f \n \r \t`, other control
//!   characters as lower-case `\u00XX`, everything else literal);
//! - numbers as JavaScript prints them: integers without a fraction, other numbers in the
//!   shortest form that reads back to the same double, exponent form below 1e-6 and from 1e21;
//! - the checksum is `"sha256:"` + hex SHA-256 of the UTF-8 canonical form of the document
//!   without its top-level `checksum` field.
//!
//! Shared test vectors: `tests/vectors/progress-checksum.json`.

use serde_json::{Number, Value};
use sha2::{Digest, Sha256};

/// The canonical serialisation of a JSON value.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value);
    out
}

fn write(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => out.push_str(&string(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&string(key));
                out.push(':');
                write(out, &map[key]);
            }
            out.push('}');
        }
    }
}

fn string(s: &str) -> String {
    // serde_json escapes exactly the characters JSON.stringify escapes, with lower-case hex.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

const SAFE: u64 = 1 << 53;

/// A number as JavaScript's `JSON.stringify` writes it.
pub fn number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        if i.unsigned_abs() <= SAFE {
            return i.to_string();
        }
    } else if let Some(u) = n.as_u64() {
        if u <= SAFE {
            return u.to_string();
        }
    }
    js_number(n.as_f64().unwrap_or(f64::NAN))
}

/// `Number.prototype.toString` for a double (NaN and infinities become `null`, as in JSON).
pub fn js_number(f: f64) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    if f == 0.0 {
        return "0".into();
    }
    let a = f.abs();
    if (1e-6..1e21).contains(&a) {
        // Rust's Display is the shortest round-trip form, never with an exponent.
        return format!("{f}");
    }
    let s = format!("{f:e}");
    match s.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => s,
    }
}

/// `"sha256:<hex>"` over the canonical document without its top-level `checksum` field.
pub fn checksum(doc: &Value) -> String {
    let text = match doc {
        Value::Object(map) => {
            let mut content = map.clone();
            content.remove("checksum");
            canonical(&Value::Object(content))
        }
        other => canonical(other),
    };
    format!("sha256:{}", sha256_hex(&text))
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_sort_by_utf16_units_like_javascript() {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FFFF in UTF-16.
        let v = json!({"b": 1, "a": [1, "x", null, {"d": 2.5, "c": true}], "é": 1, "\u{1F600}": 2, "\u{FFFF}": 3});
        assert_eq!(
            canonical(&v),
            "{\"a\":[1,\"x\",null,{\"c\":true,\"d\":2.5}],\"b\":1,\"é\":1,\"\u{1F600}\":2,\"\u{FFFF}\":3}"
        );
    }

    #[test]
    fn numbers_print_like_javascript() {
        let cases = [
            ("80.0", "80"),
            ("-0.0", "0"),
            ("66.7", "66.7"),
            ("0.1", "0.1"),
            ("1e21", "1e+21"),
            ("1.5e-7", "1.5e-7"),
            ("0.000001", "0.000001"),
            ("123456789012", "123456789012"),
            ("9007199254740993", "9007199254740992"),
            ("1e300", "1e+300"),
        ];
        for (text, want) in cases {
            let v: Value = serde_json::from_str(text).unwrap();
            assert_eq!(canonical(&v), want, "{text}");
        }
    }

    #[test]
    fn strings_escape_like_json_stringify() {
        let v = json!("a\"b\\c\n\t\u{1}\u{1f}\u{7f}\u{2028}中");
        assert_eq!(
            canonical(&v),
            "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\u{7f}\u{2028}中\""
        );
    }

    #[test]
    fn checksum_ignores_only_the_top_level_checksum() {
        let a = json!({"x": 1, "checksum": "sha256:0", "inner": {"checksum": 1}});
        let b = json!({"inner": {"checksum": 1}, "x": 1});
        assert_eq!(checksum(&a), checksum(&b));
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
