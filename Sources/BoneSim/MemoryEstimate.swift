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
/// Checked against `/usr/bin/time` peak RSS (docs/OUTPUTS.md, "Memory"): an upper bound within
/// 25 % for natural_menopause at 10³…10⁶ patients.
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
  /// Growth slack of the sketches' arrays and allocator headers, fitted to the peak RSS of
  /// docs/PERFORMANCE.md's scale table (natural_menopause, 10³…10⁶ patients): with it the
  /// estimate is 3–27 % above the measured peak (0.14, 0.46, 0.70, 0.94 GB against
  /// 105, 371, 605, 870 MiB), without it up to 14 % below.
  public static let sketchOverhead = 1.25
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
    let summaries = cells * (sketch * Self.sketchOverhead + 2 * Double(MemoryLayout<SummaryAccumulator>.stride + MemoryLayout<PairedDifference>.stride))
    let rows = Double(Swift.min(chunk, patients))
    let chunkBytes = cells * rows * 8 + Double(arms * states) * rows * 8 * Self.stateCopies
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
        "this run needs about %.2f GB of memory (%d summary cells of arm × output day × output, over %d patients) but %.2f GB is available (%@); write fewer output days (output_interval_days) or split the arms or design points into smaller runs (sweep --shard); nothing written",
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
