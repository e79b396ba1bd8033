import ArgumentParser
import BoneSim
import Foundation

extension Bonesim {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate scenario files without running them.",
      discussion: """
        Decodes each file strictly and binds it to the model: unknown keys, wrong units, \
        impossible values and unknown inputs or parameters are reported as \
        file:line:column: field: message, one per problem. Exit code 2 if any file has a problem.
        """)

    @Argument(help: "Scenario files or standard scenario names.")
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
            let s = try ScenarioRunner.check(source)
            print("ok \(source.path): \(s.name), arms \(s.arms.map(\.name).joined(separator: ",")) (control \(s.control)), \(s.durationDays) days, \(s.cohort.patients) patients")
          }
        } catch { failed = true }
      }
      if failed { throw inputErrorExitCode }
    }
  }
}
