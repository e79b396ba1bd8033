import ArgumentParser
import BoneSim
import BoneSimScenario
import Foundation

extension Bonesim {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the standard scenarios with their arms.",
      discussion: "Standard scenarios are the YAML files in $BONESIM_SCENARIOS, ./scenarios or the package's scenarios/ folder.")

    func run() throws {
      try reportingErrors {
        guard let dir = ScenarioSource.standardDirectory() else {
          throw ScenarioError([ScenarioIssue(SourcePosition(file: "scenarios", line: 1, column: 1), field: "", "no scenarios folder found; set $BONESIM_SCENARIOS")])
        }
        for name in ScenarioSource.standardNames() {
          let source = try ScenarioSource.resolve(name)
          let s = try Scenario.decode(yaml: source.text, file: source.path)
          print("\(s.name)\t\(s.durationDays) days\tarms: \(s.arms.map(\.name).joined(separator: ", "))\t\(s.description.split(separator: "\n").first.map(String.init) ?? "")")
        }
        _ = dir
      }
    }
  }
}
