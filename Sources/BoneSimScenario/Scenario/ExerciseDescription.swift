/// An exercise program described as trials report it, by resistance load and impact, mapped to
/// the model's three calibrated exercise types (docs/SCENARIOS.md, "Exercise programs"):
///
/// | load (% 1RM) | impact | type |
/// | --- | --- | --- |
/// | ≥ 80 | any | `high_intensity` |
/// | 60 … < 80 | `high` | `high_intensity` |
/// | 60 … < 80 | `none`, `low`, `moderate` | `moderate_resistance` |
/// | < 60 or not given | `high`, `moderate` | `moderate_resistance` |
/// | < 60 or not given | `none`, `low` | `low_impact` |
///
/// The bands are those of the trials each type was calibrated on (assumed mapping, not fitted):
/// high-intensity resistance and impact training at 80–85 % 1RM with jumping (LIFTMOR; Watson
/// SL et al., J Bone Miner Res 2018;33:211–220) and 70–90 % 1RM with high-impact aerobics
/// (EFOPS; Kemmler W et al., J Bone Miner Res 2016;31:215–222); progressive resistance at
/// 60–80 % 1RM and impact-only programs, the moderate category of the Cochrane review (Howe TE
/// et al., Cochrane Database Syst Rev 2011;CD000333); walking and low-impact aerobics, its
/// low-force category. Within a type the stimulus per session is the calibrated one; use
/// `intensity` to scale it.
public struct ExerciseDescription: Sendable, Hashable {
  public enum Impact: String, CaseIterable, Sendable {
    case none, low, moderate, high
  }

  /// Resistance load [% of one-repetition maximum]; nil when the program has no resistance part.
  public var load: Double?
  public var impact: Impact

  public init(load: Double?, impact: Impact) {
    self.load = load
    self.impact = impact
  }

  /// The exercise type (and input `exercise.<type>`) the program counts as.
  public var type: String {
    let l = load ?? 0
    if l >= 80 || (l >= 60 && impact == .high) { return "high_intensity" }
    if l >= 60 || impact == .high || impact == .moderate { return "moderate_resistance" }
    return "low_impact"
  }
}
