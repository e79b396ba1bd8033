import BoneSimCore
import BoneSimIO
import BoneSimPhysiology

/// Errors of a reference run.
public enum ReferenceError: Error, CustomStringConvertible {
  case unknownLoadCase(model: ReferenceModel, loadCase: Int)
  case invalidDays(Int)
  case invalidSubsteps(Int)

  public var description: String {
    switch self {
    case .unknownLoadCase(let model, let k):
      return "\(model.rawValue) has load cases \(model.loadCases.lowerBound)...\(model.loadCases.upperBound), not \(k)"
    case .invalidDays(let d): return "days must be between 1 and 1000000, got \(d)"
    case .invalidSubsteps(let s): return "substeps must be between 1 and 1024, got \(s)"
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

  public init(
    model: ReferenceModel, loadCase: Int = 1, days: Int? = nil, stepper: StepperChoice = .rk4,
    substeps: Int = 8
  ) throws {
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
    let x0 = CohortMatrix(patients: 1, columns: model.stateCount, blockSize: 8)
    for (s, v) in initial.enumerated() { x0[0, s] = v }
    let schedule = WindowedInputs(patients: 1, baseline: inputs, windows: windows, blockSize: 8)
    let problem = CohortProblem(model: model, initialState: x0, inputs: schedule)
    let loop = TimeLoop(days: days, substeps: substeps)
    var rows: [[Double]] = []
    rows.reserveCapacity(days + 1)
    let record: (Int, CohortMatrix) -> Void = { day, state in rows.append([Double(day)] + state.row(0)) }
    switch stepper {
    case .rk4: _ = CohortSolver(stepper: RungeKutta4(), loop: loop).solve(problem, observe: record)
    case .euler: _ = CohortSolver(stepper: ExplicitEuler(), loop: loop).solve(problem, observe: record)
    case .splitEuler:
      _ = CohortSolver(stepper: SplitImplicitEuler(), loop: loop).solve(problem, observe: record)
    }
    return rows
  }
}
