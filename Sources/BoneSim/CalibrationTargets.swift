import BoneSimPhysiology

/// One row of science/CALIBRATION.md: what is measured, the published value and the band
/// the model must land in.
public struct CalibrationTarget: Sendable {
  public let id: String
  public let measure: String
  public let published: String
  /// Acceptance band (inclusive).
  public let band: ClosedRange<Double>
  public let source: String
}

/// A calibration row with its simulated value.
public struct CalibrationResult: Sendable {
  public let target: CalibrationTarget
  public let simulated: Double
  public var pass: Bool { target.band.contains(simulated) }
}

/// The calibration rows of CALIBRATION.md computed on a typical patient (no variability),
/// with trial designs mirroring the standard scenarios: a quick look (`bonesim calibrate`,
/// `calibrate.py --typical`) for exploring parameters. The acceptance test is trial-level:
/// `bonesim validate` runs the standard scenarios' cohorts (`make test` runs it --strict);
/// a typical patient and a cohort mean differ (the model is nonlinear and cohorts vary).
public struct Calibration: Sendable {
  public let model: IntegratedModel

  public init(model: IntegratedModel) { self.model = model }

  typealias In = IntegratedModel.In
  static let year = 365.25
  /// Output columns (IntegratedModelInterface.outputs order).
  enum Out {
    static let bmdPctLS = 2, bmdPctFN = 3, ctx = 6, p1np = 7, estradiol = 14, testosterone = 15
  }

  // MARK: Regimens (the standard scenarios' designs)

  /// Transdermal estradiol 50 µg/day + oral micronized progesterone 200 mg on days 1–12 of
  /// each 28-day cycle, on trial days in `days`.
  static func hrt(_ day: Int, _ row: inout [Double], days: Range<Int> = 0..<Int.max, patch: Double = 50) {
    guard days.contains(day) else { return }
    row[In.patch] = patch
    if day % 28 < 12 { row[In.progesterone] = 200 }
  }

  /// Testosterone cypionate `mg` SC every 7 days from day 0.
  static func testosterone(_ day: Int, _ row: inout [Double], mg: Double = 15) {
    if day >= 0 && day % 7 == 0 { row[In.testosteroneCypionate] = mg }
  }

  /// A trial of a typical woman `yearsSinceFMP` years from her FMP at day 0, with natural
  /// history from FMP − 5 y (premenopausal steady state) unless `runIn` says otherwise.
  func trial(
    yearsSinceFMP t0: Double, days: Int, runIn: Int? = nil,
    arm: @escaping @Sendable (Int, inout [Double]) -> Void
  ) -> TypicalPatientTrial {
    let history = runIn ?? max(0, Int(((t0 + 5) * Self.year).rounded()))
    return TypicalPatientTrial(model: model, runInDays: history, days: days) { day, row in
      row[In.yearsSinceFMP] = t0 + Double(day) / Self.year
      arm(day, &row)
    }
  }

  // MARK: Rows

