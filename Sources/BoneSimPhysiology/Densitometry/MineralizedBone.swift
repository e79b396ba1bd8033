import BoneSimCore

/// Bone volume and mineral at one site, as three linear pools (the Martínez-Reina 2019
/// mineralization queue with lag and primary phase lumped into one osteoid pool), and the
/// areal BMD and turnover markers read from them. Volumes are relative to the site's bone
/// volume at the premenopausal steady state.
///
/// ```
/// F = τ·(OBa/OBa_ss)·Φ·f_nut·f_P4 ;  R = τ·(OCa/OCa_ss)        formation, resorption [1/day] (B1)
/// dV_o/dt = F − V_o/T_o                                         osteoid                      (B2)
/// dV_m/dt = V_o/T_o − R                                         mineralizing matrix          (B3)
/// dM/dt   = c_p·V_o/T_o + k_s·f_K·(c_max·V_m − M) − (R/V_m)·M   mineral volume               (B4)
/// steady state (F = R = τ): V_o = τ·T_o, V_m = 1 − V_o,
///                           M = (c_p·τ + k_s·c_max·V_m)/(k_s + τ/V_m)                        (B5)
/// BMD = BMD₀·M/M(day 0)                                                                     (B6)
/// ```
/// Mineralization is first-order: a drop in turnover raises mean mineral content, so
/// antiresorptive BMD gains continue after turnover falls (BLUEPRINT.md §10).
public struct MineralizedBone: Sendable {
  @usableFromInline let osteoidTime, primaryContent, maxContent, secondaryRate: Double

  public init(_ p: ParameterTable) {
    osteoidTime = p["mineral.osteoidTime"]
    primaryContent = p["mineral.primaryContent"]
    maxContent = p["mineral.maxContent"]
    secondaryRate = p["mineral.secondaryRate"]
  }

  /// Steady pools (V_o, V_m, M) at turnover `tau` [1/day] (B5).
  @inlinable @inline(__always)
  public func steadyState<L: Lane>(turnover tau: L) -> (osteoid: L, matrix: L, mineral: L) {
    let osteoid = tau * osteoidTime
    let matrix = 1 - osteoid
    let mineral = (primaryContent * tau + secondaryRate * maxContent * matrix) / (secondaryRate + tau / matrix)
    return (osteoid, matrix, mineral)
  }

  /// Production and loss of (V_o, V_m, M) for formation F and resorption R [1/day] (B2–B4).
  @inlinable @inline(__always)
  public func rates<L: Lane>(
    osteoid: L, matrix: L, formation f: L, resorption r: L, mineralization k: L
  ) -> (osteoid: (L, L), matrix: (L, L), mineral: (L, L)) {
    let maturing = osteoid * (1 / osteoidTime)
    let ks = secondaryRate * k
    return (
      (f, L(broadcast: 1 / osteoidTime)),
      (maturing - r, L(broadcast: 0)),
      (primaryContent * maturing + ks * maxContent * matrix, ks + r / matrix)
    )
  }
}
