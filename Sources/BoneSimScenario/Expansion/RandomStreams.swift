/// Stream numbers of `PatientRandom` used by the scenario layer. A patient's draws for one
/// purpose never depend on another purpose, on the arm order or on other patients.
public enum RandomStreams {
  /// Covariate `c` (in file order) uses draws `c · Distribution.maxRedraws ..<` of this stream.
  public static let covariates: UInt32 = 1
  /// Random effect `e` (in file order) uses draw `e` (standard normal before correlation).
  public static let randomEffects: UInt32 = 2
  /// The parameter-ensemble member of a patient (`--parameter-uncertainty`): draw 0.
  public static let parameterMember: UInt32 = 5
  /// Adherence of the `ordinal`-th regimen feeding input `column` in an arm:
  /// `adherenceBase + column · maxRegimensPerInput + ordinal`, so the same regimen in two arms
  /// (e.g. the estradiol patch of `hrt` and `hrt_testosterone`) misses the same doses.
  public static let adherenceBase: UInt32 = 1_000
  public static let maxRegimensPerInput: UInt32 = 16

  public static func adherence(column: Int, ordinal: Int) -> UInt32 {
    adherenceBase + UInt32(column) * maxRegimensPerInput + UInt32(ordinal)
  }
}
