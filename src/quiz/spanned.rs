//! A TOML value that keeps the byte span of every key and value, so each
//! validation error can point at the exact place in the quiz block.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use toml::Spanned;

pub(crate) type Node = Spanned<Val>;
pub(crate) type Key = Spanned<String>;

#[derive(Debug)]
pub(crate) enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(Vec<Node>),
    /// Entries in source order.
    Table(Vec<(Key, Node)>),
}

impl Val {
    /// What the value is, in words, for "must be …, not …" messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Val::Str(_) => "text",
            Val::Int(_) => "a whole number",
            Val::Float(_) => "a number",
            Val::Bool(_) => "true/false",
            Val::Array(_) => "a list",
            Val::Table(_) => "a table",
        }
    }
}

impl<'de> Deserialize<'de> for Val {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Val, D::Error> {
        struct Vis;
        impl<'de> Visitor<'de> for Vis {
            type Value = Val;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a TOML value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Val, E> {
                Ok(Val::Str(s.to_string()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Val, E> {
                Ok(Val::Str(s))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Val, E> {
                Ok(Val::Int(n))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Val, E> {
                Ok(Val::Int(i64::try_from(n).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Val, E> {
                Ok(Val::Float(n))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Val, E> {
                Ok(Val::Bool(b))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Val::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Key>()? {
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(Val::Table(entries))
            }
        }
        d.deserialize_any(Vis)
    }
}
