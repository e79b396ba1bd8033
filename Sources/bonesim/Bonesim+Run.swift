import ArgumentParser
import BoneSim
import Foundation

extension Bonesim {
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run one scenario and write summary.csv, effects.csv and manifest.json.",
      discussion: """
        SCENARIO is a YAML file (docs/SCENARIOS.md) or the name of a standard scenario \
        (see `bonesim list`). Every arm runs on the same virtual patients; effects.csv \
        holds paired differences against the control arm with 95% intervals. The output \
        folder appears only when complete (built under a hidden name, then renamed). \
        Patients leaving their physiological bounds are excluded and listed in \
        failed_patients.csv. Columns: docs/OUTPUTS.md. Exit codes: 0 success, 2 input \
        error or not enough memory (nothing written), 1 failure, 130/143 interrupted by \
        SIGINT/SIGTERM (nothing written).
        """)

    @Argument(help: "Scenario file or standard scenario name.")
    var scenario: String

    @Option(name: .long, help: "Patients per arm (overrides cohort.patients).")
    var patients: Int?

    // Unconditional parsing: `--seed -3` reads -3 as the value (and rejects it), instead of
    // as an unknown option `-3` and a missing value.
    @Option(name: .long, parsing: .unconditional, help: "Random seed, a whole number ≥ 0 (overrides cohort.seed).")
    var seed: String?

    @OptionGroup var options: RunOptions

    @OptionGroup var uncertainty: UncertaintyOptions

    func validate() throws {
      if let patients, !(1...100_000_000).contains(patients) {
        throw ValidationError("--patients must be between 1 and 100000000; got \(patients)")
      }
      _ = try parsedSeed()
    }

    func parsedSeed() throws -> UInt64? {
      guard let seed else { return nil }
      guard let value = UInt64(seed) else {
        throw ValidationError("--seed must be a whole number from 0 to \(UInt64.max); got \(seed)")
      }
      return value
    }

    func run() throws {
      try reportingErrors {
        let source = try ScenarioSource.resolve(scenario)
        var request = RunRequest(
          source: source, outputDirectory: options.out, patients: patients, seed: try parsedSeed(), threads: options.threads,
          perPatient: options.perPatient, showProgress: !options.quiet, maxFailedFraction: options.maxFailedFraction,
          maxMemoryGB: options.maxMemory, stop: StopSignal.installed())
        request.outputs = options.outputList
        request.parameterEnsemble = try uncertainty.loadEnsemble()
        let (directory, manifest) = try ScenarioRunner.run(request)
        if !options.quiet {
          let files = manifest.files.map { "\($0.path) (\($0.rows) rows)" }.joined(separator: ", ")
          FileHandle.standardError.write(Data("wrote \(directory)/: \(files), manifest.json\n".utf8))
        }
      }
    }
  }
}
