//! `build --timings`: every stage of the pipeline is listed once, in order, and a timed build
//! writes the same output as an untimed one. (What the times are is never asserted: the
//! machine is shared.)
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, tree};

const STAGES: [&str; 9] = [
    "load",
    "parse",
    "gate",
    "link",
    "render",
    "search index",
    "final scan",
    "write",
    "swap",
];

#[test]
fn a_timed_build_lists_every_stage_in_order_and_writes_the_same_output() {
    let site = Site::fixture("basic");
    let untimed = site.build_ok();
    assert!(untimed.stages.is_empty());
    assert_eq!(untimed.timings_table(), "");
    let before = tree(&site.output());
    let timed = site.build_with(|o| o.timings = true).unwrap();
    let names: Vec<&str> = timed.stages.iter().map(|s| s.stage).collect();
    assert_eq!(names, STAGES);
    assert_eq!(tree(&site.output()), before);
    let wall: std::time::Duration = timed.stages.iter().map(|s| s.wall).sum();
    assert!(wall <= timed.elapsed, "{wall:?} > {:?}", timed.elapsed);
}

#[test]
fn build_timings_prints_a_table_of_the_stages() {
    let site = Site::fixture("basic");
    let out = site.run(&["build", "--timings"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let table: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("stage"))
        .collect();
    assert!(
        table[0].contains("wall s") && table[0].contains("CPU s"),
        "{stdout}"
    );
    for (line, stage) in table[1..]
        .iter()
        .zip(STAGES.iter().chain(&["other", "total"]))
    {
        assert!(
            line.starts_with(stage),
            "{line:?} should be {stage}\n{stdout}"
        );
        let numbers = line[stage.len()..].split_whitespace().count();
        assert_eq!(numbers, 2, "{line:?}");
    }
    assert_eq!(table.len(), 1 + STAGES.len() + 2, "{stdout}");
    let plain = site.run(&["build"]);
    assert!(!String::from_utf8(plain.stdout).unwrap().contains("CPU s"));
}
