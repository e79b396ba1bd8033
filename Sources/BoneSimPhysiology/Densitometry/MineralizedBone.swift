import BoneSimCore

/// Bone at one site as basic multicellular units (BMUs) acting on four pools: BMU activation
/// A, the remodeling space RS (resorbed, not yet refilled), osteoid V_o and mineralizing
/// matrix V_m with its mineral M (the Martínez-Reina 2019 queue, lag and primary phase lumped
/// into one osteoid pool). Volumes are relative to the site's structural volume at the
/// premenopausal steady state; τ is the site's turnover [1/day].
///
/// ```
/// dA/dt   = (A* − A)/T_A                       activation follows its drive over weeks      (B1)
/// R       = τ·A                                resorption                                   (B2)
/// O       = Φ·RS/T_rs                          cavities closed by osteoblast teams           (B3)
/// F       = c·O + k_mod·S⁺/(1 + S⁺)            refill (completeness c) + bounded modeling    (B4)
/// dRS/dt  = R − O                              remodeling space (Heaney 1994 transient)      (B5)
/// dV_o/dt = F − V_o/T_o                        osteoid                                       (B6)
/// dV_m/dt = V_o/T_o − R                        mineralizing matrix                           (B7)
/// dM/dt   = c_p·V_o/T_o + k_s·f_K·(c_max·V_m − M) − (R/V_m)·M    mineral volume              (B8)
/// steady state (A = 1, c = 1, Φ = 1): RS = τ·T_rs, V_o = τ·T_o, V_m = 1 − RS − V_o,
///                           M = (c_p·τ + k_s·c_max·V_m)/(k_s + τ/V_m)                        (B9)
/// BMD = BMD₀·M/M(day 0)                                                                     (B10)
/// ```
/// A cavity refilled with completeness c < 1 loses (1 − c)·O for good: that is how estrogen
/// deficiency, age and low energy availability leave deficits that later refilling cannot
/// restore (Parfitt 1983; Lips 1978). A fall in activation closes the remodeling space within
/// about T_rs and lets mineral content rise: the gains of antiresorptive therapy and early
/// exercise, which reverse when activation returns (Heaney 1994).
public struct MineralizedBone: Sendable {
  @usableFromInline let osteoidTime, primaryContent, maxContent, secondaryRate: Double
  @usableFromInline let inverseActivationTime, refillPeriod, inverseRefillPeriod: Double

  public init(_ p: ParameterTable) {
    osteoidTime = p["mineral.osteoidTime"]
    primaryContent = p["mineral.primaryContent"]
    maxContent = p["mineral.maxContent"]
    secondaryRate = p["mineral.secondaryRate"]
    inverseActivationTime = 1 / p["remodeling.activationTime"]
    refillPeriod = p["remodeling.refillPeriod"]
    inverseRefillPeriod = 1 / refillPeriod
  }

  /// Steady pools (RS, V_o, V_m, M) at turnover `tau` [1/day] (B9).
  @inlinable @inline(__always)
  public func steadyState<L: Lane>(turnover tau: L) -> (space: L, osteoid: L, matrix: L, mineral: L) {
    let space = tau * refillPeriod
    let osteoid = tau * osteoidTime
    let matrix = 1 - space - osteoid
    let mineral = (primaryContent * tau + secondaryRate * maxContent * matrix) / (secondaryRate + tau / matrix)
    return (space, osteoid, matrix, mineral)
  }

  /// Cavity closure O [1/day] for remodeling space `space` and formation capacity Φ (B3).
  @inlinable @inline(__always)
  public func closure<L: Lane>(space: L, capacity: L) -> L { capacity * space * inverseRefillPeriod }

  /// Production and loss of (A, RS, V_o, V_m, M) for activation drive `drive`, resorption
  /// `r`, closure `o`, formation `f` [1/day] and mineralization multiplier `k` (B1–B8), with
  /// `inverseMatrix` = 1/V_m (B8's one division, which the caller shares with others).
  @inlinable @inline(__always)
  public func rates<L: Lane>(
    drive: L, osteoid: L, matrix: L, inverseMatrix: L, resorption r: L, closure o: L, formation f: L,
    mineralization k: L
  ) -> (activation: (L, L), space: (L, L), osteoid: (L, L), matrix: (L, L), mineral: (L, L)) {
    let maturing = osteoid * (1 / osteoidTime)
    let ks = secondaryRate * k
    return (
      (drive * inverseActivationTime, L(broadcast: inverseActivationTime)),
      (r - o, L(broadcast: 0)),
      (f, L(broadcast: 1 / osteoidTime)),
      (maturing - r, L(broadcast: 0)),
      (primaryContent * maturing + ks * maxContent * matrix, ks + r * inverseMatrix)
    )
  }
}
