import BoneSimCore

/// The integrated model's input-only quantities (`CohortModel.prepare`): a patch's exposure
/// power law, PTH and its Hill factors, nutrition, energy-availability and exercise terms.
/// They change only when a dose, the diet, energy availability or sessions change, so the
/// solver computes them then instead of at every rate evaluation; rates read them from the
/// prepared columns, or compute them with the same expressions when a block is not prepared.
extension IntegratedModel {
  /// Input-only quantities for the lanes at one row.
  public struct Prepared<L: Lane> {
    /// Serum estradiol from patch and gel after clearance [pg/mL] (H4).
    public var exogenousEstradiol: L
    /// 1/(E_pre·η_E) [mL/pg] (H8).
    public var inverseReference: L
    /// PTH with the nutrition term (N1) and its Hill factors, core Eqs. (2), (3), (5).
    public var pth: BoneCellCore.PTHSignal<L>
    /// Formation multiplier f_nut (N2) and secondary mineralization multiplier (N3) [1].
    public var formation, mineralization: L
    /// Energy availability: HPG target (E2), formation-capacity target (E4) [1] and extra
    /// RANKL production (E5) [pM/day].
    public var hpgTarget, capacityTarget, extraRANKL: L
    /// Exercise stimulus x [1] (M2).
    public var exercise: L

    /// Number of prepared columns (`store` writes columns 0 ..< count).
    static var count: Int { 11 }

    @inlinable
    init(
      exogenousEstradiol: L, inverseReference: L, pth: BoneCellCore.PTHSignal<L>, formation: L,
      mineralization: L, hpgTarget: L, capacityTarget: L, extraRANKL: L, exercise: L
    ) {
      self.exogenousEstradiol = exogenousEstradiol
      self.inverseReference = inverseReference
      self.pth = pth
      self.formation = formation
      self.mineralization = mineralization
      self.hpgTarget = hpgTarget
      self.capacityTarget = capacityTarget
      self.extraRANKL = extraRANKL
      self.exercise = exercise
    }

    /// Reads the values from prepared columns (`column(k)` reads prepared column k).
    @inlinable @inline(__always)
    init(column: (Int) -> L) {
      self.init(
        exogenousEstradiol: column(0), inverseReference: column(1),
        pth: BoneCellCore.PTHSignal(level: column(2), repression: column(3), activation: column(4)),
        formation: column(5), mineralization: column(6), hpgTarget: column(7), capacityTarget: column(8),
        extraRANKL: column(9), exercise: column(10))
    }

    /// Writes the values to prepared columns (`set(k, value)` writes prepared column k).
    @inlinable @inline(__always)
    func store(_ set: (Int, L) -> Void) {
      set(0, exogenousEstradiol)
      set(1, inverseReference)
      set(2, pth.level)
      set(3, pth.repression)
      set(4, pth.activation)
      set(5, formation)
      set(6, mineralization)
      set(7, hpgTarget)
      set(8, capacityTarget)
      set(9, extraRANKL)
      set(10, exercise)
    }
  }

  /// The input-only quantities computed from the inputs (`input(c)` reads input column c).
  @inlinable @inline(__always)
  func prepared<L: Lane>(input: (Int) -> L) -> Prepared<L> {
    let extraPTH = pthProduction * (nutrition.pthFactor(calcium: input(In.calcium), vitaminD: input(In.vitaminD)) - 1)
    let ea = input(In.energy)
    return Prepared(
      exogenousEstradiol: hormones.exogenousEstradiol(
        patch: input(In.patch), gel: input(In.gel), clearanceScale: input(In.estradiolClearance)),
      inverseReference: hormones.inverseReference(endogenousScale: input(In.endogenousEstradiol)),
      pth: core.pthSignal(injectionPTH: extraPTH),
      formation: nutrition.formationFactor(protein: input(In.protein), magnesium: input(In.magnesium)),
      mineralization: nutrition.mineralizationFactor(vitaminK2: input(In.vitaminK2)),
      hpgTarget: energy.hpgTarget(ea), capacityTarget: energy.formationTarget(ea), extraRANKL: energy.extraRANKL(ea),
      exercise: mechanostat.exerciseStimulus(high: input(In.high), moderate: input(In.moderate), low: input(In.low)))
  }

  /// The input-only quantities of a rate block: read when prepared, computed otherwise.
  @inlinable @inline(__always)
  func prepared<L: Lane>(_ block: RateBlock, row i: Int, input: (Int) -> L) -> Prepared<L> {
    if block.prepared {
      let first = In.count
      return Prepared(column: { block.input(first + $0, i) })
    }
    return prepared(input: input)
  }

  public var preparedCount: Int { Prepared<Double>.count }

  public var preparedSources: [Int] { Self.preparedSourceList }

  /// The inputs `prepared(input:)` reads (a stored list: the solver asks for it per block).
  static let preparedSourceList = [
    In.patch, In.gel, In.estradiolClearance, In.endogenousEstradiol, In.calcium, In.vitaminD, In.protein,
    In.magnesium, In.vitaminK2, In.energy, In.high, In.moderate, In.low,
  ]

  @inlinable
  public func prepare<L: Lane>(_ inputs: UnsafeMutablePointer<Double>, blockSize: Int, row: Int, as lane: L.Type) {
    let values: Prepared<L> = prepared(input: { L(loading: inputs + $0 * blockSize + row) })
    let first = In.count
    values.store { k, v in v.store(to: inputs + (first + k) * blockSize + row) }
  }
}
