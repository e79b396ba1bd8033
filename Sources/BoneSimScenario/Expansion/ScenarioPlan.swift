import BoneSimCore
import BoneSimPhysiology
import Foundation

/// A scenario bound to a model's inputs and parameters: every name resolved to a column,
/// every unit converted once, every value checked against the input's range, and every arm's
/// regimens expanded into per-day columns. Building a plan is where a scenario is validated.
public struct ScenarioPlan: Sendable {
  public let scenario: Scenario
  public let inputs: [ModelInput]
  public let cohort: CohortPlan
  public let arms: [ArmPlan]
  /// Index of the control arm in `arms`.
  public let controlIndex: Int
  public let outputDays: [Int]
  /// Days of history before day 0: the scenario's `history_days`, or, when it is omitted, the
  /// least that starts every patient at the model's reference state (`requiredHistoryYears`).
  public let historyDays: Int

  public var horizonDays: Int { scenario.durationDays }

  /// Binds `scenario` to a model's `inputs` and parameter table; throws every problem found.
  public init(_ scenario: Scenario, inputs: [ModelInput], parameters: ParameterTable) throws {
    let log = IssueLog()
    let names = inputs.map(\.name)
    let parameterNames = parameters.entries.map(\.name)
    func checkParameters(_ overrides: [ParameterOverride], field: String) {
      for o in overrides {
        guard let entry = parameters.entry(o.name) else {
          log.report(o.position, "\(field).\(o.name)", "unknown parameter of model \(parameters.model)\(didYouMean(o.name, in: parameterNames))")
          continue
        }
        if !entry.range.contains(o.value) {
          let unit = entry.unit == "-" || entry.unit == "1" ? "" : " \(entry.unit)"
          log.report(
            o.position, "\(field).\(o.name)",
            "\(CompactNumber(o.value))\(unit) is outside the physical range of this parameter (\(entry.range)); its table value is \(CompactNumber(entry.value))\(unit)")
        }
      }
    }
    /// Orderings between parameters (a floor below a threshold) for the values an arm runs
    /// with; reports the first broken one at the override that breaks it. Returns whether one broke.
    func checkOrderings(_ overrides: [ParameterOverride], field: String) -> Bool {
      let values = Dictionary(overrides.map { ($0.name, $0.value) }, uniquingKeysWith: { _, later in later })
      guard case .ordering(let lower, let a, let upper, let b, let allowsEqual)? = parameters.brokenOrdering(with: values),
        let culprit = overrides.last(where: { $0.name == lower || $0.name == upper })
      else { return false }
      log.report(
        culprit.position, "\(field).\(culprit.name)",
        "\(lower) (\(CompactNumber(a))) must be \(allowsEqual ? "at most" : "below") \(upper) (\(CompactNumber(b))) for the values this arm runs with")
      return true
    }
    checkParameters(scenario.parameters, field: "parameters")
    if !checkOrderings(scenario.parameters, field: "parameters") {
      for arm in scenario.arms { _ = checkOrderings(scenario.parameters + arm.parameters, field: "arms.\(arm.name).parameters") }
    }
    let cohort = CohortPlan(scenario.cohort, inputs: inputs, horizonDays: scenario.durationDays, log: log)
    var arms: [ArmPlan] = []
    for arm in scenario.arms {
      checkParameters(arm.parameters, field: "arms.\(arm.name).parameters")
      arms.append(ArmPlan(arm, inputs: inputs, horizonDays: scenario.durationDays, cohort: cohort, log: log))
    }
    _ = names
    var history = scenario.historyDays ?? 0
    let requiredYears = cohort.requiredHistoryYears(inputs: inputs)
    if let years = requiredYears, !(years.years * UnitConversion.daysPerYear <= Double(Scenario.maxDurationDays)) {
      // A clock covariate far outside its input's range (reported with the covariate) would
      // need a history longer than any run: not an Int of days.
      log.report(
        scenario.historyPosition ?? SourcePosition(file: "", line: 1, column: 1), "history_days",
        "patients up to \(CompactNumber(years.value)) y on \(years.input) would need a history longer than \(Scenario.maxDurationDays) days; bound that covariate's distribution with min and max")
    } else if let years = requiredYears {
      let required = Int((years.years * UnitConversion.daysPerYear).rounded(.up))
      if let given = scenario.historyDays {
        if given + 1 < required {
          log.report(
            scenario.historyPosition ?? SourcePosition(file: "", line: 1, column: 1), "history_days",
            "\(given) days is too short: patients up to \(CompactNumber((years.value * 100).rounded() / 100)) y on \(years.input) must start \(CompactNumber((years.years * 100).rounded() / 100)) y earlier, where the model's premenopausal reference state holds (\(years.input) ≤ \(CompactNumber(years.bound))); give history_days: \(required) or more, or leave history_days out to derive it")
        }
      } else {
        history = required
      }
    } else if scenario.historyDays == nil {
      log.report(
        scenario.historyPosition ?? SourcePosition(file: "", line: 1, column: 1), "history_days",
        "cannot derive the history: a clock covariate has no upper bound; bound its distribution with max, or give history_days")
    }
    self.historyDays = history
    try log.throwIfAny()
    var resolved = scenario
    resolved.historyDays = history
    self.scenario = resolved
    self.inputs = inputs
    self.cohort = cohort
    self.arms = arms
    self.controlIndex = scenario.arms.firstIndex { $0.name == scenario.control } ?? 0
    self.outputDays = scenario.outputDays
  }

  /// Parameter overrides of arm `a`: the scenario's, then the arm's (a later value wins).
  public func parameterOverrides(arm a: Int) -> [String: Double] {
    var out: [String: Double] = [:]
    for o in scenario.parameters { out[o.name] = o.value }
    for o in scenario.arms[a].parameters { out[o.name] = o.value }
    return out
  }
}

/// Checks that `value` (in the input's unit) lies in the input's range.
func checkRange(_ value: Double, _ input: ModelInput, position: SourcePosition, field: String, log: IssueLog, what: String) {
  guard !input.range.contains(value) else { return }
  log.report(
    position, field,
    "\(what) \(CompactNumber(value)) \(input.unit) is outside the range of \(InputCatalogue.userWords(for: input.name)) (\(CompactNumber(input.range.lowerBound))...\(CompactNumber(input.range.upperBound)) \(input.unit))")
}
