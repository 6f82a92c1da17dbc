//! Dates as the office writes them, below the pipeline: [`wareki`] (和暦: eras, the
//! fiscal year, parsing what editors write) and [`clock`] (today, and commit times, in
//! Japan's time zone).

pub(crate) mod clock;
pub(crate) mod wareki;
