import BoneSimIO
import Foundation

/// Peak memory a scenario run needs, estimated before it starts, and the memory the machine
/// (or its cgroup) has available; a run that would not fit is refused (exit 2).
///
/// What dominates (ScenarioRun streams patients in chunks, so the cohort is never held whole):
/// - summaries: arms × output days × outputs cells, each a quantile sketch of up to
///   `capacity` doubles per level and 1 + log₂(patients / capacity) levels, plus moments;
/// - the chunk: arms × output days × outputs × chunk doubles of outputs, and per arm the
///   chunk's states (initial, current and stepper scratch, `stateCopies` copies);
/// - per-patient rows: two 1 MB text buffers when `--per-patient` is on;
/// - `baseBytes` for the executable, BLAS and the scenario.
/// Measured against `/usr/bin/time -v` (docs/OUTPUTS.md, "Memory"): the estimate is an upper
/// bound, within a factor of two of the peak resident size for large cohorts.
public struct MemoryEstimate: Sendable {
  /// Estimated peak [bytes].
  public var bytes: Double
  /// Available memory [bytes]: `--max-memory`, else the smaller of MemAvailable and the
  /// cgroup's remaining limit.
  public var available: Double
  /// Where `available` comes from ("--max-memory", "MemAvailable", "cgroup memory.max").
  public var availableSource: String
  public var patients: Int
  public var cells: Int

  /// Fixed cost of the process [bytes].
  public static let baseBytes = 64e6
  /// Copies of a chunk's state per arm: initial, current, stepper scratch (RK4 keeps 5).
  public static let stateCopies = 8.0

  public init(
    patients: Int, arms: Int, outputDays: Int, outputs: Int, states: Int, chunk: Int, perPatient: Bool,
    available: (bytes: Double, source: String)
  ) {
    let cells = Double(arms * outputDays * outputs)
    let capacity = Double(QuantileSketch.defaultCapacity)
    let levels = 1 + Swift.max(0, (Foundation.log2(Double(patients) / capacity)).rounded(.up))
    let sketch = Swift.min(Double(patients), capacity) * 8 * (patients > Int(capacity) ? levels : 1) + 128
    let summaries = cells * (sketch + 2 * Double(MemoryLayout<SummaryAccumulator>.stride + MemoryLayout<PairedDifference>.stride))
    let chunkBytes = cells * Double(chunk) * 8 + Double(arms * states * chunk) * 8 * Self.stateCopies
    bytes = Self.baseBytes + summaries + chunkBytes + (perPatient ? 2 * 1_048_576 * 2 : 0)
    self.available = available.bytes
    availableSource = available.source
    self.patients = patients
    self.cells = Int(cells)
  }

  public var fits: Bool { bytes <= available }

  /// The refusal message: the estimate, what is available and what to change.
  public var refusal: String {
    String(
      format:
        "this run needs about %.2f GB of memory (%d summary cells of %d patients) but %.2f GB is available (%@); write fewer output days (output_interval_days), fewer outputs or arms, or shard the cohort into smaller runs (--patients with different seeds, or a sweep with --shard); nothing written",
      bytes / 1e9, cells, patients, available / 1e9, availableSource)
  }

  /// Memory available to this process [bytes] and where the number comes from: the override
  /// in GB if given, else min(MemAvailable, cgroup v2 memory.max − memory.current).
  public static func available(overrideGB: Double?) -> (bytes: Double, source: String) {
    if let overrideGB { return (overrideGB * 1e9, "--max-memory") }
    var best = (bytes: Double.infinity, source: "unknown")
    if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
      let kB = Double(line.split(separator: " ").dropFirst().first ?? "")
    {
      best = (kB * 1024, "MemAvailable in /proc/meminfo")
    }
    func number(_ path: String) -> Double? {
      (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    if let limit = number("/sys/fs/cgroup/memory.max") {
      let remaining = limit - (number("/sys/fs/cgroup/memory.current") ?? 0)
      if remaining < best.bytes { best = (remaining, "cgroup memory.max") }
    }
    return best
  }
}
