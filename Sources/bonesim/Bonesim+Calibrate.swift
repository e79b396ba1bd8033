import ArgumentParser
import BoneSim
import BoneSimIO
import Foundation

extension Bonesim {
  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compute the fit rows of validation/targets.csv on small cohorts (what calibration fits).",
      discussion: """
        Runs the scenarios named by the rows tagged `fit` in the targets file with --patients \
        virtual patients per arm (default 200) and prints each row's simulated value and \
        pass/fail, or one JSON object {id: simulated} with --json. --set NAME=VALUE overrides a \
        parameter of the integrated model (repeatable); tools/calibrate/calibrate.py fits the \
        free parameters with it. The same files as `bonesim validate` (one copy of the targets).
        """)

    @Option(name: .customLong("set"), help: "Parameter override NAME=VALUE (repeatable).")
    var overrides: [String] = []

    @Option(name: .long, help: "Patients per arm.")
    var patients: Int = 200

    @Option(name: .long, help: "Worker threads.")
    var threads: Int = 1

    @Flag(help: "Evaluate every row (fit and check), not only the fit rows.")
    var all = false

    @Flag(help: "Print one JSON object {id: simulated} instead of the table.")
    var json = false

    func validate() throws {
      guard (1...100_000_000).contains(patients) else { throw ValidationError("--patients must be between 1 and 100000000; got \(patients)") }
      guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256; got \(threads)") }
    }

    func run() throws {
      var values: [String: Double] = [:]
      for item in overrides {
        let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let v = Double(parts[1]) else {
          throw ValidationError("--set expects NAME=VALUE with a number, got '\(item)'")
        }
        values[parts[0]] = v
      }
      let out = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-calibrate-\(getpid())").path
      defer { try? FileManager.default.removeItem(atPath: out) }
      let outcomes = try reportingErrors { () throws -> [ValidationOutcome] in
        var run = ValidationRun(
          targetsPath: "validation/targets.csv", scenarioDirectories: ["validation/scenarios"], outputDirectory: out,
          patients: patients, only: nil, threads: threads, showProgress: false)
        run.roles = all ? nil : [.fit]
        run.parameterOverrides = values
        return try run.run()
      }
      if json {
        let body = outcomes.map { "\"\($0.target.id)\": \($0.simulated)" }.joined(separator: ", ")
        print("{\(body)}")
        return
      }
      print(ValidationRun.table(outcomes), terminator: "")
    }
  }
}
