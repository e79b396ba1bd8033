import ArgumentParser
import BoneSim
import Foundation

extension Bonesim {
  struct Forecast: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Forecast one woman's BMD under several protocols, conditioned on her own measurements.",
      discussion: """
        PATIENT is a patient file (YAML, docs/FORECAST.md): age, menopause, DXA results \
        (g/cm2 or T-scores) with dates, optional labs and what she does now. --protocols \
        is a scenario file or standard scenario whose arms are the protocols compared; \
        they start on the patient's as_of date and run for its duration_days. Her virtual \
        twins share her covariates and draw their unobserved parameters from the protocols \
        file's variability; each twin is weighted by the likelihood of her DXA series and \
        labs. Writes forecast.csv (per protocol, day, variable and site: weighted median, \
        p05, p25, p75, p95, P(T-score <= -2.5), P(loss >= least significant change)) and \
        manifest.json to --out (default results/forecast/<name>) and prints a table. \
        Exit 2 when her data are outside what the twins produce (effective sample size \
        below --min-ess) or when the forecast would not fit in memory (nothing written). \
        A research tool, not medical advice.
        """)

    @Argument(help: "Patient file (YAML).")
    var patient: String

    @Option(name: .long, help: ArgumentHelp("Scenario file or standard scenario whose arms are the protocols.", valueName: "file"))
    var protocols: String

    @Option(name: .long, help: "Virtual twins (default \(ForecastRequest.defaultTwins)).")
    var twins: Int = ForecastRequest.defaultTwins

    @Option(name: .long, help: "Random seed, a whole number ≥ 0.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Worker threads (results are byte-identical for any value).")
    var threads: Int = 1

    @Option(name: .long, help: "Days between forecast rows.")
    var intervalDays: Int = 30

    @Option(name: .long, help: "Smallest effective sample size accepted after conditioning.")
    var minEss: Double = ForecastRequest.defaultMinimumEffectiveSize

    @Option(name: .long, help: ArgumentHelp("Output folder (default: results/forecast/<patient name>).", valueName: "dir"))
    var out: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Instead of forecasting her, check the intervals: simulate N synthetic women like her with noisy records at her dates, forecast each, and print how often the 90 % and 50 % intervals hold the truth (exit 1 when a coverage is outside binomial error or more than 10 % of the women could not be forecast). Writes nothing.",
        valueName: "N"))
    var coverage: Int?

    @Option(
      name: .long,
      help: ArgumentHelp("Memory to plan with in GB (default: what the machine or cgroup has available).", valueName: "GB"))
    var maxMemory: Double?

    @OptionGroup var uncertainty: UncertaintyOptions

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
      if !(50...1_000_000).contains(twins) { throw ValidationError("--twins must be between 50 and 1000000; got \(twins)") }
      if !(1...256).contains(threads) { throw ValidationError("--threads must be between 1 and 256; got \(threads)") }
      if !(1...3653).contains(intervalDays) { throw ValidationError("--interval-days must be between 1 and 3653; got \(intervalDays)") }
      if let coverage, !(10...100_000).contains(coverage) { throw ValidationError("--coverage must be between 10 and 100000; got \(coverage)") }
      if let maxMemory, !(maxMemory > 0 && maxMemory.isFinite) {
        throw ValidationError("--max-memory must be a positive number of GB; got \(maxMemory)")
      }
      if !(minEss >= 1 && minEss <= Double(twins)) {
        throw ValidationError("--min-ess must be between 1 and --twins (\(twins)); got \(minEss)")
      }
    }

    func run() throws {
      try reportingErrors {
        let text = try ForecastRequest.readPatientFile(patient)
        let request = ForecastRequest(
          patientPath: patient, patientText: text, protocols: try ScenarioSource.resolve(protocols), outputDirectory: out,
          twins: twins, seed: seed, threads: threads, intervalDays: intervalDays, minimumEffectiveSize: minEss,
          stop: StopSignal.installed(), parameterEnsemble: try uncertainty.loadEnsemble(), maxMemoryGB: maxMemory)
        if let coverage {
          let design = try request.design(extraPatients: coverage)
          let report = try ForecastCoverage.run(
            design, twins: twins, truths: coverage, threads: threads, minimumEffectiveSize: minEss, ensemble: request.parameterEnsemble,
            maxMemoryGB: maxMemory, stop: request.stop)
          FileHandle.standardOutput.write(Data(report.table().utf8))
          if report.tooManyUnforecast {
            FileHandle.standardError.write(
              Data("error: \(report.refused + report.flagged) of \(coverage) synthetic women could not be forecast (\(report.refused) refused, \(report.flagged) dropped); more than 10 % fails the check\n".utf8))
          }
          if !report.failures.isEmpty || report.tooManyUnforecast { throw ExitCode(1) }
          return
        }
        let (directory, forecast) = try ForecastRunner.run(request)
        if !quiet {
          FileHandle.standardOutput.write(Data(forecast.table().utf8))
          FileHandle.standardError.write(Data("wrote \(directory)/: \(ForecastRunner.csvFile) (\(forecast.rows.count) rows), manifest.json\n".utf8))
        }
      }
    }
  }
}
