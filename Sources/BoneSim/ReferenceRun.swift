import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import Foundation

/// Errors of a reference run.
public enum ReferenceError: Error, CustomStringConvertible {
  case unknownLoadCase(model: ReferenceModel, loadCase: Int)
  case invalidDays(Int)
  case invalidSubsteps(Int)
  case invalidPatients(Int)

  public var description: String {
    switch self {
    case .unknownLoadCase(let model, let k):
      return "\(model.rawValue) has load cases \(model.loadCases.lowerBound)...\(model.loadCases.upperBound), not \(k)"
    case .invalidDays(let d): return "days must be between 1 and 1000000, got \(d)"
    case .invalidSubsteps(let s): return "substeps must be between 1 and 1024, got \(s)"
    case .invalidPatients(let n): return "patients must be between 1 and 100000000, got \(n)"
    }
  }
}

/// Stepper names accepted by `bonesim reference`.
public enum StepperChoice: String, CaseIterable, Sendable {
  case rk4
  case euler
  case splitEuler = "split-euler"
}

/// A published core model run alone from its steady state under one load case.
public struct ReferenceRun: Sendable {
  public let model: ReferenceModel
  public let loadCase: Int
  public let days: Int
  public let stepper: StepperChoice
  /// Steps per day.
  public let substeps: Int
  /// Patients: 1 runs the published model; more run a cohort whose patient p > 0 starts
  /// from the steady state with cells multiplied by exp(0.1·z), z ~ N(0, 1) from Philox
  /// (seed, p), and the output is the cohort mean per day.
  public let patients: Int
  public let seed: UInt64
  public let execution: Execution

  public init(
    model: ReferenceModel, loadCase: Int = 1, days: Int? = nil, stepper: StepperChoice = .rk4,
    substeps: Int = 8, patients: Int = 1, seed: UInt64 = 1, execution: Execution = .serial
  ) throws {
    guard (1...100_000_000).contains(patients) else { throw ReferenceError.invalidPatients(patients) }
    guard model.loadCases.contains(loadCase) else {
      throw ReferenceError.unknownLoadCase(model: model, loadCase: loadCase)
    }
    let days = days ?? model.defaultDays
    guard (1...1_000_000).contains(days) else { throw ReferenceError.invalidDays(days) }
    guard (1...1024).contains(substeps) else { throw ReferenceError.invalidSubsteps(substeps) }
    self.model = model
    self.loadCase = loadCase
    self.days = days
    self.stepper = stepper
    self.substeps = substeps
    self.patients = patients
    self.seed = seed
    self.execution = execution
  }

  /// Memory this run needs at most, against what is available (`overrideGB` if given): the
  /// initial and current states and the inputs, patients × (2 · states + inputs) doubles in
  /// blocks (CohortSolver keeps only a block's scratch per worker), the blocks' daily sums
  /// between checkpoints (at most 8 MB, or two days' worth), and per day a trajectory
  /// row and its CSV line, then the line held as text, bytes and the file's buffer. Against
  /// peak RSS (tools/memory/estimate_grid.py): 1.01× for 10⁷ patients, 1.02× for 10⁶ days.
  public func memoryEstimate(overrideGB: Double?) -> MemoryEstimate {
    let (states, inputs): (Int, Int)
    switch model {
    case .lemaire2004: (states, inputs) = (Lemaire2004().stateCount, Lemaire2004().inputCount)
    case .pivonka2008: (states, inputs) = (Pivonka2008().stateCount, Pivonka2008().inputCount)
    case .scheiner2013: (states, inputs) = ((try? Scheiner2013()).map { ($0.stateCount, $0.inputCount) } ?? (5, 8))
    }
    let blockSize = patients == 1 ? 8 : BlockLayout.defaultBlockSize
    let padded = Double((patients + blockSize - 1) / blockSize * blockSize)
    let cohort = padded * Double(2 * states + Swift.max(inputs, 1)) * 8
    // The blocks' daily sums between two checkpoints.
    let blocks = Int(padded) / blockSize
    let sums = Double((Self.checkpointInterval(blocks: blocks, columns: states, days: days) + 1) * blocks * states) * 8
    // A day's row and line while the text is built, then the line as text, bytes and buffer.
    // The day, then every value at full precision (20–21 characters and a comma, measured).
    let line = 8 + 22 * Double(header.count - 1)
    let rowBytes = Swift.max(MemoryEstimate.arrayBytes(1 + states) + 8 + line, 3 * line)
    return MemoryEstimate(
      bytes: MemoryEstimate.baseBytes + cohort + sums + Double(days + 1) * rowBytes,
      available: MemoryEstimate.available(overrideGB: overrideGB), subject: "this reference run",
      detail: "\(patients) patient\(patients == 1 ? "" : "s") × \(states) states, \(days + 1) rows", advice: "simulate fewer patients (--patients) or days (--days)")
  }

  /// Output columns: `day` then the model's states.
  public var header: [String] {
    ["day"] + (model == .scheiner2013 ? ["OBp", "OBa", "OCa", "f_vas", "f_bm"] : ["OBp", "OBa", "OCa"])
  }

