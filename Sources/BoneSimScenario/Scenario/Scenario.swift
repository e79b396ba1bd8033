import BoneSimPhysiology

/// A virtual trial: who (cohort), what each arm receives, for how long, and when to look.
///
/// Pure data decoded from a YAML file (docs/SCENARIOS.md); it names model inputs and
/// parameters but knows nothing of a model until `ScenarioPlan` binds it to one.
public struct Scenario: Sendable, Codable {
  public var name: String
  public var description: String
  /// Horizon [day]; the run covers days `0 ... durationDays`.
  public var durationDays: Int
  /// Regular output every this many days [day], from day 0.
  public var outputIntervalDays: Int
  /// Further output days [day] (outcome days of the trials a scenario mirrors).
  public var extraOutputDays: [Int]
  public var cohort: CohortSpec
  /// Name of the comparator arm of `effects.csv`.
  public var control: String
  /// Arms in file order; every arm receives the same virtual patients.
  public var arms: [Arm]
  /// Parameter overrides for every arm (name → value in the parameter's unit).
  public var parameters: [ParameterOverride]
  /// History before day 0 [day]: every patient starts at the model's reference (premenopausal)
  /// steady state this many days before day 0 and lives under the control arm's time courses
  /// and covariates, without doses or sessions, with clock covariates (years since the final
  /// menstrual period) running up to their day-0 values. 0 starts at the reference state.
  /// nil (the key omitted): derived from the cohort's covariates (`ScenarioPlan.historyDays`).
  public var historyDays: Int? = nil
  /// Where `history_days` was written, or the scenario's name when it was omitted (for
  /// messages only: not encoded, so a scenario's record does not depend on its path).
  public var historyPosition: SourcePosition? {
    get { historyNote.position }
    set { historyNote.position = newValue }
  }
  var historyNote = PositionNote()
  /// Outputs written to summary.csv, effects.csv and patients.csv (`outputs:`); empty = all.
  /// Every output is still computed (and checked for failed patients).
  public var outputs: [OutputSelection] = []

  /// Sorted distinct output days: 0, every interval, the extra days and the horizon.
  public var outputDays: [Int] {
    var days = Set(stride(from: 0, through: durationDays, by: outputIntervalDays))
    days.formUnion(extraOutputDays.filter { $0 <= durationDays })
    days.insert(durationDays)
    return days.sorted()
  }

  public var controlArm: Arm? { arms.first { $0.name == control } }
}

/// One parameter override with where it was written.
public struct ParameterOverride: Sendable, Codable, Hashable {
  public var name: String
  public var value: Double
  public var position: SourcePosition

  public init(name: String, value: Double, position: SourcePosition) {
    self.name = name
    self.value = value
    self.position = position
  }
}


/// A source position carried for error messages and left out of a scenario's encoding.
struct PositionNote: Sendable, Codable {
  var position: SourcePosition?
  init() {}
  init(from decoder: Decoder) throws {}
  func encode(to encoder: Encoder) throws {}
}

/// One entry of `outputs:` (or `--outputs`): a variable (`bmd_pct_change`, every site) or one
/// variable at one site (`bmd.lumbar_spine`), with where it was written.
public struct OutputSelection: Sendable, Codable, Hashable {
  public var name: String
  public var position: SourcePosition

  public init(name: String, position: SourcePosition) {
    self.name = name
    self.position = position
  }

  /// `--outputs a,b`: entries placed at `--outputs:1:<position in the list>` for messages.
  public static func commandLine(_ names: [String]) -> [OutputSelection] {
    names.enumerated().map { OutputSelection(name: $1, position: SourcePosition(file: "--outputs", line: 1, column: $0 + 1)) }
  }

  /// The outputs `selection` picks, in the order of `outputs` (the first `defaults` outputs,
  /// every one unless given, if it is empty); unknown names are thrown as issues at their
  /// positions.
  public static func indices(_ selection: [OutputSelection], in outputs: [ModelOutput], defaults: Int? = nil) throws -> [Int] {
    guard !selection.isEmpty else { return Array(0..<(defaults ?? outputs.count)) }
    precondition((defaults ?? 0) <= outputs.count)
    let log = IssueLog()
    let defaults = defaults ?? outputs.count
    func names(_ range: Range<Int>) -> [String] {
      var variables: [String] = []
      for o in outputs[range] where !variables.contains(o.variable) { variables.append(o.variable) }
      return variables
    }
    let variables = names(0..<defaults), extra = names(defaults..<outputs.count)
    let qualified = outputs.map { "\($0.variable).\($0.site.rawValue)" }
    var picked = Set<Int>()
    for s in selection {
      let hits = outputs.indices.filter { outputs[$0].variable == s.name || qualified[$0] == s.name }
      if hits.isEmpty {
        // A typo (a few edits) of any output; else the model's own outputs are the likelier
        // meaning ('estradiol_serum' → 'estradiol'), the opt-in ones only if none is near.
        let all = variables + extra + qualified
        let typo = all.map { ($0, editDistance($0, s.name)) }.min { $0.1 < $1.1 }.flatMap { $0.1 <= Swift.max(2, s.name.count / 5) ? " (did you mean '\($0.0)'?)" : nil }
        let near = typo ?? didYouMeanNearMiss(s.name, in: variables + qualified[0..<defaults])
        let hint = near.isEmpty ? didYouMeanNearMiss(s.name, in: extra + qualified[defaults...]) : near
        let more = extra.isEmpty ? "" : "; written only when named: \(extra.joined(separator: ", "))"
        log.report(
          s.position, "outputs",
          "unknown output '\(s.name)'\(hint); outputs are \(variables.joined(separator: ", ")) (or variable.site, e.g. \(qualified.first ?? ""))\(more)")
      }
      picked.formUnion(hits)
    }
    try log.throwIfAny()
    return picked.sorted()
  }
}
