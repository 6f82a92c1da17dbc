//! Where a build's time goes (`build --timings`): the wall and CPU time of each stage of the
//! pipeline, for a person looking for what to make faster. A helper below every step: the
//! driver times the stages it runs one after another, and the steps that run in parallel
//! threads (rendering, the search index, the final scan, writing) time their own pieces.
//!
//! Two kinds of measurement, so that the table adds up to the build's wall and CPU time:
//! - [`Timings::time`] runs a piece on the calling thread, between two readings of the wall
//!   clock and of the process's CPU time (all threads, so a piece that fans out to rayon
//!   counts its workers' time);
//! - [`Timings::phase`] runs a parallel piece whose threads time their own parts with
//!   [`Timings::thread`] (that thread's wall and CPU time). When the phase ends, each stage
//!   gets the CPU time its threads measured, and a share of the phase's wall time in
//!   proportion to the thread time spent in it; the CPU time no part claimed (scheduling,
//!   planning) goes to the phase's own stage.
//!
//! Timing is off unless asked for: every call is then a plain call, no clock is read.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A stage of the pipeline, in the order the table lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// site.yaml, the theme, the files under content/, git dates.
    Load,
    /// Front matter and URLs.
    Parse,
    /// What may be published: classification, drafts, the text rules.
    Gate,
    /// Markdown, links, relations: the linked site.
    Link,
    /// The plan, the templates and every page rendered.
    Render,
    /// The search index.
    Search,
    /// The gate's last barrier over every byte written.
    FinalScan,
    /// The staging folder and every file written into it.
    Write,
    /// The new output swapped in for the old.
    Swap,
}

impl Stage {
    /// Every stage, in order.
    pub(crate) const ALL: [Stage; 9] = [
        Stage::Load,
        Stage::Parse,
        Stage::Gate,
        Stage::Link,
        Stage::Render,
        Stage::Search,
        Stage::FinalScan,
        Stage::Write,
        Stage::Swap,
    ];

    /// Its name in the table.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Parse => "parse",
            Stage::Gate => "gate",
            Stage::Link => "link",
            Stage::Render => "render",
            Stage::Search => "search index",
            Stage::FinalScan => "final scan",
            Stage::Write => "write",
            Stage::Swap => "swap",
        }
    }
}

const N: usize = Stage::ALL.len();

/// Nanoseconds per stage, added to from any thread.
#[derive(Debug, Default)]
struct PerStage([AtomicU64; N]);

impl PerStage {
    fn add(&self, stage: Stage, d: Duration) {
        let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.0[stage as usize].fetch_add(nanos, Ordering::Relaxed);
    }

    fn get(&self, stage: Stage) -> Duration {
        Duration::from_nanos(self.0[stage as usize].load(Ordering::Relaxed))
    }

    fn take(&self, stage: Stage) -> Duration {
        Duration::from_nanos(self.0[stage as usize].swap(0, Ordering::Relaxed))
    }
}

/// The time of one stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StageTime {
    /// Wall time (for the stages of a parallel phase, their share of it).
    pub(crate) wall: Duration,
    /// CPU time, all threads (`None` where the system does not say).
    pub(crate) cpu: Option<Duration>,
}

/// The times of one build's stages (nothing is measured when it is [`Timings::off`]).
#[derive(Debug, Default)]
pub(crate) struct Timings {
    on: bool,
    wall: PerStage,
    cpu: PerStage,
    /// What the threads of the running phase measured.
    thread_wall: PerStage,
    thread_cpu: PerStage,
}

impl Timings {
    /// Timings that measure.
    pub(crate) fn on() -> Timings {
        Timings {
            on: true,
            ..Timings::default()
        }
    }

    /// Timings that measure nothing.
    pub(crate) fn off() -> Timings {
        Timings::default()
    }

