//! Search index builder benchmark: times `zhiyin::search::build_index` on its own, phase by
//! phase, with nothing else running in the process (driven by scripts/bench-index.sh).
//!
//!   cargo run --release --example bench_index -- DOCS.json [RUNS]
//!
//! DOCS.json holds a site's search documents, written by a build run with
//! `ZHIYIN_BENCH_SEARCH_DOCS=DOCS.json`. Prints, for each phase (the codec, the pages, the
//! postings shards, the text chunks, the manifest), the fastest of RUNS runs, then the whole
//! build's fastest and median wall time and its CPU time per run (all threads, from
//! /proc/self/stat; 0 where there is none). RAYON_NUM_THREADS=1 gives the single-threaded
//! cost, which swings less than wall time on a busy machine.
use std::time::{Duration, Instant};
use zhiyin::search::{build_index_phases, SearchDoc};
use zhiyin::timing::process_cpu_time;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: bench_index DOCS.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let docs: Vec<SearchDoc> = match std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
    {
        Ok(docs) => docs,
        Err(e) => {
            eprintln!("cannot read search documents from {path}: {e}");
            std::process::exit(1);
        }
    };
    let chars: usize = docs.iter().map(|d| d.body.chars().count()).sum();
    println!(
        "{} pages, {:.1} million characters of body text, {runs} runs, {} threads",
        docs.len(),
        chars as f64 / 1e6,
        rayon::current_num_threads()
    );
    let mut phases: Vec<(&'static str, Duration)> = Vec::new();
    let (mut walls, mut cpu_total, mut files) = (Vec::new(), Duration::ZERO, 0);
    for _ in 0..runs {
        let input = docs.clone();
        let (started, cpu_before) = (Instant::now(), process_cpu_time());
        let mut last = started;
        let mut run_phases = Vec::new();
        let index = build_index_phases(input, &mut |phase| {
            let now = Instant::now();
            run_phases.push((phase, now - last));
            last = now;
        });
        walls.push(started.elapsed());
        cpu_total += process_cpu_time().saturating_sub(cpu_before);
        files = index.len();
        if phases.is_empty() {
            phases = run_phases;
        } else {
            for (best, (_, t)) in phases.iter_mut().zip(run_phases) {
                best.1 = best.1.min(t);
            }
        }
    }
    for (phase, t) in &phases {
        println!("  {phase:<10} {:8.1} ms (fastest)", ms(*t));
    }
    walls.sort();
    println!(
        "build_index: fastest {:.1} ms, median {:.1} ms, CPU {:.0} ms a run; {files} files",
        ms(walls[0]),
        ms(walls[runs / 2]),
        ms(cpu_total) / runs as f64
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
