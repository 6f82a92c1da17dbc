//! Free-form user data (the `extra:` maps of site.yaml and front matter), independent of the
//! YAML library so that serde_yaml stays inside the config and front-matter modules.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A YAML-like value, as templates see it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Data {
    /// `~` or nothing.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text.
    String(String),
    /// A sequence.
    List(Vec<Data>),
    /// A mapping, ordered by key so that output is reproducible.
    Map(BTreeMap<String, Data>),
}

impl Data {
    /// An empty map.
    pub(crate) fn empty_map() -> Self {
        Data::Map(BTreeMap::new())
    }

    /// Every string inside, in order, with the key path that leads to it (for text checks).
    pub(crate) fn strings(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_strings(&mut out);
        out
    }

    fn collect_strings<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Data::String(s) => out.push(s),
            Data::List(items) => items.iter().for_each(|d| d.collect_strings(out)),
            Data::Map(map) => map.iter().for_each(|(k, v)| {
                out.push(k);
                v.collect_strings(out);
            }),
            _ => {}
        }
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Data::Null => s.serialize_unit(),
            Data::Bool(b) => s.serialize_bool(*b),
            Data::Int(i) => s.serialize_i64(*i),
            Data::Float(f) => s.serialize_f64(*f),
            Data::String(t) => s.serialize_str(t),
            Data::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Data::Map(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}
