import BoneSimScenario

/// Errors of a run that are not scenario-file errors; each carries its exit code.
public enum RunError: Error, CustomStringConvertible {
  case initialState(arm: String, patient: Int, reason: String)
  case parameters(arm: String, reason: String)
  /// More patients failed than `--max-failed-fraction` allows (exit 1, nothing written).
  case tooManyFailedPatients(failed: Int, patients: Int, maxFraction: Double, first: FailedPatient)
  /// A design point that `sweep --resume` would keep has more flagged patients than
  /// `--max-failed-fraction` allows (exit 1, nothing changed).
  case tooManyFailedPatientsInKeptPoint(designPoint: Int, failed: Int, patients: Int, maxFraction: Double, folder: String)
  /// SIGINT or SIGTERM arrived; the run stopped at `position` (exit 128 + signal, nothing written).
  case interrupted(signal: Int32, position: String)
  /// The run would need more memory than is available (exit 2: change the request).
  case insufficientMemory(MemoryEstimate)

  public var description: String {
    switch self {
    case .initialState(let arm, let p, let reason): return "arm \(arm), patient \(p): no initial state: \(reason)"
    case .parameters(let arm, let reason): return "arm \(arm): \(reason)"
    case .tooManyFailedPatients(let failed, let patients, let maxFraction, let first):
      return
        "\(failed) of \(patients) patients left their physiological bounds, more than --max-failed-fraction \(maxFraction) allows; first: \(first.description); no outputs written"
    case .tooManyFailedPatientsInKeptPoint(let point, let failed, let patients, let maxFraction, let folder):
      return
        "design point \(point), complete in \(folder), has \(failed) of \(patients) patients that left their physiological bounds, more than --max-failed-fraction \(maxFraction) allows (see its \(FailedPatient.fileName)); nothing changed: resume with the --max-failed-fraction the sweep was run with, or run without --resume"
    case .interrupted(let signal, let position):
      return "interrupted by \(signal == 15 ? "SIGTERM" : "SIGINT") at \(position); no outputs written"
    case .insufficientMemory(let estimate): return estimate.refusal
    }
  }

  /// 1 for failures of the run, 2 when the request must change, 128 + signal when interrupted.
  public var exitCode: Int32 {
    switch self {
    case .interrupted(let signal, _): return 128 + signal
    case .insufficientMemory: return 2
    default: return 1
    }
  }
}