    /// Runs `f` on this thread as part of `stage`.
    pub(crate) fn time<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        if !self.on {
            return f();
        }
        let (start, cpu) = (Instant::now(), process_cpu());
        let out = f();
        self.wall.add(stage, start.elapsed());
        if let (Some(a), Some(b)) = (cpu, process_cpu()) {
            self.cpu.add(stage, b.saturating_sub(a));
        }
        out
    }

    /// Runs `f`, whose threads time their parts with [`Timings::thread`]; the CPU time that
    /// no part claims goes to `stage`.
    pub(crate) fn phase<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        if !self.on {
            return f();
        }
        let (start, cpu) = (Instant::now(), process_cpu());
        let out = f();
        let wall = start.elapsed();
        let cpu = match (cpu, process_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => Duration::ZERO,
        };
        let parts: Vec<(Stage, Duration, Duration)> = Stage::ALL
            .iter()
            .map(|&s| (s, self.thread_wall.take(s), self.thread_cpu.take(s)))
            .collect();
        let busy: Duration = parts.iter().map(|p| p.1).sum();
        let claimed: Duration = parts.iter().map(|p| p.2).sum();
        for (s, thread_wall, thread_cpu) in parts {
            if !busy.is_zero() {
                self.wall.add(
                    s,
                    wall.mul_f64(thread_wall.as_secs_f64() / busy.as_secs_f64()),
                );
            }
            self.cpu.add(s, thread_cpu);
        }
        if busy.is_zero() {
            self.wall.add(stage, wall);
        }
        self.cpu.add(stage, cpu.saturating_sub(claimed));
        out
    }

    /// Runs `f` on a thread of a [`Timings::phase`] as part of `stage`.
    pub(crate) fn thread<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        if !self.on {
            return f();
        }
        let (start, cpu) = (Instant::now(), thread_cpu());
        let out = f();
        self.thread_wall.add(stage, start.elapsed());
        if let (Some(a), Some(b)) = (cpu, thread_cpu()) {
            self.thread_cpu.add(stage, b.saturating_sub(a));
        }
        out
    }

    /// Each stage's time, in order.
    pub(crate) fn stages(&self) -> Vec<(Stage, StageTime)> {
        let known = process_cpu().is_some();
        Stage::ALL
            .iter()
            .map(|&s| {
                let time = StageTime {
                    wall: self.wall.get(s),
                    cpu: known.then(|| self.cpu.get(s)),
                };
                (s, time)
            })
            .collect()
    }
}

/// The CPU time this process has used so far, all threads, if the system says.
pub(crate) fn process_cpu() -> Option<Duration> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        Some(clock(rustix::time::ClockId::ProcessCPUTime))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        None
    }
}

/// The CPU time the calling thread has used so far, if the system says.
fn thread_cpu() -> Option<Duration> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        Some(clock(rustix::time::ClockId::ThreadCPUTime))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        None
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn clock(id: rustix::time::ClockId) -> Duration {
    let t = rustix::time::clock_gettime(id);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Burns some CPU on this thread.
    fn spin(n: u64) -> u64 {
        (0..n).fold(0u64, |a, i| a.wrapping_mul(31).wrapping_add(i ^ (a >> 7)))
    }

    #[test]
    fn off_measures_nothing() {
        let t = Timings::off();
        t.time(Stage::Load, || spin(1000));
        t.phase(Stage::Render, || t.thread(Stage::Write, || spin(1000)));
        assert!(t.stages().iter().all(|(_, s)| s.wall.is_zero()));
    }

    #[test]
    fn a_phase_shares_out_its_wall_time_and_no_more() {
        let t = Timings::on();
        let start = Instant::now();
        t.phase(Stage::Render, || {
            rayon::join(
                || t.thread(Stage::Search, || spin(200_000)),
                || t.thread(Stage::Write, || spin(200_000)),
            )
        });
        let elapsed = start.elapsed();
        let stages = t.stages();
        let total: Duration = stages.iter().map(|(_, s)| s.wall).sum();
        assert!(total <= elapsed, "{total:?} > {elapsed:?}");
        let get = |stage| stages.iter().find(|(s, _)| *s == stage).unwrap().1;
        assert!(!get(Stage::Search).wall.is_zero());
        assert!(!get(Stage::Write).wall.is_zero());
        assert!(get(Stage::Load).wall.is_zero());
        if process_cpu().is_some() {
            assert!(get(Stage::Search).cpu.is_some_and(|c| !c.is_zero()));
        }
    }

    #[test]
    fn the_stages_are_listed_in_pipeline_order() {
        let names: Vec<&str> = Stage::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(
            names,
            [
                "load",
                "parse",
                "gate",
                "link",
                "render",
                "search index",
                "final scan",
                "write",
                "swap"
            ]
        );
    }
}
