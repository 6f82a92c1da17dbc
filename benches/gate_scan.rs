//! The cost of the publish gate's last barrier: every file of a built site's output, read into
//! memory, then held to the barrier as the build does (in parallel, on every core), several
//! times; prints the median wall time and what it read. Usage:
//!
//! ```sh
//! cargo bench --bench gate_scan -- SITE_ROOT [RUNS]
//! ```
//!
//! SITE_ROOT must have been built (its `output/` is read). `benches/gate_scan.py` runs this
//! beside clean builds and prints the ratio.
#![allow(clippy::disallowed_methods)] // a benchmark reads and writes its files directly

use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(root) = args.first() else {
        eprintln!("usage: gate_scan SITE_ROOT [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let root = Path::new(root);
    let scan = match office_site::FinalScan::new(root, None) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e:?}");
            std::process::exit(1);
        }
    };
    let output = root.join("output");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&output) {
        let entry = entry.expect("a readable output folder");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&output)
                .expect("under the output");
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.push((rel, std::fs::read(entry.path()).expect("a readable file")));
        }
    }
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let (stats, found) = scan.scan(&files);
        let result = (stats, found.error_count());
        times.push(start.elapsed().as_secs_f64());
        last = Some(result);
    }
    times.sort_by(f64::total_cmp);
    let (stats, found) = last.expect("at least one run");
    println!(
        "scan: median {:.3} s over {runs} runs (min {:.3} s, max {:.3} s); {} files, {:.1} MB, {} read in full, {found} found; {} threads",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        stats.files,
        stats.bytes as f64 / 1e6,
        stats.read_in_full,
        rayon::current_num_threads(),
    );
}
