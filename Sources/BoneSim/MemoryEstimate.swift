import BoneSimIO
import Foundation

/// Peak memory a run needs, estimated before it starts, and the memory the machine (or its
/// cgroup) has available; a run that would not fit is refused (`RunError.insufficientMemory`,
/// exit 2, nothing written). `bonesim run` and every design point of `bonesim sweep` use
/// `init(patients:…)`; `bonesim reference` uses `ReferenceRun.memoryEstimate`.
///
/// What a scenario run holds at its peak (ScenarioRun streams patients in chunks, so the
/// cohort is never held whole). A cell is one arm × output day × output, every model output
/// and each selected interval statistic, written or not:
/// - per cell, a `SummaryAccumulator`, a `PairedDifference` and the quantile sketch's arrays
///   (`sketchBytes`: up to `capacity` values per level; n = patients per arm);
/// - per cell, the chunk's outputs: min(patients, chunk) doubles;
/// - per arm, the chunk's states (`stateCopies` copies); per group of patients, their inputs
///   and covariates;
/// - per day a dosing-interval statistic reads, its (output day, statistic) entries: 16 bytes
///   × output days × window days, summed over the selected statistics;
/// - CSV text in pieces of `rowPiece` bytes, each held three times (string, bytes, the file's
///   buffer); with `--per-patient`, also a piece of patients.csv plus one patient's rows (arms ×
///   output days), written before the chunk's fold (so before any sketch grows in a run of
///   one chunk);
/// - `baseBytes` for the executable, Foundation, BLAS and the scenario.
/// Checked against `/usr/bin/time` peak RSS over patients × output days × arms ×
/// `--per-patient` (`tools/memory/estimate_grid.py`; docs/OUTPUTS.md, "Memory"): 1.03–1.27
/// times the measured peak at every measured point (1 to 20,000 patients, daily to yearly
/// outputs over 1 and 100 years, 1 and 3 arms).
public struct MemoryEstimate: Sendable {
  /// Estimated peak [bytes].
  public var bytes: Double
  /// Available memory [bytes]: `--max-memory`, else the smaller of MemAvailable and the
  /// cgroup's remaining limit.
  public var available: Double
  /// Where `available` comes from ("--max-memory", "MemAvailable", "cgroup memory.max").
  public var availableSource: String
  /// What needs the memory, leading the refusal ("this run", "design point 3 (dose=10 mg)").
  public var subject = "this run"
  /// The counts behind `bytes`, in the refusal's parentheses.
  public var detail: String
  /// What to change, in the refusal.
  public var advice: String

  /// Resident size of the process before any run-sized allocation [bytes] (measured: 35–38 MB
  /// for a 1-patient run, 1 or 3 arms, 1 or 100 years).
  public static let baseBytes = 38e6
  /// Allocator slack on the summaries' many small arrays: free chunks left between them, more
  /// with several threads (one malloc arena each). Measured on 20,000 patients × 8,418 cells:
  /// 98.7 kB per cell on 1 thread (the arrays' 98.8 kB); 2 threads added 7 % to that run's
  /// peak (measured before QuantileSketch capped its levels' growth).
  public static let heapSlack = 1.1
  /// Copies of a chunk's state per arm: initial, current, stepper scratch (RK4 keeps 5).
  public static let stateCopies = 8.0
  /// Bytes of one CSV value with its comma (shortest round-trip doubles; measured 15–16 on
  /// average in summary.csv and patients.csv, up to 24).
  public static let csvValueBytes = 18.0
  /// Bytes of a CSV row's leading fields (scenario, arm, patient or variable, day).
  public static let csvPrefixBytes = 48.0

  public init(
    bytes: Double, available: (bytes: Double, source: String), subject: String = "this run", detail: String, advice: String
  ) {
    self.bytes = bytes
    self.available = available.bytes
    availableSource = available.source
    self.subject = subject
    self.detail = detail
    self.advice = advice
  }

