import BoneSimIO
import BoneSimScenario
import BoneSimPhysiology
import Foundation

/// `bonesim validate`: runs every scenario the targets need (once each), computes each
/// target's statistic from the files the runs wrote, and writes `validation.csv`.
public struct ValidationRun {
  public var targetsPath: String
  /// Folders searched for a scenario named by a target, before the standard scenarios.
  public var scenarioDirectories: [String]
  public var outputDirectory: String
  public var patients: Int?
  public var only: Set<String>?
  public var threads: Int
  public var showProgress: Bool
  /// Parameter overrides for the model in every scenario (calibration).
  public var parameterOverrides: [String: Double] = [:]
  /// Only rows with these roles (nil: all).
  public var roles: Set<ValidationTarget.Role>? = nil

  public init(
    targetsPath: String = "validation/targets.csv", scenarioDirectories: [String] = ["validation/scenarios"],
    outputDirectory: String = "results/validation", patients: Int? = nil, only: Set<String>? = nil, threads: Int = 1,
    showProgress: Bool = false
  ) {
    self.targetsPath = targetsPath
    self.scenarioDirectories = scenarioDirectories
    self.outputDirectory = outputDirectory
    self.patients = patients
    self.only = only
    self.threads = threads
    self.showProgress = showProgress
  }

  public static let columns = [
    "id", "source", "scenario", "arm", "comparator", "site", "variable", "day", "published", "published_low",
    "published_high", "band_low", "band_high", "simulated", "simulated_low", "simulated_high", "role", "required", "pass",
  ]

  /// Runs the scenarios and evaluates the targets (in file order).
  public func run() throws -> [ValidationOutcome] {
    let text: String
    guard FileManager.default.fileExists(atPath: targetsPath) else {
      throw TargetsFileError(file: targetsPath, line: 0, field: "--targets", message: "no such file")
    }
    do { text = try String(contentsOfFile: targetsPath, encoding: .utf8) } catch {
      throw TargetsFileError(file: targetsPath, line: 0, field: "--targets", message: "cannot read the file as UTF-8 text")
    }
    var targets = try ValidationTarget.parse(text, file: targetsPath)
    if let only {
      let unknown = only.subtracting(targets.map(\.id))
      guard unknown.isEmpty else {
        throw TargetsFileError(file: targetsPath, line: 0, field: "--only", message: "no target named \(unknown.sorted().joined(separator: ", "))\(unknown.count == 1 ? nearestSpelling(of: unknown.first!, in: targets.map(\.id)).map { " (did you mean '\($0)'?)" } ?? "" : "")")
      }
      targets = targets.filter { only.contains($0.id) }
    }
    if let roles { targets = targets.filter { roles.contains($0.role) } }
    var results: [String: CSVScenarioResults] = [:]
    for name in targets.map(\.scenario).uniqued {
      let source = try scenarioSource(name)
      var scenario = try Scenario.decode(yaml: source.text, file: source.path)
      if let patients { scenario.cohort.patients = patients }
      // Every day a target reads becomes an output day.
      let days = targets.filter { $0.scenario == name }.flatMap(\.days)
      scenario.extraOutputDays = Array(Set(scenario.extraOutputDays + days.filter { $0 <= scenario.durationDays })).sorted()
      let directory = outputDirectory + "/" + name
      let request = RunRequest(
        source: source, outputDirectory: directory, threads: threads, showProgress: showProgress)
      let base = try makeDefaultModel()
      let model = try base.with(parameters: base.parameters.overriding(parameterOverrides))
      _ = try ScenarioRunner.run(scenario, request: request, model: model)
      results[name] = try CSVScenarioResults(directory: directory)
    }
    return try targets.map { try $0.evaluate(results[$0.scenario]!) }
  }

  func scenarioSource(_ name: String) throws -> ScenarioSource {
    for directory in scenarioDirectories {
      let path = directory + "/" + name + ".yaml"
      if let text = try? String(contentsOfFile: path, encoding: .utf8) { return ScenarioSource(path: path, text: text) }
    }
    return try ScenarioSource.resolve(name)
  }

  /// `validation.csv` text.
  public static func csv(_ outcomes: [ValidationOutcome]) -> String {
    func number(_ x: Double?) -> String { x.map { $0.isNaN ? "" : CSVFormat.number($0) } ?? "" }
    var text = CSVFormat.line(columns)
    for o in outcomes {
      let t = o.target
      text += CSVFormat.quotedLine([
        t.id, t.source, t.scenario, t.arm, t.comparator ?? "", t.site, t.variable, String(t.dayEnd),
        number(t.published), number(t.publishedLow), number(t.publishedHigh), number(t.bandLow), number(t.bandHigh),
        number(o.simulated), number(o.low), number(o.high), t.role.rawValue, t.required ? "yes" : "no", o.pass ? "pass" : "fail",
      ])
    }
    return text
  }

  /// An aligned table for the terminal.
  public static func table(_ outcomes: [ValidationOutcome]) -> String {
    let rows = outcomes.map { o -> [String] in
      let t = o.target
      let measure = "\(t.scenario)/\(t.arm)" + (t.comparator.map { " - \($0)" } ?? "") + " \(t.variable) \(t.site) d\(t.dayEnd)"
      let interval = o.low.isNaN ? "" : String(format: "(%.2f, %.2f)", o.low, o.high)
      let published = t.published.map { String(format: "%.2f", $0) } ?? ""
      return [t.id, t.role.rawValue, measure, String(format: "%.3f", o.simulated), interval, published,
              String(format: "[%g, %g]", t.bandLow, t.bandHigh), o.pass ? "pass" : "FAIL"]
    }
    let header = ["id", "role", "measure", "simulated", "95% interval", "published", "band", ""]
    let widths = (0..<header.count).map { c in ([header] + rows).map { $0[c].count }.max()! }
    func line(_ r: [String]) -> String {
      zip(r, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
    }
    let failed = outcomes.filter { !$0.pass }
    let required = failed.filter(\.target.required).map(\.target.id)
    let optional = failed.filter { !$0.target.required }.map(\.target.id)
    var summary = "validation: \(outcomes.count - failed.count) of \(outcomes.count) targets in their bands ("
      + ValidationTarget.Role.allCases.compactMap { role -> String? in
        let rows = outcomes.filter { $0.target.role == role }
        return rows.isEmpty ? nil : "\(role.rawValue) \(rows.filter(\.pass).count)/\(rows.count)"
      }.joined(separator: ", ") + ")"
    if !required.isEmpty { summary += "; required failing: \(required.joined(separator: ", "))" }
    if !optional.isEmpty { summary += "; known failures (not required): \(optional.joined(separator: ", "))" }
    return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n" + summary + "\n"
  }
}
