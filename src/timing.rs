//! Measuring a build: stage timings (`ZHIYIN_TIMINGS=1`) and the process's CPU time and
//! peak memory, which the benchmarks read too (examples/bench_index.rs).

use std::time::{Duration, Instant};

/// Stage timings, printed to stderr when `ZHIYIN_TIMINGS` is set (for benchmarks).
pub(crate) struct Timings {
    last: Instant,
    /// CPU time of the process (all threads) at `last`.
    last_cpu: Duration,
    /// Stage, its wall time, its CPU time (all threads; zero where /proc is missing), and the
    /// peak resident memory so far (Linux; 0 elsewhere). CPU time is the figure to compare on
    /// a busy machine, where wall times swing.
    stages: Vec<(&'static str, Duration, Duration, u64)>,
    /// The search index's phases, each with when it ended after the index began (the index
    /// is made beside the generated pages, so its phases are not stages of their own).
    pub(crate) index_phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub(crate) fn new(started: Instant) -> Self {
        Timings {
            last: started,
            last_cpu: process_cpu_time(),
            stages: Vec::new(),
            index_phases: Vec::new(),
        }
    }

    pub(crate) fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        let cpu = process_cpu_time();
        self.stages.push((
            stage,
            now - self.last,
            cpu.saturating_sub(self.last_cpu),
            peak_rss_kb(),
        ));
        self.last = now;
        self.last_cpu = cpu;
    }

    pub(crate) fn report(&self) {
        if std::env::var_os("ZHIYIN_TIMINGS").is_some() {
            for (stage, d, cpu, peak) in &self.stages {
                eprintln!(
                    "  {stage:<24} {:>7.1} ms   cpu {:>7.1} ms   peak so far {:>5} MB",
                    d.as_secs_f64() * 1000.0,
                    cpu.as_secs_f64() * 1000.0,
                    peak / 1024
                );
            }
            for (phase, at) in &self.index_phases {
                eprintln!(
                    "    search index: {phase:<10} done {:>7.1} ms after it began",
                    at.as_secs_f64() * 1000.0
                );
            }
        }
    }
}

/// User and system CPU time of this process, all threads, from /proc (zero where there is
/// none). Clock ticks are taken as 100 per second, Linux's USER_HZ on every common build.
pub fn process_cpu_time() -> Duration {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces): utime is the 14th field
            // of the line, the 12th after the closing parenthesis.
            let rest = &s[s.rfind(')')? + 1..];
            let mut fields = rest.split_whitespace().skip(11);
            let user: u64 = fields.next()?.parse().ok()?;
            let system: u64 = fields.next()?.parse().ok()?;
            Some(Duration::from_millis((user + system) * 10))
        })
        .unwrap_or_default()
}

/// Peak resident memory of this process in KB, from /proc (0 where there is none).
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
