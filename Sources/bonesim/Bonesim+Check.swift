import ArgumentParser
import BoneSim
import BoneSimScenario
import Foundation

extension Bonesim {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate scenario or sweep files without running them.",
      discussion: """
        Decodes each file strictly and binds it to the model: unknown keys, wrong units, \
        impossible values and unknown inputs or parameters are reported as \
        file:line:column: field: message, one per problem. A sweep file (one with 'axes') is \
        checked as a sweep: the sweep itself, its base scenario and every design point. \
        Exit code 2 if any file has a problem.
        """)

    @Argument(help: "Scenario files, sweep files or standard scenario names.")
    var scenarios: [String]

    func validate() throws {
      if scenarios.isEmpty { throw ValidationError("give at least one scenario") }
    }

    func run() throws {
      var failed = false
      for name in scenarios {
        do {
          try reportingErrors {
            let source = try ScenarioSource.resolve(name)
            if let root = try? ScenarioNode.parse(source.text, file: source.path), BoneSimScenario.Sweep.isSweep(root) {
              let (sweep, points, s) = try SweepRunner.check(source.path)
              print("ok \(source.path): sweep (\(sweep.method.rawValue)) of \(s?.name ?? sweep.scenario) over \(sweep.axes.map(\.label).joined(separator: ", ")), \(points) design points, each checked")
              return
            }
            let s = try ScenarioRunner.check(source)
            print("ok \(source.path): \(s.name), arms \(s.arms.map(\.name).joined(separator: ",")) (control \(s.control)), \(s.durationDays) days, \(s.cohort.patients) patients")
          }
        } catch { failed = true }
      }
      if failed { throw inputErrorExitCode }
    }
  }
}
