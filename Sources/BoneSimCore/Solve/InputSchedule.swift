/// The inputs in force on each day, per patient.
///
/// Inputs are piecewise constant: the value for `day` holds over `[day, day + 1)`. Events
/// are data: a model never compares time with a window, it reads the input column that the
/// schedule filled.
public protocol InputSchedule: Sendable {
  /// Writes every input column of `block` (patients `block·blockSize ..< +blockSize`) for
  /// `day` into `inputs` (column-major, `blockSize` doubles per column). Must not allocate.
  func fill(day: Int, block: Int, blockSize: Int, into inputs: UnsafeMutablePointer<Double>)

  /// Brings `inputs`, which hold what `fill` or `advance` wrote for `block` on `day − 1`, to
  /// `day`, with exactly the values `fill` would write. A schedule that changes few columns
  /// from day to day rewrites only those (the solver calls this on every day of a segment
  /// but the first). Default: `fill`.
  func advance(to day: Int, block: Int, blockSize: Int, inputs: UnsafeMutablePointer<Double>)

  /// Input columns whose values may differ from one day to the next; nil: any column. The
  /// solver compares a model's prepared sources (`CohortModel.preparedSources`) day by day
  /// only when some of them are listed. Default: nil.
  var varyingColumns: [Int]? { get }
}

extension InputSchedule {
  public var varyingColumns: [Int]? { nil }

  public func advance(to day: Int, block: Int, blockSize: Int, inputs: UnsafeMutablePointer<Double>) {
    fill(day: day, block: block, blockSize: blockSize, into: inputs)
  }
}

/// A constant change of one input over a range of days, the same for every patient.
public struct InputWindow: Sendable, Hashable {
  /// Input column.
  public var column: Int
  /// Days on which the window is in force (each day covers `[day, day + 1)`).
  public var days: Range<Int>
  /// Value of the input while in force (replaces the baseline).
  public var value: Double

  public init(column: Int, days: Range<Int>, value: Double) {
    self.column = column
    self.days = days
    self.value = value
  }
}

/// Per-patient baseline inputs with windows that override them on some days.
///
/// Enough for published load cases (an injection from day 20 to day 80; a load drop from
/// day 50) and for per-patient constants such as habitual load. Regimens with doses and
/// adherence are expanded into richer schedules by the scenario layer.
public struct WindowedInputs: InputSchedule, @unchecked Sendable {
  /// Baseline value of every input for every patient (patients × inputs).
  public let baseline: CohortMatrix
  /// Windows, applied in order (a later window wins).
  public let windows: [InputWindow]

  public init(baseline: CohortMatrix, windows: [InputWindow] = []) {
    self.baseline = baseline
    self.windows = windows
  }

  /// The same baseline for every one of `patients` patients.
  public init(
    patients: Int, baseline values: [Double], windows: [InputWindow] = [],
    blockSize: Int = BlockLayout.defaultBlockSize
  ) {
    let matrix = CohortMatrix(patients: patients, columns: values.count, blockSize: blockSize)
    for (c, v) in values.enumerated() { matrix.fill(column: c, with: v) }
    self.init(baseline: matrix, windows: windows)
  }

  /// The windows' columns: the baseline holds for every day.
  public var varyingColumns: [Int]? { windows.map(\.column) }

  public func fill(day: Int, block: Int, blockSize: Int, into inputs: UnsafeMutablePointer<Double>) {
    precondition(blockSize == baseline.layout.blockSize, "input block size differs from the cohort's")
    let n = baseline.layout.blockStride
    if n > 0 { inputs.update(from: baseline.block(block), count: n) }
    for w in windows where w.days.contains(day) {
      (inputs + w.column * blockSize).update(repeating: w.value, count: blockSize)
    }
  }

  /// Rewrites the block only on a day when some window starts or ends: on any other day
  /// `fill` would write what the block already holds.
  public func advance(to day: Int, block: Int, blockSize: Int, inputs: UnsafeMutablePointer<Double>) {
    if windows.contains(where: { $0.days.contains(day) != $0.days.contains(day - 1) }) {
      fill(day: day, block: block, blockSize: blockSize, into: inputs)
    }
  }
}
