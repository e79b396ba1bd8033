import BoneSimCore

/// Osteocyte mechanosensing as an accommodating strain-energy mechanostat: the stimulus is
/// measured against a habitual load that adapts over months and a set point that drifts over
/// years, so a sustained programme gives a bounded gain and old deficits become the norm.
///
/// ```
/// h(n)  = 2n/(n + 2)                       sessions/week → load, 1 at 2/week, saturating   (M1)
/// x     = x_hi·h(n_hi) + x_mod·h(n_mod) + x_low·h(n_low)   exercise stimulus              (M2)
/// dx_f/dt = (x − x_f)/T_x                  weekly-averaged load                           (M3)
/// dx_c/dt = (x_f − x_c)/τ_acc              habitual (accommodated) load                   (M4)
/// dL/dt   = (ln B − L)/τ_set               set point: log structural volume it expects     (M5)
/// ψ_r   = (1 − u)·(1 + x_f)·exp(−p_v·(ln B − L))          strain energy / set point (remodeling) (M6)
/// ψ_m   = ψ_r/(1 + ρ·x_c)                                 … against the habitual load (modeling)  (M6')
/// S⁺    = m(E)·η_m·(ψ − 1 − δ)⁺,  S⁻ = (1 − δ − ψ)⁺           overload, underload           (M7)
/// m(E)  = m₀ + (1 − m₀)·min(1, (1 + K_m²)·E²/(E² + K_m²))      mechanosensitivity            (M8)
/// ```
/// At a fixed stress the strain energy density scales as 1/E_app and the apparent modulus of
/// trabecular bone as f_bm^2.58 (Martínez-Reina 2019), so ψ falls as bone is added. `B` is
/// structural volume: bone plus open remodeling cavities (a cavity is transient, not lost
/// structure). Remodeling is gated against the set point (Frost's remodeling threshold):
/// overload lowers BMU activation (less sclerostin) for as long as the load lasts, underload
/// raises it. Modeling (formation on quiescent surfaces) accommodates to the habitual load:
/// Schriefer 2005 measured formation responses that fade with continued loading (Turner 1998,
/// rule 3). Set point drift: Frost 1987.
public struct Mechanostat: Sendable {
  @usableFromInline let highIntensity, moderateResistance, lowImpact: Double
  @usableFromInline let inverseFilterTime, inverseAccommodationTime, accommodatedFraction: Double
  @usableFromInline let inverseSetPointTime, lazyZone, volumeExponent: Double
  @usableFromInline let sensitivityFloor, sensitivityHalf: Double

  public init(_ p: ParameterTable) {
    highIntensity = p["exercise.highIntensityStimulus"]
    moderateResistance = p["exercise.moderateResistanceStimulus"]
    lowImpact = p["exercise.lowImpactStimulus"]
    inverseFilterTime = 1 / p["mechanics.weeklyFilterTime"]
    inverseAccommodationTime = 1 / p["mechanics.accommodationTime"]
    accommodatedFraction = p["mechanics.accommodatedFraction"]
    inverseSetPointTime = 1 / p["mechanics.setPointTime"]
    lazyZone = p["mechanics.lazyZone"]
    volumeExponent = p["mechanics.volumeExponent"]
    sensitivityFloor = p["mechanics.sensitivityFloor"]
    sensitivityHalf = p["mechanics.sensitivityHalfEstrogen"]
  }

  /// Load of `n` sessions/week relative to two sessions/week (M1).
  @inlinable @inline(__always)
  func sessions<L: Lane>(_ n: L) -> L { 2 * n / (n + 2) }

  /// Exercise stimulus x from sessions/week of each type (M2).
  @inlinable @inline(__always)
  public func exerciseStimulus<L: Lane>(high: L, moderate: L, low: L) -> L {
    highIntensity * sessions(high) + moderateResistance * sessions(moderate) + lowImpact * sessions(low)
  }

  /// Mechanosensitivity m(E) relative to the premenopausal level (M8).
  @inlinable @inline(__always)
  public func sensitivity<L: Lane>(estrogen e: L) -> L {
    sensitivity(estrogen: e, reciprocal: 1 / sensitivityDenominator(estrogen: e))
  }

  /// The denominator E² + K² of m(E) (M8), for callers that share divisions (`reciprocals`).
  @inlinable @inline(__always)
  public func sensitivityDenominator<L: Lane>(estrogen e: L) -> L { e * e + sensitivityHalf * sensitivityHalf }

  /// m(E) given `reciprocal` = 1/`sensitivityDenominator(estrogen: e)` (M8).
  @inlinable @inline(__always)
  public func sensitivity<L: Lane>(estrogen e: L, reciprocal: L) -> L {
    let k2 = sensitivityHalf * sensitivityHalf
    return sensitivityFloor + (1 - sensitivityFloor) * L.minimum((1 + k2) * (e * e) * reciprocal, 1)
  }

  /// Relative strain energy against the set point, ψ_r (M6), for weekly load `weekly`, unloaded
  /// fraction `unloading`, log structural volume `logVolume` and set point `setPoint`.
  @inlinable @inline(__always)
  public func relativeStrainEnergy<L: Lane>(weekly: L, unloading: L, logVolume: L, setPoint: L) -> L {
    (1 - unloading) * (1 + weekly) * L.exponential(volumeExponent * (setPoint - logVolume))
  }

  /// The same against the habitual load, ψ_m (M6'), from ψ_r and habitual load `habitual`.
  @inlinable @inline(__always)
  public func accommodated<L: Lane>(_ psi: L, habitual: L) -> L { psi / accommodation(habitual: habitual) }

  /// The denominator of ψ_m (M6'), 1 + f_acc·habitual, for callers that share divisions.
  @inlinable @inline(__always)
  public func accommodation<L: Lane>(habitual: L) -> L { 1 + accommodatedFraction * habitual }

  /// Overload S⁺ (with mechanosensitivity `gain`) and underload S⁻ (M7).
  @inlinable @inline(__always)
  public func response<L: Lane>(relativeStrainEnergy psi: L, gain: L) -> (overload: L, underload: L) {
    (gain * L.maximum(psi - (1 + lazyZone), 0), L.maximum((1 - lazyZone) - psi, 0))
  }
}
