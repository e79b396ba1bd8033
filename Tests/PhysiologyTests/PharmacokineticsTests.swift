import BoneSim
import BoneSimPhysiology
import Foundation
import Testing

/// Each PK layer against its closed form and the label figures (docs/REFERENCES.md, derivations).
@Suite("Pharmacokinetics: closed forms and label figures")
struct PharmacokineticsTests {
  let p = IntegratedModel.parameterTable

  @Test("patches add C_50·(dose/50)^n_pk: 50 µg/day → 41 pg/mL (Estraderm 41.1 ± 13.5), 14 µg/day → 2–6 (ULTRA 3.7)")
  func patch() throws {
    let off = try typical(yearsSinceFMP: 5, days: 30).run(outputDays: [30])
    for (dose, published, tolerance) in [(50.0, 41.1, 13.5), (14.0, 3.7, 2.3), (25.0, 11.4, 8)] {
      let on = try typical(yearsSinceFMP: 5, days: 30) { d, r in if d >= 0 { r[In.patch] = dose } }.run(outputDays: [30])
      let added = on[30]![Out.estradiol] - off[30]![Out.estradiol]
      let closedForm = p["estradiol.patchExposure"] * pow(dose / 50, p["estradiol.patchExponent"])
      #expect(abs(added - closedForm) < 1e-9 * closedForm, "dose \(dose)")
      #expect(abs(added - published) < tolerance, "dose \(dose): \(added) pg/mL")
    }
  }

  @Test("testosterone cypionate: single-dose decay at k_a, weekly accumulation 1/(1 − e^(−7k_a)), mean level 0.699·D/7/CL")
  func testosterone() throws {
    let ka = p["testosterone.depotRelease"], cl = p["testosterone.clearance"], f = p["testosterone.esterFraction"]
    let days = Array(0...420)
    let single = try typical(yearsSinceFMP: 5, days: 60) { d, r in if d == 0 { r[In.testosteroneCypionate] = 20 } }.run(outputDays: days.filter { $0 <= 60 })
    let endogenous = p["testosterone.endogenous"]
    // The dose enters as a 1-day input: A(t) = f·D/k_a·(1 − e^(−k_a))·e^(−k_a (t − 1)) for t ≥ 1.
    for t in [1, 5, 20, 60] {
      let depot = f * 20 / ka * (1 - exp(-ka)) * exp(-ka * Double(t - 1))
      let expected = endogenous + 1e5 * ka * depot / cl
      #expect(abs(single[t]![Out.testosterone] - expected) / expected < 1e-9, "day \(t)")
    }
    let weekly = try typical(yearsSinceFMP: 5, days: 420) { d, r in if d >= 0 && d % 7 == 0 { r[In.testosteroneCypionate] = 20 } }.run(outputDays: days)
    let firstTrough = weekly[7]![Out.testosterone] - endogenous
    let steadyTrough = weekly[420]![Out.testosterone] - endogenous
    #expect(abs(steadyTrough / firstTrough - 1 / (1 - exp(-7 * ka))) < 1e-6)
    let mean = (413..<420).map { weekly[$0]![Out.testosterone] - endogenous }.reduce(0, +) / 7
    let expectedMean = 1e5 * f * 20 / 7 / cl
    #expect(abs(mean - expectedMean) / expectedMean < 0.01, "mean \(mean) vs \(expectedMean)")
  }

  @Test("anastrozole 1 mg/day reaches ≥ 90 % of steady state by day 7; Css ≈ 1/(k·V) ≈ 30 ng/mL")
  func anastrozole() throws {
    let run = try typical(yearsSinceFMP: 10, days: 60) { d, r in if d >= 0 { r[In.anastrozole] = 1 } }.run(outputDays: [7, 60])
    let k = p["anastrozole.elimination"], v = p["anastrozole.volume"]
    let css = 1000 / (k * v)
    #expect(abs(run[60]![Out.anastrozole] - css) / css < 1e-6)
    #expect(run[7]![Out.anastrozole] / css > 0.9)
    #expect(abs(css - 30) < 2)
  }

  @Test("oral progesterone gives its daily exposure with no carry-over")
  func progesterone() throws {
    // 30 y past the FMP endogenous progesterone is constant (ovarian activity ~e^-60).
    let run = try typical(yearsSinceFMP: 30, days: 3, runIn: 0) { d, r in if d == 1 { r[In.progesterone] = 200 } }.run(outputDays: [0, 1, 2])
    #expect(abs(run[1]![Out.progesterone] - run[0]![Out.progesterone] - 200 * p["progesterone.exposurePerMg"]) < 1e-12)
    #expect(run[2]![Out.progesterone] == run[0]![Out.progesterone])
  }
}

@Suite("Estradiol gel and nutrition modifiers")
struct GelAndNutritionTests {
  let p = IntegratedModel.parameterTable

  @Test("a gel acts as a patch delivering 1000·F·dose µg/day (1.5 mg/day; Oestrogel 1.5 mg: 68 ± 27 incl. baseline)")
  func gel() throws {
    let off = try typical(yearsSinceFMP: 8, days: 10).run(outputDays: [10])
    let on = try typical(yearsSinceFMP: 8, days: 10) { d, r in if d >= 0 { r[In.gel] = 1.5 } }.run(outputDays: [10])
    let added = on[10]![Out.estradiol] - off[10]![Out.estradiol]
    let delivered = 1000 * p["estradiol.gelBioavailability"] * 1.5
    let expected = p["estradiol.patchExposure"] * pow(delivered / 50, p["estradiol.patchExponent"])
    #expect(abs(added - expected) < 1e-9 * expected)
    #expect(abs(on[10]![Out.estradiol] - 68.1) < 27.4)
  }

  @Test("adequate intake is neutral; low calcium and vitamin D lose bone, more the lower they are")
  func nutrition() throws {
    let adequate = try typical(yearsSinceFMP: -20, days: 730, runIn: 0).run(outputDays: [730])[730]![Out.bmdPctLS]
    #expect(abs(adequate) < 1e-6)
    var previous = adequate
    for calcium in [700.0, 400, 100] {
      let run = try typical(yearsSinceFMP: -20, days: 730, runIn: 0) { d, r in
        if d >= 0 { r[In.calcium] = calcium; r[In.vitaminD] = calcium / 2 }
      }.run(outputDays: [730])
      #expect(run[730]![Out.bmdPctLS] < previous, "calcium \(calcium)")
      previous = run[730]![Out.bmdPctLS]
    }
  }
}
