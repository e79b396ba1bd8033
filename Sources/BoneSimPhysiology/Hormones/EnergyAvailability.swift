import BoneSimCore

/// Energy availability (EA, kcal/kg fat-free mass/day) acting on the HPG axis and on bone.
///
/// ```
/// h(EA)     = h_min + (1 − h_min)·clip((EA − EA_floor)/(EA_LH − EA_floor), 0, 1)   target HPG function (E1)
/// dH/dt     = (h(EA) − H)/τ_H                                                       (E2)
/// f(EA)     = 1 − s_f·clip((EA_ref − EA)/EA_span, 0, 1)      formation capacity target (E3)
/// dΦ/dt     = (f(EA) − Φ)/τ_IGF                                                      (E4)
/// P_L,EA    = P_EA·clip((EA_res − EA)/(EA_res − 10), 0, 1)   extra RANKL near EA 10   (E5)
/// ```
/// Loucks & Thuma 2003: LH pulsatility is disrupted below ≈ 30; Ihle & Loucks 2004:
/// formation markers fall linearly below 45 within days, resorption rises only near 10.
public struct EnergyAvailability: Sendable {
  @usableFromInline let threshold, floor, minimumFunction, inverseTimeConstant: Double
  @usableFromInline let formationLoss, formationReference, formationSpan, inverseCapacityTime: Double
  @usableFromInline let resorptionOnset, resorptionRANKL: Double

  public init(_ p: ParameterTable) {
    threshold = p["hpg.energyThreshold"]
    floor = p["hpg.energyFloor"]
    minimumFunction = p["hpg.minimumFunction"]
    inverseTimeConstant = 1 / p["hpg.timeConstant"]
    formationLoss = p["energy.formationLoss"]
    formationReference = p["energy.formationReference"]
    formationSpan = p["energy.formationSpan"]
    inverseCapacityTime = 1 / p["energy.capacityTimeConstant"]
    resorptionOnset = p["energy.resorptionOnset"]
    resorptionRANKL = p["energy.resorptionRANKL"]
  }

  /// Target HPG function h(EA) (E1).
  @inlinable @inline(__always)
  public func hpgTarget<L: Lane>(_ ea: L) -> L {
    minimumFunction + (1 - minimumFunction) * clamp((ea - floor) * (1 / (threshold - floor)), 0, 1)
  }

  /// Target formation capacity f(EA) (E3).
  @inlinable @inline(__always)
  public func formationTarget<L: Lane>(_ ea: L) -> L {
    1 - formationLoss * clamp((formationReference - ea) * (1 / formationSpan), 0, 1)
  }

  /// Extra RANKL production [pM/day] at very low EA (E5).
  @inlinable @inline(__always)
  public func extraRANKL<L: Lane>(_ ea: L) -> L {
    resorptionRANKL * clamp((resorptionOnset - ea) * (1 / (resorptionOnset - 10)), 0, 1)
  }
}
