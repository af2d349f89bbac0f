//! Parses and resolves the whole graph-2021-07 corpus (v1.0 and beta) with `docspec_codegen::load`
//! (rayon, all cores), and in the same run times the floor: a bare single-threaded
//! pulldown-cmark walk over the same files (read included on both sides). Prints both, their
//! ratio (the median over back-to-back pairs; target: at most 1.2, issue 15) and the peak
//! memory (VmHWM; target: under 200 MB). No assertion: timings depend on the machine.
//!
//! Two measurements of the same pair:
//! - in one process, as a library caller that loads again and again would see it: each load
//!   starts in memory that the previous one freed and the allocator has meanwhile handed back
//!   to the system;
//! - one process per side, as a user running `docspec` sees it: this binary runs itself with
//!   `--child floor` or `--child load`, and the whole child (start, directory walk, work,
//!   exit) is timed.
//!
//! `cargo bench -p docspec-codegen --bench parse` (add `--no-default-features` to skip the CLI).

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/peak_memory.rs"]
mod peak_memory;

use pulldown_cmark::{Options, Parser};
use std::path::PathBuf;
use std::time::{Duration, Instant};

// The allocator of the `docspec` binary: the benchmark measures what the CLI does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 11;

/// The floor: read each file and walk its markdown events (with offsets, as the parser does)
/// on one thread.
fn floor(files: &[PathBuf]) -> (Duration, usize) {
    let started = Instant::now();
    let mut events = 0;
    for f in files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        events += Parser::new_ext(&text, Options::ENABLE_TABLES)
            .into_offset_iter()
            .count();
    }
    (started.elapsed(), events)
}

/// CPU time of the whole process so far (user + system, all threads), from `/proc/self/stat`
/// in clock ticks (assumed 100 Hz, the Linux default). On a shared machine it says how much work
/// was done where wall time also counts the waiting.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Runs `f`, returning its result, wall time and CPU time.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let cpu = cpu_time();
    let started = Instant::now();
    let out = f();
    let wall = started.elapsed();
    let cpu = cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
    (out, wall, cpu)
}

