import BoneSimPhysiology

/// Every input of a model as a scenario author sees it: where it is set in a scenario file
/// (in the scenario's own words), its unit, default, range, meaning and source.
///
/// Built from the model's input table alone (`ScenarioModel.inputs`), so `bonesim inputs`,
/// docs/INPUTS.md and the messages that name an input follow that table when it changes.
public enum InputCatalogue {
  /// One row of the catalogue.
  public struct Entry: Sendable {
    public let input: ModelInput
    /// Where a scenario sets it, e.g. `dosing: agent estradiol, route transdermal, rate`.
    public let scenarioKey: String
  }

  public static func entries(_ inputs: [ModelInput]) -> [Entry] {
    inputs.map { Entry(input: $0, scenarioKey: scenarioKey(of: $0)) }
  }

  /// Where and how a scenario sets `input` (derived from the input's name, kind and unit).
  public static func scenarioKey(of input: ModelInput) -> String {
    if let d = DoseInputName(input.name) {
      let routes = d.routes.joined(separator: " or ")
      if d.isPatch { return "dosing: agent \(d.agent), route \(routes), rate (\(input.unit))" }
      let amount = input.unit.split(separator: "/").first.map(String.init) ?? input.unit
      return "dosing: agent \(d.agent), route \(routes), dose (\(amount)) and interval"
    }
    if input.name.hasPrefix(ExerciseProgram.inputPrefix) {
      return "exercise: type \(snakeCase(String(input.name.dropFirst(ExerciseProgram.inputPrefix.count)))), sessions_per_week"
    }
    if input.name.hasPrefix(Arm.nutritionPrefix) {
      return "nutrition.\(snakeCase(String(input.name.dropFirst(Arm.nutritionPrefix.count))))"
    }
    if input.name == Arm.energyInput { return "energy_availability" }
    if input.kind == .patient {
      return input.unit == "1"
        ? "cohort.variability.\(input.name) (or cohort.covariates)" : "cohort.covariates.\(input.name)"
    }
    if input.unit == CohortPlan.clockUnit { return "cohort.covariates.\(input.name) (or inputs.\(input.name))" }
    return "inputs.\(input.name)"
  }

  /// The words a scenario uses for `input` in messages: `estradiol (route transdermal)`,
  /// `exercise type high_intensity`, `nutrition.calcium`; the column name otherwise.
  public static func userWords(for inputName: String) -> String {
    if let d = DoseInputName(inputName) { return "\(d.agent) (route \(d.routes.joined(separator: "/")))" }
    if inputName.hasPrefix(ExerciseProgram.inputPrefix) {
      return "exercise type \(snakeCase(String(inputName.dropFirst(ExerciseProgram.inputPrefix.count))))"
    }
    if inputName.hasPrefix(Arm.nutritionPrefix) {
      return "nutrition.\(snakeCase(String(inputName.dropFirst(Arm.nutritionPrefix.count))))"
    }
    if inputName == Arm.energyInput { return "energy_availability" }
    return inputName
  }

  static func number(_ v: Double) -> String { CompactNumber(v).description }

  static func range(_ i: ModelInput) -> String { "\(number(i.range.lowerBound)) to \(number(i.range.upperBound))" }

  /// A Markdown table (docs/INPUTS.md embeds it).
  public static func markdown(_ inputs: [ModelInput]) -> String {
    func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
    var out = "| input | set in a scenario as | unit | default | range | kind | meaning | source |\n"
    out += "|---|---|---|---|---|---|---|---|\n"
    for e in entries(inputs) {
      let i = e.input
      out += "| `\(i.name)` | \(cell(e.scenarioKey)) | \(cell(i.unit)) | \(number(i.defaultValue)) | \(range(i)) | \(i.kind.rawValue) | \(cell(i.summary)) | \(cell(i.source ?? "not yet documented")) |\n"
    }
    return out
  }

  /// CSV rows, header first (fields unquoted: the writer, `CSVFormat.quotedLine`, quotes them).
  public static func csvRows(_ inputs: [ModelInput]) -> [[String]] {
    [["input", "scenario_key", "unit", "default", "min", "max", "kind", "meaning", "source"]]
      + entries(inputs).map { e in
        let i = e.input
        return [
          i.name, e.scenarioKey, i.unit, number(i.defaultValue), number(i.range.lowerBound), number(i.range.upperBound),
          i.kind.rawValue, i.summary, i.source ?? "",
        ]
      }
  }
}

/// A dose input's name read back into scenario words: `dose.testosteroneCypionateSC` →
/// agent `testosterone_cypionate`, routes `sc`, `subcutaneous`.
struct DoseInputName {
  let agent: String
  /// Route words that give this input, sorted.
  let routes: [String]
  /// Whether the route is a patch (delivers a rate while worn; `rate:` only).
  let isPatch: Bool

  init?(_ name: String) {
    let prefix = "dose."
    guard name.hasPrefix(prefix) else { return nil }
    let rest = String(name.dropFirst(prefix.count))
    let suffixes = Set(DosingRegimen.routeSuffixes.values).sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
    guard let suffix = suffixes.first(where: { rest.hasSuffix($0) && rest.count > $0.count }) else { return nil }
    agent = snakeCase(String(rest.dropLast(suffix.count)))
    routes = DosingRegimen.routeSuffixes.filter { $0.value == suffix }.keys.sorted()
    isPatch = routes.contains { DosingRegimen.patchRoutes.contains($0) }
  }
}

/// `camelCase` → `snake_case` (`highIntensity` → `high_intensity`, `vitaminD3` → `vitamin_d3`).
func snakeCase(_ s: String) -> String {
  var out = ""
  for ch in s {
    if ch.isUppercase {
      if !out.isEmpty { out += "_" }
      out += ch.lowercased()
    } else {
      out.append(ch)
    }
  }
  return out
}
