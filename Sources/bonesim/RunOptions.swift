import ArgumentParser
import BoneSim
import BoneSimPhysiology

/// Flags shared by `run` and `sweep`.
struct RunOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Output folder (default: results/<scenario name>).", valueName: "dir"))
  var out: String?

  @Option(name: .long, help: "Worker threads (results are byte-identical for any value).")
  var threads: Int = 1

  @Flag(name: .long, help: "Also write patients.csv (one row per patient, arm and output day) and patients_covariates.csv.")
  var perPatient = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Outputs to write, comma-separated: variables (bmd_pct_change) or variable.site (bmd.lumbar_spine); replaces the scenario's outputs:. Default: all.",
      valueName: "list"))
  var outputs: String?

  /// `--outputs` as a list (nil if not given).
  var outputList: [String]? {
    outputs.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
  }

  @Flag(name: .long, help: "No progress on standard error.")
  var quiet = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Fail (exit 1, nothing written) when more than this fraction of patients leave their physiological bounds; fewer are excluded from summaries and listed in failed_patients.csv.",
      valueName: "F"))
  var maxFailedFraction: Double = RunRequest.defaultMaxFailedFraction

  @Option(
    name: .long,
    help: ArgumentHelp("Memory to plan with in GB (default: what the machine or cgroup has available).", valueName: "GB"))
  var maxMemory: Double?

  func validate() throws {
    if let list = outputList, list.isEmpty { throw ValidationError("--outputs needs at least one output name") }
    guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256; got \(threads)") }
    guard (0...1).contains(maxFailedFraction) else {
      throw ValidationError("--max-failed-fraction must be between 0 and 1; got \(maxFailedFraction)")
    }
    if let maxMemory, !(maxMemory > 0 && maxMemory.isFinite) {
      throw ValidationError("--max-memory must be a positive number of GB; got \(maxMemory)")
    }
  }
}

/// `--parameter-uncertainty` and `--ensemble` (run, forecast).
struct UncertaintyOptions: ParsableArguments {
  @Flag(
    name: .long,
    help: "Give each patient one member of the calibrated parameter ensemble (drawn from seed and patient id), so results include model uncertainty (docs/MODEL.md §2.13).")
  var parameterUncertainty = false

  @Option(
    name: .long,
    help: ArgumentHelp("With --parameter-uncertainty: the ensemble file (default validation/ensemble/parameter_ensemble.csv).", valueName: "file"))
  var ensemble: String?

  func validate() throws {
    if ensemble != nil && !parameterUncertainty { throw ValidationError("--ensemble needs --parameter-uncertainty") }
  }

  /// The ensemble, when asked for.
  func loadEnsemble() throws -> ParameterEnsemble? {
    parameterUncertainty ? try ParameterEnsembleFile.load(ensemble) : nil
  }
}
