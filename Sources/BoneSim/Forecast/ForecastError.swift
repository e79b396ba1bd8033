/// Why a forecast cannot be made; each carries its exit code (2: change the request).
public enum ForecastError: Error, CustomStringConvertible {
  /// Her data are outside what the twins produce: after conditioning, too few twins carry weight.
  case dataOutsideModel(effectiveSize: Double, twins: Int, minimum: Double, leastExplained: String)
  /// The default model lacks an output the forecast needs.
  case missingOutput(String)
  /// The protocols file cannot serve (no arms, or an arm that starts in the past).
  case protocols(String)

  public var description: String {
    switch self {
    case .dataOutsideModel(let ess, let twins, let minimum, let worst):
      return
        "her data are outside what the model can produce: after conditioning, the effective sample size is \(String(format: "%.1f", ess)) of \(twins) twins (at least \(String(format: "%.0f", minimum)) needed); \(worst). Check the dates, units and sites of her records, or raise --twins; nothing written"
    case .missingOutput(let name): return "the model has no output \(name), which a forecast needs"
    case .protocols(let reason): return reason
    }
  }

  public var exitCode: Int32 {
    switch self {
    case .missingOutput: return 1
    default: return 2
    }
  }
}
