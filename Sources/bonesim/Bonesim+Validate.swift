import ArgumentParser
import BoneSim
import BoneSimIO
import Foundation

extension Bonesim {
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the validation scenarios and compare simulated effects with published ones.",
      discussion: """
        Reads the targets (validation/targets.csv: one row per published effect, with \
        citation and acceptance band), runs each scenario they name once (standard \
        scenarios, or validation/scenarios/NAME.yaml), computes each statistic from the \
        written summary.csv/effects.csv, prints a table and writes validation.csv into \
        --out. With --strict the exit code is 1 when a required target fails.
        """)

    @Option(name: .long, help: "Output folder (scenario outputs and validation.csv).")
    var out: String = "results/validation"

    @Option(name: .long, help: "Patients per arm for every scenario (default: each scenario's own).")
    var patients: Int?

    @Option(name: .long, help: "Comma-separated target ids to evaluate (default: all).")
    var only: String?

    @Option(name: .long, help: "Targets file.")
    var targets: String = "validation/targets.csv"

    @Option(name: .long, help: "Folder searched first for scenarios named by targets.")
    var scenarios: String = "validation/scenarios"

    @Option(name: .long, help: "Worker threads.")
    var threads: Int = 1

    @Option(name: .customLong("set"), help: "Parameter override NAME=VALUE for every scenario (repeatable; calibration).")
    var overrides: [String] = []

    @Flag(help: "Exit 1 when a required target fails.")
    var strict = false

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
      if let patients, !(1...100_000_000).contains(patients) {
        throw ValidationError("--patients must be between 1 and 100000000; got \(patients)")
      }
      guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256; got \(threads)") }
      for item in overrides {
        let parts = item.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, Double(parts[1]) != nil else {
          throw ValidationError("--set expects NAME=VALUE with a number, got '\(item)'")
        }
      }
    }

    func run() throws {
      let outcomes = try reportingErrors { () throws -> [ValidationOutcome] in
        do {
          let run = ValidationRun(
            targetsPath: targets, scenarioDirectories: [scenarios], outputDirectory: out, patients: patients,
            only: only.map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) },
            threads: threads, showProgress: !quiet)
          var configured = run
          for item in overrides {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            configured.parameterOverrides[parts[0]] = Double(parts[1])!
          }
          let outcomes = try configured.run()
          try AtomicFile.write(ValidationRun.csv(outcomes), to: out + "/validation.csv")
          return outcomes
        } catch let error as TargetsFileError {
          FileHandle.standardError.write(Data("error: \(error)\n".utf8))
          throw inputErrorExitCode
        }
      }
      print(ValidationRun.table(outcomes), terminator: "")
      if strict, outcomes.contains(where: { $0.target.required && !$0.pass }) {
        throw runtimeErrorExitCode
      }
    }
  }
}
