//! `attachments:` of site.yaml: which document properties the site publishes on purpose, and
//! what the build does with GPS positions and owners' names in images.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::text::yaml_index::YamlIndex;

/// `attachments:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAttachments {
    #[serde(default)]
    allowed_properties: Vec<String>,
    #[serde(default)]
    exif: Option<String>,
}

/// `attachments:` of site.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AttachmentOptions {
    /// Document properties the site publishes on purpose: `author`, `last_modified_by`,
    /// `company`, `manager` (an attachment whose other such properties are set is an error).
    pub(crate) allowed_properties: Vec<String>,
    /// Strip GPS and owner data from images as they are copied (`exif: strip`), instead of
    /// failing the build (`exif: error`, the default).
    pub(crate) strip_exif: bool,
}

/// The names `attachments.allowed_properties` knows.
pub(crate) const PROPERTY_NAMES: &[&str] = &["author", "last_modified_by", "company", "manager"];

pub(super) fn validate(
    raw: RawAttachments,
    path: &Path,
    index: &YamlIndex,
    errors: &mut Diagnostics,
) -> AttachmentOptions {
    for name in &raw.allowed_properties {
        if !PROPERTY_NAMES.contains(&name.as_str()) {
            errors.push(
                Diagnostic::new(Code::E0180, path)
                    .arg("name", name)
                    .arg("known", PROPERTY_NAMES.join(", "))
                    .at_opt(index.value(&["attachments", "allowed_properties"], name)),
            );
        }
    }
    let strip_exif = match raw.exif.as_deref() {
        None | Some("error") => false,
        Some("strip") => true,
        Some(other) => {
            errors.push(
                Diagnostic::new(Code::E0181, path)
                    .arg("value", other)
                    .at_opt(index.key(&["attachments", "exif"])),
            );
            false
        }
    };
    AttachmentOptions {
        allowed_properties: raw.allowed_properties,
        strip_exif,
    }
}