  /// A scenario run: `outputs` values per arm and output day (model outputs and selected
  /// interval statistics), `written` of them as CSV columns; `windowDays` is the sum of the
  /// selected interval statistics' windows; `states` and `inputs` per patient; `groups` is 1
  /// when the arms share patients, else the number of arms; `chunk` patients at a time and
  /// CSV text in pieces of `rowPiece` bytes (ScenarioRun).
  public init(
    patients: Int, arms: Int, outputDays: Int, outputs: Int, written: Int, windowDays: Int = 0, states: Int, inputs: Int = 0, groups: Int = 1,
    chunk: Int, rowPiece: Int, perPatient: Bool, available: (bytes: Double, source: String)
  ) {
    let cells = Double(arms) * Double(outputDays) * Double(outputs)
    let rows = Double(Swift.min(chunk, patients))
    // Allocated before the first chunk and kept: accumulators, the chunk's outputs and states,
    // the interval statistics' window index.
    let accumulators = cells * Double(MemoryLayout<SummaryAccumulator>.stride + MemoryLayout<PairedDifference>.stride)
    let chunkBytes =
      cells * rows * 8 + Double(arms * states) * rows * 8 * Self.stateCopies + Double(groups) * rows * (8 * Double(inputs) + 128)
    let windows = 16 * Double(outputDays) * Double(windowDays) * 1.5
    // Grown by the fold of every chunk, kept to the end.
    let sketches = cells * Self.sketchBytes(values: patients, capacity: QuantileSketch.defaultCapacity) * Self.heapSlack
    // CSV text: at most a piece of summary.csv and one of effects.csv, each as string, bytes
    // and file buffer; with --per-patient, a piece of patients.csv and one patient's rows.
    let line = { (values: Int) in Self.csvPrefixBytes + Self.csvValueBytes * Double(values) }
    let piece = Double(rowPiece)
    let summaryText = Double(arms) * Double(outputDays) * Double(written) * line(7)
    let csv = 3 * Swift.min(piece, summaryText) + 3 * Swift.min(piece, summaryText * Double(arms - 1) / Double(arms))
    let patientRows = Double(arms) * Double(outputDays) * line(written)
    let patientText = perPatient ? 3 * Swift.min(piece + patientRows, Double(patients) * patientRows) : 0
    // patients.csv is written before a chunk's fold: with one chunk, before any sketch grows.
    let peak = patients > chunk ? sketches + Swift.max(csv, patientText) : Swift.max(sketches + csv, patientText)
    let bytes = Self.baseBytes + accumulators + chunkBytes + windows + peak
    let cellCount = arms * outputDays * outputs
    self.init(
      bytes: bytes, available: available,
      detail: "\(cellCount) summary cells of arm × output day × output, over \(patients) patient\(patients == 1 ? "" : "s")",
      advice: "write fewer output days (output_interval_days) or split the arms or design points into smaller runs (sweep --shard)")
  }

  /// Bytes the allocator hands out for a sketch level of up to `count` doubles: a Swift
  /// array grows to 2^k − 1 elements (a 32-byte header, 16-byte malloc chunks), and a level
  /// stops at `capacity` (+ 1 from malloc's rounding; QuantileSketch caps the growth).
  public static func arrayBytes(_ count: Int, capacity: Int = .max) -> Double {
    guard count > 0 else { return 0 }
    let elements = 1 << (Int.bitWidth - count.leadingZeroBitCount)  // 2^⌈log₂(count + 1)⌉
    return 32 + 8 * Swift.min(Double(elements), Double(capacity) + 1)
  }

  /// Bytes of one `QuantileSketch` after `values` values: every level's array at the largest
  /// size it reached (level h + 1 receives capacity/2 values per compaction of level h), and
  /// the arrays of levels and compaction counts.
  public static func sketchBytes(values: Int, capacity: Int) -> Double {
    guard values > 0 else { return 0 }
    var bytes = arrayBytes(Swift.min(values, capacity), capacity: capacity)
    var compactions = values / capacity
    var levels = 1
    while compactions > 0 {
      bytes += arrayBytes(Swift.min(compactions * capacity / 2, capacity), capacity: capacity)
      compactions /= 2
      levels += 1
    }
    // The array of levels, and of compaction counts once one has happened (shared before).
    return bytes + Double(levels > 1 ? 2 : 1) * arrayBytes(levels)
  }

  public var fits: Bool { bytes <= available }

  /// The refusal message: the estimate, what is available and what to change.
  public var refusal: String {
    String(
      format: "%@ needs about %.2f GB of memory (%@) but %.2f GB is available (%@); %@; nothing written",
      subject, bytes / 1e9, detail, available / 1e9, availableSource, advice)
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