/// Sorts `v` and returns its median.
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let Some(root) = corpus::dir_or_exit("graph-2021-07/api-reference") else {
        return;
    };
    let args: Vec<String> = std::env::args().collect();
    if let Some(side) = args
        .iter()
        .position(|a| a == "--child")
        .and_then(|i| args.get(i + 1))
    {
        child(side, &root);
        return;
    }
    // The files `load` reads: use its own list so both sides see the same set (and the page
    // cache is warm for both).
    let files = docspec_codegen::load(&[&root]).files;
    // `-- load` or `-- floor`: run only that side, for `perf stat` / `perf record`, where the
    // counters (instructions, page faults) are steadier than times on a shared machine.
    if let Some(only) = args.iter().skip(1).find(|a| !a.starts_with('-')) {
        for _ in 0..RUNS {
            match only.as_str() {
                "floor" => drop(floor(&files)),
                _ => drop(docspec_codegen::load(&[&root])),
            }
        }
        return;
    }
    let mut best_floor = Duration::MAX;
    let mut best_load = Duration::MAX;
    let mut floor_cpu = Duration::MAX;
    let mut load_cpu = Duration::MAX;
    // Each run times the floor and the load back to back; on a shared machine the speed
    // drifts over seconds, so the ratio of each pair is steadier than a ratio of bests. The
    // order alternates (floor first, then load first) so that neither side always runs
    // second, in whatever state the other left the machine.
    let mut pair_ratios = Vec::with_capacity(RUNS);
    let mut summary = String::new();
    for run in 0..RUNS {
        let time_floor = || timed(|| floor(&files));
        let time_load = || timed(|| docspec_codegen::load(&[&root]));
        let (((_, events), floor_t, f_cpu), (loaded, t, cpu)) = if run % 2 == 0 {
            let f = time_floor();
            (f, time_load())
        } else {
            let l = time_load();
            (time_floor(), l)
        };
        best_floor = best_floor.min(floor_t);
        floor_cpu = floor_cpu.min(f_cpu.unwrap_or(Duration::MAX));
        best_load = best_load.min(t);
        pair_ratios.push(t.as_secs_f64() / floor_t.as_secs_f64().max(1e-9));
        load_cpu = load_cpu.min(cpu.unwrap_or(Duration::MAX));
        let endpoints: usize = loaded.apis.iter().map(|a| a.endpoints.len()).sum();
        let types: usize = loaded.apis.iter().map(|a| a.types.len()).sum();
        summary = format!(
            "{} files, {events} markdown events; {} APIs, {endpoints} endpoints, {types} types, {} diagnostics",
            loaded.files.len(),
            loaded.apis.len(),
            loaded.diagnostics.len()
        );
    }
    // Where the time goes: reading + parsing pages (parallel), then resolving them.
    let (read, parse_time, parse_cpu) =
        timed(|| docspec_codegen::load::read_pages(&[root.as_path()]));
    let (_, resolve_time, resolve_cpu) = timed(|| read.resolve());
    let cpu = |d: Option<Duration>| d.map_or_else(|| "?".to_string(), |d| format!("{d:.2?}"));
    println!("{summary}");
    println!(
        "of one load: read + parse {parse_time:.2?} (cpu {}), resolve {resolve_time:.2?} (cpu {})",
        cpu(parse_cpu),
        cpu(resolve_cpu)
    );
    println!(
        "threads: {} (load), 1 (floor); best of {RUNS} runs",
        rayon::current_num_threads()
    );
    println!(
        "floor (read + pulldown-cmark walk, 1 thread): {best_floor:.2?} (cpu {})",
        cpu(Some(floor_cpu))
    );
    println!(
        "docspec load (read + parse + resolve):        {best_load:.2?} (cpu {})",
        cpu(Some(load_cpu))
    );
    println!(
        "in one process, ratio load / floor: {:.2} median of {RUNS} back-to-back pairs (min {:.2}, max {:.2}; ratio of bests {:.2}; target <= 1.2); cpu ratio {:.2}",
        median(&mut pair_ratios),
        pair_ratios.first().copied().unwrap_or(f64::NAN),
        pair_ratios.last().copied().unwrap_or(f64::NAN),
        best_load.as_secs_f64() / best_floor.as_secs_f64().max(1e-9),
        load_cpu.as_secs_f64() / floor_cpu.as_secs_f64().max(1e-9)
    );
    println!(
        "peak memory (VmHWM): {} (target < 200 MB)",
        peak_memory::so_far()
    );
    per_process();
}

/// One side of a pair, alone in this process: what `--child floor` and `--child load` run.
fn child(side: &str, root: &std::path::Path) {
    if side == "floor" {
        let (_, found, _) = docspec_codegen::load::files::collect(&[root]);
        let files: Vec<PathBuf> = found.into_iter().map(|f| f.path).collect();
        std::hint::black_box(floor(&files));
    } else {
        let loaded = docspec_codegen::load(&[root]);
        std::hint::black_box(loaded.apis.len());
    }
}

/// Times the pair as a user runs it: each side in a fresh process of this binary, back to
/// back (in alternating order), `RUNS` times; the whole child process is timed.
fn per_process() {
    let Ok(exe) = std::env::current_exe() else {
        println!("per process: cannot find this binary; skipped");
        return;
    };
    let run = |side: &str| -> Option<Duration> {
        let started = Instant::now();
        let status = std::process::Command::new(&exe)
            .args(["--child", side])
            .stdout(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| started.elapsed())
    };
    let mut ratios = Vec::with_capacity(RUNS);
    let (mut floors, mut loads) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    for i in 0..RUNS {
        let pair = if i % 2 == 0 {
            (run("floor"), run("load"))
        } else {
            let l = run("load");
            (run("floor"), l)
        };
        let (Some(f), Some(l)) = pair else {
            println!("per process: a child failed; skipped");
            return;
        };
        ratios.push(l.as_secs_f64() / f.as_secs_f64().max(1e-9));
        floors.push(f.as_secs_f64() * 1e3);
        loads.push(l.as_secs_f64() * 1e3);
    }
    println!(
        "per process (a fresh process per side, {RUNS} pairs): floor {:.2}ms, load {:.2}ms (medians); ratio load / floor: {:.2} median (min {:.2}, max {:.2}; target <= 1.2)",
        median(&mut floors),
        median(&mut loads),
        median(&mut ratios),
        ratios.first().copied().unwrap_or(f64::NAN),
        ratios.last().copied().unwrap_or(f64::NAN),
    );
}
