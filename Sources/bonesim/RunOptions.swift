import ArgumentParser

/// Flags shared by `run` and `sweep`.
struct RunOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Output folder (default: results/<scenario name>).", valueName: "dir"))
  var out: String?

  @Option(name: .long, help: "Worker threads (results are byte-identical for any value).")
  var threads: Int = 1

  @Flag(name: .long, help: "Also write patients.csv (one row per patient, arm and output day) and patients_covariates.csv.")
  var perPatient = false

  @Flag(name: .long, help: "No progress on standard error.")
  var quiet = false

  func validate() throws {
    guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256; got \(threads)") }
  }
}