  public func results() throws -> [CalibrationResult] {
    var out: [CalibrationResult] = []
    func add(_ id: String, _ measure: String, _ published: String, _ band: ClosedRange<Double>, _ source: String, _ value: Double) {
      out.append(CalibrationResult(target: CalibrationTarget(id: id, measure: measure, published: published, band: band, source: source), simulated: value))
    }

    // C1–C3: natural menopause, FMP − 5 y → FMP + 5 y.
    let y = { (t: Double) in Int((t * Self.year).rounded()) }
    let natural = try trial(yearsSinceFMP: -5, days: y(10), runIn: 0) { _, _ in }.run(outputDays: [y(4), y(7), y(10)])
    let lsTotal = natural[y(10)]![Out.bmdPctLS], fnTotal = natural[y(10)]![Out.bmdPctFN]
    add("C1", "LS % change FMP-5 -> FMP+5", "-10.6", -12.7 ... -8.5, "Greendale 2012", lsTotal)
    add("C2", "FN % change FMP-5 -> FMP+5", "-9.1", -10.9 ... -7.3, "Greendale 2012", fnTotal)
    let share = { (c: Int) in 100 * (natural[y(7)]![c] - natural[y(4)]![c]) / natural[y(10)]![c] }
    add("C3 LS", "share of LS loss in FMP-1..FMP+2 (%)", "70", 55 ... 85, "Greendale 2012", share(Out.bmdPctLS))
    add("C3 FN", "share of FN loss in FMP-1..FMP+2 (%)", "64", 49 ... 79, "Greendale 2012", share(Out.bmdPctFN))

    // C4–C7, C15: hrt_only, 2.5 y past FMP, 2 y.
    let days = [14, 365, 700, 701, 702, 703, 704, 705, 706, 730]
    let control = try trial(yearsSinceFMP: 2.5, days: 730) { _, _ in }.run(outputDays: days)
    let hrt = try trial(yearsSinceFMP: 2.5, days: 730) { d, r in Self.hrt(d, &r) }.run(outputDays: days)
    let hrtT = try trial(yearsSinceFMP: 2.5, days: 730) { d, r in Self.hrt(d, &r); Self.testosterone(d, &r) }.run(outputDays: days)
    add("C4", "LS hrt vs control at 2 y (pp)", "+6.76 (5.83, 7.89)", 5.83 ... 7.89, "Wells 2002",
        hrt[730]![Out.bmdPctLS] - control[730]![Out.bmdPctLS])
    add("C5", "E2 added by 50 ug/day patch (pg/mL)", "41 +- 13.5", 28 ... 60, "Scott 1991",
        hrt[365]![Out.estradiol] - control[365]![Out.estradiol])
    add("C6", "CTX % change at 12 months (hrt)", "-67 / -60", -75 ... -40, "Evio 2004", hrt[365]![Out.ctx])
    add("C6b", "P1NP % change at 12 months (hrt)", "-42", -55 ... -25, "CLINICAL.md addendum", hrt[365]![Out.p1np])
    add("C7", "LS hrt_testosterone - hrt at 2 y (pp)", ">= 0, < 3", 0 ... 3, "Davis 1995; Elraiyah 2014",
        hrtT[730]![Out.bmdPctLS] - hrt[730]![Out.bmdPctLS])
    let weekT = (700...706).map { hrtT[$0]![Out.testosterone] - hrt[$0]![Out.testosterone] }.reduce(0, +) / 7
    add("C15", "T added per 10 mg/week TC (ng/dL)", "70-200", 50 ... 250, "CLINICAL.md A1", weekT * 10 / 15)

    // C8–C10 and the ordering: exercise_only, LIFTMOR-like women 65 y (≈ 14 y past FMP).
    let exDays = [243, 365]
    func exercise(_ column: Int?, _ sessions: Double) throws -> [Int: [Double]] {
      try trial(yearsSinceFMP: 14, days: 365) { d, r in if let column, d >= 0 { r[column] = sessions } }.run(outputDays: exDays)
    }
    let exControl = try exercise(nil, 0), high = try exercise(In.high, 2)
    let moderate = try exercise(In.moderate, 3), low = try exercise(In.low, 3)
    add("C8", "LS high-intensity 2/wk vs control at 8 months (pp)", "+4.1 (3.0, 5.2)", 3.0 ... 5.2, "LIFTMOR, Watson 2018",
        high[243]![Out.bmdPctLS] - exControl[243]![Out.bmdPctLS])
    let c9 = moderate[365]![Out.bmdPctFN] - exControl[365]![Out.bmdPctFN]
    add("C9", "FN moderate resistance 3/wk vs control at 12 months (pp)", "+1.03 (0.24, 1.82)", 0.24 ... 1.82, "Howe 2011", c9)
    add("C10 LS", "LS low-impact vs control at 12 months (pp)", "0 .. C9 arm", 0 ... max(0, moderate[365]![Out.bmdPctLS] - exControl[365]![Out.bmdPctLS]),
        "Kemmler 2020", low[365]![Out.bmdPctLS] - exControl[365]![Out.bmdPctLS])
    add("C10 FN", "FN low-impact vs control at 12 months (pp)", "0 .. C9 value", 0 ... max(0, c9), "Shojaa 2020",
        low[365]![Out.bmdPctFN] - exControl[365]![Out.bmdPctFN])

    // Synergy (combined, 2.5 y past FMP): exercise gain with estrogen > without.
    let ex = try trial(yearsSinceFMP: 2.5, days: 730) { d, r in if d >= 0 { r[In.high] = 2 } }.run(outputDays: [730])
    let hrtEx = try trial(yearsSinceFMP: 2.5, days: 730) { d, r in Self.hrt(d, &r); if d >= 0 { r[In.high] = 2 } }.run(outputDays: [730])
    add("synergy", "LS exercise gain with HRT minus without, 2 y (pp)", "> 0", 0 ... 100, "Kohrt 1995; Going 2003",
        (hrtEx[730]![Out.bmdPctLS] - hrt[730]![Out.bmdPctLS]) - (ex[730]![Out.bmdPctLS] - control[730]![Out.bmdPctLS]))

    // C11–C12: FHA, women ~25 y before FMP, 1 y of deficit (EA 20) before day 0.
    func fha(restored: Bool, hrt useHRT: Bool) throws -> [Int: [Double]] {
      try trial(yearsSinceFMP: -25, days: 730, runIn: 365) { d, r in
        r[In.energy] = (restored && d >= 0) ? 45 : 20
        if useHRT { Self.hrt(d, &r, patch: 100) }
      }.run(outputDays: [365, 730])
    }
    let deficit = try fha(restored: false, hrt: false), fhaHRT = try fha(restored: false, hrt: true)
    let restored = try fha(restored: true, hrt: false)
    add("C11 E2", "E2 with the deficit continuing (pg/mL)", "< 30", 0 ... 30, "Loucks & Thuma 2003", deficit[365]![Out.estradiol])
    add("C11 LS", "LS % change over 2 y, deficit continues", "< 0", -100 ... 0, "Grinspoon 2000", deficit[730]![Out.bmdPctLS])
    add("C12 LS", "LS energy_restored - hrt at 2 y (pp)", "> 0", 0 ... 100, "Vescovi 2008",
        restored[730]![Out.bmdPctLS] - fhaHRT[730]![Out.bmdPctLS])
    add("C12 FN", "FN energy_restored - hrt at 2 y (pp)", "> 0", 0 ... 100, "Vescovi 2008",
        restored[730]![Out.bmdPctFN] - fhaHRT[730]![Out.bmdPctFN])

    // C13: eumenorrheic women switched from EA 45 to 20 at day 0.
    let switched = try trial(yearsSinceFMP: -25, days: 14, runIn: 0) { d, r in r[In.energy] = d >= 0 ? 20 : 45 }.run(outputDays: [14])
    add("C13", "P1NP % change 14 days after EA 45 -> 20", "< 0", -100 ... 0, "Ihle & Loucks 2004", switched[14]![Out.p1np])

    // C14: anastrozole 1 mg/day alone, 10 y past FMP.
    let ai = try trial(yearsSinceFMP: 10, days: 14) { d, r in if d >= 0 { r[In.anastrozole] = 1 } }.run(outputDays: [0, 14])
    add("C14", "E2 % change after 14 days of anastrozole", "-80", -90 ... -70, "Arimidex label; Geisler 1996",
        100 * (ai[14]![Out.estradiol] / ai[0]![Out.estradiol] - 1))

    // C16: HRT stopped after 3 y (hrt_discontinuation, 2.5 y past FMP).
    let stopped = try trial(yearsSinceFMP: 2.5, days: 1826) { d, r in Self.hrt(d, &r, days: 0..<1095) }.run(outputDays: [1461, 1826])
    add("C16", "LS % change in 2nd year off HRT (days 1461-1826)", "-0.8 .. -1.1 %/y", -1.6 ... -0.4, "Greendale 2002",
        stopped[1826]![Out.bmdPctLS] - stopped[1461]![Out.bmdPctLS])
    return out
  }
}
