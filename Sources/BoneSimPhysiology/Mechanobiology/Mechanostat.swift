import BoneSimCore

/// Osteocyte mechanosensing as a strain-energy mechanostat (Scheiner 2013 law) on a
/// trabecular stiffness law (Martínez-Reina 2019), with exercise and unloading as inputs
/// and estrogen-modulated mechanosensitivity.
///
/// ```
/// x     = w_high·n_high + w_mod·n_mod + w_low·n_low          exercise stimulus       (M1)
/// ash   = ρ_m·c̄/(ρ_m·c̄ + ρ_o·f_org),  c̄ = M/(V_o + V_m)     ash fraction             (M2)
/// ψ     = (1 + x)·(1 − u)²·v^(−a)·(ash/ash₀)^(−b)            SED / habitual SED        (M3)
/// m(E)  = m₀ + (1 − m₀)·min(1.5, (1 + K_m²)·E²/(E² + K_m²))  mechanosensitivity        (M4)
/// Π     = min(Π_max, Π_ss·(1 + λ·η·m(E)·max(ψ − 1, 0)))      precursor proliferation   (M5)
/// P_L   = κ·max(1 − ψ, 0)                                    disuse RANKL [pM/day]     (M6)
/// ```
/// At a fixed stress the strain energy density scales as 1/E_app and the apparent modulus
/// of trabecular bone as f_bm^2.58·ash^2.74, so (M3) is the density relative to the
/// habitual state (ψ = 1), with `v` the bone volume relative to it and `(1 − u)²` the
/// square of the load left by unloading. The stimulus `x` is a weekly-averaged rise of the
/// density while an arm exercises; one mapping type → x serves every scenario.
/// The ash fraction, not c̄, enters (BLUEPRINT.md §4: c̄ overstates the mineral effect).
public struct Mechanostat: Sendable {
  @usableFromInline let highIntensity, moderateResistance, lowImpact: Double
  @usableFromInline let volumeExponent, ashExponent: Double
  @usableFromInline let sensitivityFloor, sensitivityHalf: Double
  @usableFromInline let habitualEffect, maxEffect, formationGain, disuseGain: Double
  @usableFromInline let mineralDensity, organicTerm: Double

  public init(_ p: ParameterTable) {
    highIntensity = p["exercise.highIntensityStimulus"]
    moderateResistance = p["exercise.moderateResistanceStimulus"]
    lowImpact = p["exercise.lowImpactStimulus"]
    volumeExponent = p["mechanics.volumeExponent"]
    ashExponent = p["mechanics.ashExponent"]
    sensitivityFloor = p["mechanics.sensitivityFloor"]
    sensitivityHalf = p["mechanics.sensitivityHalfEstrogen"]
    habitualEffect = p["mechanics.habitualStrainEffect"]
    maxEffect = p["mechanics.maxStrainEffect"]
    formationGain = p["mechanics.formationGain"]
    disuseGain = p["mechanics.disuseRANKLGain"]
    mineralDensity = p["mineral.density"]
    organicTerm = p["mineral.organicDensity"] * p["mineral.organicFraction"]
  }

  /// Exercise stimulus x from sessions per week of each type (M1).
  @inlinable @inline(__always)
  public func exerciseStimulus<L: Lane>(high: L, moderate: L, low: L) -> L {
    highIntensity * high + moderateResistance * moderate + lowImpact * low
  }

  /// Ash fraction of bone tissue with mineral volume fraction `c` (M2).
  @inlinable @inline(__always)
  public func ash<L: Lane>(mineralFraction c: L) -> L {
    let m = mineralDensity * c
    return m / (m + organicTerm)
  }

  /// Relative strain energy density ψ (M3).
  @inlinable @inline(__always)
  public func relativeStrainEnergy<L: Lane>(stimulus x: L, unloading u: L, volume v: L, ashRatio r: L) -> L {
    let load = 1 - u
    return (1 + x) * load * load * L.exponential(-volumeExponent * L.logarithm(v) - ashExponent * L.logarithm(r))
  }

  /// Mechanosensitivity m(E) (M4).
  @inlinable @inline(__always)
  public func sensitivity<L: Lane>(estrogen e: L) -> L {
    let e2 = e * e, k2 = sensitivityHalf * sensitivityHalf
    return sensitivityFloor + (1 - sensitivityFloor) * L.minimum((1 + k2) * e2 / (e2 + k2), 1.5)
  }

  /// Proliferation effect Π (M5) and disuse RANKL production [pM/day] (M6).
  @inlinable @inline(__always)
  public func response<L: Lane>(relativeStrainEnergy psi: L, gain g: L) -> (proliferation: L, rankl: L) {
    let over = L.maximum(psi - 1, 0), under = L.maximum(1 - psi, 0)
    let proliferation = L.minimum(habitualEffect * (1 + formationGain * g * over), maxEffect)
    return (proliferation, disuseGain * under)
  }
}