  /// One row per day `0 ... days`: the day, then the states.
  public func trajectory() throws -> [[Double]] {
    let windows = model.windows(loadCase: loadCase)
    switch model {
    case .lemaire2004:
      let m = Lemaire2004()
      let x0 = try m.steadyState()
      return solve(m, initial: x0, inputs: [Double](repeating: 0, count: m.inputCount), windows: windows)
    case .pivonka2008:
      let m = Pivonka2008()
      let x0 = try m.steadyState()
      return solve(m, initial: x0, inputs: [Double](repeating: 0, count: m.inputCount), windows: windows)
    case .scheiner2013:
      let m = try Scheiner2013()
      return solve(m, initial: m.initialState, inputs: m.habitualInputs, windows: windows)
    }
  }

  /// The trajectory as CSV text with a header line.
  public func csv() throws -> String {
    var text = CSVFormat.line(header)
    for row in try trajectory() {
      text += CSVFormat.line([String(Int(row[0]))] + row.dropFirst().map(CSVFormat.number))
    }
    return text
  }

  func solve<M: CohortModel>(_ model: M, initial: [Double], inputs: [Double], windows: [InputWindow])
    -> [[Double]]
  {
    let blockSize = patients == 1 ? 8 : BlockLayout.defaultBlockSize
    let x0 = CohortMatrix(patients: patients, columns: model.stateCount, blockSize: blockSize)
    for p in 0..<patients {
      let random = PatientRandom(seed: seed, patient: p, stream: 0)
      for (s, v) in initial.enumerated() {
        x0[p, s] = p > 0 && s < 3 ? v * exp(0.1 * random.normal(UInt32(s))) : v
      }
    }
    let schedule = WindowedInputs(patients: patients, baseline: inputs, windows: windows, blockSize: blockSize)
    let problem = CohortProblem(model: model, initialState: x0, inputs: schedule)
    let loop = TimeLoop(days: days, substeps: substeps)
    // Each worker sums its blocks' columns on every day while the block is in cache; the
    // calling thread adds the blocks' sums, in block order, every `interval` days.
    let blocks = x0.blockCount, columns = model.stateCount
    let interval = Self.checkpointInterval(blocks: blocks, columns: columns, days: days)
    let sums = AlignedBuffer(count: (interval + 1) * blocks * columns)
    let slots = sums.pointer
    let observeBlock: (Int, Int, Int, CohortMatrix) -> Void = { day, block, _, state in
      let rows = Swift.min(blockSize, x0.patients - block * blockSize)
      let slot = Self.slot(day: day, interval: interval)
      for c in 0..<columns {
        slots[(slot * blocks + block) * columns + c] = Self.sum(state.column(c, block: block), count: rows)
      }
    }
    var rows: [[Double]] = []
    rows.reserveCapacity(days + 1)
    var recorded = -1
    let checkpoint: (Int, CohortMatrix) -> Void = { day, _ in
      for d in (recorded + 1)...day {
        let slot = Self.slot(day: d, interval: interval)
        var row = [Double(d)]
        for c in 0..<columns {
          var total = 0.0
          for b in 0..<blocks { total += slots[(slot * blocks + b) * columns + c] }
          row.append(total / Double(x0.patients))
        }
        rows.append(row)
      }
      recorded = day
    }
    let checkpoints = Array(stride(from: interval, to: days, by: interval)) + [days]
    switch stepper {
    case .rk4:
      _ = CohortSolver(stepper: RungeKutta4(), loop: loop, execution: execution)
        .solve(problem, checkpoints: checkpoints, observeBlock: observeBlock, checkpoint: checkpoint)
    case .euler:
      _ = CohortSolver(stepper: ExplicitEuler(), loop: loop, execution: execution)
        .solve(problem, checkpoints: checkpoints, observeBlock: observeBlock, checkpoint: checkpoint)
    case .splitEuler:
      _ = CohortSolver(stepper: SplitImplicitEuler(), loop: loop, execution: execution)
        .solve(problem, checkpoints: checkpoints, observeBlock: observeBlock, checkpoint: checkpoint)
    }
    return rows
  }

  /// Days between the checkpoints at which block sums are added: up to 64, fewer when 64
  /// days of block sums would exceed 2²⁰ doubles (8 MB).
  static func checkpointInterval(blocks: Int, columns: Int, days: Int) -> Int {
    Swift.max(1, Swift.min(64, days, (1 << 20) / Swift.max(blocks * columns, 1)))
  }

  /// Where day `day`'s block sums go: days `(k·interval, (k + 1)·interval]` use slots
  /// `1 ... interval`, day 0 slot 0.
  static func slot(day: Int, interval: Int) -> Int {
    day == 0 ? 0 : day - (day - 1) / interval * interval
  }

  /// Sum of `count` doubles, in eight interleaved partial sums (the order does not depend on
  /// threads or on where the values sit).
  static func sum(_ values: UnsafeMutablePointer<Double>, count: Int) -> Double {
    var partial = SIMD8<Double>(repeating: 0)
    var r = 0
    while r + 8 <= count {
      partial += UnsafeRawPointer(values + r).loadUnaligned(as: SIMD8<Double>.self)
      r += 8
    }
    while r < count {
      partial[r & 7] += values[r]
      r += 1
    }
    let quads = partial.lowHalf + partial.highHalf
    let pairs = quads.lowHalf + quads.highHalf
    return pairs[0] + pairs[1]
  }
}
