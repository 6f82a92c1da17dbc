//! The values passed between the steps of the pipeline, below every step: a [`page::Page`]
//! (with its validated [`front_matter::FrontMatter`], its [`rendered::Rendered`] body and the
//! gate's [`finding::Finding`]s), an [`page::Asset`], what was left out of the build
//! ([`publication::Publication`]), free-form user data ([`data::Data`]), path segments and
//! section keys ([`paths`]), and the names of the files the build generates ([`generated`]).
//!
//! Types and small pure functions only: the steps that make and read them live in their own
//! folders (load → parse → gate → link → render → write).

pub(crate) mod attachment;
pub(crate) mod data;
pub(crate) mod finding;
pub(crate) mod front_matter;
pub(crate) mod generated;
pub(crate) mod page;
pub(crate) mod paths;
pub(crate) mod publication;
pub(crate) mod rendered;
