//! zkplay's benchmarks. The library holds the measurements that run both natively and as wasm
//! under Node (the engine workload, simulation scale, memory); `main.rs` runs everything, adds
//! ZooKeeper's own `DataTree` (Java), the page and the bundle size, and prints the report.

pub mod alloc;
pub mod clock;
pub mod engine;
pub mod ensemble;
pub mod explore;
pub mod memory;
pub mod scale;
pub mod workload;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// Runs one measurement and returns it as one JSON object; `args` are space-separated numbers.
/// Sections: `engine ZNODES OPS RUNS`, `lock N _ RUNS`, `election N KILLS RUNS`,
/// `memory ZNODES`, `ensemble-lock N RUNS` (five servers), `replicas ZNODES` (five replicas
/// against one tree), `explore ENSEMBLE(0|1) RUNS DELAYS(0|1)` ("find a failure" runs per
/// second on a fenced 3-client lock). With RUNS (default 1), the same run (same seed, same history) is timed
/// that many times and `wall_ms` is the median.
pub fn run_section(section: &str, args: &str) -> String {
    let nums: Vec<usize> = args
        .split_whitespace()
        .filter_map(|a| a.parse().ok())
        .collect();
    let arg = |i: usize, default: usize| nums.get(i).copied().unwrap_or(default);
    match section {
        "engine" => {
            let shape = workload::Shape {
                znodes: arg(0, 100_000),
                ops: arg(1, 1_000_000),
                ..workload::Shape::full()
            };
            let w = workload::generate(shape);
            let runs: Vec<engine::EngineRun> =
                (0..arg(2, 3).max(1)).map(|_| engine::run(&w)).collect();
            let build = clock::median(runs.iter().map(|r| r.build_ms).collect());
            let ops = clock::median(runs.iter().map(|r| r.ops_ms).collect());
            let last = runs[runs.len() - 1];
            format!(
                "{{\"build_ms\":{build:.3},\"ops_ms\":{ops:.3},\"errors\":{},\"events\":{},\"znodes\":{}}}",
                last.errors, last.events, last.znodes
            )
        }
        "lock" | "election" => {
            let once = || {
                if section == "lock" {
                    scale::lock_handoff(arg(0, 100), 1)
                } else {
                    scale::election(arg(0, 100), arg(1, 10) as u32, 1)
                }
            };
            let runs: Vec<scale::ScaleRun> = (0..arg(2, 1).max(1)).map(|_| once()).collect();
            let wall_ms = clock::median(runs.iter().map(|r| r.wall_ms).collect());
            let r = scale::ScaleRun { wall_ms, ..runs[0] };
            format!(
                "{{\"n\":{},\"steps\":{},\"messages\":{},\"notifications\":{},\"acquisitions\":{},\"sim_ms\":{},\"wall_ms\":{:.3},\"violations\":{}}}",
                r.n, r.steps, r.messages, r.notifications, r.acquisitions, r.sim_ms, r.wall_ms, r.violations
            )
        }
        "ensemble-lock" => {
            let runs: Vec<ensemble::EnsembleLockRun> = (0..arg(1, 1).max(1))
                .map(|_| ensemble::lock_handoff(arg(0, 100), 1))
                .collect();
            let wall_ms = clock::median(runs.iter().map(|r| r.wall_ms).collect());
            let r = ensemble::EnsembleLockRun { wall_ms, ..runs[0] };
            format!(
                "{{\"n\":{},\"steps\":{},\"notifications\":{},\"acquisitions\":{},\"overlaps\":{},\"errors\":{},\"sim_ms\":{},\"wall_ms\":{:.3},\"violations\":{}}}",
                r.n, r.events, r.notifications, r.acquisitions, r.overlaps, r.errors, r.sim_ms, r.wall_ms, r.violations
            )
        }
        "memory" => {
            let w = workload::generate(workload::Shape {
                znodes: arg(0, 100_000),
                ops: 0,
                ..workload::Shape::full()
            });
            format!("{{\"bytes_per_znode\":{:.1}}}", memory::bytes_per_znode(&w))
        }
        "replicas" => {
            let w = workload::generate(workload::Shape {
                znodes: arg(0, 10_000),
                ops: 0,
                ..workload::Shape::full()
            });
            let r = memory::replicas(&w);
            format!(
                "{{\"ensemble_bytes\":{},\"standalone_bytes\":{},\"ratio\":{:.3},\"errors\":{},\"znodes_min\":{},\"znodes_max\":{}}}",
                r.ensemble_bytes,
                r.standalone_bytes,
                r.ensemble_bytes as f64 / r.standalone_bytes.max(1) as f64,
                r.errors,
                r.znodes_min,
                r.znodes_max
            )
        }
        "explore" => {
            let r = explore::search(arg(0, 0) == 1, arg(1, 1000) as u64, arg(2, 0) == 1);
            format!(
                "{{\"runs\":{},\"faults_tried\":{},\"found\":{},\"wall_ms\":{:.3},\"runs_per_s\":{:.1}}}",
                r.runs,
                r.faults_tried,
                r.found,
                r.wall_ms,
                r.runs_per_second()
            )
        }
        other => format!("{{\"error\":\"unknown section {other}\"}}"),
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// The wasm build's entry point (`bench/run_wasm.mjs` calls it under Node).
    #[wasm_bindgen]
    pub fn run_section(section: &str, args: &str) -> String {
        super::run_section(section, args)
    }
}
