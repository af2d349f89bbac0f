//! The peak memory of the running process, for the benchmarks' figures.

/// The process's peak resident memory so far (`VmHWM` of `/proc/self/status`, `12345 kB`), or
/// `unknown` where there is no such file.
pub fn so_far() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
