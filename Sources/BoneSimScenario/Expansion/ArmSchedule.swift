import BoneSimCore

/// An arm's inputs for one chunk of patients, day by day (`InputSchedule`).
///
/// Built once per chunk and arm: the patients' baselines, the arm's per-day columns and, for
/// regimens with adherence below 1, each patient's taken doses or attended sessions. `fill`
/// only copies and adds.
public struct ArmSchedule: InputSchedule, @unchecked Sendable {
  public let chunk: CohortChunk
  public let arm: ArmPlan
  let clockColumns: [Int]
  /// Per stream: `taken[s][patient · occurrences + o]` ∈ 0 ... trials.
  let taken: [[UInt8]]
  /// Whether dosing and exercise are left out (the pre-trial inputs that set the initial state).
  let baselineOnly: Bool
  /// Columns that `fill` changes after copying the baseline other than by overwriting them
  /// (clocks, additions, doses and sessions): what `advance` restores before applying a day.
  let restoredColumns: [Int]

  /// - Parameter baselineOnly: keep time courses and covariates but give no doses or sessions.
  public init(chunk: CohortChunk, arm: ArmPlan, cohort: CohortPlan, baselineOnly: Bool = false) {
    self.chunk = chunk
    self.arm = arm
    self.baselineOnly = baselineOnly
    let replaced = Set(arm.replace.map(\.column))
    clockColumns = cohort.clockColumns.filter { !replaced.contains($0) }
    var taken: [[UInt8]] = []
    if !baselineOnly {
      for s in arm.streams {
        var t = [UInt8](repeating: 0, count: chunk.count * s.occurrences)
        for i in 0..<chunk.count {
          let random = PatientRandom(seed: cohort.seed, patient: chunk.ids[i], stream: s.stream)
          for o in 0..<s.occurrences {
            var n: UInt8 = 0
            for j in 0..<s.trials where random.uniform(UInt32(o * s.trials + j)) < s.adherence { n += 1 }
            t[i * s.occurrences + o] = n
          }
        }
        taken.append(t)
      }
    }
    self.taken = taken
    let replacedColumns = Set(arm.replace.map(\.column))
    var restored = Set(clockColumns)
    if !baselineOnly {
      restored.formUnion(arm.add.map(\.column))
      restored.formUnion(arm.streams.map(\.column))
    }
    restoredColumns = restored.subtracting(replacedColumns).sorted()
  }

  /// Restored columns (clocks, additions, doses, sessions) and replaced ones (per-day values).
  public var varyingColumns: [Int]? { restoredColumns + arm.replace.map(\.column) }

  /// - Complexity: O(inputs · blockSize) per call; does not allocate.
  public func fill(day: Int, block: Int, blockSize: Int, into inputs: UnsafeMutablePointer<Double>) {
    let baseline = chunk.baseline
    precondition(blockSize == baseline.layout.blockSize, "input block size differs from the cohort's")
    inputs.update(from: baseline.block(block), count: baseline.layout.blockStride)
    apply(day: day, block: block, blockSize: blockSize, to: inputs)
  }

  /// Restores the baseline of `restoredColumns` only, then applies the day: the other columns
  /// still hold the baseline (or are overwritten by `replace`).
  ///
  /// - Complexity: O(changed columns · blockSize) per call; does not allocate.
  public func advance(to day: Int, block: Int, blockSize: Int, inputs: UnsafeMutablePointer<Double>) {
    precondition(blockSize == chunk.baseline.layout.blockSize, "input block size differs from the cohort's")
    let source = chunk.baseline.block(block)
    for c in restoredColumns { (inputs + c * blockSize).update(from: source + c * blockSize, count: blockSize) }
    apply(day: day, block: block, blockSize: blockSize, to: inputs)
  }

  /// The day's changes to a block that holds its baseline inputs: replaced columns, clocks,
  /// time-course additions, doses and sessions.
  func apply(day: Int, block: Int, blockSize: Int, to inputs: UnsafeMutablePointer<Double>) {
    for r in arm.replace {
      (inputs + r.column * blockSize).update(repeating: r.values[day], count: blockSize)
    }
    let years = Double(day) / UnitConversion.daysPerYear
    for c in clockColumns {
      let col = inputs + c * blockSize
      for i in 0..<blockSize { col[i] += years }
    }
    if baselineOnly { return }
    for a in arm.add {
      let v = a.values[day]
      if v == 0 { continue }
      let col = inputs + a.column * blockSize
      for i in 0..<blockSize { col[i] += v }
    }
    let firstRow = block * blockSize
    let lastPatient = chunk.count - 1
    for (s, stream) in arm.streams.enumerated() {
      let col = inputs + stream.column * blockSize
      let t = taken[s]
      let perTrial = 1 / Double(stream.trials)
      for k in Int(stream.dayStart[day])..<Int(stream.dayStart[day + 1]) {
        let o = Int(stream.occurrence[k])
        let amount = stream.amount[k] * perTrial
        for i in 0..<blockSize {
          let p = Swift.min(firstRow + i, lastPatient)
          col[i] += amount * Double(t[p * stream.occurrences + o])
        }
      }
    }
  }
}
