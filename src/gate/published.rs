//! The last barrier's reading of each published file by its bytes, beside its text
//! ([`super::barrier`]): the one routine a build (every file it writes or copies), the preview
//! and `deploy --output` (every file of a finished folder) hold each file to, so that they
//! agree.
//!
//! What a file is comes from its bytes ([`sniff`]), never from its name alone: a PDF, an Office
//! file, an image, a zip or gzip archive (opened, nested ones too, with limits against zip
//! bombs), a font (its `name` table) or an icon is read by the attachment readers
//! (`load::attachments`) and held to the attachment gate ([`super::attachments`]); compressed
//! data the gate cannot open (xz, zstd, bzip2, lzma, 7z, rar, tar) is refused; anything else
//! must be plain UTF-8 text (E0001, E0009), which the barrier reads, or it is refused (E0328):
//! the gate does not publish what it cannot read.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::attachments::{Context, check};
use crate::diag::{Code, Diagnostic};
use crate::load::attachments::{Store, plain_text, sniff};
use crate::load::config::{AttachmentOptions, BaseUrl};
use crate::model::front_matter::Allow;
use crate::model::publication::Unpublished;

/// What a published file is read with: the attachment reader and what the gate needs.
#[derive(Debug)]
pub(crate) struct PublishedFiles {
    store: Arc<Store>,
    options: AttachmentOptions,
    base: BaseUrl,
    left_out: HashMap<String, (String, Unpublished)>,
}

/// Who links a published file: the pages (for the messages) and their `allow:` entries.
#[derive(Debug, Default)]
pub(crate) struct Linking<'a> {
    pub(crate) pages: Vec<String>,
    pub(crate) allow: Vec<&'a Allow>,
}

impl PublishedFiles {
    /// The reader of a build's published files (image metadata is never stripped here: what
    /// reaches this point is published as it is).
    pub(crate) fn new(
        store: Arc<Store>,
        options: &AttachmentOptions,
        base: &BaseUrl,
        left_out: &HashMap<String, (String, Unpublished)>,
    ) -> PublishedFiles {
        let mut options = options.clone();
        options.strip_exif = false;
        PublishedFiles {
            store,
            options,
            base: base.clone(),
            left_out: left_out.clone(),
        }
    }

    /// Everything that keeps the file published at `path` (under the output root) with these
    /// bytes from being published, as errors naming `file`.
    pub(crate) fn check(
        &self,
        file: &Path,
        path: &str,
        bytes: &[u8],
        linking: Linking<'_>,
    ) -> Vec<Diagnostic> {
        if sniff(path, bytes).is_some() {
            let extracted = self.store.get(path, bytes);
            let cx = Context {
                file,
                pages: linking.pages,
                allow: linking.allow,
                options: &self.options,
                base: &self.base,
                left_out: &self.left_out,
            };
            return check(&extracted, &cx).0.into_iter().collect();
        }
        match plain_text(bytes) {
            Ok(_) => Vec::new(),
            Err(why) => vec![not_text(file, bytes, &why)],
        }
    }
}

/// Why bytes that are no attachment are not published: not UTF-8 (E0001, at its line), a
/// control character (E0009, at its line), or binary data of no format the gate reads (E0328).
fn not_text(file: &Path, bytes: &[u8], why: &str) -> Diagnostic {
    let binary = bytes.iter().take(8192).any(|&b| b == 0);
    if binary {
        return Diagnostic::new(Code::E0328, file).arg("why", format!("it {why}"));
    }
    match crate::fs::plain_text(file, bytes.to_vec()) {
        Err(d) => d,
        Ok(_) => Diagnostic::new(Code::E0328, file).arg("why", format!("it {why}")),
    }
}
