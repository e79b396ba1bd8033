import BoneSimCore

/// Protein, calcium, vitamin D3, vitamin K2 and magnesium as bounded modifiers, neutral at
/// adequate intake. Evidence for each is weak (docs/MODEL.md §2.6), so each gain is small,
/// stated as an assumption, and acts through one named pathway:
/// ```
/// deficit(x, x_adequate) = clip(1 − x/x_adequate, 0, 1)
/// PTH production ×(1 + g_Ca·deficit(Ca) + g_D·deficit(D3))    secondary hyperparathyroidism  (N1)
/// formation      ×(1 − g_prot·deficit(protein))·(1 − g_Mg·deficit(Mg))                       (N2)
/// secondary mineralization rate ×(1 − g_K·deficit(K2))                                       (N3)
/// ```
public struct NutritionModifiers: Sendable {
  @usableFromInline let calcium, calciumGain, vitaminD, vitaminDGain, protein, proteinGain: Double
  @usableFromInline let vitaminK2, vitaminK2Gain, magnesium, magnesiumGain: Double

  public init(_ p: ParameterTable) {
    calcium = p["nutrition.calciumAdequate"]
    calciumGain = p["nutrition.calciumPTHGain"]
    vitaminD = p["nutrition.vitaminDAdequate"]
    vitaminDGain = p["nutrition.vitaminDPTHGain"]
    protein = p["nutrition.proteinAdequate"]
    proteinGain = p["nutrition.proteinFormationGain"]
    vitaminK2 = p["nutrition.vitaminK2Adequate"]
    vitaminK2Gain = p["nutrition.vitaminK2MineralizationGain"]
    magnesium = p["nutrition.magnesiumAdequate"]
    magnesiumGain = p["nutrition.magnesiumFormationGain"]
  }

  @inlinable @inline(__always)
  func deficit<L: Lane>(_ intake: L, _ adequate: Double) -> L {
    clamp(1 - intake * (1 / adequate), 0, 1)
  }

  /// PTH production multiplier (N1).
  @inlinable @inline(__always)
  public func pthFactor<L: Lane>(calcium c: L, vitaminD d: L) -> L {
    1 + calciumGain * deficit(c, calcium) + vitaminDGain * deficit(d, vitaminD)
  }

  /// Formation multiplier (N2).
  @inlinable @inline(__always)
  public func formationFactor<L: Lane>(protein p: L, magnesium m: L) -> L {
    (1 - proteinGain * deficit(p, protein)) * (1 - magnesiumGain * deficit(m, magnesium))
  }

  /// Secondary mineralization multiplier (N3).
  @inlinable @inline(__always)
  public func mineralizationFactor<L: Lane>(vitaminK2 k: L) -> L {
    1 - vitaminK2Gain * deficit(k, vitaminK2)
  }
}
